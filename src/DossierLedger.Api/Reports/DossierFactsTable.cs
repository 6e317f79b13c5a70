using System.Runtime.CompilerServices;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using NodaTime;
using Npgsql;

namespace DossierLedger.Api.Reports;

/// <summary>
/// <c>dl_dossier_facts</c>: the <see cref="DossierFacts"/> each dossier is counted with in the counter tables, one row
/// per authority that held a dossier that counts (its <c>segment</c>), and what a report's figures can be listed from. A change of a dossier moves the counters by
/// the difference between the facts of its state before and after the change (<c>DossierProjection</c>). Its columns
/// are the facts' properties in snake_case; enums are stored as their numbers (channel 1–3, closure 7–9, timeliness 1–3,
/// time limit unit 0–3 in <see cref="Domain.Calendar.TimeLimitUnit"/> order), the processing time in thousandths of its unit.
/// </summary>
public static class DossierFactsTable
{
    public const string Name = "dl_dossier_facts";

    private static readonly string[] Columns =
    [
        "dossier_id", "unit_code", "field_code", "procedure_code", "channel", "received_on", "overdue_on", "closed_on", "closure",
        "timeliness", "digitized", "fee_requested", "paid_online", "complaint", "supplement_requests", "segment", "handed_in_from",
        "handed_over_to", "from_version", "until_version", "fee_bearing", "paper_result", "electronic_result", "reused_data", "time_limit_unit",
        "processing_time_thousandths", "awaiting_supplement_since", "awaited_supplement_request",
    ];

    private static readonly string Upsert =
        $"INSERT INTO {Name} ({string.Join(", ", Columns)}) VALUES (?, ?, ?, ?, ?, ?, ?::date, ?::date, ?::smallint, ?::smallint, ?, ?, ?, ?, ?, ?, ?::text, ?::text, ?, ?::bigint, ?, ?, ?, ?, ?::smallint, ?::bigint, ?::date, ?) "
        + $"ON CONFLICT (dossier_id, segment) DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c} = EXCLUDED.{c}"))}";

    /// <summary>The boundary codes of the hand-overs that happened (<see cref="DossierFacts.BoundaryCode"/>), for reports over areas.</summary>
    public const string Boundaries = "dl_handover_boundaries";

    /// <summary>A binary COPY of whole rows, one per <see cref="WriteRow"/> (the rebuild's and the import's path).</summary>
    public static BinaryCopy BeginCopy(NpgsqlConnection connection) => BinaryCopy.Begin(connection, Name, Columns);

    /// <summary>
    /// Queues what changed between the facts the dossier was counted with (<paramref name="before"/>) and its new ones,
    /// a row per authority that held it (none: it does not count), into the session's batch: the parts that differ, the
    /// removal of parts it no longer has, and the boundary code of a new hand-over (<see cref="DossierFacts.BoundaryCode"/>).
    /// A command on a dossier never handed over writes one row, as before parts existed.
    /// </summary>
    public static void Queue(IDocumentOperations operations, Guid dossierId, IReadOnlyList<DossierFacts> before, IReadOnlyList<DossierFacts> after)
    {
        if (after.Count < before.Count)
        {
            operations.QueueSqlCommand($"DELETE FROM {Name} WHERE dossier_id = ? AND segment >= ?", dossierId, after.Count);
        }

        for (var i = 0; i < after.Count; i++)
        {
            var facts = after[i];
            var previous = i < before.Count ? before[i] : null;
            if (Equals(previous, facts))
            {
                continue;
            }

            operations.QueueSqlCommand(
                Upsert,
                dossierId, facts.UnitCode, facts.FieldCode, facts.ProcedureCode, (short)facts.Channel, facts.ReceivedOn.ToDateOnly(),
                OrNull(facts.OverdueOn?.ToDateOnly()), OrNull(facts.ClosedOn?.ToDateOnly()), OrNull((short?)facts.Closure), OrNull((short?)facts.Timeliness),
                facts.Digitized, facts.FeeRequested, facts.PaidOnline, facts.Complaint, (short)facts.SupplementRequests, (short)facts.Segment,
                (object?)facts.HandedInFrom ?? DBNull.Value, (object?)facts.HandedOverTo ?? DBNull.Value, facts.FromVersion, OrNull(facts.UntilVersion),
                facts.FeeBearing, facts.PaperResult, facts.ElectronicResult, facts.ReusedData, OrNull((short?)facts.TimeLimitUnit),
                OrNull(Thousandths(facts.ProcessingTime)), OrNull(facts.AwaitingSupplementSince?.ToDateOnly()), (short)facts.AwaitedSupplementRequest);
            if (facts.HandedOverTo is { } to && previous?.HandedOverTo != to)
            {
                operations.QueueSqlCommand(
                    $"INSERT INTO {Boundaries} (code, from_code, to_code) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING",
                    DossierFacts.BoundaryCode(facts.UnitCode, to), facts.UnitCode, to);
            }
        }
    }

    /// <summary>SQL: the boundary codes of the hand-overs between two of the units in the parameter <c>@units</c>.</summary>
    public const string BoundariesWithin = $"SELECT code FROM {Boundaries} WHERE from_code = ANY(@units) AND to_code = ANY(@units)";

    /// <summary>
    /// Stores the facts of dossiers new to the ledger and adds what they count to the counters, in the connection's
    /// transaction (the import's and <c>load-synthetic</c>'s path), synchronously. Dossiers without facts (refused,
    /// voided) are skipped.
    /// </summary>
    public static void Add(NpgsqlConnection connection, IEnumerable<(Guid DossierId, IReadOnlyList<DossierFacts> Parts)> dossiers)
    {
        var changes = new CounterChanges();
        var boundaries = new HashSet<(string From, string To)>();
        using (var copy = BeginCopy(connection))
        {
            foreach (var (id, parts) in dossiers)
            {
                foreach (var facts in parts)
                {
                    WriteRow(copy, id, facts);
                    if (facts.HandedOverTo is { } to)
                    {
                        boundaries.Add((facts.UnitCode, to));
                    }
                }

                changes.Add(parts);
            }

            copy.Complete();
        }

        CounterTables.Add(connection, changes);
        AddBoundaries(connection, boundaries);
    }

    /// <summary>Records the boundary codes of hand-overs between these authorities (the rebuild's and the import's path).</summary>
    public static void AddBoundaries(NpgsqlConnection connection, IEnumerable<(string From, string To)> boundaries)
    {
        var list = boundaries.ToList();
        if (list.Count == 0)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Boundaries} (code, from_code, to_code) SELECT * FROM unnest(@codes, @froms, @tos) ON CONFLICT (code) DO NOTHING";
        command.Parameters.AddWithValue("codes", list.Select(b => DossierFacts.BoundaryCode(b.From, b.To)).ToArray());
        command.Parameters.AddWithValue("froms", list.Select(b => b.From).ToArray());
        command.Parameters.AddWithValue("tos", list.Select(b => b.To).ToArray());
        command.ExecuteNonQuery();
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
        copy.Smallint((short)facts.Segment);
        copy.TextOrNull(facts.HandedInFrom);
        copy.TextOrNull(facts.HandedOverTo);
        copy.Bigint(facts.FromVersion);
        copy.Bigint(facts.UntilVersion);
        copy.Boolean(facts.FeeBearing);
        copy.Boolean(facts.PaperResult);
        copy.Boolean(facts.ElectronicResult);
        copy.Boolean(facts.ReusedData);
        copy.Smallint((short?)facts.TimeLimitUnit);
        copy.Bigint(Thousandths(facts.ProcessingTime));
        copy.Date(facts.AwaitingSupplementSince?.ToDateOnly());
        copy.Smallint((short)facts.AwaitedSupplementRequest);
    }

    /// <summary>
    /// The parts that can count in a figure of <c>[from, to]</c>: of the units given (all when null), received by
    /// <paramref name="to"/> and not closed before <paramref name="from"/>, narrowed to a procedure, a field or a dossier
    /// when given; ordered by receipt date, dossier and part. Only a superset: which figures a part counts in is
    /// <see cref="FigureMembership"/>'s to say.
    /// </summary>
    public static async IAsyncEnumerable<(Guid DossierId, DossierFacts Facts)> ReadAsync(
        NpgsqlConnection connection, IReadOnlySet<string>? units, LocalDate from, LocalDate to, string? procedure, string? field, Guid? dossier,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var filters = new List<string> { "received_on <= @to", "(closed_on IS NULL OR closed_on >= @from)" };
        await using var command = new NpgsqlCommand { Connection = connection };
        command.Parameters.AddWithValue("from", from.ToDateOnly());
        command.Parameters.AddWithValue("to", to.ToDateOnly());
        foreach (var (column, value) in new (string, object?)[] { ("unit_code", units?.ToArray()), ("procedure_code", procedure), ("field_code", field), ("dossier_id", dossier) })
        {
            if (value is not null)
            {
                filters.Add(value is string[]? $"{column} = ANY(@{column})" : $"{column} = @{column}");
                command.Parameters.AddWithValue(column, value);
            }
        }

        command.CommandText = $"SELECT {string.Join(", ", Columns)} FROM {Name} WHERE {string.Join(" AND ", filters)} ORDER BY received_on, dossier_id, segment";
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            yield return (reader.GetGuid(0), FactsOf(reader));
        }
    }

    /// <summary>The facts of a row read in the order of <see cref="Columns"/>.</summary>
    private static DossierFacts FactsOf(NpgsqlDataReader row)
    {
        LocalDate? Date(int i) => row.IsDBNull(i) ? null : LocalDate.FromDateOnly(row.GetFieldValue<DateOnly>(i));
        short? Small(int i) => row.IsDBNull(i) ? null : row.GetInt16(i);
        return new DossierFacts(
            row.GetString(1), row.GetString(2), row.GetString(3), (Channel)row.GetInt16(4), Date(5)!.Value, Date(6), Date(7),
            (Closure?)Small(8), (Timeliness?)Small(9))
        {
            Digitized = row.GetBoolean(10),
            FeeRequested = row.GetBoolean(11),
            PaidOnline = row.GetBoolean(12),
            Complaint = row.GetBoolean(13),
            SupplementRequests = row.GetInt16(14),
            Segment = row.GetInt16(15),
            HandedInFrom = row.IsDBNull(16) ? null : row.GetString(16),
            HandedOverTo = row.IsDBNull(17) ? null : row.GetString(17),
            FromVersion = row.GetInt64(18),
            UntilVersion = row.IsDBNull(19) ? null : row.GetInt64(19),
            FeeBearing = row.GetBoolean(20),
            PaperResult = row.GetBoolean(21),
            ElectronicResult = row.GetBoolean(22),
            ReusedData = row.GetBoolean(23),
            TimeLimitUnit = (TimeLimitUnit?)Small(24),
            ProcessingTime = row.IsDBNull(25) ? null : row.GetInt64(25) / 1000m,
            AwaitingSupplementSince = Date(26),
            AwaitedSupplementRequest = row.GetInt16(27),
        };
    }

    /// <summary>A processing time as stored: in thousandths of its unit, as the counters sum it.</summary>
    private static long? Thousandths(decimal? time) => time is { } t ? (long)Math.Round(t * 1000, MidpointRounding.AwayFromZero) : null;

    private static object OrNull<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;
}
