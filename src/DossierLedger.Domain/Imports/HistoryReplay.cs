using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Imports;

/// <summary>An imported dossier as the decider wrote it: its events and the state they lead to.</summary>
public sealed record ReplayedHistory(Guid DossierId, IReadOnlyList<IDossierEvent> Events, Dossier State);

/// <summary>What replaying one dossier's rows gave: its history, or the reason it is rejected, or neither (only status-1 rows).</summary>
public sealed record ReplayResult(ReplayedHistory? History, StepRejection? Rejection)
{
    public static readonly ReplayResult Nothing = new(null, null);
}

/// <summary>
/// Turns an imported dossier's rows into events by running each through the same <see cref="DossierDecider"/> the
/// HTTP endpoints use, in business-time order (rows of equal instants keep their order in the file). The history
/// therefore obeys every lifecycle rule and gets the deadlines the ledger computes; the first row that breaks a
/// rule rejects the whole dossier.
/// </summary>
public sealed class HistoryReplay(DossierDecider decider, ProcedureCatalogue catalogue)
{
    public ReplayResult Replay(Guid dossierId, string unitCode, string receiptNo, IReadOnlyList<HistoryStep> steps, Instant now)
    {
        var ordered = steps.Where(s => s.Action != StepAction.Ignore).OrderBy(s => s.At).ToList();
        if (ordered.Count == 0)
        {
            return ReplayResult.Nothing;
        }

        var first = ordered[0];
        if (first.Action is not (StepAction.Receive or StepAction.Refuse))
        {
            return Reject(first, ImportColumns.Status, ImportRules.HistoryWithoutReceipt,
                $"The dossier's earliest row ({NationalCodes.NameOf(first.Action)} at {first.At}) is not its receipt (status 2) or refusal at intake (status 3).");
        }

        var missing = Missing(first, ImportColumns.ProcedureCode, first.ProcedureCode) ?? Missing(first, ImportColumns.Channel, first.Channel)
            ?? (first.Action == StepAction.Refuse ? Missing(first, ImportColumns.Reason, first.Reason) : null);
        if (missing is not null)
        {
            return missing;
        }

        // The procedure as it stood at receipt: its time limit sets the due, its fee and pause rule the payment steps.
        var procedure = catalogue.FindAt(first.ProcedureCode!, first.At);
        if (procedure is null)
        {
            return Reject(first, ImportColumns.ProcedureCode, ImportRules.UnknownProcedure, catalogue.Find(first.ProcedureCode!) is null
                ? $"'{first.ProcedureCode}' is not in the procedure catalogue."
                : $"'{first.ProcedureCode}' was not yet in force at {first.At}.");
        }

        var request = new ReceiveDossier(dossierId, receiptNo, unitCode, procedure, first.Channel!.Value, first.At, first.ApplicantName);
        var start = first.Action == StepAction.Receive ? decider.Receive(request, now) : decider.RefuseIntake(request, first.Reason!, now);
        if (start.Violation is { } refused)
        {
            return Reject(first, ColumnOf(refused.Rule), refused.Rule, refused.Detail);
        }

        var events = new List<IDossierEvent>(ordered.Count);
        events.AddRange(start.Events);
        var state = Dossier.Fold(events);
        foreach (var step in ordered.Skip(1))
        {
            if (step.Action is StepAction.Receive or StepAction.Refuse)
            {
                return Reject(step, ImportColumns.Status, ImportRules.SecondReceipt,
                    $"The dossier was already {(state.Status == DossierStatus.Refused ? "refused" : "received")} at {state.ReceivedAt}: a history has one receipt.");
            }

            if (step.ProcedureCode is { } code && code != state.ProcedureCode)
            {
                return Reject(step, ImportColumns.ProcedureCode, ImportRules.InconsistentDossier,
                    $"'{code}' differs from the procedure of the receipt ('{state.ProcedureCode}').");
            }

            if (step.Channel is { } channel && channel != state.Channel)
            {
                return Reject(step, ImportColumns.Channel, ImportRules.InconsistentDossier,
                    $"Channel {(int)channel} differs from the channel of the receipt ({(int)state.Channel}).");
            }

            var (decision, rejection) = Decide(state, step, procedure, now);
            if (rejection is not null)
            {
                return new ReplayResult(null, rejection);
            }

            if (decision!.Violation is { } violation)
            {
                return Reject(step, ColumnOf(violation.Rule), violation.Rule, violation.Detail);
            }

            foreach (var e in decision.Events)
            {
                events.Add(e);
                state = state.Evolve(e);
            }
        }

        return new ReplayResult(new ReplayedHistory(dossierId, events, state), null);
    }

    /// <summary>The decider's ruling on one later step, or the value the step lacks.</summary>
    private (Decision? Decision, StepRejection? Missing) Decide(Dossier state, HistoryStep step, Procedure procedure, Instant now)
    {
        var at = step.At;
        var action = step.Action == StepAction.InProcess
            ? state.Status switch
            {
                DossierStatus.AwaitingSupplement => StepAction.SupplementReceived,
                DossierStatus.AwaitingPayment => StepAction.PaymentReceived,
                _ => StepAction.Assign,
            }
            : step.Action;
        return action switch
        {
            StepAction.Assign => Need(step, ImportColumns.Step, step.Step, () => decider.Assign(state, at, step.Step!, step.Assignee, now)),
            StepAction.Transfer => Need(step, ImportColumns.Agency, step.Agency, () => decider.Transfer(state, at, step.Agency!, now)),
            StepAction.TransferReturn => (decider.ReturnTransfer(state, at, now), null),
            StepAction.SupplementRequest => Need(step, ImportColumns.Items, step.Items, () => decider.RequestSupplement(state, at, step.Items!, now)),
            StepAction.SupplementReceived => (decider.ReceiveSupplement(state, at, now), null),
            StepAction.PaymentRequest => (decider.RequestPayment(state, at, step.Amount ?? procedure.Fee, procedure.PaymentPausesClock, now), null),
            StepAction.PaymentReceived => Need(step, ImportColumns.PaymentMethod, step.PaymentMethod,
                () => decider.ReceivePayment(state, at, step.Amount ?? state.FeeRequested ?? 0, step.PaymentMethod!.Value, now)),
            StepAction.Withdraw => (decider.Withdraw(state, at, step.Reason, now), null),
            StepAction.Stop => Need(step, ImportColumns.Reason, step.Reason, () => decider.Stop(state, at, step.Reason!, now)),
            StepAction.Resolve => (decider.Resolve(state, at, now), null),
            StepAction.ResultReturn => Need(step, ImportColumns.ReturnMethod, step.ReturnMethod, () => decider.ReturnResult(state, at, step.ReturnMethod!.Value, now)),
            StepAction.Apology => Need(step, ImportColumns.NewAppointmentAt, step.NewAppointmentAt,
                () => Need(step, ImportColumns.Reason, step.Reason, () => decider.Apologize(state, at, step.NewAppointmentAt!.Value, step.Reason!, now))),
            StepAction.Digitize => (decider.Digitize(state, at, step.ComponentsDigitized, step.ReusedData, step.ElectronicResult, now), null),
            StepAction.Feedback => Need(step, ImportColumns.Rating, step.Rating, () => decider.GiveFeedback(state, at, step.Rating!.Value, step.Comment, now)),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Action, "Not a later step."),
        };
    }

    private static (Decision? Decision, StepRejection? Missing) Need(HistoryStep step, string column, object? value, Func<Decision> decide) =>
        value is null ? (null, MissingRejection(step, column)) : (decide(), null);

    private static (Decision? Decision, StepRejection? Missing) Need(
        HistoryStep step, string column, object? value, Func<(Decision? Decision, StepRejection? Missing)> decide) =>
        value is null ? (null, MissingRejection(step, column)) : decide();

    private static ReplayResult? Missing(HistoryStep step, string column, object? value) =>
        value is null ? new ReplayResult(null, MissingRejection(step, column)) : null;

    private static StepRejection MissingRejection(HistoryStep step, string column) =>
        new(step.Line, column, ImportRules.MissingValue, $"A {NationalCodes.NameOf(step.Action)} row needs {column}.");

    private static ReplayResult Reject(HistoryStep step, string column, string rule, string message) =>
        new(null, new StepRejection(step.Line, column, rule, message));

    /// <summary>The column a lifecycle rule's violation points at.</summary>
    private static string ColumnOf(string rule) => rule switch
    {
        DossierRules.InstantInFuture or DossierRules.BeforeReceipt or DossierRules.BeforePreviousEvent or DossierRules.ApologyAfterDue
            => ImportColumns.OccurredAt,
        DossierRules.AppointmentNotLater => ImportColumns.NewAppointmentAt,
        _ => ImportColumns.Status,
    };
}
