using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Import;

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

        var (start, procedure, rejected) = Start(dossierId, unitCode, receiptNo, ordered[0], now);
        if (rejected is not null)
        {
            return rejected;
        }

        var events = new List<IDossierEvent>(start);
        var state = Dossier.Fold(events);
        foreach (var step in ordered.Skip(1))
        {
            if (Inconsistency(state, step) is { } inconsistent)
            {
                return inconsistent;
            }

            var (command, missingValue) = CommandOf(state, step, procedure!);
            if (missingValue is not null)
            {
                return new ReplayResult(null, missingValue);
            }

            var decision = decider.Decide(state, command!, now);
            if (decision.Violation is { } violation)
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

    /// <summary>The history's first step, its receipt or refusal: the events it starts with and the procedure in force then, or why not.</summary>
    private (IReadOnlyList<IDossierEvent> Events, Procedure? Procedure, ReplayResult? Rejected) Start(
        Guid dossierId, string unitCode, string receiptNo, HistoryStep first, Instant now)
    {
        if (first.Action is not (StepAction.Receive or StepAction.Refuse))
        {
            return ([], null, Reject(first, ImportColumns.Status, ImportRules.HistoryWithoutReceipt,
                $"The dossier's earliest row ({NationalCodes.NameOf(first.Action)} at {first.At}) is not its receipt (status 2) or refusal at intake (status 3)."));
        }

        var missing = Missing(first, ImportColumns.ProcedureCode, first.ProcedureCode) ?? Missing(first, ImportColumns.Channel, first.Channel)
            ?? (first.Action == StepAction.Refuse ? Missing(first, ImportColumns.Reason, first.Reason) : null);
        if (missing is not null)
        {
            return ([], null, missing);
        }

        // The procedure as it stood at receipt: its time limit sets the due, its fee and pause rule the payment steps.
        var procedure = catalogue.FindAt(first.ProcedureCode!, first.At);
        if (procedure is null)
        {
            return ([], null, Reject(first, ImportColumns.ProcedureCode, ImportRules.UnknownProcedure, catalogue.Find(first.ProcedureCode!) is null
                ? $"'{first.ProcedureCode}' is not in the procedure catalogue."
                : $"'{first.ProcedureCode}' was not yet in force at {first.At}."));
        }

        var request = new ReceiveDossier(dossierId, receiptNo, unitCode, procedure, first.Channel!.Value, first.At, first.ApplicantName);
        var start = decider.Decide(null, first.Action == StepAction.Receive ? request : new RefuseIntake(request, first.Reason!), now);
        return start.Violation is { } refused
            ? ([], null, Reject(first, ColumnOf(refused.Rule), refused.Rule, refused.Detail))
            : (start.Events, procedure, null);
    }

    /// <summary>A later step that contradicts the receipt: a second receipt, another procedure or channel.</summary>
    private static ReplayResult? Inconsistency(Dossier state, HistoryStep step)
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

        return step.Channel is { } channel && channel != state.Channel
            ? Reject(step, ImportColumns.Channel, ImportRules.InconsistentDossier,
                $"Channel {(int)channel} differs from the channel of the receipt ({(int)state.Channel}).")
            : null;
    }

    /// <summary>The command one later step stands for, or the value the step lacks.</summary>
    private static (DossierCommand? Command, StepRejection? Missing) CommandOf(Dossier state, HistoryStep step, Procedure procedure)
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
            StepAction.Assign => Need(step, ImportColumns.Step, step.Step, () => new AssignDossier(at, step.Step!, step.Assignee)),
            StepAction.Transfer => Need(step, ImportColumns.Agency, step.Agency, () => new TransferDossier(at, step.Agency!)),
            StepAction.TransferReturn => (new ReturnTransfer(at), null),
            StepAction.SupplementRequest => Need(step, ImportColumns.Items, step.Items, () => new RequestSupplement(at, step.Items!)),
            StepAction.SupplementReceived => (new ReceiveSupplement(at), null),
            StepAction.PaymentRequest => (RequestPayment.Under(procedure, at, step.Amount), null),
            StepAction.PaymentReceived => Need(step, ImportColumns.PaymentMethod, step.PaymentMethod,
                () => new ReceivePayment(at, step.Amount ?? state.FeeRequested ?? 0, step.PaymentMethod!.Value)),
            StepAction.Withdraw => (new WithdrawDossier(at, step.Reason), null),
            StepAction.Stop => Need(step, ImportColumns.Reason, step.Reason, () => new StopDossier(at, step.Reason!)),
            StepAction.Resolve => (new ResolveDossier(at), null),
            StepAction.ResultReturn => Need(step, ImportColumns.ReturnMethod, step.ReturnMethod, () => new ReturnResult(at, step.ReturnMethod!.Value)),
            StepAction.Apology => Need(step, ImportColumns.NewAppointmentAt, step.NewAppointmentAt,
                () => Need(step, ImportColumns.Reason, step.Reason, () => new IssueApology(at, step.NewAppointmentAt!.Value, step.Reason!))),
            StepAction.Digitize => (new DigitizeDossier(at, step.ComponentsDigitized, step.ReusedData, step.ElectronicResult), null),
            StepAction.Feedback => Need(step, ImportColumns.Rating, step.Rating, () => new GiveFeedback(at, step.Rating!.Value, step.Comment)),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Action, "Not a later step."),
        };
    }

    private static (DossierCommand? Command, StepRejection? Missing) Need(HistoryStep step, string column, object? value, Func<DossierCommand> command) =>
        value is null ? (null, MissingRejection(step, column)) : (command(), null);

    private static (DossierCommand? Command, StepRejection? Missing) Need(
        HistoryStep step, string column, object? value, Func<(DossierCommand? Command, StepRejection? Missing)> command) =>
        value is null ? (null, MissingRejection(step, column)) : command();

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
