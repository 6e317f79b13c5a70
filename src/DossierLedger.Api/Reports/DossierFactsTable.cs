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

    /// <summary>The closing date of a part as the index of both dates holds it: a part still open closes never (0011).</summary>
    private const string ClosedOrNever = "coalesce(closed_on, '9999-12-31'::date)";

    /// <summary>Rows of the first read of <see cref="ReadAsync"/>: a page of a list and some to spare (each row costs a heap fetch).</summary>
    public const int DefaultChunk = 100;

    private const int MaxChunk = 10_000;

    /// <summary>
    /// The parts inside <paramref name="window"/> of the units given (all when null), narrowed to a procedure, a field or a
    /// dossier when given, in order of receipt date, dossier and part. They are read a chunk at a time in receipt-date
    /// order through the index of both dates, whole days per chunk, each chunk twice the last, so a caller that stops
    /// after a page has read about a page (or, where the figure's parts are sparse, at most twice what it needed). Which of them count in a figure is <see cref="FigureMembership"/>'s to say.
    /// </summary>
    public static async IAsyncEnumerable<(Guid DossierId, DossierFacts Facts)> ReadAsync(
        NpgsqlConnection connection, IReadOnlySet<string>? units, FigureWindow window, string? procedure, string? field, Guid? dossier,
        [EnumeratorCancellation] CancellationToken cancellation, int chunk = DefaultChunk)
    {
        var since = window.ReceivedFrom;
        // Each chunk twice the last, up to a ceiling: a figure whose parts are sparse in its window reads it in a few
        // queries, and a whole list streamed to a file holds one chunk at a time.
        for (; ; chunk = (int)Math.Min(chunk * 2L, Math.Max(chunk, MaxChunk)))
        {
            var rows = await ReadChunkAsync(connection, units, window with { ReceivedFrom = since }, procedure, field, dossier, chunk, cancellation);
            if (rows.Count < chunk)
            {
                foreach (var row in rows)
                {
                    yield return row;
                }

                yield break;
            }

            // The chunk may have cut its last day short: that day is read again with the next chunk, or whole when it
            // filled the chunk by itself.
            var lastDay = rows[^1].Facts.ReceivedOn;
            var complete = rows[0].Facts.ReceivedOn < lastDay
                ? rows.TakeWhile(r => r.Facts.ReceivedOn < lastDay).ToList()
                : await ReadChunkAsync(connection, units, window with { ReceivedFrom = lastDay, ReceivedTo = lastDay }, procedure, field, dossier, null, cancellation);
            foreach (var row in complete)
            {
                yield return row;
            }

            since = complete[^1].Facts.ReceivedOn.PlusDays(1);
            if (since > window.ReceivedTo)
            {
                yield break;
            }
        }
    }

    /// <summary>The first <paramref name="limit"/> parts of the window by receipt date (all when null), ordered by receipt date, dossier and part.</summary>
    private static async Task<List<(Guid DossierId, DossierFacts Facts)>> ReadChunkAsync(
        NpgsqlConnection connection, IReadOnlySet<string>? units, FigureWindow window, string? procedure, string? field, Guid? dossier, int? limit,
        CancellationToken cancellation)
    {
        var filters = new List<string> { "received_on <= @received_to", $"{ClosedOrNever} >= @closed_from" };
        await using var command = new NpgsqlCommand { Connection = connection };
        command.Parameters.AddWithValue("received_to", window.ReceivedTo.ToDateOnly());
        command.Parameters.AddWithValue("closed_from", window.ClosedFrom.ToDateOnly());
        foreach (var (filter, name, value) in new (string, string, object?)[]
        {
            ("received_on >= @received_from", "received_from", window.ReceivedFrom?.ToDateOnly()),
            ($"{ClosedOrNever} <= @closed_to", "closed_to", window.ClosedTo?.ToDateOnly()),
            // One unit by equality, which the planner matches with the unit's own index; an area as a list.
            units is { Count: 1 } ? ("unit_code = @units", "units", units.Single()) : ("unit_code = ANY(@units)", "units", units?.ToArray()),
            ("procedure_code = @procedure", "procedure", procedure),
            ("field_code = @field", "field", field),
            ("dossier_id = @dossier", "dossier", dossier),
        })
        {
            if (value is not null)
            {
                filters.Add(filter);
                command.Parameters.AddWithValue(name, value);
            }
        }

        // The inner query walks the index of both dates in receipt-date order (the distance from the first date) and stops
        // at the limit; the outer one orders that chunk fully.
        var columns = string.Join(", ", Columns);
        command.CommandText = $"SELECT {columns} FROM (SELECT {columns} FROM {Name} WHERE {string.Join(" AND ", filters)} "
            + $"ORDER BY received_on <-> '0001-01-01'::date{(limit is null ? "" : $" LIMIT {limit}")}) chunk ORDER BY received_on, dossier_id, segment";
        var rows = new List<(Guid, DossierFacts)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add((reader.GetGuid(0), FactsOf(reader)));
        }

        return rows;
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
