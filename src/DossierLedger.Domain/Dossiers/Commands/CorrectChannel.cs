using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>The dossier came in through another channel than recorded.</summary>
public sealed record CorrectChannel(SupersededEvent Superseded, Channel Channel, string Reason)
    : DossierCorrection(Superseded, Reason), IDecides<ChannelCorrected>
{
    /// <summary>The receipt, or an earlier channel correction.</summary>
    internal override IReadOnlyList<Type> Corrects => [typeof(DossierReceived), typeof(ChannelCorrected)];

    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        Decision.Accept(new ChannelCorrected(dossier.Id, now, Superseded.Id, Channel, Reason));
}
