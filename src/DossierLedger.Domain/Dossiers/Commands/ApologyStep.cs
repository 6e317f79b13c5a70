using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// A step of an apology (drafted, approved, sent): each must meet what the sent apology must, first of all a dossier in
/// process and not paused (the due it is measured against moves when the clock resumes).
/// </summary>
public abstract record ApologyStep(Instant At) : DossierChange(At)
{
    internal sealed override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckProcessing(dossier) ?? DecideStep(dossier);

    /// <summary>The step's own decision, on a dossier in process.</summary>
    private protected abstract Decision DecideStep(Dossier dossier);

    /// <summary>Not after one was sent, before the due instant, and with an appointment after it.</summary>
    protected Decision? CheckApology(Dossier dossier, Instant newAppointmentAt)
    {
        if (dossier.ApologyAppointmentAt is { } earlier)
        {
            return Decision.Reject(DossierRules.ApologyAlreadyIssued, $"An apology with a new appointment ({earlier}) was already issued.");
        }

        if (At >= dossier.DueAt)
        {
            return Decision.Reject(DossierRules.ApologyAfterDue, $"An apology must come before the due instant {dossier.DueAt}.");
        }

        return newAppointmentAt <= dossier.DueAt
            ? Decision.Reject(DossierRules.AppointmentNotLater, $"The new appointment must be after the due instant {dossier.DueAt}.")
            : null;
    }
}
