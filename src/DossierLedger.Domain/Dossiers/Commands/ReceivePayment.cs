using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>The fee was paid (online through a portal or gateway, or in cash).</summary>
public sealed record ReceivePayment(Instant At, decimal Amount, PaymentMethod Method) : DossierChange(At), IDecides<PaymentReceived>, IFromHistoryRow
{
    /// <summary>Where the request paused the clock, it resumes.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckOpen(dossier)
        ?? (dossier.Status != DossierStatus.AwaitingPayment
            ? Decision.Reject(DossierRules.NotAwaitingPayment, $"Dossier {dossier.ReceiptNo} has no fee waiting to be paid.")
            : Decision.Accept(new PaymentReceived(
                dossier.Id, At, Amount, Method, dossier.IsPaused ? decider.ResumedDue(dossier, At) : null,
                dossier.IsPaused ? decider.ResumedStepDue(dossier, At) : null)));

    /// <summary>Without an amount, the fee requested was paid.</summary>
    public static DossierCommand FromRow(HistoryRow row) =>
        new ReceivePayment(row.At, row.Values.Amount ?? row.State.FeeRequested ?? 0, row.Required(ImportColumns.PaymentMethod, row.Values.PaymentMethod));
}
