using DossierLedger.Api.Storage;
using DossierLedger.Domain.Reports;
using Marten;
using NodaTime;
using Npgsql;

namespace DossierLedger.Api.Reports;

/// <summary>How a report's figures are broken down.</summary>
public enum ReportGrouping
{
    None,
    Field,
    Procedure,
}

/// <summary>
/// A partition of units into numbered segments, for a report grouped by segment as well (Biểu 06's levels): each
/// listed unit's segment, and the one every other unit is in.
/// </summary>
public sealed record UnitSegments(IReadOnlyDictionary<string, int> SegmentOf, int Other);

/// <summary>The figures of one group (a field or a procedure, within a segment when segmented), or of everything.</summary>
/// <param name="Before">Everything counted on days before the period.</param>
/// <param name="Through">Everything counted on days up to and including its last day.</param>
public sealed record GroupFigures(string? FieldCode, string? ProcedureCode, ReportCounters Before, ReportCounters Through)
{
    /// <summary>The segment of the units the group counts, in a segmented report (<see cref="UnitSegments"/>).</summary>
    public int? Segment { get; init; }

    public PeriodFigures Figures => PeriodFigures.FromCumulative(Before, Through);

    /// <summary>1.4's dossiers for the group (<see cref="QualityFigures.Synchronisation"/>); null when the national-portal feed is off.</summary>
    public Ratio? Synchronisation { get; init; }

    public QualityFigures Quality => QualityFigures.FromCumulative(Before, Through).WithSynchronisation(Synchronisation);

    /// <summary>The group as a row of the official Biểu 06 (withdrawn and stopped folded into the resolved columns).</summary>
    public OfficialFigures Official(Bieu06Folding folding) =>
        OfficialBieu06.Fold(Figures, ClosedOtherTimeliness.FromCumulative(Before, Through), folding);

    /// <summary>Disjoint groups add up: their counters sum, and the figures follow.</summary>
    public static GroupFigures Sum(string? fieldCode, string? procedureCode, IEnumerable<GroupFigures> groups) =>
        groups.Aggregate(
            new GroupFigures(fieldCode, procedureCode, ReportCounters.Zero, ReportCounters.Zero),
            (sum, g) => sum with
            {
                Before = sum.Before + g.Before,
                Through = sum.Through + g.Through,
                Synchronisation = (sum.Synchronisation, g.Synchronisation) switch
                {
                    ({ } a, { } b) => new Ratio(a.Numerator + b.Numerator, a.Denominator + b.Denominator),
                    (var a, var b) => a ?? b,
                },
            });
}

/// <summary>A period's figures in total and, when grouped, per group.</summary>
public sealed record PeriodResult(GroupFigures Total, IReadOnlyList<GroupFigures> Groups);

/// <summary>
/// Computes period figures from the counter buckets. Every figure is a difference of two cumulative
/// counter vectors (before the first day, through the last day); each cumulative vector is read from at
/// most a few dozen buckets per group: whole years, then the months of the last year, then the days of
/// the last month. The cost depends on the number of groups, not on the number of dossiers. With the national-portal
/// feed on, each group also gets its indicator 1.4 (<paramref name="sync"/>); without a sync query it has none.
/// </summary>
public sealed class PeriodReportQuery(IDocumentStore store, NationalPortal.SyncRateQuery? sync = null)
{
    /// <summary>One stored column per counter, named after it (ReceivedDirect → received_direct), in counter order.</summary>
    private static readonly string Counters = string.Join(", ", Enum.GetValues<ReportCounter>()
        .Select(counter => $"sum({SnakeCase.Of(counter.ToString())})::bigint"));

    /// <param name="units">The units whose dossiers count (a unit's coverage in the registry); null for every unit.</param>
    public Task<PeriodResult> RunAsync(
        IReadOnlySet<string>? units, LocalDate from, LocalDate to, ReportGrouping grouping, CancellationToken cancellation) =>
        RunAsync(units, from, to, grouping, null, cancellation);

    /// <param name="units">The units whose dossiers count (a unit's coverage in the registry); null for every unit.</param>
    /// <param name="segments">When given, groups are kept apart by the segment of their units as well.</param>
    /// <exception cref="RebuildRequiredException">The counters were derived for an older report model.</exception>
    public async Task<PeriodResult> RunAsync(
        IReadOnlySet<string>? units, LocalDate from, LocalDate to, ReportGrouping grouping, UnitSegments? segments, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        // Parallel workers would cost more to start (~15 ms) than the few hundred index rows cost to read (~2 ms).
        // Npgsql resets the session when the connection returns to the pool, so the setting stays with this read. The
        // report model the counters were derived for comes back in the same round trip.
        await using (var setUp = new NpgsqlCommand($"SET max_parallel_workers_per_gather = 0; {ReportModelStamp.RecordedSql}", connection))
        {
            ReportModelStamp.Check((int)(await setUp.ExecuteScalarAsync(cancellation))!);
        }

        await using var command = new NpgsqlCommand(Sql(grouping, units is not null, segments is not null), connection);
        if (units is not null)
        {
            command.Parameters.AddWithValue("units", units.ToArray());
        }

        if (segments is not null)
        {
            command.Parameters.AddWithValue("segmentUnits", segments.SegmentOf.Keys.ToArray());
            command.Parameters.AddWithValue("segments", segments.SegmentOf.Values.ToArray());
            command.Parameters.AddWithValue("otherSegment", segments.Other);
        }

        AddPoint(command, 0, from);
        AddPoint(command, 1, to.PlusDays(1));
        // Planning the eight parts' sums costs more than reading them (15k ledger, one commune, 20 counters: 7.1 ms a report
        // planned each time, 0.9 ms prepared). Npgsql keeps the statement prepared on the pooled connection, so only a
        // connection's first report of each shape plans it, whatever the connection string says.
        await command.PrepareAsync(cancellation);
        var cumulative = await ReadCumulativeAsync(command, cancellation);

        // Counters add up across groups, so the total is the same arithmetic over the summed vectors. A group whose rows
        // are all at zero (its dossiers' facts moved away, or were voided) has nothing to report, rebuilt or not.
        var synchronised = sync is null ? null : await sync.CountAsync(units, from, to, cancellation);
        var groups = cumulative
            .Where(c => !c.Value[0].Equals(ReportCounters.Zero) || !c.Value[1].Equals(ReportCounters.Zero))
            .Select(c => new GroupFigures(c.Key.Field, c.Key.Procedure, c.Value[0], c.Value[1])
            {
                Segment = c.Key.Segment,
                Synchronisation = synchronised?.Of(c.Key.Field, c.Key.Procedure, c.Key.Segment, segments),
            })
            .OrderBy(g => g.Segment)
            .ThenBy(g => g.FieldCode, StringComparer.Ordinal)
            .ThenBy(g => g.ProcedureCode, StringComparer.Ordinal)
            .ToList();
        return new PeriodResult(GroupFigures.Sum(null, null, groups), grouping == ReportGrouping.None && segments is null ? [] : groups);
    }

    /// <summary>
    /// Six index ranges: for each of the two cumulative points, whole years, months, then days. Then, for each point,
    /// the changes not compacted yet (a few rows): their day rows before it, so that each change counts once. Segmented,
    /// each row's unit is looked up in the segments passed as two arrays (unit, segment).
    /// </summary>
    private static string Sql(ReportGrouping grouping, bool someUnits, bool segmented)
    {
        var groupColumns = grouping switch
        {
            ReportGrouping.Field => "field_code, NULL::text",
            ReportGrouping.Procedure => "field_code, procedure_code",
            ReportGrouping.None => "NULL::text, NULL::text",
            _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, null),
        };
        groupColumns = (segmented ? "coalesce(s.segment, @otherSegment)" : "NULL::int") + ", " + groupColumns;
        var groupBy = grouping == ReportGrouping.None && !segmented ? "" : "GROUP BY 1, 2, 3";
        // Without grouping, the per-unit counters: a few dozen rows per unit and point instead of that times every procedure.
        var table = grouping == ReportGrouping.None ? CounterTables.Units : CounterTables.Detailed;
        // An area also adds the boundary codes of the hand-overs inside it, which take back their double count. Segmented,
        // only those inside one segment, which takes their code: a hand-over between two segments is a departure from the
        // one and an arrival in the other, so it counts in both (and twice in their sum, as the sum of two bodies' reports).
        const string segmentOf = "unnest(@segmentUnits::text[], @segments::int[])";
        var sameSegment = $"SELECT b.code, f.segment FROM {DossierFactsTable.Boundaries} b JOIN {segmentOf} AS f (unit_code, segment) "
            + $"ON f.unit_code = b.from_code JOIN {segmentOf} AS t (unit_code, segment) ON t.unit_code = b.to_code AND t.segment = f.segment";
        var join = segmented ? $" LEFT JOIN (SELECT * FROM {segmentOf} AS u (unit_code, segment) UNION ALL {sameSegment}) AS s USING (unit_code)" : "";
        var boundaries = segmented ? $"SELECT code FROM ({sameSegment}) AS same" : DossierFactsTable.BoundariesWithin;
        var unitFilter = (someUnits, segmented) switch
        {
            (true, _) => $"unit_code = ANY(@units || ARRAY({boundaries})) AND ",
            (false, true) => $"(strpos(unit_code, '>') = 0 OR unit_code = ANY(ARRAY({boundaries}))) AND ",
            (false, false) => "",
        };
        var parts = new List<string>();
        foreach (var point in new[] { 0, 1 })
        {
            parts.Add($"SELECT {groupColumns}, {point}, {Counters} FROM {table}{join} WHERE {unitFilter}grain = 'Y' AND bucket < @year{point} {groupBy}");
            parts.Add($"SELECT {groupColumns}, {point}, {Counters} FROM {table}{join} WHERE {unitFilter}grain = 'M' AND bucket >= @year{point} AND bucket < @month{point} {groupBy}");
            parts.Add($"SELECT {groupColumns}, {point}, {Counters} FROM {table}{join} WHERE {unitFilter}grain = 'D' AND bucket >= @month{point} AND bucket < @day{point} {groupBy}");
            parts.Add($"SELECT {groupColumns}, {point}, {Counters} FROM {CounterTables.Changes}{join} WHERE {unitFilter}grain = 'D' AND bucket < @day{point} {groupBy}");
        }

        return string.Join("\nUNION ALL\n", parts);
    }

    /// <summary>Each group's two cumulative counter vectors (before the period, through its last day), summed from the parts.</summary>
    private static async Task<Dictionary<(int? Segment, string? Field, string? Procedure), ReportCounters[]>> ReadCumulativeAsync(
        NpgsqlCommand command, CancellationToken cancellation)
    {
        var cumulative = new Dictionary<(int? Segment, string? Field, string? Procedure), ReportCounters[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            if (reader.IsDBNull(4))
            {
                continue; // an empty aggregate: no buckets in that range
            }

            var key = (reader.IsDBNull(0) ? (int?)null : reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            if (!cumulative.TryGetValue(key, out var points))
            {
                cumulative[key] = points = [ReportCounters.Zero, ReportCounters.Zero];
            }

            points[reader.GetInt32(3)] += ReportCounters.Of([.. Enumerable.Range(4, ReportCounters.Count).Select(reader.GetInt64)]);
        }

        return cumulative;
    }

    private static void AddPoint(NpgsqlCommand command, int point, LocalDate day)
    {
        command.Parameters.AddWithValue($"year{point}", new DateOnly(day.Year, 1, 1));
        command.Parameters.AddWithValue($"month{point}", new DateOnly(day.Year, day.Month, 1));
        command.Parameters.AddWithValue($"day{point}", day.ToDateOnly());
    }
}
