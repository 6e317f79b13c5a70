using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>The dossier was resolved at another instant than recorded.</summary>
public sealed record CorrectResolution(SupersededEvent Superseded, Instant ResolvedAt, string Reason)
    : DossierCorrection(Superseded, Reason), IDecides<ResolutionCorrected>
{
    /// <summary>The resolution, or an earlier correction of it.</summary>
    internal override IReadOnlyList<Type> Corrects => [typeof(DossierResolved), typeof(ResolutionCorrected)];

    /// <summary>Timeliness is judged again against the due date.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider)
    {
        if (DossierDecider.InFuture(ResolvedAt, now) is { } future)
        {
            return future;
        }

        if (ResolvedAt < dossier.ReceivedAt)
        {
            return Decision.Reject(DossierRules.BeforeReceipt, $"{ResolvedAt} is before the dossier's receipt at {dossier.ReceivedAt}.");
        }

        return dossier.ResultReturnedAt is { } returned && ResolvedAt > returned
            ? Decision.Reject(DossierRules.ResolutionAfterResult, $"{ResolvedAt} is after the result was returned at {returned}.")
            : Decision.Accept(new ResolutionCorrected(dossier.Id, now, Superseded.Id, ResolvedAt, decider.Judge(dossier, ResolvedAt), Reason,
                decider.ProcessingTime(dossier, ResolvedAt)));
    }
}
