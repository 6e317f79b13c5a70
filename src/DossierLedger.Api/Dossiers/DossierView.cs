using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Api.Dossiers;

/// <summary>The dossier as the HTTP contract shows it.</summary>
public sealed record DossierView(
    Guid Id,
    string ReceiptNo,
    string UnitCode,
    string ProcedureCode,
    string FieldCode,
    Channel Channel,
    int ChannelCode,
    int StatusCode,
    string Status,
    string? ApplicantName,
    OffsetDateTime ReceivedAt,
    OffsetDateTime DueAt,
    OffsetDateTime? ResolvedAt,
    OffsetDateTime? ClosedAt,
    Timeliness? Timeliness,
    OffsetDateTime? ResultReturnedAt,
    ResultReturnMethod? ResultReturnMethod,
    string? ClosingReason,
    OffsetDateTime OriginalDueAt,
    OffsetDateTime? PausedAt,
    int SupplementRequests,
    string? CurrentStep,
    string? Assignee,
    string? TransferredTo,
    OffsetDateTime? ApologyAppointmentAt,
    decimal? FeeRequested,
    OffsetDateTime? PaidAt,
    PaymentMethod? PaymentMethod,
    int ComponentsDigitized,
    bool ReusedData,
    bool ElectronicResult,
    FeedbackRating? Feedback,
    bool Voided,
    long Version,
    string ReceivingUnitCode,
    string? ReceivedBy,
    string AuthorityCode,
    IReadOnlyList<HandOverView> HandOvers,
    IReadOnlyList<string> Components,
    OffsetDateTime? SupplementDueAt,
    OffsetDateTime? StepDueAt,
    bool ResultAtOnce)
{
    /// <summary>Instants are shown in Vietnam time (+07:00), as the desk reads them.</summary>
    public static DossierView Of(Dossier d) => new(
        d.Id, d.ReceiptNo, d.UnitCode, d.ProcedureCode, d.FieldCode, d.Channel, (int)d.Channel,
        (int)d.Status, d.Status.ToApiName(), d.ApplicantName,
        VietnamTime.Of(d.ReceivedAt), VietnamTime.Of(d.DueAt), VietnamTime.Of(d.ResolvedAt),
        VietnamTime.Of(d.ClosedAt), d.Timeliness, VietnamTime.Of(d.ResultReturnedAt), d.ResultReturnMethod,
        d.ClosingReason, VietnamTime.Of(d.OriginalDueAt), VietnamTime.Of(d.PausedAt), d.SupplementRequests,
        d.CurrentStep, d.Assignee, d.TransferredTo, VietnamTime.Of(d.ApologyAppointmentAt), d.FeeRequested,
        VietnamTime.Of(d.PaidAt), d.PaymentMethod, d.ComponentsDigitized, d.ReusedData, d.ElectronicResult, d.Feedback,
        d.Voided, d.Version, d.ReceivingUnitCode, d.ReceivedBy, d.AuthorityCode,
        [.. d.HandOvers.Select(h => new HandOverView(VietnamTime.Of(h.At), h.FromUnitCode, h.ToUnitCode, h.Reason))],
        d.Components ?? [], VietnamTime.Of(d.SupplementDueAt), VietnamTime.Of(d.StepDueAt), d.Deadlines?.ResultAtOnce ?? false);
}

/// <summary>A hand-over from one authority to another, as the dossier view lists it.</summary>
public sealed record HandOverView(OffsetDateTime At, string FromUnitCode, string ToUnitCode, string Reason);
