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
        if (!first.Action.Opens)
        {
            return ([], null, Reject(first, ImportColumns.Status, ImportRules.HistoryWithoutReceipt,
                $"The dossier's earliest row ({first.Action.Name} at {first.At}) is not its receipt (status 2) or refusal at intake (status 3)."));
        }

        var missing = Missing(first, ImportColumns.ProcedureCode, first.ProcedureCode)
            ?? (first.Action.Event == typeof(IntakeRefused) ? Missing(first, ImportColumns.Reason, first.Reason) : null);
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

        // QĐ 766 counts a dossier without a channel as received directly (trực tiếp): peer systems' exports leave it blank so.
        var request = new ReceiveDossier(
            dossierId, receiptNo, unitCode, procedure, first.Channel ?? Channel.Direct, first.At, first.ApplicantName, first.ReceivingUnitCode, first.ReceivedBy);
        var start = decider.Decide(null, first.Action.Event == typeof(DossierReceived) ? request : new RefuseIntake(request, first.Reason!), now);
        return start.Violation is { } refused
            ? ([], null, Reject(first, ColumnOf(refused.Rule), refused.Rule, refused.Detail))
            : (start.Events, procedure, null);
    }

    /// <summary>A later step that contradicts the receipt: a second receipt, another procedure or channel.</summary>
    private static ReplayResult? Inconsistency(Dossier state, HistoryStep step)
    {
        if (step.Action.Opens)
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

    /// <summary>The command one later step stands for (status 4 alone: whichever the dossier's state calls for), or the value the step lacks.</summary>
    private static (DossierCommand? Command, StepRejection? Missing) CommandOf(Dossier state, HistoryStep step, Procedure procedure)
    {
        var action = step.Action == StepAction.InProcess ? NationalCodes.InProcessStepOf(state) : step.Action;
        var row = new HistoryRow(step, state, procedure);
        var command = action.CommandOf(row);
        return row.MissingColumn is { } column ? (null, MissingRejection(step, column)) : (command, null);
    }

    private static ReplayResult? Missing(HistoryStep step, string column, object? value) =>
        value is null ? new ReplayResult(null, MissingRejection(step, column)) : null;

    private static StepRejection MissingRejection(HistoryStep step, string column) =>
        new(step.Line, column, ImportRules.MissingValue, $"A {step.Action.Name} row needs {column}.");

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
