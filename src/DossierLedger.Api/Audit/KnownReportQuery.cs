using System.Text.Json;
using System.Text.Json.Serialization;
using DossierLedger.Api.Reports;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Audit;

/// <summary>
/// A period report as the ledger knew it at an instant: every dossier is folded again from the events
/// recorded by then (not from the projections), and its contributions summed into the two cumulative
/// counter vectors the report arithmetic takes. One pass, one dossier in memory at a time; it reads the
/// unit's whole log, so it is an auditor's tool, not the everyday report.
/// </summary>
public sealed class KnownReportQuery(IDocumentStore store)
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>The event types by the name the store gives them.</summary>
    private static readonly Dictionary<string, Type> EventTypes = typeof(IDossierEvent).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && typeof(IDossierEvent).IsAssignableFrom(t))
        .ToDictionary(t => AuditEventQuery.StoredTypeName(t.Name), StringComparer.Ordinal);

    public async Task<PeriodResult> RunAsync(
        string? unit, LocalDate from, LocalDate to, ReportGrouping grouping, Instant knownAt, DateTimeZone zone, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var join = unit is null ? "" : "JOIN mt_doc_dossier d ON d.id = e.stream_id AND CAST(d.data ->> 'unitCode' as text) = @unit";
        await using var command = new NpgsqlCommand(
            $"SELECT e.stream_id, e.type, e.data::text FROM mt_events e {join} WHERE e.timestamp <= @knownAt ORDER BY e.stream_id, e.version",
            connection);
        command.Parameters.Add(new NpgsqlParameter("knownAt", NpgsqlDbType.TimestampTz) { Value = knownAt.ToDateTimeUtc() });
        if (unit is not null)
        {
            command.Parameters.AddWithValue("unit", unit);
        }

        var groups = new Dictionary<(string?, string?), (ReportCounters Before, ReportCounters Through)>();
        void Count(Dossier? dossier)
        {
            if (dossier is null || DossierFacts.Of(dossier, zone) is not { } facts)
            {
                return;
            }

            var key = grouping switch
            {
                ReportGrouping.Field => (facts.FieldCode, (string?)null),
                ReportGrouping.Procedure => (facts.FieldCode, facts.ProcedureCode),
                _ => ((string?)null, (string?)null),
            };
            var (before, through) = groups.GetValueOrDefault(key, (ReportCounters.Zero, ReportCounters.Zero));
            foreach (var (day, counter) in facts.Contributions())
            {
                if (day < from)
                {
                    before += ReportCounters.Unit(counter);
                }

                if (day <= to)
                {
                    through += ReportCounters.Unit(counter);
                }
            }

            groups[key] = (before, through);
        }

        Guid? current = null;
        Dossier? state = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                var streamId = reader.GetGuid(0);
                if (streamId != current)
                {
                    Count(state);
                    (current, state) = (streamId, null);
                }

                if (!EventTypes.TryGetValue(reader.GetString(1), out var type))
                {
                    continue; // not a dossier event
                }

                var e = (IDossierEvent)JsonSerializer.Deserialize(reader.GetString(2), type, Json)!;
                state = state is null ? Dossier.Start(e) : state.Evolve(e);
            }
        }

        Count(state);
        var all = groups
            .Select(g => new GroupFigures(g.Key.Item1, g.Key.Item2, g.Value.Before, g.Value.Through))
            .OrderBy(g => g.FieldCode, StringComparer.Ordinal)
            .ThenBy(g => g.ProcedureCode, StringComparer.Ordinal)
            .ToList();
        return new PeriodResult(GroupFigures.Sum(null, null, all), grouping == ReportGrouping.None ? [] : all);
    }

    /// <summary>The store's event format: camelCase names, NodaTime values as ISO text, enums by name.</summary>
    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
