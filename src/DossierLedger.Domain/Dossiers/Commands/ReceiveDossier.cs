using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Tiếp nhận: receive a dossier, its procedure found as it stood at <see cref="ReceivedAt"/>.</summary>
/// <param name="UnitCode">The resolving authority.</param>
/// <param name="ReceivingUnitCode">The unit receiving it for that authority; null when the authority receives it itself.</param>
/// <param name="ReceivedBy">The clerk receiving it, when known.</param>
/// <param name="Components">The documents received, when listed.</param>
/// <param name="LookupSecret">The public lookup's secret for the slip, drawn by the caller (the decider draws nothing at random).</param>
public sealed record ReceiveDossier(
    Guid DossierId,
    string ReceiptNo,
    string UnitCode,
    Procedure Procedure,
    Channel Channel,
    Instant ReceivedAt,
    string? ApplicantName,
    string? ReceivingUnitCode = null,
    string? ReceivedBy = null,
    IReadOnlyList<string>? Components = null,
    string? LookupSecret = null) : DossierStart, IDecides<DossierReceived>
{
    /// <summary>Where the dossier was received: the receiving unit, else the authority itself.</summary>
    public string ReceivedAtUnit => ReceivingUnitCode ?? UnitCode;

    /// <summary>
    /// The due instant is computed now, from the procedure's time limit for the channel (an online dossier may have a
    /// shorter one) in the calendar of the unit that received it (its office hours start the clock), and kept.
    /// </summary>
    internal override Decision Decide(Instant now, DossierDecider decider) =>
        DossierDecider.InFuture(ReceivedAt, now) ?? Decision.Accept(new DossierReceived(
            DossierId, ReceiptNo, UnitCode, Procedure.Code, Procedure.FieldCode, Channel, ReceivedAt,
            decider.CalendarOf(ReceivedAtUnit).DueAt(ReceivedAt, Procedure.TimeLimitFor(Channel)), ApplicantName,
            ReceivingUnitCode == UnitCode ? null : ReceivingUnitCode, ReceivedBy, Procedure.Competence, ProcedureTraits.Of(Procedure),
            Components, LookupSecret, Procedure.Deadlines));
}
