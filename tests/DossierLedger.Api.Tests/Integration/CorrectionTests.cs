using System.Net;
using System.Text.Json;
using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Corrections: appended, naming what they supersede; views, reports and history follow.</summary>
[Collection(LedgerCollection.Name)]
public sealed class CorrectionTests(LedgerFixture ledger)
{
    private async Task<IReadOnlyList<JsonElement>> HistoryAsync(Guid id) =>
        [.. (await ledger.GetAsync($"/api/audit/events?dossier={id}")).Body.GetProperty("items").EnumerateArray()];

    private Task<JsonElement> ReportAsync(string unit) => ledger.ReportAsync(unit, "2025-03-01", "2025-03-31");

    [Fact]
    public async Task A_wrong_channel_is_corrected_in_the_view_the_report_and_the_history()
    {
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00", channel: "direct");
        var receipt = (await HistoryAsync(id))[0].GetProperty("eventId").GetGuid();

        var (status, view, _) = await ledger.PostAsync($"/api/dossiers/{id}/corrections/channel",
            new { supersedes = receipt, channel = "online", reason = "Nộp trên Cổng DVC, nhập nhầm kênh" },
            await ledger.AsAsync("supervisor"));

        status.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("channel").GetString().ShouldBe("online");
        var received = SeedCommuneReportTests.Figures(await ReportAsync(unit)).Received;
        (received.Online, received.Direct).ShouldBe((1L, 0L));
        var history = await HistoryAsync(id);
        history.Select(e => e.GetProperty("type").GetString()).ShouldBe(["DossierReceived", "ChannelCorrected"]);
        history[0].GetProperty("data").GetProperty("channel").GetString().ShouldBe("Direct");
        history[1].GetProperty("data").GetProperty("supersededEventId").GetGuid().ShouldBe(receipt);
        history[1].GetProperty("user").GetString().ShouldBe("supervisor");
    }

    [Fact]
    public async Task A_wrong_resolution_instant_is_corrected_and_timeliness_judged_again()
    {
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00"); // due 13/3 08:00
        await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-11T08:00:00+07:00" });
        var resolution = (await HistoryAsync(id))[1].GetProperty("eventId").GetGuid();
        SeedCommuneReportTests.Figures(await ReportAsync(unit)).Resolved.Early.ShouldBe(1);

        var (status, view, _) = await ledger.PostAsync($"/api/dossiers/{id}/corrections/resolution",
            new { supersedes = resolution, resolvedAt = "2025-03-14T09:00:00+07:00", reason = "Ngày ký quyết định nhập sai" });

        status.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("resolvedAt").GetString().ShouldBe("2025-03-14T09:00:00+07:00");
        view.GetProperty("timeliness").GetString().ShouldBe("overdue");
        SeedCommuneReportTests.Figures(await ReportAsync(unit)).Resolved.ShouldBe(new DossierLedger.Domain.Reports.ResolvedFigures(1, 0, 0, 1));
        (await HistoryAsync(id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_dossier_entered_twice_is_voided_out_of_every_figure_but_not_out_of_history()
    {
        var unit = LedgerFixture.NewUnit();
        await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00");
        var twice = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00");
        var receipt = (await HistoryAsync(twice))[0].GetProperty("eventId").GetGuid();

        var (status, view, _) = await ledger.PostAsync($"/api/dossiers/{twice}/corrections/void",
            new { supersedes = receipt, reason = "Nhập trùng hồ sơ" });

        status.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("voided").GetBoolean().ShouldBeTrue();
        SeedCommuneReportTests.Figures(await ReportAsync(unit)).Received.Total.ShouldBe(1);
        (await ledger.GetAsync($"/api/dossiers?unit={unit}")).Body.GetProperty("total").GetInt64().ShouldBe(1);
        (await HistoryAsync(twice)).Select(e => e.GetProperty("type").GetString()).ShouldBe(["DossierReceived", "DossierVoided"]);
        var (later, rule, _) = await ledger.PostAsync($"/api/dossiers/{twice}/resolution", new { at = "2025-03-11T08:00:00+07:00" });
        later.ShouldBe(HttpStatusCode.Conflict);
        rule.GetProperty("rule").GetString().ShouldBe("dossier-voided");
    }

    [Fact]
    public async Task Corrections_are_reproduced_by_the_refold_and_asKnownAt_before_them_shows_the_original()
    {
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00", channel: "postal");
        var receipt = (await HistoryAsync(id))[0].GetProperty("eventId").GetGuid();
        await Task.Delay(50);
        var before = LedgerFixture.NowForQuery();
        await Task.Delay(50);
        await ledger.PostAsync($"/api/dossiers/{id}/corrections/channel", new { supersedes = receipt, channel = "direct", reason = "sai" });

        var (_, asKnown, _) = await ledger.GetAsync($"/api/reports/period?from=2025-03-01&to=2025-03-31&unit={unit}&asKnownAt={before}");
        var now = LedgerFixture.NowForQuery();
        var (_, refolded, _) = await ledger.GetAsync($"/api/reports/period?from=2025-03-01&to=2025-03-31&unit={unit}&asKnownAt={now}");

        SeedCommuneReportTests.Figures(asKnown).Received.Postal.ShouldBe(1);
        SeedCommuneReportTests.Figures(refolded).ShouldBe(SeedCommuneReportTests.Figures(await ReportAsync(unit)));
        SeedCommuneReportTests.Figures(refolded).Received.Direct.ShouldBe(1);
    }

    [Theory]
    [InlineData("channel", "{\"channel\":\"online\",\"reason\":\"x\"}", HttpStatusCode.BadRequest, "supersedes")]
    [InlineData("channel", "{\"supersedes\":\"nope\",\"channel\":\"online\",\"reason\":\"x\"}", HttpStatusCode.BadRequest, "supersedes")]
    [InlineData("channel", "{\"supersedes\":\"00000000-0000-0000-0000-000000000001\",\"channel\":\"online\"}", HttpStatusCode.BadRequest, "reason")]
    [InlineData("resolution", "{\"supersedes\":\"00000000-0000-0000-0000-000000000001\",\"reason\":\"x\"}", HttpStatusCode.BadRequest, "resolvedAt")]
    [InlineData("channel", "{\"supersedes\":\"00000000-0000-0000-0000-000000000001\",\"channel\":\"online\",\"reason\":\"x\"}", HttpStatusCode.Conflict, "superseded-event-not-found")]
    public async Task Bad_corrections_write_nothing(string kind, string json, HttpStatusCode expected, string fieldOrRule)
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");

        var (status, body, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/dossiers/{id}/corrections/{kind}", json);

        status.ShouldBe(expected, body.ToString());
        if (expected == HttpStatusCode.BadRequest)
        {
            body.GetProperty("errors").TryGetProperty(fieldOrRule, out _).ShouldBeTrue(body.ToString());
        }
        else
        {
            body.GetProperty("rule").GetString().ShouldBe(fieldOrRule);
        }

        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_correction_must_supersede_the_right_kind_of_event()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        var receipt = (await HistoryAsync(id))[0].GetProperty("eventId").GetGuid();

        var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/corrections/resolution",
            new { supersedes = receipt, resolvedAt = "2025-03-11T08:00:00+07:00", reason = "x" });

        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe(DossierRules.WrongSupersededEvent);
    }
}
