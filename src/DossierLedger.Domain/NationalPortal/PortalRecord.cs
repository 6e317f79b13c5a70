using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.NationalPortal;

/// <summary>
/// A dossier as the national public-service portal (Cổng Dịch vụ công quốc gia) keeps it: the record the ledger
/// synchronises (<c>DongBoHoSoMC</c>), read from the dossier's state alone, so the same state always gives the same record
/// and a change the portal must hear of is a change of record.
/// </summary>
/// <param name="DossierNo">Mã hồ sơ: the number the portal knows the dossier by, its receipt number.</param>
/// <param name="AppointmentAt">Ngày hẹn trả: the due instant, or the later appointment an apology gave.</param>
/// <param name="FinishedAt">Ngày kết thúc xử lý: when it was resolved, or closed otherwise.</param>
/// <param name="ResultByPost">Hình thức: the result was sent by post.</param>
/// <param name="ComponentsDigitized">How many of <paramref name="Components"/> were digitized (the first ones, as the portal
/// is told: the ledger records the count, not which).</param>
/// <param name="PaidOnline">Được thanh toán trực tuyến: the fee was paid through the national portal or a provincial gateway.</param>
public sealed record PortalRecord(
    string DossierNo,
    string ProcedureCode,
    string FieldCode,
    string? ApplicantName,
    Instant ReceivedAt,
    Instant AppointmentAt,
    DossierStatus Status,
    Instant? ResultReturnedAt,
    bool ResultByPost,
    Instant? FinishedAt,
    Instant? RefusedAt,
    string AuthorityCode,
    Channel Channel,
    IReadOnlyList<string> Components,
    int ComponentsDigitized,
    bool ReusedData,
    decimal? Fee,
    bool PaidOnline)
{
    /// <summary>The record of <paramref name="dossier"/> as it stands.</summary>
    public static PortalRecord Of(Dossier dossier) => new(
        dossier.ReceiptNo,
        dossier.ProcedureCode,
        dossier.FieldCode,
        dossier.ApplicantName,
        dossier.ReceivedAt,
        dossier.ApologyAppointmentAt ?? dossier.DueAt,
        dossier.Status,
        dossier.ResultReturnedAt,
        dossier.ResultReturnMethod == ResultReturnMethod.Postal,
        dossier.ResolvedAt ?? dossier.ClosedAt,
        dossier.Status == DossierStatus.Refused ? dossier.ClosedAt : null,
        dossier.AuthorityCode,
        dossier.Channel,
        dossier.Components ?? [],
        dossier.ComponentsDigitized,
        dossier.ReusedData,
        dossier.FeeRequested,
        dossier.PaymentMethod is PaymentMethod.NationalPortal or PaymentMethod.ProvincialGateway);

    /// <summary>Whether the two say the same, their documents compared item by item.</summary>
    public bool SameAs(PortalRecord other) =>
        this with { Components = other.Components } == other && Components.SequenceEqual(other.Components);

    /// <summary>
    /// Whether the portal must be told of <paramref name="dossier"/>: every dossier received or refused at intake, but
    /// one voided as entered in error (it never existed as a dossier).
    /// </summary>
    public static bool MustBeSynchronised(Dossier dossier) => MustBeSynchronised(dossier.Voided);

    /// <summary>The same, from whether the dossier was voided alone (for a query that reads no more of it).</summary>
    public static bool MustBeSynchronised(bool voided) => !voided;
}
