using System.Diagnostics;
using DossierLedger.Api.Procedures;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Units;
using Marten;
using NodaTime;

namespace DossierLedger.Api.Demo;

/// <summary>Loads the demo commune into the ledger through the ordinary append path (inline projections included).</summary>
/// <remarks>The demo is generated from the shipped catalogue, so versions published later never change it.</remarks>
public sealed class DemoLoader(IDocumentStore store, DossierDecider decider, UnitDirectory units, IClock clock, ILogger<DemoLoader> logger)
{
    /// <summary>The seed of the published demo history.</summary>
    public const int DefaultSeed = 2025;

    private const int StreamsPerTransaction = 500;

    /// <summary>
    /// The demo commune's place in the registry: Xã Kim Phượng under Huyện Định Hóa, Tỉnh Thái Nguyên. They are
    /// recorded as existing since 2000, the ledger's earliest date, not from their historical founding dates.
    /// </summary>
    public static readonly IReadOnlyList<IUnitEvent> Units =
    [
        new UnitEstablished("TN", "Tỉnh Thái Nguyên", UnitLevel.Province, null, new LocalDate(2000, 1, 1)),
        new UnitEstablished("DH", "Huyện Định Hóa", UnitLevel.District, "TN", new LocalDate(2000, 1, 1)),
        new UnitEstablished(DemoCommune.UnitCode, "Xã Kim Phượng", UnitLevel.Commune, "DH", new LocalDate(2000, 1, 1),
            Address: "Thôn Đồng Tâm, xã Kim Phượng, huyện Định Hóa, tỉnh Thái Nguyên"),
    ];

    /// <summary>
    /// Loads the demo unless the unit already has dossiers; returns how many dossiers were loaded. After each
    /// transaction <paramref name="progress"/> hears how many of the dossiers are stored and the events per second.
    /// </summary>
    public async Task<int> LoadIfEmptyAsync(int seed, CancellationToken cancellation, Action<DemoLoadProgress>? progress = null)
    {
        if ((await units.CurrentAsync(cancellation)).Find(DemoCommune.UnitCode) is null)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "seed-demo";
            var (outcome, _) = await units.RecordAsync(session, Units, null, cancellation);
            if (outcome.Violation is { } violation)
            {
                throw new InvalidOperationException($"The demo's units cannot be registered: {violation.Detail}");
            }
        }

        await using (var query = store.QuerySession())
        {
            if (await query.Query<Dossier>().AnyAsync(d => d.UnitCode == DemoCommune.UnitCode, cancellation))
            {
                logger.LogInformation("Demo unit {Unit} already has dossiers: nothing loaded", DemoCommune.UnitCode);
                return 0;
            }
        }

        var watch = Stopwatch.StartNew();
        var streams = new DemoCommune(ProcedureCatalogueFile.Load(), decider).Generate(seed, clock.GetCurrentInstant());
        await using (var query = store.QuerySession())
        {
            // With async projections the documents may not be there yet although the events are: ask the event store.
            if (await query.Events.FetchStreamStateAsync(streams[0][0].DossierId, cancellation) is not null)
            {
                logger.LogInformation("Demo unit {Unit} is loaded already (its projections are still catching up): nothing loaded", DemoCommune.UnitCode);
                return 0;
            }
        }

        var (events, stored) = (0, 0);
        foreach (var batch in streams.Chunk(StreamsPerTransaction))
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "seed-demo";
            session.CorrelationId = $"seed-demo-{seed}";
            foreach (var stream in batch)
            {
                session.Events.StartStream<Dossier>(stream[0].DossierId, stream.Cast<object>().ToArray());
                events += stream.Count;
            }

            await session.SaveChangesAsync(cancellation);
            stored += batch.Length;
            progress?.Invoke(new DemoLoadProgress(stored, streams.Count, events / Math.Max(watch.Elapsed.TotalSeconds, 0.001)));
        }

        logger.LogInformation("Loaded {Dossiers} demo dossiers ({Events} events) in {Seconds:F1} s",
            streams.Count, events, watch.Elapsed.TotalSeconds);
        return streams.Count;
    }
}

/// <summary>How far the demo's load is: dossiers stored of all, and the events stored per second so far.</summary>
public sealed record DemoLoadProgress(int Stored, int Total, double EventsPerSecond);
