using System.Net;
using System.Text.Json;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Security;
using DossierLedger.Domain.Reports;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Every figure explained: for every figure name, the list of the dossiers behind it is as long as the figure the reports
/// answer, over many ranges, for the seed commune and for a province with a hand-over between its communes; each listed
/// dossier leads to the events that put it there, with their places in the log and the chain.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class FigureDrillDownTests(LedgerFixture ledger)
{
    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>The figure as the reports answer it: its path in the period report, or a cell of the official total row.</summary>
    private static long Reported(JsonElement period, JsonElement bieu06, string name)
    {
        const string official = "official.";
        return name.StartsWith(official, StringComparison.Ordinal)
            ? bieu06.GetProperty("official").GetProperty("total").GetProperty("cells")[int.Parse(name[official.Length..], System.Globalization.CultureInfo.InvariantCulture) - 1].GetInt64()
            : name.Split('.').Aggregate(period, (element, step) => element.GetProperty(step)).GetInt64();
    }

    private async Task<JsonElement> GetOkAsync(string url)
    {
        var (status, body, _) = await ledger.GetAsync(url);
        status.ShouldBe(HttpStatusCode.OK, $"{url}: {body}");
        return body;
    }

    /// <summary>For every figure: its whole list is as long as the reported figure, under either folding for the official cells.</summary>
    private async Task EveryFigureIsItsListAsync(string unit, LocalDate from, LocalDate to)
    {
        var range = $"from={Iso(from)}&to={Iso(to)}&unit={unit}";
        var period = await GetOkAsync($"/api/reports/period?{range}");
        foreach (var folding in OfficialBieu06.Foldings.Keys)
        {
            var bieu06 = await GetOkAsync($"/api/reports/bieu06?{range}&folding={folding}");
            foreach (var figure in Figures.All.Select(Figures.NameOf))
            {
                if (folding != "peer" && !figure.StartsWith("official.", StringComparison.Ordinal))
                {
                    continue;
                }

                // The whole list, read from the facts, against the figure the reports count.
                var reported = Reported(period, bieu06, figure);
                var csv = await ledger.SendAsync(HttpMethod.Get, $"/api/reports/figures/{figure}/dossiers?{range}&folding={folding}&format=csv");
                var rows = (await csv.Response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
                rows.ShouldBe((int)reported, $"{figure} of {unit} over {range} ({folding})");
                var list = await GetOkAsync($"/api/reports/figures/{figure}/dossiers?{range}&folding={folding}&pageSize=2");
                list.GetProperty("total").GetInt64().ShouldBe(reported);
                list.GetProperty("items").GetArrayLength().ShouldBe((int)Math.Min(reported, 2));
            }
        }
    }

    [Fact]
    public async Task Every_figure_of_the_seed_commune_is_the_length_of_its_list_over_random_ranges()
    {
        var random = new Random(766);
        var ranges = new List<(LocalDate From, LocalDate To)> { (new LocalDate(2021, 1, 1), new LocalDate(2025, 4, 14)) };
        for (var i = 0; i < 4; i++)
        {
            var from = new LocalDate(2020, 12, 1).PlusDays(random.Next(1650));
            ranges.Add((from, from.PlusDays(random.Next(0, 200))));
        }

        foreach (var (from, to) in ranges)
        {
            await EveryFigureIsItsListAsync(DemoCommune.UnitCode, from, to);
        }

        // The pages of a list hold the figure's dossiers, each once, in order; so does the CSV.
        var range = "from=2025-01-01&to=2025-03-31&unit=KP";
        var period = await GetOkAsync($"/api/reports/period?{range}");
        foreach (var figure in new[] { "resolved.overdue", "pending.total" })
        {
            var total = Reported(period, default, figure);
            var seen = new List<string>();
            for (int? page = 1; page is { } p;)
            {
                var list = await GetOkAsync($"/api/reports/figures/{figure}/dossiers?{range}&page={p}&pageSize=5");
                seen.AddRange(list.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("dossierId")}/{i.GetProperty("segment")}"));
                page = list.GetProperty("next").ValueKind == JsonValueKind.Null ? null : list.GetProperty("next").GetInt32();
            }

            seen.Count.ShouldBe((int)total, figure);
            seen.Distinct().Count().ShouldBe(seen.Count);
        }

        var received = await ledger.SendAsync(HttpMethod.Get, $"/api/reports/figures/received.online/dossiers?{range}&format=csv");
        received.Status.ShouldBe(HttpStatusCode.OK);
        var lines = (await received.Response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        (lines.Length - 1).ShouldBe((int)period.GetProperty("received").GetProperty("online").GetInt64());
        lines[0].ShouldStartWith("dossierId,segment,receiptNo,");
    }

    [Fact]
    public async Task Every_figure_of_a_province_with_a_hand_over_inside_is_the_length_of_its_list_and_leads_to_the_events()
    {
        var m = await TestProvince.RegisterAsync(ledger, "2025-01-01");
        async Task PostOkAsync(Guid id, string action, object body)
        {
            var (status, answer, _) = await ledger.PostAsync($"/api/dossiers/{id}/{action}", body);
            status.ShouldBe(HttpStatusCode.OK, answer.ToString());
        }

        var handedOver = await ledger.ReceiveAsync(m.A, "2025-03-10T08:00:00+07:00");
        await PostOkAsync(handedOver, "hand-overs", new { toUnitCode = m.B, reason = "không thuộc thẩm quyền", at = "2025-03-12T09:00:00+07:00" });
        await PostOkAsync(handedOver, "resolution", new { at = "2025-03-13T09:00:00+07:00" });
        var resolved = await ledger.ReceiveAsync(m.A, "2025-03-03T08:00:00+07:00");
        await PostOkAsync(resolved, "resolution", new { at = "2025-03-04T09:00:00+07:00" });
        var withdrawn = await ledger.ReceiveAsync(m.B, "2025-03-05T08:00:00+07:00", channel: "online");
        await PostOkAsync(withdrawn, "withdrawal", new { reason = "công dân rút", at = "2025-03-20T09:00:00+07:00" });
        await ledger.ReceiveAsync(m.A, "2025-02-20T08:00:00+07:00");
        var arrived = await ledger.ReceiveAsync(m.C, "2025-03-15T08:00:00+07:00", channel: "online");
        await PostOkAsync(arrived, "hand-overs", new { toUnitCode = m.A, reason = "không thuộc thẩm quyền", at = "2025-03-18T09:00:00+07:00" });
        var late = await ledger.ReceiveAsync(m.B, "2025-03-18T08:00:00+07:00", channel: "postal");
        await PostOkAsync(late, "resolution", new { at = "2025-04-02T09:00:00+07:00" });

        var random = new Random(6);
        var ranges = new List<(LocalDate From, LocalDate To)>
        {
            (new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31)),
            (new LocalDate(2025, 3, 12), new LocalDate(2025, 3, 12)),
        };
        for (var i = 0; i < 4; i++)
        {
            var from = new LocalDate(2025, 2, 15).PlusDays(random.Next(60));
            ranges.Add((from, from.PlusDays(random.Next(0, 30))));
        }

        foreach (var unit in new[] { m.P, m.A, m.B, m.C })
        {
            foreach (var (from, to) in ranges)
            {
                await EveryFigureIsItsListAsync(unit, from, to);
            }
        }

        // The province counts the dossier handed over between its communes once: new at A, resolved at B.
        var march = $"from=2025-03-01&to=2025-03-31&unit={m.P}";
        var newOnes = await GetOkAsync($"/api/reports/figures/received.new/dossiers?{march}&pageSize=100");
        newOnes.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("dossierId").GetGuid() == handedOver).ShouldBe(1);
        var page = await GetOkAsync($"/api/reports/figures/received.total/dossiers?{march}&pageSize=2&page=2");
        page.GetProperty("items").GetArrayLength().ShouldBe(2);
        page.GetProperty("next").GetInt32().ShouldBe(3);

        // Evidence: the receipt and the closing, with their sequence numbers and their links in the chain.
        var timeline = (await GetOkAsync($"/api/dossiers/{resolved}/timeline")).EnumerateArray()
            .ToDictionary(e => e.GetProperty("type").GetString()!, e => e.GetProperty("sequence").GetInt64());
        JsonElement evidence = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            evidence = await GetOkAsync($"/api/reports/figures/resolved.early/dossiers/{resolved}/evidence?from=2025-03-01&to=2025-03-31&unit={m.A}");
            if (evidence.GetProperty("parts")[0].GetProperty("events").EnumerateArray().All(e => e.GetProperty("chain").ValueKind != JsonValueKind.Null))
            {
                break;
            }

            await Task.Delay(100);
        }

        var part = evidence.GetProperty("parts").EnumerateArray().ShouldHaveSingleItem();
        part.GetProperty("part").GetProperty("closure").GetString().ShouldBe("resolved");
        var events = part.GetProperty("events").EnumerateArray().ToList();
        events.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("sequence").GetInt64())).ShouldBe(
            [("DossierReceived", timeline["DossierReceived"]), ("DossierResolved", timeline["DossierResolved"])]);
        events[1].GetProperty("sets").EnumerateArray().Select(s => s.GetString()).ShouldContain("closedOn");
        events.ShouldAllBe(e => e.GetProperty("chain").GetProperty("position").GetInt64() > 0 && e.GetProperty("chain").GetProperty("hash").GetString()!.Length == 64);

        // Over the province, the dossier handed over inside it was resolved by B: its part from the hand-over.
        var atB = await GetOkAsync($"/api/reports/figures/resolved.total/dossiers/{handedOver}/evidence?{march}");
        var partAtB = atB.GetProperty("parts").EnumerateArray().ShouldHaveSingleItem();
        partAtB.GetProperty("part").GetProperty("unitCode").GetString().ShouldBe(m.B);
        partAtB.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe(["DossierHandedOver", "DossierResolved"]);
        var atA = await GetOkAsync($"/api/reports/figures/closedOther.handedOver/dossiers/{handedOver}/evidence?from=2025-03-01&to=2025-03-31&unit={m.A}");
        var ofA = atA.GetProperty("parts")[0].GetProperty("events").EnumerateArray().ToList();
        ofA.Take(2).Select(e => e.GetProperty("type").GetString()).ShouldBe(["DossierReceived", "DossierHandedOver"]);
        ofA[1].GetProperty("sets").EnumerateArray().Select(s => s.GetString()).ShouldContain("closedOn");
        // B's resolution only touches the flags every part shares (its processing time), never A's closing.
        ofA.Skip(2).SelectMany(e => e.GetProperty("sets").EnumerateArray().Select(s => s.GetString())).ShouldNotContain("closedOn");
        (await ledger.GetAsync($"/api/reports/figures/pending.total/dossiers/{resolved}/evidence?from=2025-03-01&to=2025-03-31&unit={m.A}"))
            .Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_window_read_in_chunks_holds_every_part_once_in_order_even_when_a_day_fills_a_chunk()
    {
        var window = FigureMembership.WindowOf(Figure.ReceivedTotal, new LocalDate(2024, 10, 1), new LocalDate(2024, 12, 31));
        await using var connection = new Npgsql.NpgsqlConnection(ledger.DirectSqlConnectionString);
        await connection.OpenAsync();
        async Task<List<(Guid, int, LocalDate)>> ReadAsync(int chunk)
        {
            var parts = new List<(Guid, int, LocalDate)>();
            await foreach (var (id, facts) in Reports.DossierFactsTable.ReadAsync(
                connection, new HashSet<string> { DemoCommune.UnitCode }, window, null, null, null, CancellationToken.None, chunk))
            {
                parts.Add((id, facts.Segment, facts.ReceivedOn));
            }

            return parts;
        }

        var whole = await ReadAsync(int.MaxValue);
        whole.Count.ShouldBeGreaterThan(100);
        whole.Select(p => p.Item3).ShouldBeInOrder();
        whole.ShouldAllBe(p => p.Item3 <= window.ReceivedTo);
        foreach (var chunk in new[] { 1, 2, 7, 64 })
        {
            (await ReadAsync(chunk)).ShouldBe(whole, $"chunks of {chunk}");
        }
    }

    [Fact]
    public async Task Bad_input_is_a_400_and_a_unit_the_caller_may_not_read_a_403()
    {
        var (mine, theirs) = (LedgerFixture.NewUnit(), LedgerFixture.NewUnit());
        var reporter = await ledger.AsAsync("reporter.drill", Roles.Reporter, mine);
        async Task<(HttpStatusCode Status, JsonElement Body)> AskAsync(string url, Dictionary<string, string>? token = null)
        {
            var (status, body, _) = await ledger.SendAsync(HttpMethod.Get, url, null, token);
            return (status, body);
        }

        foreach (var (url, field) in new[]
        {
            ("/api/reports/figures/received.everything/dossiers?period=2025", "figure"),
            ("/api/reports/figures/Received.Online/dossiers?period=2025", "figure"),
            ("/api/reports/figures/official.12/dossiers?period=2025", "figure"),
            ("/api/reports/figures/received.online/dossiers", "from"),
            ("/api/reports/figures/received.online/dossiers?from=2025-03-31&to=2025-03-01", "to"),
            ("/api/reports/figures/received.online/dossiers?period=2025&pageSize=100000", "pageSize"),
            ("/api/reports/figures/received.online/dossiers?period=2025&page=0", "page"),
            ("/api/reports/figures/received.online/dossiers?period=2025&format=pdf", "format"),
            ("/api/reports/figures/official.6/dossiers?period=2025&folding=never", "folding"),
            ("/api/reports/figures/received.online/dossiers?period=2025&unit=a%20b", "unit"),
            ($"/api/reports/figures/nothing/dossiers/{Guid.NewGuid()}/evidence?period=2025", "figure"),
        })
        {
            var (status, problem) = await AskAsync(url);
            status.ShouldBe(HttpStatusCode.BadRequest, url);
            problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"{url}: {problem}");
        }

        (await AskAsync($"/api/reports/figures/received.online/dossiers?period=2025&unit={mine}", reporter)).Status.ShouldBe(HttpStatusCode.OK);
        (await AskAsync($"/api/reports/figures/received.online/dossiers?period=2025&unit={theirs}", reporter)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await AskAsync($"/api/reports/figures/received.online/dossiers/{Guid.NewGuid()}/evidence?period=2025&unit={theirs}", reporter))
            .Status.ShouldBe(HttpStatusCode.Forbidden);
        (await AskAsync("/api/reports/figures/received.online/dossiers?period=2025", reporter)).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await AskAsync($"/api/reports/figures/received.online/dossiers/{Guid.NewGuid()}/evidence?period=2025&unit={mine}", reporter))
            .Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
