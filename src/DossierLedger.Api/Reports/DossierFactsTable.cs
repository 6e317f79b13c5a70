using DossierLedger.Domain.Reports;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Reports;

/// <summary>
/// <c>dl_dossier_facts</c>: the <see cref="DossierFacts"/> each dossier is counted with in the counter tables, one row
/// per dossier that counts, and what a report's figures can be listed from. A change of a dossier moves the counters by
/// the difference between the facts of its state before and after the change (<c>DossierProjection</c>). Its columns
/// are the facts' properties in snake_case; enums are stored as their numbers (channel 1–3, closure 7–9, timeliness 1–3).
/// </summary>
public static class DossierFactsTable
{
    public const string Name = "dl_dossier_facts";

    private static readonly string[] Columns =
    [
        "dossier_id", "unit_code", "field_code", "procedure_code", "channel", "received_on", "overdue_on", "closed_on", "closure",
        "timeliness", "digitized", "fee_requested", "paid_online", "complaint", "supplement_requests",
    ];

    private static readonly string Upsert =
        $"INSERT INTO {Name} ({string.Join(", ", Columns)}) VALUES (?, ?, ?, ?, ?, ?, ?::date, ?::date, ?::smallint, ?::smallint, ?, ?, ?, ?, ?) "
        + $"ON CONFLICT (dossier_id) DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c} = EXCLUDED.{c}"))}";

    /// <summary>A binary COPY of whole rows, one per <see cref="WriteRowAsync"/> (the rebuild's and the import's path).</summary>
    public static readonly string CopyRows = $"COPY {Name} ({string.Join(", ", Columns)}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Queues the dossier's new facts (or their removal when it no longer counts) into the session's batch.</summary>
    public static void Queue(IDocumentOperations operations, Guid dossierId, DossierFacts? facts)
    {
        if (facts is null)
        {
            operations.QueueSqlCommand($"DELETE FROM {Name} WHERE dossier_id = ?", dossierId);
            return;
        }

        operations.QueueSqlCommand(
            Upsert,
            dossierId, facts.UnitCode, facts.FieldCode, facts.ProcedureCode, (short)facts.Channel, facts.ReceivedOn.ToDateOnly(),
            OrNull(facts.OverdueOn?.ToDateOnly()), OrNull(facts.ClosedOn?.ToDateOnly()), OrNull((short?)facts.Closure), OrNull((short?)facts.Timeliness),
            facts.Digitized, facts.FeeRequested, facts.PaidOnline, facts.Complaint, (short)facts.SupplementRequests);
    }

    /// <summary>
    /// Stores the facts of dossiers new to the ledger and adds what they count to the counters, in the connection's
    /// transaction (the import's and <c>load-synthetic</c>'s path). Dossiers without facts (refused, voided) are skipped.
    /// </summary>
    public static async Task AddAsync(NpgsqlConnection connection, IEnumerable<(Guid DossierId, DossierFacts? Facts)> dossiers, CancellationToken cancellation)
    {
        var changes = new CounterChanges();
        await using (var copy = await connection.BeginBinaryImportAsync(CopyRows, cancellation))
        {
            foreach (var (id, facts) in dossiers)
            {
                if (facts is null)
                {
                    continue;
                }

                await WriteRowAsync(copy, id, facts, cancellation);
                changes.Add(facts);
            }

            await copy.CompleteAsync(cancellation);
        }

        await CounterTables.AddAsync(connection, changes, cancellation);
    }

    /// <summary>One row of <see cref="CopyRows"/>.</summary>
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

    private static object OrNull<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellation)
        where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, cancellation) : copy.WriteNullAsync(cancellation);
}
