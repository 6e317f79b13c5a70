using DossierLedger.Api.Demo;
using DossierLedger.Api.Procedures;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Api.Tests.Demo;

/// <summary>The demo history on its own, without a database: its figures come from the definitions.</summary>
public sealed class DemoCommuneTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 1, 0, 0);

    private static IReadOnlyList<IReadOnlyList<IDossierEvent>> Generate(int seed) =>
        new DemoCommune(ProcedureCatalogueFile.Load(),
            new DossierDecider(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date)).Generate(seed, Now);

    [Fact]
    public void Reproduces_the_seed_commune_figures()
    {
        var streams = Generate(seed: 2025);
        var facts = streams.SelectMany(s => DossierFacts.Of(Dossier.Fold(s), WorkingTimeCalendar.Vietnam.Zone));

        var figures = PeriodFigures.FromDefinition(facts, DemoCommune.From, DemoCommune.To);

        figures.ShouldBe(DemoCommune.Expected);
        streams.Count.ShouldBe(15034 + DemoCommune.WithdrawnBeforeRangeCount);
    }

    [Fact]
    public void Is_deterministic_for_a_seed_and_varies_between_seeds()
    {
        var first = Generate(seed: 7).Take(50).SelectMany(s => s).ToList();
        var again = Generate(seed: 7).Take(50).SelectMany(s => s).ToList();
        var other = Generate(seed: 8).Take(50).SelectMany(s => s).ToList();

        again.ShouldBe(first);
        other.ShouldNotBe(first);
    }

    [Fact]
    public void Uses_the_whole_lifecycle()
    {
        var events = Generate(seed: 2025).SelectMany(s => s).ToList();

        // Every dossier of the report is digitized (15034 of 15034 in the seed report).
        events.OfType<DossierDigitized>().Count().ShouldBe(15034);
        events.OfType<SupplementRequested>().Count().ShouldBeGreaterThan(20);
        events.OfType<SupplementReceived>().Count().ShouldBe(events.OfType<SupplementRequested>().Count());
        events.OfType<PaymentReceived>().Count().ShouldBeGreaterThan(1000);
        events.OfType<PaymentReceived>().ShouldContain(p => p.Method == PaymentMethod.NationalPortal);
        events.OfType<DossierTransferred>().Count().ShouldBeGreaterThan(50);
        events.OfType<ApologyIssued>().Count().ShouldBe(1);
        events.OfType<DossierWithdrawn>().ShouldAllBe(w => w.OccurredAt < Instant.FromUtc(2020, 12, 31, 17, 0));
    }

    [Fact]
    public void Uses_a_realistic_mix_of_procedures_days_and_hours()
    {
        var received = Generate(seed: 2025).Select(s => (DossierReceived)s[0]).ToList();
        var zone = WorkingTimeCalendar.Vietnam.Zone;

        received.Select(r => r.ProcedureCode).Distinct().Count().ShouldBeGreaterThan(15);
        received.Count(r => r.FieldCode == "HT").ShouldBeGreaterThan(received.Count / 3);
        received.Where(r => r.Channel != Channel.Online)
            .ShouldAllBe(r => WorkingTimeCalendar.Vietnam.Days.IsWorkingDay(r.OccurredAt.InZone(zone).Date));
        received.Count(r => r.OccurredAt.InZone(zone).Hour >= 17).ShouldBeGreaterThan(0);
    }
}
