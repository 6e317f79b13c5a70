using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using DossierLedger.Api.NationalPortal;
using DossierLedger.Api.Tests.Integration;
using DossierLedger.StandInPortal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace DossierLedger.Api.Tests.NationalPortal;

/// <summary>
/// The feed to the national portal end to end: dossier commands over HTTP, the outbox, the delivery handler, a real
/// HTTP stand-in portal that checks formats and order, and the delivery record read back from the event store.
/// </summary>
[Collection(PortalFeedCollection.Name)]
public sealed class PortalFeedTests(PortalFeedFixture ledger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly string[] Components = ["Tờ khai", "Bản sao CCCD"];

    private StandInPortal.StandInPortal Portal => ledger.Portal;

    [Fact]
    public async Task A_dossiers_receipt_and_each_step_reach_the_portal_in_order_and_once_and_the_delivery_is_on_record()
    {
        var (id, receiptNo) = await ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00", "online");
        await StepAsync(id, "assignments", new { at = "2025-03-10T09:00:00+07:00", step = "thẩm định", assignee = "nguyenvana" });
        await StepAsync(id, "resolution", new { at = "2025-03-11T10:00:00+07:00" });
        await StepAsync(id, "result-return", new { at = "2025-03-11T15:30:00+07:00", method = "counter" });

        await Portal.WaitUntilAsync(p => p.Dossier(receiptNo) is { Steps.Count: 4 } d && d.Record["TrangThaiHoSo"]!.GetValue<int>() == 10,
            Patience, $"{receiptNo} returned with four steps");

        var dossier = Portal.Dossier(receiptNo)!;
        dossier.Statuses.ShouldBe([2, 4, 9, 10]);
        dossier.Record["NgayTiepNhan"]!.GetValue<string>().ShouldBe("20250310080000");
        dossier.Record["NgayTra"]!.GetValue<string>().ShouldBe("20250311153000");
        dossier.Record["KenhThucHien"]!.GetValue<int>().ShouldBe(2);
        dossier.Steps[1]["NoiDungXuLy"]!.GetValue<string>().ShouldBe("Chuyển xử lý");
        Portal.Violations.ShouldBeEmpty();

        var record = await SynchronisedAsync(id);
        var deliveries = record.GetProperty("deliveries").EnumerateArray().ToList();
        deliveries.ShouldAllBe(d => d.GetProperty("answer").GetString()!.StartsWith("0: ", StringComparison.Ordinal));
        deliveries.Where(d => d.GetProperty("kind").GetString() == "steps").Sum(d => d.GetProperty("steps").GetInt32()).ShouldBe(4);
        // The fingerprint on record is the hash of the very record the portal holds.
        deliveries.Last(d => d.GetProperty("kind").GetString() == "record").GetProperty("hash").GetString()
            .ShouldBe(Sha256(dossier.Record), "the recorded fingerprint is the hash of what the portal was sent");
    }

    [Fact]
    public async Task The_portal_down_for_a_while_loses_nothing_and_gets_everything_in_order_once_it_is_back()
    {
        var unit = LedgerFixture.NewUnit();
        Portal.GoDownFor(TimeSpan.FromSeconds(3));
        var dossiers = new List<(Guid Id, string ReceiptNo)>();
        for (var i = 0; i < 3; i++)
        {
            var dossier = await ReceiveAsync(unit, $"2025-04-0{i + 1}T08:00:00+07:00");
            await StepAsync(dossier.Id, "supplement-requests", new { at = $"2025-04-0{i + 1}T09:00:00+07:00", items = "Bản sao CCCD" });
            await StepAsync(dossier.Id, "supplements", new { at = $"2025-04-0{i + 1}T10:00:00+07:00" });
            await StepAsync(dossier.Id, "withdrawal", new { at = $"2025-04-0{i + 1}T11:00:00+07:00", reason = "Công dân xin rút" });
            dossiers.Add(dossier);
        }

        await FeedHealthAsync("failing"); // the portal is down, and the feed says so once it has tried

        foreach (var (_, receiptNo) in dossiers)
        {
            await Portal.WaitUntilAsync(p => p.Dossier(receiptNo) is { Steps.Count: 4 }, Patience, $"{receiptNo} with its four steps");
            Portal.Dossier(receiptNo)!.Statuses.ShouldBe([2, 5, 4, 7]);
            Portal.Dossier(receiptNo)!.Record["TrangThaiHoSo"]!.GetValue<int>().ShouldBe(7);
        }

        Portal.Violations.ShouldBeEmpty();
        await FeedHealthAsync("ok");
    }

    [Fact]
    public async Task A_dossier_the_portal_refuses_is_parked_with_its_answer_and_delivered_when_replayed_after_a_fix()
    {
        var (id, receiptNo, letter) = await RefusedAsync("REFUSED-1", "2025-05-05T08:00:00+07:00", "9", "Mã thủ tục không có trong danh mục");
        letter.GetProperty("reason").GetString()!.ShouldContain("9: " + receiptNo + ": Mã thủ tục không có trong danh mục");
        letter.GetProperty("receiptNo").GetString().ShouldBe(receiptNo);
        var refused = (await DeliveriesAsync(id)).GetProperty("deliveries").EnumerateArray().ToList();
        refused.ShouldContain(d => d.GetProperty("kind").GetString() == "refused" && d.GetProperty("answer").GetString()!.StartsWith("9: ", StringComparison.Ordinal));
        Portal.Dossier(receiptNo).ShouldBeNull();

        Portal.Accept(receiptNo);
        var (status, replayed, _) = await ledger.PostAsync("/api/admin/national-portal/dead-letters/replay",
            new { ids = new[] { letter.GetProperty("id").GetGuid() } });
        status.ShouldBe(HttpStatusCode.Accepted, replayed.ToString());
        replayed.GetProperty("replayed").GetInt32().ShouldBe(1);

        await Portal.WaitUntilAsync(p => p.Dossier(receiptNo) is { Steps.Count: 1 }, Patience, $"{receiptNo} after the replay");
        await SynchronisedAsync(id);
    }

    [Fact]
    public async Task An_expired_session_is_renewed_once_and_the_call_made_again()
    {
        var (id, receiptNo) = await ReceiveAsync(LedgerFixture.NewUnit(), "2025-06-02T08:00:00+07:00");
        await Portal.WaitUntilAsync(p => p.Dossier(receiptNo) is { Steps.Count: 1 }, Patience, $"{receiptNo} received");
        var sessions = Portal.SessionsGiven;

        Portal.ExpireSessions();
        await StepAsync(id, "assignments", new { at = "2025-06-02T09:00:00+07:00", step = "thẩm định", assignee = "tranthib" });

        await Portal.WaitUntilAsync(p => p.Dossier(receiptNo) is { Steps.Count: 2 }, Patience, $"{receiptNo} assigned");
        Portal.SessionsGiven.ShouldBe(sessions + 1);
    }

    [Fact]
    public async Task New_records_and_updates_delivered_together_travel_in_separate_calls_so_none_is_sent_twice()
    {
        var unit = LedgerFixture.NewUnit();
        var (changed, changedNo) = await ReceiveAsync(unit, "2025-06-04T08:00:00+07:00");
        await Portal.WaitUntilAsync(p => p.Dossier(changedNo) is { Steps.Count: 1 }, Patience, $"{changedNo} received");

        // A delivery held at the portal keeps the queue waiting, so that the change and the new dossier make one delivery.
        Portal.HoldAnswers(PortalWire.HistoryService);
        var (held, _) = await ReceiveAsync(unit, "2025-06-04T08:30:00+07:00");
        await Portal.WaitUntilAsync(p => p.HeldAnswers > 0, Patience, "a history call held");
        await StepAsync(changed, "assignments", new { at = "2025-06-04T09:00:00+07:00", step = "thẩm định", assignee = "tranthib" });
        var (added, addedNo) = await ReceiveAsync(unit, "2025-06-04T09:30:00+07:00");
        Portal.ReleaseAnswers();

        foreach (var id in new[] { changed, held, added })
        {
            await SynchronisedAsync(id);
        }

        Portal.RecordCallsWith(addedNo).ShouldBe(1, "the new record was not refused in a call beside one the portal had");
        Portal.RecordCallsWith(changedNo).ShouldBe(2, "the receipt, then one update");
        Portal.Dossier(changedNo)!.Updates.ShouldBe(1);
        Portal.Violations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(PortalFault.NotJson)]
    [InlineData(PortalFault.Huge)]
    [InlineData(PortalFault.Timeout)]
    [InlineData(PortalFault.ServerError)]
    public async Task An_answer_that_is_not_json_too_large_too_slow_or_a_server_error_is_bounded_and_retried(PortalFault fault)
    {
        var unit = LedgerFixture.NewUnit();
        var since = DateTimeOffset.UtcNow;
        Portal.Fail(fault, calls: 2);
        var (_, receiptNo) = await ReceiveAsync(unit, "2025-06-03T08:00:00+07:00");

        await Portal.WaitUntilAsync(p => p.Dossier(receiptNo) is { Steps.Count: 1 }, Patience, $"{receiptNo} after two {fault} answers");
        Portal.Violations.ShouldBeEmpty();

        // Each failed call is one warning line naming its reason; nothing about it at error level.
        var logged = ledger.Logs.Events.Where(e => e.Timestamp >= since).ToList();
        logged.Count(e => e.Level == Serilog.Events.LogEventLevel.Warning && e.MessageTemplate.Text.StartsWith("A call to the national portal failed", StringComparison.Ordinal))
            .ShouldBe(2);
        logged.ShouldNotContain(e => e.Level >= Serilog.Events.LogEventLevel.Error && e.RenderMessage(null).Contains(nameof(PortalFeedDue), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Indicator_1_4_counts_the_dossiers_of_the_range_the_portal_is_up_to_date_with_and_3_3_is_multiplied_by_it()
    {
        var unit = LedgerFixture.NewUnit();
        var refusedNo = $"{unit}-REFUSED-2";
        Portal.Refuse(refusedNo);
        var (synced, syncedNo) = await ReceiveAsync(unit, "2025-07-01T08:00:00+07:00", "online");
        var (refused, _) = await ReceiveAsync(unit, "2025-07-02T08:00:00+07:00", "online", receiptNo: refusedNo);
        await SynchronisedAsync(synced);
        var letter = await DeadLetterOfAsync(refused);

        var (indicator14, indicator33) = await IndicatorsAsync(unit);
        (indicator14.GetProperty("numerator").GetDecimal(), indicator14.GetProperty("denominator").GetInt64()).ShouldBe((1m, 2L));
        indicator33.GetProperty("factor").GetDouble().ShouldBe(0.5);

        Portal.Accept(refusedNo);
        await ledger.PostAsync("/api/admin/national-portal/dead-letters/replay", new { ids = new[] { letter.GetProperty("id").GetGuid() } });
        await SynchronisedAsync(refused);
        (await IndicatorsAsync(unit)).Indicator14.GetProperty("value").GetDouble().ShouldBe(1.0);
        Portal.Dossier(syncedNo).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_backfill_sends_a_units_history_recorded_without_the_feed_and_a_second_run_sends_nothing()
    {
        var unit = LedgerFixture.NewUnit();
        var numbers = await RecordWithoutTheFeedAsync(unit, dossiers: 12);

        var (exitCode, output) = await NodeProcess.RunAsync(ledger.DirectSqlConnectionString, FeedSettings(),
            "national-portal-backfill", "--unit", unit, "--from", "2024-01-01", "--to", "2024-12-31");
        exitCode.ShouldBe(0, output);
        output.ShouldContain("12 dossiers");
        output.ShouldContain("12 sent");
        foreach (var number in numbers)
        {
            Portal.Dossier(number).ShouldNotBeNull(number).Statuses.ShouldBe([2, 4, 9]);
        }

        var again = await NodeProcess.RunAsync(ledger.DirectSqlConnectionString, FeedSettings(),
            "national-portal-backfill", "--unit", unit, "--from", "2024-01-01", "--to", "2024-12-31");
        again.ExitCode.ShouldBe(0, again.Output);
        again.Output.ShouldContain("0 sent, 12 already up to date");
        Portal.Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_dead_letters_can_be_listed_and_replayed_from_the_command_line()
    {
        var (_, receiptNo, _) = await RefusedAsync("REFUSED-3", "2025-08-01T08:00:00+07:00", "7", "Sai mã đơn vị");

        var (exitCode, output) = await NodeProcess.RunAsync(ledger.DirectSqlConnectionString, FeedSettings(), "national-portal-dead-letters");
        exitCode.ShouldBe(0, output);
        output.ShouldContain($"{receiptNo}  The national portal refused dossier {receiptNo}");
        output.ShouldContain("7: " + receiptNo + ": Sai mã đơn vị");

        Portal.Accept(receiptNo);
        var replay = await NodeProcess.RunAsync(ledger.DirectSqlConnectionString, FeedSettings(), "national-portal-dead-letters", "--replay");
        replay.ExitCode.ShouldBe(0, replay.Output);
        await Portal.WaitUntilAsync(p => p.Dossier(receiptNo) is { Steps.Count: 1 }, Patience, $"{receiptNo} after the replay");
    }

    [Theory]
    [InlineData("wrong credentials")]
    [InlineData("nothing listening")]
    [InlineData("not an address")]
    public async Task A_misconfigured_portal_is_a_start_up_warning_and_a_failing_health_detail_never_a_failed_command(string misconfiguration)
    {
        var logs = new LogCapture();
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:DossierLedger", ledger.DirectSqlConnectionString);
            builder.UseSetting("Audit:ChainKey", NodeProcess.ChainKey);
            builder.UseSetting("Units:RequireRegistered", "false");
            foreach (var (key, value) in Portal.LedgerSettings())
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("NationalPortal:Timeout", "00:00:02");
            var (key2, wrong) = misconfiguration switch
            {
                "wrong credentials" => ("NationalPortal:Password", "not-the-password"),
                "nothing listening" => ("NationalPortal:AuthUrl", "http://127.0.0.1:9/auth"),
                _ => ("NationalPortal:AuthUrl", "portal.example/auth"),
            };
            builder.UseSetting(key2, wrong);
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.AddSingleton<Serilog.Core.ILogEventSink>(logs);
            });
        });
        var token = (await ledger.MintAsync("misconfigured-clerk", Security.Roles.Clerk)).Secret;

        var receipt = await host.Scenario(s =>
        {
            s.Post.Json(new { unitCode = LedgerFixture.NewUnit(), procedureCode = "1.004873", channel = "direct", receivedAt = "2025-09-01T08:00:00+07:00" })
                .ToUrl("/api/dossiers");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        receipt.Context.Response.StatusCode.ShouldBe(StatusCodes.Status201Created, "recording a dossier never waits on the portal");

        using var timeout = new CancellationTokenSource(Patience);
        while (!logs.Events.Any(e => e.Level == Serilog.Events.LogEventLevel.Warning && e.MessageTemplate.Text.Contains("national", StringComparison.OrdinalIgnoreCase)))
        {
            await Task.Delay(50, timeout.Token);
        }

        var health = await (await host.Scenario(s => s.Get.Url("/health"))).ReadAsJsonAsync<JsonElement>();
        health.GetProperty("status").GetString().ShouldBe("healthy");
        health.GetProperty("nationalPortal").GetProperty("status").GetString().ShouldBe("failing", health.ToString());
        health.GetProperty("nationalPortal").GetProperty("problem").GetString().ShouldNotBeNullOrEmpty();
    }

    /// <summary>The feed's settings for a command run as a process of its own.</summary>
    private Dictionary<string, string> FeedSettings() => new(Portal.LedgerSettings("__")) { ["Units__RequireRegistered"] = "false" };

    /// <summary>Dossiers received, assigned and resolved in 2024, written as an import writes them: with no delivery published.</summary>
    private async Task<IReadOnlyList<string>> RecordWithoutTheFeedAsync(string unit, int dossiers)
    {
        var numbers = new List<string>();
        await using var session = ledger.Store.LightweightSession();
        for (var i = 1; i <= dossiers; i++)
        {
            var number = $"{unit}-2024-{i:000}";
            var id = Guid.NewGuid();
            var receivedAt = NodaTime.Instant.FromUtc(2024, 3, 4, 1, 0).Plus(NodaTime.Duration.FromDays(i));
            session.Events.StartStream<Domain.Dossiers.Dossier>(id,
                new Domain.Dossiers.DossierReceived(id, number, unit, "1.004873", "HT", Domain.Dossiers.Channel.Direct, receivedAt,
                    receivedAt.Plus(NodaTime.Duration.FromDays(3)), "Trần Thị Bình"),
                new Domain.Dossiers.DossierAssigned(id, receivedAt.Plus(NodaTime.Duration.FromHours(1)), "thẩm định", "lethic"),
                new Domain.Dossiers.DossierResolved(id, receivedAt.Plus(NodaTime.Duration.FromDays(1)), Domain.Dossiers.Timeliness.Early));
            numbers.Add(number);
        }

        await session.SaveChangesAsync();
        return numbers;
    }

    private async Task<(JsonElement Indicator14, JsonElement Indicator33)> IndicatorsAsync(string unit)
    {
        var (status, body, _) = await ledger.GetAsync($"/api/reports/qd766?unit={unit}&from=2025-07-01&to=2025-07-31");
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        var rows = body.GetProperty("indicators").EnumerateArray().ToList();
        return (rows.Single(r => r.GetProperty("code").GetString() == "1.4"), rows.Single(r => r.GetProperty("code").GetString() == "3.3"));
    }

    private async Task<(Guid Id, string ReceiptNo)> ReceiveAsync(string unit, string receivedAt, string channel = "direct", string? receiptNo = null)
    {
        var (status, body, _) = await ledger.PostAsync("/api/dossiers", new
        {
            unitCode = unit,
            procedureCode = "1.004873",
            channel,
            receivedAt,
            receiptNo,
            applicant = new { name = "Nguyễn Văn An" },
            components = Components,
        });
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetGuid(), body.GetProperty("receiptNo").GetString()!);
    }

    private async Task StepAsync(Guid id, string path, object body)
    {
        var (status, answer, _) = await ledger.PostAsync($"/api/dossiers/{id}/{path}", body);
        status.ShouldBe(HttpStatusCode.OK, answer.ToString());
    }

    private async Task<JsonElement> DeliveriesAsync(Guid id)
    {
        var (status, body, _) = await ledger.GetAsync($"/api/dossiers/{id}/national-portal");
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>
    /// The dossier's delivery record once it says the portal is up to date: the portal answers before the ledger records
    /// the answer, so a test that saw the portal's state waits for the record too.
    /// </summary>
    private async Task<JsonElement> SynchronisedAsync(Guid id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var record = await DeliveriesAsync(id);
            if (record.GetProperty("synchronised").GetBoolean())
            {
                return record;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Waits until <c>/health</c> says the feed is <paramref name="status"/>.</summary>
    private async Task FeedHealthAsync(string status)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while ((await ledger.GetAsync("/health")).Body.GetProperty("nationalPortal").GetProperty("status").GetString() != status)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>A dossier of a new unit that the portal refuses with <paramref name="code"/>: <paramref name="message"/>, once it is parked.</summary>
    private async Task<(Guid Id, string ReceiptNo, JsonElement Letter)> RefusedAsync(string number, string receivedAt, string code, string message)
    {
        var unit = LedgerFixture.NewUnit();
        var receiptNo = $"{unit}-{number}";
        Portal.Refuse(receiptNo, code, message);
        var (id, _) = await ReceiveAsync(unit, receivedAt, receiptNo: receiptNo);
        return (id, receiptNo, await DeadLetterOfAsync(id));
    }

    /// <summary>The dead letter of dossier <paramref name="id"/>, once the refusal has parked it.</summary>
    private async Task<JsonElement> DeadLetterOfAsync(Guid id)
    {
        await Portal.WaitUntilAsync(p => p.Calls > 0, Patience, "a call");
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var (_, body, _) = await ledger.GetAsync("/api/admin/national-portal/dead-letters");
            var letter = body.GetProperty("deadLetters").EnumerateArray().FirstOrDefault(l => l.GetProperty("dossierId").ValueKind != JsonValueKind.Null && l.GetProperty("dossierId").GetGuid() == id);
            if (letter.ValueKind == JsonValueKind.Object)
            {
                return letter;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static string Sha256(JsonObject json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json.ToJsonString(
        new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))));
}
