using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Import;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using DossierLedger.Domain.Reports;
using FsCheck;
using FsCheck.Fluent;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The counters come out the same on every path that writes them: appended command by command through the inline
/// projection, rebuilt from the log, imported in batches. Each equals what the domain's <see cref="CounterChanges"/>
/// makes of the dossiers' folded facts, bucket by bucket, for random demo histories cut into random commands, with
/// channel and resolution corrections and voids mixed in.
/// </summary>
public sealed class CounterPathsProperties : IAsyncLifetime
{
    private static readonly DateTimeZone Zone = WorkingTimeCalendar.Vietnam.Zone;
    private static readonly Lazy<IReadOnlyList<IReadOnlyList<IDossierEvent>>> Pool = new(DemoHistories.Streams);

    /// <summary>Every dossier appended so far (a demo dossier is taken once), and what they count together.</summary>
    private readonly HashSet<Guid> _taken = [];
    private readonly CounterChanges _expected = new();

    private DocumentStore _inline = null!;
    private DocumentStore _imported = null!;

    /// <summary>Some dossiers of the demo, each cut into commands (how many events each appends), with a correction or void at times.</summary>
    public sealed record Case(IReadOnlyList<IReadOnlyList<IReadOnlyList<IDossierEvent>>> Dossiers)
    {
        public override string ToString() => $"{Dossiers.Count} dossiers, {Dossiers.Sum(d => d.Sum(c => c.Count))} events in {Dossiers.Sum(d => d.Count)} commands";
    }

    public async Task InitializeAsync()
    {
        _inline = Store(await TestDatabases.FreshAsync("dossierledger_paths_inline"));
        _imported = Store(await TestDatabases.FreshAsync("dossierledger_paths_import"));
        foreach (var store in new[] { _inline, _imported })
        {
            await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        }
    }

    public Task DisposeAsync()
    {
        _inline.Dispose();
        _imported.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Inline_rebuilt_and_imported_counters_equal_the_fold() =>
        Prop.ForAll(Cases().ToArbitrary(), c => CheckAsync(c).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(12));

    private static Gen<Case> Cases() =>
        from count in Gen.Choose(5, 60)
        from dossiers in Dossier().ListOf(count)
        select new Case([.. dossiers]);

    /// <summary>One demo dossier, maybe corrected or voided, cut into commands.</summary>
    private static Gen<List<IReadOnlyList<IDossierEvent>>> Dossier() =>
        from pick in Gen.Choose(0, Pool.Value.Count - 1)
        from ending in Gen.Choose(0, 5)
        from cuts in Gen.Choose(1, 3).ListOf(12)
        select Cut(Corrected(Pool.Value[pick], ending), [.. cuts]);

    /// <summary>0: as it is; 1: the channel corrected; 2: the resolution corrected a few days later; 3: voided.</summary>
    private static IReadOnlyList<IDossierEvent> Corrected(IReadOnlyList<IDossierEvent> stream, int ending)
    {
        if (stream[0] is not DossierReceived received)
        {
            return stream;
        }

        var last = stream[^1].OccurredAt;
        IDossierEvent? correction = ending switch
        {
            1 => new ChannelCorrected(received.DossierId, last, Guid.NewGuid(), received.Channel == Channel.Online ? Channel.Postal : Channel.Online, "kênh"),
            2 when stream.OfType<DossierResolved>().FirstOrDefault() is { } resolved => new ResolutionCorrected(
                received.DossierId, last, Guid.NewGuid(), resolved.OccurredAt.Plus(Duration.FromDays(3)), Timeliness.Overdue, "ngày"),
            3 => new DossierVoided(received.DossierId, last, Guid.NewGuid(), "trùng"),
            _ => null,
        };
        return correction is null ? stream : [.. stream, correction];
    }

    private static List<IReadOnlyList<IDossierEvent>> Cut(IReadOnlyList<IDossierEvent> stream, int[] sizes)
    {
        var commands = new List<IReadOnlyList<IDossierEvent>>();
        for (int at = 0, i = 0; at < stream.Count; at += sizes[i % sizes.Length], i++)
        {
            commands.Add([.. stream.Skip(at).Take(sizes[i % sizes.Length])]);
        }

        return commands;
    }

    private async Task<bool> CheckAsync(Case c)
    {
        c = new Case([.. c.Dossiers.Where(d => _taken.Add(d[0][0].DossierId))]);
        var histories = c.Dossiers.Select(d => d.SelectMany(command => command).ToList()).ToList();
        foreach (var history in histories)
        {
            _expected.Add([], DossierFacts.Of(Domain.Dossiers.Dossier.Fold(history), Zone));
        }

        // Command by command, the dossiers interleaved: each command appends to its dossier's stream in its own session.
        var rounds = c.Dossiers.Max(d => d.Count);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var dossier in c.Dossiers.Where(d => d.Count > round))
            {
                await using var session = _inline.LightweightSession();
                var events = dossier[round].Cast<object>().ToArray();
                if (round == 0)
                {
                    session.Events.StartStream<Domain.Dossiers.Dossier>(dossier[0][0].DossierId, events);
                }
                else
                {
                    session.Events.Append(dossier[0][0].DossierId, events);
                }

                await session.SaveChangesAsync();
            }
        }

        await ShouldEqualAsync(_inline, _expected, "inline");

        var rebuilder = new ProjectionRebuilder(
            _inline, new DossierDecider(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date), new ProjectionSettings(ProjectionMode.Inline, ProjectionSettings.DefaultHeartbeat, ProjectionSettings.DefaultNodeTimeout),
            new ServiceCollection().BuildServiceProvider(), NullLogger<ProjectionRebuilder>.Instance);
        await rebuilder.RebuildAsync(null, CancellationToken.None);
        await ShouldEqualAsync(_inline, _expected, "rebuilt");

        var writer = new ImportWriter(_imported, "paths", "paths");
        foreach (var batch in histories.Chunk(7))
        {
            await writer.WriteAsync(
                [.. batch.Select(h => new ReadyDossier(
                    new ReplayedHistory(h[0].DossierId, h, Domain.Dossiers.Dossier.Fold(h)), UnitOf(h), Domain.Dossiers.Dossier.Fold(h).ReceiptNo, 0))],
                dryRun: false, CancellationToken.None);
        }

        await ShouldEqualAsync(_imported, _expected, "imported");
        return true;
    }

    private static string UnitOf(IReadOnlyList<IDossierEvent> history) => Domain.Dossiers.Dossier.Fold(history).UnitCode;

    /// <summary>The stored counters that count something, in both tables, as the expected changes have them.</summary>
    private static async Task ShouldEqualAsync(DocumentStore store, CounterChanges expected, string path)
    {
        await CounterTables.CompactAsync(store, wait: true, CancellationToken.None);
        foreach (var (table, rows) in new[] { (CounterTables.Detailed, expected.Detailed), (CounterTables.Units, expected.UnitTotals) })
        {
            var detailed = table == CounterTables.Detailed;
            var wanted = rows.Where(r => r.Value.Any(v => v != 0))
                .Select(r => $"{r.Key.UnitCode}|{(char)r.Key.Grain}|{r.Key.Start:uuuu-MM-dd}" +
                    (detailed ? $"|{r.Key.FieldCode}|{r.Key.ProcedureCode}" : "") + "|" + string.Join(",", r.Value))
                .Order(StringComparer.Ordinal)
                .ToList();
            var key = detailed ? "unit_code, grain, bucket, field_code, procedure_code" : "unit_code, grain, bucket";
            await using var session = store.QuerySession();
            var stored = await session.AdvancedSql.QueryAsync<string>(
                $"SELECT concat_ws('|', {key}, concat_ws(',', {string.Join(", ", CounterTables.CounterColumns)})) FROM {table} WHERE {TestDatabases.CountingBuckets}",
                CancellationToken.None);
            stored.Order(StringComparer.Ordinal).ToList().ShouldBe(wanted, $"{path}: {table}");
        }
    }

    private static DocumentStore Store(string connectionString) => DocumentStore.For(options =>
    {
        options.Connection(new ChainKey(NodeProcess.ChainKey).Apply(connectionString));
        HostSetup.ConfigureStore(options);
    });
}
