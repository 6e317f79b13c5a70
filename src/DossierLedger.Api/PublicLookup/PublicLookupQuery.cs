using System.Text;
using System.Text.Json;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using Marten;
using NodaTime;

namespace DossierLedger.Api.PublicLookup;

/// <summary>The applicant's next step as the lookup shows it: what to do, with what it needs.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Text">The same, in a sentence of Vietnamese.</param>
/// <param name="SupplementItems">What to bring, while a supplement is awaited.</param>
/// <param name="Fee">How much to pay, while a fee is awaited.</param>
/// <param name="UnitName">Where to collect the result (or bring a supplement, or pay): the unit that received the dossier.</param>
/// <param name="BringBy">The supplement's deadline, when the request set one.</param>
public sealed record PublicLookupNextStep(
    ApplicantAction Action, string Text, string? SupplementItems, decimal? Fee, string? UnitName, NodaTime.OffsetDateTime? BringBy);

/// <summary>
/// What the public lookup tells anyone holding a receipt slip: where the dossier stands and what they must do. Nothing
/// personal: no applicant, no clerk, no assignee, no reasons written by staff.
/// </summary>
/// <param name="DueAt">Ngày hẹn trả; null while the clock is paused before it (it moves when the clock resumes).</param>
/// <param name="ApologyAppointmentAt">The new appointment an apology gave, if one did.</param>
public sealed record PublicLookupAnswer(
    string ReceiptNo,
    string ProcedureCode,
    string ProcedureName,
    int StatusCode,
    string Status,
    string StatusName,
    OffsetDateTime ReceivedAt,
    OffsetDateTime? DueAt,
    OffsetDateTime? ApologyAppointmentAt,
    bool Resolved,
    OffsetDateTime? ResolvedAt,
    bool ResultReturned,
    OffsetDateTime? ResultReturnedAt,
    ResultReturnMethod? ResultReturnMethod,
    PublicLookupNextStep NextStep);

/// <summary>
/// Finds a dossier by its receipt number and slip secret, giving away nothing when either is wrong: every lookup is one
/// read of the receipt-number index (migration 0013), and the typed secret is compared in constant time with the secret
/// of every dossier of that number (receipt numbers are unique per unit only), or with a stand-in when there is none, so
/// a wrong number and a wrong secret answer the same, in the same time but for the transfer of the number's document
/// (the benchmark's medians at the 1M ledger differ by 0.07 to 0.15 ms, within its run-to-run noise). Reading the secrets
/// first and the opened document after had no such part, but a round trip more for every answer found: p95 9 to 13 ms,
/// against 6.5 to 9.3 ms this way. Voided dossiers, refusals at intake and
/// dossiers without a secret (received before slips had one, or imported) are not found. Reads only.
/// </summary>
public sealed class PublicLookupQuery(IDocumentStore store, ProcedureCatalogue catalogue, UnitDirectory units)
{
    /// <summary>Longer than any receipt number of any format; more is not one.</summary>
    public const int MaxReceiptNoLength = 64;

    /// <summary>Room for a secret typed with spaces or dashes between its characters; more is not one.</summary>
    public const int MaxSecretLength = 40;

    /// <summary>Checks the query: both present and of a sensible length. The errors name the fields; null when it is fine.</summary>
    public static IDictionary<string, string[]>? Check(string? receiptNo, string? secret)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(receiptNo) || receiptNo.Length > MaxReceiptNoLength)
        {
            errors["receiptNo"] = [$"is required: the receipt number on the slip (at most {MaxReceiptNoLength} characters)."];
        }

        if (string.IsNullOrWhiteSpace(secret) || secret.Length > MaxSecretLength)
        {
            errors["secret"] = [$"is required: the {LookupSecret.Length}-character lookup code on the slip."];
        }

        return errors.Count == 0 ? null : errors;
    }

    /// <summary>The answer for a checked query (<see cref="Check"/>), or null when no dossier opens to it.</summary>
    public async Task<PublicLookupAnswer?> FindAsync(string receiptNo, string secret, CancellationToken cancellation)
    {
        var dossier = await FindDossierAsync(receiptNo, secret, cancellation);
        return dossier is null ? null : await AnswerAsync(dossier, cancellation);
    }

    private async Task<Dossier?> FindDossierAsync(string receiptNo, string secret, CancellationToken cancellation)
    {
        var typed = Encoding.UTF8.GetBytes(LookupSecret.Normalize(secret));
        await using var session = store.QuerySession();
        var candidates = await session.QueryAsync<Candidate>(_candidatesSql, cancellation, receiptNo.Trim().ToUpperInvariant());
        if (candidates.Count == 0)
        {
            LookupSecret.CompareWithStandIn(typed);
            return null;
        }

        Candidate? opened = null;
        foreach (var candidate in candidates)
        {
            // Every candidate is compared, the match or not: the work depends on how many dossiers share the number only.
            if (LookupSecret.Matches(candidate.LookupSecret, typed))
            {
                opened = candidate;
            }
        }

        // Only the opened one is read into a dossier: a wrong secret costs what an unknown number does.
        var dossier = opened is null ? null : _serializer.FromJson<Dossier>(new MemoryStream(Encoding.UTF8.GetBytes(opened.Dossier.GetRawText())));
        return dossier is { Voided: false } && dossier.Status != DossierStatus.Refused ? dossier : null;
    }

    /// <summary>A dossier of the receipt number looked up: its secret, and its document as stored.</summary>
    private sealed record Candidate(string? LookupSecret, JsonElement Dossier);

    private readonly ISerializer _serializer = store.Options.Serializer();

    /// <summary>The dossiers of a receipt number, as typed (upper-cased), through the index of migration 0013.</summary>
    private readonly string _candidatesSql = $"""
        SELECT jsonb_build_object('lookupSecret', data -> 'lookupSecret', 'dossier', data)
        FROM {store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName}
        WHERE upper(data ->> 'receiptNo') = ?
        """;

    private async Task<PublicLookupAnswer> AnswerAsync(Dossier dossier, CancellationToken cancellation)
    {
        var registry = await units.CurrentAsync(cancellation);
        var unitName = registry.Find(dossier.ReceivingUnitCode)?.Name ?? dossier.ReceivingUnitCode;
        var step = ApplicantNextStep.Of(dossier);
        return new PublicLookupAnswer(
            dossier.ReceiptNo,
            dossier.ProcedureCode,
            catalogue.Find(dossier.ProcedureCode)?.Name ?? dossier.ProcedureCode,
            (int)dossier.Status,
            dossier.Status.ToApiName(),
            dossier.Status.VietnameseName(),
            VietnamTime.Of(dossier.ReceivedAt),
            dossier.IsPausedInTime ? null : VietnamTime.Of(dossier.DueAt),
            VietnamTime.Of(dossier.ApologyAppointmentAt),
            dossier.ResolvedAt is not null,
            VietnamTime.Of(dossier.ResolvedAt),
            dossier.ResultReturnedAt is not null,
            VietnamTime.Of(dossier.ResultReturnedAt),
            dossier.ResultReturnMethod,
            new PublicLookupNextStep(step.Action, TextOf(step, unitName), step.SupplementItems, step.Fee, unitName, VietnamTime.Of(step.BringBy)));
    }

    /// <summary>The next step in a sentence, for the page and for whoever reads the JSON aloud.</summary>
    private static string TextOf(ApplicantNextStep step, string unitName) => step.Action switch
    {
        ApplicantAction.Wait => "Hồ sơ đang được giải quyết; ông/bà chưa cần làm gì thêm.",
        ApplicantAction.BringSupplement => (step.SupplementItems is { Length: > 0 } items
            ? $"Đề nghị bổ sung giấy tờ tại {unitName}: {items}."
            : $"Đề nghị bổ sung giấy tờ theo yêu cầu tại {unitName}.")
            + (step.BringBy is { } by ? $" Thời hạn bổ sung: trước {VietnamTime.Of(by):dd/MM/yyyy HH:mm}." : ""),
        ApplicantAction.PayFee => step.Fee is { } fee
            ? $"Đề nghị nộp phí, lệ phí {fee.ToString("N0", Vietnamese)} đồng."
            : "Đề nghị nộp phí, lệ phí theo thông báo.",
        ApplicantAction.CollectResult => $"Đã có kết quả; mời ông/bà nhận kết quả tại {unitName}.",
        ApplicantAction.None => "Không cần làm gì thêm.",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.Action, "Unknown applicant action."),
    };

    private static readonly System.Globalization.CultureInfo Vietnamese = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");
}
