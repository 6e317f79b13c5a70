using System.Globalization;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Api.Procedures;

/// <summary>
/// A published procedure version as stored: one Marten document per version, id <c>{code}@{version}</c>,
/// inserted once and never updated. The shipped versions (<c>procedures.json</c>) are not stored. A version stored before
/// <see cref="PaperResult"/> was kept reads as issuing a paper result, the catalogue's default; one stored before the online
/// limit and the deadline rules were kept reads as having none.
/// </summary>
public sealed record ProcedureVersionDocument(
    string Id,
    string Code,
    int Version,
    Instant EffectiveFrom,
    string Name,
    string FieldCode,
    string FieldName,
    int TimeLimitAmount,
    TimeLimitUnit TimeLimitUnit,
    int? CutoffHour,
    OnlineLevel OnlineLevel,
    decimal Fee,
    bool Joint,
    bool PaymentPausesClock,
    Instant PublishedAt,
    string PublishedBy,
    Competence? Competence = null,
    bool PaperResult = true,
    TimeLimit? OnlineTimeLimit = null,
    ProcedureDeadlines? Deadlines = null)
{
    public static string IdOf(string code, int version) => string.Create(CultureInfo.InvariantCulture, $"{code}@{version}");

    public static ProcedureVersionDocument Of(ProcedureVersion version, Instant publishedAt, string publishedBy)
    {
        var p = version.Procedure;
        return new ProcedureVersionDocument(
            IdOf(p.Code, version.Version), p.Code, version.Version, version.EffectiveFrom,
            p.Name, p.FieldCode, p.FieldName, p.TimeLimit.Amount, p.TimeLimit.Unit, p.TimeLimit.CutoffHour,
            p.OnlineLevel, p.Fee, p.Joint, p.PaymentPausesClock, publishedAt, publishedBy, p.Competence, p.PaperResult,
            p.OnlineTimeLimit, p.Deadlines);
    }

    public ProcedureVersion ToVersion() => new(
        new Procedure(Code, Name, FieldCode, FieldName, new TimeLimit(TimeLimitAmount, TimeLimitUnit, CutoffHour), OnlineLevel, Fee, Joint, PaymentPausesClock, Competence,
            PaperResult, OnlineTimeLimit, Deadlines),
        Version,
        EffectiveFrom);
}
