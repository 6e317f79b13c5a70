using System.Net;
using System.Text.Json;
using DossierLedger.Api.Demo;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>The demo commune loaded through the ledger, and its reports read over HTTP.</summary>
[Collection(LedgerCollection.Name)]
public sealed class SeedCommuneReportTests(LedgerFixture ledger)
{
    [Fact]
    public async Task The_demo_range_reproduces_the_seed_report()
    {
        var report = await ledger.ReportAsync(DemoCommune.UnitCode, "2021-01-01", "2025-04-14");

        Figures(report).ShouldBe(DemoCommune.Expected);
        report.GetProperty("received").GetProperty("directOrPostal").GetInt64().ShouldBe(6372);
        report.GetProperty("rates").GetProperty("onTime").GetDouble().ShouldBe(15021.0 / 15022, 1e-12);
        report.GetProperty("rates").GetProperty("online").GetDouble().ShouldBe(8658.0 / 15030, 1e-12);
        report.GetProperty("ratios").GetProperty("onTime").GetProperty("numerator").GetInt64().ShouldBe(15021);
        // Số hóa: 15034 of 15034 dossiers digitized, as the commune reported.
        Quality(report).Digitization.ShouldBe(new Ratio(15034, 15034));
        Quality(report).OnlineReception.ShouldBe(new FactoredRatio(8658, 15030, RateFactor.NoNationalPortalFeed));
        var scores = report.GetProperty("scores");
        scores.GetProperty("onlineReception").GetProperty("target").GetDouble().ShouldBe(0.5);
        scores.GetProperty("onlineReception").GetProperty("achievement").GetDouble().ShouldBe(1.0);
        scores.GetProperty("digitization").GetProperty("achievement").GetDouble().ShouldBe(1.0);
    }

    [Fact]
    public async Task Any_range_matches_the_definitions_applied_to_every_dossier()
    {
        await using var session = ledger.Store.QuerySession();
        var dossiers = await session.Query<Dossier>().Where(d => d.UnitCode == DemoCommune.UnitCode).ToListAsync();
        var facts = dossiers.SelectMany(d => DossierFacts.Of(d, WorkingTimeCalendar.Vietnam.Zone)).ToList();
        var random = new Random(42);
        var ranges = new List<(LocalDate From, LocalDate To)>
        {
            (new LocalDate(2021, 1, 1), new LocalDate(2021, 1, 1)),
            (new LocalDate(2020, 12, 1), new LocalDate(2025, 12, 31)),
            (new LocalDate(2024, 12, 15), new LocalDate(2025, 3, 14)),
        };
        for (var i = 0; i < 12; i++)
        {
            var from = new LocalDate(2020, 12, 1).PlusDays(random.Next(1650));
            ranges.Add((from, from.PlusDays(random.Next(0, 400))));
        }

        foreach (var (from, to) in ranges)
        {
            var report = await ledger.ReportAsync(DemoCommune.UnitCode, Iso(from), Iso(to));
            Figures(report).ShouldBe(PeriodFigures.FromDefinition(facts, from, to), $"{from}..{to}");
            Quality(report).ShouldBe(QualityFigures.FromDefinition(facts, from, to), $"{from}..{to}");
        }
    }

    [Fact]
    public async Task Grouped_rows_add_up_to_the_total()
    {
        foreach (var groupBy in new[] { "field", "procedure" })
        {
            var (status, report, _) = await ledger.GetAsync($"/api/reports/period?from=2022-01-01&to=2022-12-31&unit=KP&groupBy={groupBy}");
            status.ShouldBe(HttpStatusCode.OK);
            var groups = report.GetProperty("groups").EnumerateArray().ToList();
            groups.Count.ShouldBeGreaterThan(groupBy == "field" ? 5 : 15);
            groups.Sum(g => g.GetProperty("received").GetProperty("total").GetInt64())
                .ShouldBe(report.GetProperty("received").GetProperty("total").GetInt64());
            groups.Sum(g => g.GetProperty("resolved").GetProperty("early").GetInt64())
                .ShouldBe(report.GetProperty("resolved").GetProperty("early").GetInt64());
            groups.ShouldAllBe(g => g.GetProperty("fieldName").GetString() != null);
        }
    }

    [Fact]
    public async Task Processing_time_is_given_per_procedure_and_not_on_sums_of_procedures_with_different_units()
    {
        var (status, report, _) = await ledger.GetAsync("/api/reports/period?from=2024-01-01&to=2024-12-31&unit=KP&groupBy=procedure");
        status.ShouldBe(HttpStatusCode.OK);

        Quality(report).ProcessingTime.ShouldSatisfyAllConditions(
            t => t.Unit.ShouldBeNull(), t => t.Value.ShouldBeNull(), t => t.Dossiers.ShouldBe(Figures(report).Resolved.Total));
        var rows = report.GetProperty("groups").EnumerateArray().Select(Quality).Where(q => q.ProcessingTime.Dossiers > 0).ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(q => q.ProcessingTime.Unit != null && q.ProcessingTime.Value > 0);
        rows.Select(q => q.ProcessingTime.Unit).Distinct().Count().ShouldBeGreaterThan(1);
    }

    [Theory]
    [InlineData("2025-Q1", "admin", "2024-12-15", "2025-03-14")]
    [InlineData("2024", "calendar", "2024-01-01", "2024-12-31")]
    [InlineData("2023-H2", null, "2023-07-01", "2023-12-31")]
    public async Task A_named_period_is_the_same_report_as_its_dates(string period, string? window, string from, string to)
    {
        var (status, named, _) = await ledger.GetAsync(
            $"/api/reports/period?period={period}&unit=KP" + (window is null ? "" : $"&window={window}"));

        status.ShouldBe(HttpStatusCode.OK, named.ToString());
        named.GetProperty("from").GetString().ShouldBe(from);
        named.GetProperty("to").GetString().ShouldBe(to);
        named.GetProperty("window").GetString().ShouldBe(window ?? "calendar");
        Figures(named).ShouldBe(Figures(await ledger.ReportAsync("KP", from, to)));
    }

    [Fact]
    public async Task Bieu06_lays_out_fields_with_their_procedures_and_a_total_that_agree_with_the_report()
    {
        var (status, table, _) = await ledger.GetAsync("/api/reports/bieu06?period=2024&unit=KP");
        status.ShouldBe(HttpStatusCode.OK, table.ToString());
        var (_, byField, _) = await ledger.GetAsync("/api/reports/period?period=2024&unit=KP&groupBy=field");

        Figures(table.GetProperty("total")).ShouldBe(Figures(byField));
        var fields = table.GetProperty("fields").EnumerateArray().ToList();
        fields.Count.ShouldBe(byField.GetProperty("groups").GetArrayLength());
        foreach (var (row, expected) in fields.Zip(byField.GetProperty("groups").EnumerateArray()))
        {
            var field = row.GetProperty("field");
            Figures(field).ShouldBe(Figures(expected));
            var procedures = row.GetProperty("procedures").EnumerateArray().ToList();
            procedures.ShouldNotBeEmpty();
            procedures.ShouldAllBe(p => p.GetProperty("fieldCode").GetString() == field.GetProperty("fieldCode").GetString());
            procedures.Sum(p => p.GetProperty("received").GetProperty("total").GetInt64())
                .ShouldBe(field.GetProperty("received").GetProperty("total").GetInt64());
            procedures.ShouldAllBe(p => p.GetProperty("procedureName").GetString() != null);
        }
    }

    [Fact]
    public async Task Loading_the_demo_twice_loads_it_once()
    {
        var before = await ledger.EventCountAsync();

        var loaded = await ledger.Host.Services.GetRequiredService<DemoLoader>().LoadIfEmptyAsync(DemoLoader.DefaultSeed, CancellationToken.None);

        loaded.ShouldBe(0);
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Demo_events_carry_who_recorded_them()
    {
        await using var session = ledger.Store.QuerySession();
        var dossier = await session.Query<Dossier>().FirstAsync(d => d.UnitCode == DemoCommune.UnitCode);
        var events = await session.Events.FetchStreamAsync(dossier.Id);

        events[0].Data.ShouldBeOfType<DossierReceived>();
        events.ShouldAllBe(e => e.UserName == "seed-demo" && e.CorrelationId == "seed-demo-2025");
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    internal static QualityFigures Quality(JsonElement report)
    {
        var quality = report.GetProperty("quality");
        Ratio Read(JsonElement ratio) => new(ratio.GetProperty("numerator").GetInt64(), ratio.GetProperty("denominator").GetInt64());
        var satisfaction = quality.GetProperty("satisfaction");
        var online = quality.GetProperty("onlineReception");
        var factor = online.GetProperty("factor");
        var time = quality.GetProperty("processingTime");
        return new QualityFigures(
            Read(quality.GetProperty("progress")),
            new FactoredRatio(
                online.GetProperty("numerator").GetInt64(), online.GetProperty("denominator").GetInt64(),
                new RateFactor(factor.GetProperty("value").GetDouble(), factor.GetProperty("basis").GetString()!)),
            Read(quality.GetProperty("onlinePayment")),
            Read(quality.GetProperty("digitization")),
            new SatisfactionFigures(Read(satisfaction.GetProperty("overdueRate")), Read(satisfaction.GetProperty("complaintRate"))),
            new ProcessingTimeFigures(
                time.GetProperty("dossiers").GetInt64(),
                time.GetProperty("unit").ValueKind == JsonValueKind.Null ? null : Enum.Parse<ProcessingTimeUnit>(time.GetProperty("unit").GetString()!, ignoreCase: true),
                time.GetProperty("total").ValueKind == JsonValueKind.Null ? null : time.GetProperty("total").GetDecimal()),
            Read(quality.GetProperty("electronicResults")),
            Read(quality.GetProperty("dataReuse")),
            Read(quality.GetProperty("digitizedComponents")));
    }

    internal static PeriodFigures Figures(JsonElement report)
    {
        long Get(string group, string name) => report.GetProperty(group).GetProperty(name).GetInt64();
        return new PeriodFigures(
            new ReceivedFigures(Get("received", "total"), Get("received", "carriedOver"), Get("received", "new"),
                Get("received", "online"), Get("received", "direct"), Get("received", "postal")),
            new ResolvedFigures(Get("resolved", "total"), Get("resolved", "early"), Get("resolved", "onTime"), Get("resolved", "overdue")),
            new ClosedOtherFigures(Get("closedOther", "withdrawn"), Get("closedOther", "stopped")),
            new PendingFigures(Get("pending", "total"), Get("pending", "withinDeadline"), Get("pending", "overdue")));
    }
}
