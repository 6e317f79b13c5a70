using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>A step of an apology (drafted, approved, sent): each must meet what the sent apology must.</summary>
public abstract record ApologyStep(Instant At) : DossierChange(At)
{
    /// <summary>
    /// Not while paused (the due it is measured against moves when the clock resumes), not after one was sent, before the
    /// due instant, and with an appointment after it.
    /// </summary>
    protected Decision? CheckApology(Dossier dossier, Instant newAppointmentAt)
    {
        if (CheckProcessing(dossier) is { } rejected)
        {
            return rejected;
        }

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
