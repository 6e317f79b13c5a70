using BenchmarkDotNet.Attributes;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Procedures;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using NodaTime;

namespace DossierLedger.Benchmarks.Micro;

/// <summary>
/// The pure work behind every command and report, in process: deciding a receipt and a resolution, computing a
/// due instant, folding a whole commune's history into report facts, and a province's coverage in a national registry.
/// </summary>
[MemoryDiagnoser]
public class DomainBenchmarks
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 1, 0, 0);
    private readonly DossierDecider _decider = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
    private readonly ProcedureCatalogue _catalogue = ProcedureCatalogueFile.Load();
    private Procedure _procedure = null!;
    private IReadOnlyList<IReadOnlyList<IDossierEvent>> _commune = null!;
    private UnitRegistry _nation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _procedure = _catalogue.FindAt("1.004873", Now)!;
        _commune = new DemoCommune(_catalogue, _decider).Generate(DemoLoader.DefaultSeed, Now);
        // 34 provinces of about 100 communes each, as after the 2025 reform.
        var since = new LocalDate(2025, 7, 1);
        var changes = new List<IUnitEvent>();
        for (var p = 1; p <= 34; p++)
        {
            changes.Add(new UnitEstablished($"P{p:D2}", $"Tỉnh {p}", UnitLevel.Province, null, since));
            changes.AddRange(Enumerable.Range(1, 98).Select(c => new UnitEstablished($"P{p:D2}C{c:D3}", $"Xã {c}", UnitLevel.Commune, $"P{p:D2}", since)));
        }

        _nation = UnitRegistry.Fold(changes);
    }

    [Benchmark(Description = "decide a receipt and its resolution")]
    public Dossier ReceiveAndResolve()
    {
        var received = _decider.Decide(null, new ReceiveDossier(Guid.Empty, "KP-260101-000001", "KP", _procedure, Channel.Online, Instant.FromUtc(2025, 3, 10, 1, 0), null), Now);
        var dossier = Dossier.Fold(received.Events);
        return Dossier.Fold([.. received.Events, .. _decider.Decide(dossier, new ResolveDossier(Instant.FromUtc(2025, 3, 11, 2, 0)), Now).Events]);
    }

    [Benchmark(Description = "due instant, 15 working days")]
    public Instant DueAt() => WorkingTimeCalendar.Vietnam.DueAt(Instant.FromUtc(2025, 1, 20, 2, 0), new TimeLimit(15, TimeLimitUnit.WorkingDays));

    [Benchmark(Description = "fold a commune's 80,598 events into report facts")]
    public int FoldCommune()
    {
        var counted = 0;
        foreach (var stream in _commune)
        {
            if (DossierFacts.Of(Dossier.Fold(stream), WorkingTimeCalendar.Vietnam.Zone).Count > 0)
            {
                counted++;
            }
        }

        return counted;
    }

    [Benchmark(Description = "coverage of a province among 3,366 units")]
    public int ProvinceCoverage() => _nation.Coverage("P17", new LocalDate(2025, 7, 1), new LocalDate(2025, 12, 31)).Count;
}
