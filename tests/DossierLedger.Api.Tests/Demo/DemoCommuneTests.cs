using DossierLedger.Api.Demo;
using DossierLedger.Api.Procedures;
using DossierLedger.Api.Reports;
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
    public void Gives_the_QD_766_indicators_quoted_in_the_docs()
    {
        var facts = Generate(seed: 2025).SelectMany(s => DossierFacts.Of(Dossier.Fold(s), WorkingTimeCalendar.Vietnam.Zone)).ToList();

        var quality = QualityFigures.FromDefinition(facts, DemoCommune.From, DemoCommune.To);

        quality.Progress.ShouldBe(new Ratio(15033, 15034));
        quality.OnlineReception.ShouldBe(new FactoredRatio(8658, 15030, RateFactor.NoNationalPortalFeed));
        quality.OnlinePayment.ShouldBe(new Ratio(463, 2125));
        quality.ElectronicResults.ShouldBe(new Ratio(15022, 15022));
        quality.Digitization.ShouldBe(new Ratio(15034, 15034));
        quality.DataReuse.ShouldBe(new Ratio(4703, 15030));
        quality.Satisfaction.ShouldBe(new SatisfactionFigures(new Ratio(1, 15022), new Ratio(36, 15022)));
        quality.ProcessingTime.ShouldBe(new ProcessingTimeFigures(15022, null, null), "the commune's procedures have limits in several units");
        var procedure = facts.Where(f => f.ProcedureCode == "2.001016").ToList();
        QualityFigures.FromDefinition(procedure, DemoCommune.From, DemoCommune.To).ProcessingTime
            .ShouldBe(new ProcessingTimeFigures(2230, ProcessingTimeUnit.WorkingDays, 1568.213m));
    }

    [Fact]
    public void Prints_the_QD_766_lines_the_readme_quotes()
    {
        var facts = Generate(seed: 2025).SelectMany(s => DossierFacts.Of(Dossier.Fold(s), WorkingTimeCalendar.Vietnam.Zone)).ToList();
        ReportCounters Through(LocalDate last) => facts.SelectMany(f => f.Counted()).Where(c => c.Day <= last)
            .Aggregate(ReportCounters.Zero, (sum, c) => sum + ReportCounters.Unit(c.Counter, c.Amount));
        var result = new PeriodResult(new GroupFigures(null, null, Through(DemoCommune.From.PlusDays(-1)), Through(DemoCommune.To)), []);
        var report = PeriodReportEndpoint.Compose(
            result, ProcedureCatalogueFile.Load(), new IndicatorTargets(), DemoCommune.UnitCode, null, DemoCommune.From, DemoCommune.To, ReportGrouping.None);
        var output = new StringWriter();

        Bieu06Printer.PrintIndicators(report, output);

        output.ToString().Split(Environment.NewLine).Take(4).ShouldBe(
        [
            "Chỉ số QĐ 766/QĐ-TTg (tỷ lệ; mức đạt so với chỉ tiêu):",
            "  2.1 Tiến độ giải quyết: 15.033/15.034 = 99,99 %; đạt 99,99 % số điểm (chỉ tiêu 100 %)",
            "  2.2 Thời gian giải quyết trung bình: tính theo từng thủ tục (các thủ tục có đơn vị thời hạn khác nhau)",
            "  3.3 Tiếp nhận trực tuyến: 8.658/15.030 = 57,60 % × tỷ lệ đồng bộ 1 (chưa kết nối Cổng DVC quốc gia); đạt 100,00 % số điểm (chỉ tiêu 50 %)",
        ]);
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
