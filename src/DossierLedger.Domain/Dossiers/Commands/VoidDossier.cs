using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>The dossier should never have been recorded (entered twice, say): it leaves every view and figure.</summary>
public sealed record VoidDossier(SupersededEvent Superseded, string Reason) : DossierCorrection(Superseded, Reason), IDecides<DossierVoided>
{
    /// <summary>Its receipt.</summary>
    internal override IReadOnlyList<Type> Corrects => [typeof(DossierReceived)];

    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        Decision.Accept(new DossierVoided(dossier.Id, now, Superseded.Id, Reason));
}
