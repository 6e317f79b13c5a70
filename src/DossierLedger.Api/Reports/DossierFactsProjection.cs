using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Reports;

/// <summary>
/// Keeps one row of <see cref="DossierFacts"/> per dossier in <c>dl_dossier_facts</c>. Each event sets
/// only the columns it decides, so no earlier state is read; the table's trigger turns every row change
/// into counter deltas (see report_schema.sql). Inline (the default) the counters commit with the events; in async
/// mode the daemon applies the events in log order, one page per transaction with the shard's position. A rebuild
/// or an import writes whole rows of <see cref="DossierFacts.Of"/> instead (<see cref="WriteRowAsync"/>), which the
/// events above lead to as well.
/// </summary>
public sealed class DossierFactsProjection : EventProjection
{
    private readonly DateTimeZone _zone;

    public DossierFactsProjection(DateTimeZone zone)
    {
        _zone = zone;
        Name = "DossierFacts";
        Options.DeleteDataInTableOnTeardown("dl_dossier_facts");
        IncludeType<DossierReceived>();
        IncludeType<DossierResolved>();
        IncludeType<DossierWithdrawn>();
        IncludeType<DossierStopped>();
        IncludeType<SupplementRequested>();
        IncludeType<SupplementReceived>();
        IncludeType<PaymentRequested>();
        IncludeType<PaymentReceived>();
        IncludeType<DossierDigitized>();
        IncludeType<FeedbackGiven>();
        IncludeType<ChannelCorrected>();
        IncludeType<ResolutionCorrected>();
        IncludeType<DossierVoided>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case DossierReceived received:
                operations.QueueSqlCommand(
                    """
                    INSERT INTO dl_dossier_facts (dossier_id, unit_code, field_code, procedure_code, channel, received_on, overdue_on)
                    VALUES (?, ?, ?, ?, ?, ?::date, ?::date)
                    """,
                    received.DossierId, received.UnitCode, received.FieldCode, received.ProcedureCode, (int)received.Channel,
                    Day(received.OccurredAt), Day(received.DueAt));
                break;
            case DossierResolved resolved:
                Close(operations, resolved.DossierId, resolved.OccurredAt, Closure.Resolved, resolved.Timeliness);
                break;
            case DossierWithdrawn withdrawn:
                Close(operations, withdrawn.DossierId, withdrawn.OccurredAt, Closure.Withdrawn, null);
                break;
            case DossierStopped stopped:
                Close(operations, stopped.DossierId, stopped.OccurredAt, Closure.Stopped, null);
                break;
            // A paused clock has no due: the dossier is not overdue while it waits, unless it already was.
            case SupplementRequested requested:
                operations.QueueSqlCommand(
                    "UPDATE dl_dossier_facts SET supplement_requests = supplement_requests + 1, " +
                    "overdue_on = CASE WHEN ? THEN NULL ELSE overdue_on END WHERE dossier_id = ?",
                    requested.RemainingWorkingTime is not null, requested.DossierId);
                break;
            case PaymentRequested requested:
                operations.QueueSqlCommand(
                    "UPDATE dl_dossier_facts SET fee_requested = ?, overdue_on = CASE WHEN ? THEN NULL ELSE overdue_on END WHERE dossier_id = ?",
                    requested.Amount > 0, requested is { PausesClock: true, RemainingWorkingTime: not null }, requested.DossierId);
                break;
            case SupplementReceived supplied:
                SetOverdueOn(operations, supplied.DossierId, supplied.NewDueAt);
                break;
            case PaymentReceived paid:
                operations.QueueSqlCommand(
                    "UPDATE dl_dossier_facts SET paid_online = ?, overdue_on = coalesce(?::date, overdue_on) WHERE dossier_id = ?",
                    paid.Method is PaymentMethod.NationalPortal or PaymentMethod.ProvincialGateway,
                    paid.NewDueAt is { } newDue ? Day(newDue) : DBNull.Value, paid.DossierId);
                break;
            case DossierDigitized digitized:
                operations.QueueSqlCommand(
                    "UPDATE dl_dossier_facts SET digitized = digitized OR ? WHERE dossier_id = ?", digitized.ComponentsDigitized > 0, digitized.DossierId);
                break;
            case ChannelCorrected corrected:
                operations.QueueSqlCommand("UPDATE dl_dossier_facts SET channel = ? WHERE dossier_id = ?", (int)corrected.Channel, corrected.DossierId);
                break;
            case ResolutionCorrected corrected:
                operations.QueueSqlCommand(
                    "UPDATE dl_dossier_facts SET closed_on = ?::date, timeliness = ? WHERE dossier_id = ?",
                    Day(corrected.ResolvedAt), (int)corrected.Timeliness, corrected.DossierId);
                break;
            // The trigger takes the dossier's every contribution back out of the counters.
            case DossierVoided voided:
                operations.QueueSqlCommand("DELETE FROM dl_dossier_facts WHERE dossier_id = ?", voided.DossierId);
                break;
            case FeedbackGiven feedback:
                operations.QueueSqlCommand(
                    "UPDATE dl_dossier_facts SET complaint = ? WHERE dossier_id = ?",
                    feedback.Rating is FeedbackRating.Dissatisfied or FeedbackRating.Complaint, feedback.DossierId);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void Close(IDocumentOperations ops, Guid dossierId, Instant at, Closure closure, Timeliness? timeliness) =>
        ops.QueueSqlCommand(
            "UPDATE dl_dossier_facts SET closed_on = ?::date, closure = ?, timeliness = ? WHERE dossier_id = ?",
            Day(at), (int)closure, timeliness is { } t ? (int)t : DBNull.Value, dossierId);

    private void SetOverdueOn(IDocumentOperations ops, Guid dossierId, Instant due) =>
        ops.QueueSqlCommand("UPDATE dl_dossier_facts SET overdue_on = ?::date WHERE dossier_id = ?", Day(due), dossierId);

    /// <summary>A binary COPY of whole facts rows into <c>dl_dossier_facts</c>, one per <see cref="WriteRowAsync"/> (the rebuild's path).</summary>
    public const string CopyRows =
        "COPY dl_dossier_facts (dossier_id, unit_code, field_code, procedure_code, channel, received_on, overdue_on, closed_on, closure, " +
        "timeliness, digitized, fee_requested, paid_online, complaint, supplement_requests) FROM STDIN (FORMAT BINARY)";

    /// <summary>A dossier's facts as the row the events above leave, in the columns of <see cref="CopyRows"/>.</summary>
    public static async Task WriteRowAsync(NpgsqlBinaryImporter copy, Guid dossierId, DossierFacts facts, CancellationToken cancellation)
    {
        await copy.StartRowAsync(cancellation);
        await copy.WriteAsync(dossierId, NpgsqlDbType.Uuid, cancellation);
        await copy.WriteAsync(facts.UnitCode, NpgsqlDbType.Text, cancellation);
        await copy.WriteAsync(facts.FieldCode, NpgsqlDbType.Text, cancellation);
        await copy.WriteAsync(facts.ProcedureCode, NpgsqlDbType.Text, cancellation);
        await copy.WriteAsync((short)facts.Channel, NpgsqlDbType.Smallint, cancellation);
        await copy.WriteAsync(facts.ReceivedOn.ToDateOnly(), NpgsqlDbType.Date, cancellation);
        await WriteOrNullAsync(copy, facts.OverdueOn?.ToDateOnly(), NpgsqlDbType.Date, cancellation);
        await WriteOrNullAsync(copy, facts.ClosedOn?.ToDateOnly(), NpgsqlDbType.Date, cancellation);
        await WriteOrNullAsync(copy, (short?)facts.Closure, NpgsqlDbType.Smallint, cancellation);
        await WriteOrNullAsync(copy, (short?)facts.Timeliness, NpgsqlDbType.Smallint, cancellation);
        await copy.WriteAsync(facts.Digitized, NpgsqlDbType.Boolean, cancellation);
        await copy.WriteAsync(facts.FeeRequested, NpgsqlDbType.Boolean, cancellation);
        await copy.WriteAsync(facts.PaidOnline, NpgsqlDbType.Boolean, cancellation);
        await copy.WriteAsync(facts.Complaint, NpgsqlDbType.Boolean, cancellation);
        await copy.WriteAsync((short)facts.SupplementRequests, NpgsqlDbType.Smallint, cancellation);
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellation)
        where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, cancellation) : copy.WriteNullAsync(cancellation);

    /// <summary>The local date as ISO text, cast to date in SQL (the event store's parameter map knows no NodaTime types).</summary>
    private string Day(Instant instant) => LocalDatePattern.Iso.Format(instant.InZone(_zone).Date);
}
