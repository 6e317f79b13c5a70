using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Từ chối tiếp nhận: the dossier as it was presented, and why it was refused.</summary>
public sealed record RefuseIntake(ReceiveDossier Dossier, string Reason) : DossierStart, IDecides<IntakeRefused>
{
    /// <summary>The refusal is recorded; the dossier is never received.</summary>
    internal override Decision Decide(Instant now, DossierDecider decider) =>
        DossierDecider.InFuture(Dossier.ReceivedAt, now) ?? Decision.Accept(new IntakeRefused(
            Dossier.DossierId, Dossier.ReceiptNo, Dossier.UnitCode, Dossier.Procedure.Code,
            Dossier.Procedure.FieldCode, Dossier.Channel, Dossier.ReceivedAt, Reason, Dossier.ApplicantName,
            Dossier.ReceivingUnitCode == Dossier.UnitCode ? null : Dossier.ReceivingUnitCode, Dossier.ReceivedBy));
}
