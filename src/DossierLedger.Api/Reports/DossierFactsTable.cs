using DossierLedger.Api.Storage;
using DossierLedger.Domain.Reports;
using Marten;
using Npgsql;

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

    /// <summary>A binary COPY of whole rows, one per <see cref="WriteRow"/> (the rebuild's and the import's path).</summary>
    public static BinaryCopy BeginCopy(NpgsqlConnection connection) => BinaryCopy.Begin(connection, Name, Columns);

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
    /// transaction (the import's and <c>load-synthetic</c>'s path), synchronously. Dossiers without facts (refused,
    /// voided) are skipped.
    /// </summary>
    public static void Add(NpgsqlConnection connection, IEnumerable<(Guid DossierId, DossierFacts? Facts)> dossiers)
    {
        var changes = new CounterChanges();
        using (var copy = BeginCopy(connection))
        {
            foreach (var (id, facts) in dossiers)
            {
                if (facts is null)
                {
                    continue;
                }

                WriteRow(copy, id, facts);
                changes.Add(facts);
            }

            copy.Complete();
        }

        CounterTables.Add(connection, changes);
    }

    /// <summary>One row of <see cref="BeginCopy"/>.</summary>
    public static void WriteRow(BinaryCopy copy, Guid dossierId, DossierFacts facts)
    {
        copy.Row((short)Columns.Length);
        copy.Uuid(dossierId);
        copy.Text(facts.UnitCode);
        copy.Text(facts.FieldCode);
        copy.Text(facts.ProcedureCode);
        copy.Smallint((short)facts.Channel);
        copy.Date(facts.ReceivedOn.ToDateOnly());
        copy.Date(facts.OverdueOn?.ToDateOnly());
        copy.Date(facts.ClosedOn?.ToDateOnly());
        copy.Smallint((short?)facts.Closure);
        copy.Smallint((short?)facts.Timeliness);
        copy.Boolean(facts.Digitized);
        copy.Boolean(facts.FeeRequested);
        copy.Boolean(facts.PaidOnline);
        copy.Boolean(facts.Complaint);
        copy.Smallint((short)facts.SupplementRequests);
    }

    private static object OrNull<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;
}
