using System.Text.Json;
using System.Text.Json.Serialization;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Procedures;
using NodaTime.Text;

namespace DossierLedger.Api.Procedures;

/// <summary>
/// Reads the shipped procedure catalogue (<c>procedures.json</c>, embedded in the assembly): version 1 of
/// every procedure, in force from the file's <c>effectiveFrom</c> (2000-01-01 when absent). Later versions
/// are published through the admin endpoints and kept in the database (<see cref="ProcedureCatalogueStore"/>).
/// </summary>
public static class ProcedureCatalogueFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static ProcedureCatalogue Load()
    {
        using var stream = typeof(ProcedureCatalogueFile).Assembly.GetManifestResourceStream("DossierLedger.Api.Procedures.procedures.json")
            ?? throw new InvalidOperationException("The procedure catalogue resource is missing.");
        return Read(stream);
    }

    /// <summary>
    /// Reads a catalogue file: <c>note</c>, optional <c>effectiveFrom</c>, <c>fields</c> and <c>procedures</c>. A procedure
    /// without <c>paperResult</c> issues a paper result, as commune procedures do (a certificate, an extract, a certified
    /// copy, a decision).
    /// </summary>
    public static ProcedureCatalogue Read(Stream stream)
    {
        var file = JsonSerializer.Deserialize<CatalogueFile>(stream, Json)
            ?? throw new InvalidOperationException("The procedure catalogue is empty.");
        var effectiveFrom = ProcedureCatalogue.ShippedEffectiveFrom;
        if (file.EffectiveFrom is not null)
        {
            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(file.EffectiveFrom);
            effectiveFrom = parsed.Success
                ? parsed.Value.ToInstant()
                : throw new InvalidOperationException($"The catalogue's effectiveFrom '{file.EffectiveFrom}' is not an ISO-8601 instant with an offset.");
        }

        var fields = file.Fields.ToDictionary(f => f.Code, f => f.Name, StringComparer.Ordinal);
        return new ProcedureCatalogue(file.Procedures.Select(p => new ProcedureVersion(
            new Procedure(
                p.Code,
                p.Name,
                p.Field,
                fields.TryGetValue(p.Field, out var fieldName) ? fieldName : throw new InvalidOperationException($"Procedure {p.Code} names unknown field {p.Field}."),
                new TimeLimit(p.TimeLimit.Amount, p.TimeLimit.Unit, p.TimeLimit.Unit == TimeLimitUnit.SameDay ? p.CutoffHour : null),
                p.OnlineLevel,
                p.Fee,
                p.Joint,
                p.PaymentPausesClock,
                p.Competence,
                p.PaperResult),
            1,
            effectiveFrom)));
    }

    private sealed record CatalogueFile(string Note, string? EffectiveFrom, IReadOnlyList<FieldEntry> Fields, IReadOnlyList<ProcedureEntry> Procedures);

    private sealed record FieldEntry(string Code, string Name);

    private sealed record ProcedureEntry(
        string Code, string Name, string Field, TimeLimitEntry TimeLimit, int? CutoffHour, OnlineLevel OnlineLevel, decimal Fee, bool Joint, bool PaymentPausesClock = false,
        Competence? Competence = null, bool PaperResult = true);

    private sealed record TimeLimitEntry(int Amount, TimeLimitUnit Unit);
}
