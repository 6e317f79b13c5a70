using System.Diagnostics;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Procedures;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using JasperFx.CommandLine;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace DossierLedger.Api.Demo;

public sealed class SyntheticLoadInput : NetCoreInput
{
    [Description("How many synthetic units to load; each holds a demo-commune-sized history (about 15,000 dossiers, 80,000 events)")]
    public int UnitsFlag { get; set; } = 1;

    [Description("Write only each dossier's report facts (and through them the counters), no events: a reports-only ledger")]
    public bool FactsOnlyFlag { get; set; }

    [Description("Leave linking the events into the hash chain to the API's linker (or verify-chain), as import does")]
    public bool LeavePendingFlag { get; set; }
}

/// <summary>
/// <c>load-synthetic</c>: a large ledger for measurements — the demo commune's kind of history generated again
/// under units SYN001, SYN002, … with other seeds, appended with Marten's bulk COPY path. The units are registered as
/// communes of one synthetic province, SYN, for roll-up measurements. Only the event log (and its chain) is written;
/// <c>rebuild</c> derives the projections from it when they are wanted. With <c>--facts-only</c> it writes the opposite:
/// each dossier's facts row as its history leaves it, with the counters they add, and no events — how
/// report latency is measured at a size whose event log would not fit the machine's disk.
/// </summary>
[Description("Bulk-load synthetic units into the event log, for measurements", Name = "load-synthetic")]
public sealed class SyntheticLoadCommand : JasperFxAsyncCommand<SyntheticLoadInput>
{
    public override async Task<bool> Execute(SyntheticLoadInput input)
    {
        using var host = await CommandHost.BuildWithSchemaAsync(input);
        var services = host.Services;
        var store = services.GetRequiredService<IDocumentStore>();
        var decider = services.GetRequiredService<DossierDecider>();
        var catalogue = ProcedureCatalogueFile.Load();
        var registry = (IEventRegistry)((DocumentStore)store).Options.Events;
        var linker = services.GetRequiredService<ChainLinker>();
        var now = SystemClock.Instance.GetCurrentInstant();
        await RegisterAsync(services, store, input.UnitsFlag);
        var watch = Stopwatch.StartNew();
        long dossiers = 0, events = 0;
        IReadOnlyList<IReadOnlyList<IDossierEvent>> Generate(int unit) => new DemoCommune(catalogue, decider, $"SYN{unit:D3}").Generate(unit, now);
        var next = Task.Run(() => Generate(1));
        var linking = Task.CompletedTask;
        for (var unit = 1; unit <= input.UnitsFlag; unit++)
        {
            // The next unit is generated while this one is written.
            var streams = await next;
            var following = unit + 1;
            next = following <= input.UnitsFlag ? Task.Run(() => Generate(following)) : next;
            if (input.FactsOnlyFlag)
            {
                await CopyFactsAsync(store, streams, decider.Calendar.Zone);
            }
            else
            {
                var actions = streams.Select(s => StreamAction.Start(registry, s[0].DossierId, s.Cast<object>().ToArray())).ToList();
                await store.BulkInsertEventsAsync(actions, 5000);
                // Each unit is linked into the chain while the next one is written, as an API node's linker would link
                // it, so the load leaves a ledger with nothing pending, and its time includes the linking.
                await linking;
                linking = input.LeavePendingFlag ? Task.CompletedTask : linker.LinkPendingAsync(wait: true, CancellationToken.None);
            }

            dossiers += streams.Count;
            events += streams.Sum(s => s.Count);
            Console.WriteLine($"SYN{unit:D3}: {dossiers:N0} dossiers, {events:N0} events, {events / watch.Elapsed.TotalSeconds:N0} events/s");
        }

        await linking;
        if (input.FactsOnlyFlag)
        {
            await CounterTables.CompactAsync(store, wait: true, CancellationToken.None);
        }

        Console.WriteLine(input.FactsOnlyFlag
            ? $"Loaded the facts of {dossiers:N0} dossiers (histories of {events:N0} events, not stored) in {watch.Elapsed.TotalSeconds:F0} s."
            : $"Loaded {dossiers:N0} dossiers ({events:N0} events) in {watch.Elapsed.TotalSeconds:F0} s.");
        return true;
    }

    /// <summary>Each history folded to the facts the projection would leave, stored with what they count.</summary>
    private static async Task CopyFactsAsync(IDocumentStore store, IReadOnlyList<IReadOnlyList<IDossierEvent>> streams, DateTimeZone zone)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        DossierFactsTable.Add(connection, streams.Select(s => (s[0].DossierId, DossierFacts.Of(Dossier.Fold(s), zone))));
        await transaction.CommitAsync();
    }

    /// <summary>Registers province SYN and the communes SYN001… not registered yet.</summary>
    private static async Task RegisterAsync(IServiceProvider services, IDocumentStore store, int units)
    {
        var directory = services.GetRequiredService<UnitDirectory>();
        var registry = await directory.CurrentAsync(CancellationToken.None);
        var since = new LocalDate(2000, 1, 1);
        var changes = new List<IUnitEvent>();
        if (registry.Find("SYN") is null)
        {
            changes.Add(new UnitEstablished("SYN", "Synthetic province", UnitLevel.Province, null, since));
        }

        changes.AddRange(Enumerable.Range(1, units)
            .Select(unit => $"SYN{unit:D3}")
            .Where(code => registry.Find(code) is null)
            .Select(code => new UnitEstablished(code, $"Synthetic commune {code}", UnitLevel.Commune, "SYN", since)));
        if (changes.Count > 0)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "load-synthetic";
            var (outcome, _) = await directory.RecordAsync(session, changes, null, CancellationToken.None);
            if (outcome.Violation is { } violation)
            {
                throw new InvalidOperationException($"The synthetic units cannot be registered: {violation.Detail}");
            }
        }
    }
}
