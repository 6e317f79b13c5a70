using DossierLedger.Domain.Import;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>A fee requested; <see cref="PausesClock"/> is the rule of the procedure version the dossier was received under.</summary>
public sealed record RequestPayment(Instant At, decimal Amount, bool PausesClock) : DossierChange(At), IDecides<PaymentRequested>, IFromHistoryRow
{
    /// <summary>The request under <paramref name="procedure"/>'s terms: its fee unless an amount is given, and its pause rule.</summary>
    public static RequestPayment Under(Procedure? procedure, Instant at, decimal? amount) =>
        new(at, amount ?? procedure?.Fee ?? 0, procedure?.PaymentPausesClock ?? false);

    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckProcessing(dossier)
        ?? Decision.Accept(new PaymentRequested(dossier.Id, At, Amount, PausesClock, PausesClock ? decider.RemainingAt(dossier, At) : null));

    public static DossierCommand FromRow(HistoryRow row) => Under(row.Procedure, row.At, row.Values.Amount);
}
