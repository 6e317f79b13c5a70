using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Tiếp nhận: receive a dossier, its procedure found as it stood at <see cref="ReceivedAt"/>.</summary>
public sealed record ReceiveDossier(
    Guid DossierId,
    string ReceiptNo,
    string UnitCode,
    Procedure Procedure,
    Channel Channel,
    Instant ReceivedAt,
    string? ApplicantName) : DossierStart, IDecides<DossierReceived>
{
    /// <summary>The due instant is computed now, from the procedure's time limit in the unit's calendar, and kept.</summary>
    internal override Decision Decide(Instant now, DossierDecider decider) =>
        DossierDecider.InFuture(ReceivedAt, now) ?? Decision.Accept(new DossierReceived(
            DossierId, ReceiptNo, UnitCode, Procedure.Code, Procedure.FieldCode, Channel, ReceivedAt,
            decider.CalendarOf(UnitCode).DueAt(ReceivedAt, Procedure.TimeLimit), ApplicantName));
}
