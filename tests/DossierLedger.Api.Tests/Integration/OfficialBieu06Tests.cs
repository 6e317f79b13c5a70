using System.Globalization;
using System.Net;
using System.Text.Json;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The official Biểu số 06/VPCP/KSTT over HTTP and in print: the ledger's figures with withdrawn and stopped dossiers
/// folded into the resolved columns, rows by level, and no report from counters of an older report model.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class OfficialBieu06Tests(LedgerFixture ledger)
{
    private async Task OkAsync(string url, object body)
    {
        var (status, json, _) = await ledger.PostAsync(url, body);
        status.ShouldBe(HttpStatusCode.OK, json.ToString());
    }

    private async Task<JsonElement> Bieu06Async(string query)
    {
        var (status, body, _) = await ledger.GetAsync($"/api/reports/bieu06?{query}");
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static long[] Cells(JsonElement row) => [.. row.GetProperty("cells").EnumerateArray().Select(c => c.GetInt64())];

    /// <summary>The official cells of a period report's figures with <paramref name="early"/>, … more dossiers counted resolved.</summary>
    private static long[] Folded(JsonElement report, long early, long onTime, long overdue)
    {
        var f = SeedCommuneReportTests.Figures(report);
        return
        [
            f.Received.Total, f.Received.CarriedOver, f.Received.Online, f.Received.DirectOrPostal,
            f.Resolved.Total + early + onTime + overdue, f.Resolved.Early + early, f.Resolved.OnTime + onTime, f.Resolved.Overdue + overdue,
            f.Pending.Total, f.Pending.WithinDeadline, f.Pending.Overdue,
        ];
    }

    /// <summary>
    /// A unit's March 2025 with one resolution and six withdrawals and stops: one early, two on time (one on its due date,
    /// one while paused in time), three overdue (one carried over from February). Three working days: received Monday
    /// 3/3 08:00, due Thursday 3/6 08:00.
    /// </summary>
    private async Task<string> UnitWithWithdrawalsAndStopsAsync()
    {
        var unit = LedgerFixture.NewUnit();
        var resolved = await ledger.ReceiveAsync(unit, "2025-03-03T08:00:00+07:00");
        await OkAsync($"/api/dossiers/{resolved}/resolution", new { at = "2025-03-04T09:00:00+07:00" });
        var early = await ledger.ReceiveAsync(unit, "2025-03-03T08:00:00+07:00", channel: "online");
        await OkAsync($"/api/dossiers/{early}/withdrawal", new { at = "2025-03-05T10:00:00+07:00", reason = "rút" });
        var onTheDueDate = await ledger.ReceiveAsync(unit, "2025-03-03T08:30:00+07:00", channel: "postal");
        await OkAsync($"/api/dossiers/{onTheDueDate}/stop", new { at = "2025-03-06T15:00:00+07:00", reason = "dừng" });
        var paused = await ledger.ReceiveAsync(unit, "2025-03-03T09:00:00+07:00");
        await OkAsync($"/api/dossiers/{paused}/supplement-requests", new { at = "2025-03-04T09:00:00+07:00", items = "Bản sao CCCD" });
        await OkAsync($"/api/dossiers/{paused}/withdrawal", new { at = "2025-03-20T10:00:00+07:00", reason = "không bổ sung" });
        var withdrawnLate = await ledger.ReceiveAsync(unit, "2025-03-03T09:00:00+07:00");
        await OkAsync($"/api/dossiers/{withdrawnLate}/withdrawal", new { at = "2025-03-12T10:00:00+07:00", reason = "rút" });
        var stoppedLate = await ledger.ReceiveAsync(unit, "2025-03-03T09:00:00+07:00");
        await OkAsync($"/api/dossiers/{stoppedLate}/stop", new { at = "2025-03-10T10:00:00+07:00", reason = "dừng" });
        var carried = await ledger.ReceiveAsync(unit, "2025-02-26T08:00:00+07:00"); // due Monday 3/3
        await OkAsync($"/api/dossiers/{carried}/withdrawal", new { at = "2025-03-04T10:00:00+07:00", reason = "rút" });
        await ledger.ReceiveAsync(unit, "2025-03-25T08:00:00+07:00", channel: "online");
        return unit;
    }

    [Fact]
    public async Task Official_cells_are_the_period_report_with_withdrawn_and_stopped_folded_in_by_the_policy()
    {
        var unit = await UnitWithWithdrawalsAndStopsAsync();
        var range = $"from=2025-03-01&to=2025-03-31&unit={unit}";
        var report = await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31");
        // The ledger's own report keeps them apart.
        SeedCommuneReportTests.Figures(report).ClosedOther.ShouldBe(new ClosedOtherFigures(4, 2));

        var peer = await Bieu06Async(range);
        var asOnTime = await Bieu06Async(range + "&folding=as-on-time");

        var official = peer.GetProperty("official");
        official.GetProperty("folding").GetString().ShouldBe("peer");
        Cells(official.GetProperty("total")).ShouldBe(Folded(report, early: 1, onTime: 2, overdue: 3));
        asOnTime.GetProperty("official").GetProperty("folding").GetString().ShouldBe("as-on-time");
        Cells(asOnTime.GetProperty("official").GetProperty("total")).ShouldBe(Folded(report, early: 0, onTime: 6, overdue: 0));
        // The form's identity: total = resolved + pending.
        var total = Cells(official.GetProperty("total"));
        total[0].ShouldBe(total[4] + total[8]);
        // Every existing field stays: the ledger's own total row is the period report's.
        SeedCommuneReportTests.Figures(peer.GetProperty("total")).ShouldBe(SeedCommuneReportTests.Figures(report));
        // A unit the registry does not know: named by its code, its rows under one level of their own.
        official.GetProperty("unitName").GetString().ShouldBe(unit);
        var level = official.GetProperty("levels").EnumerateArray().ShouldHaveSingleItem();
        level.GetProperty("level").GetString().ShouldBe("unregistered");
        Cells(level).ShouldBe(total);
        var procedures = level.GetProperty("fields").EnumerateArray().ShouldHaveSingleItem().GetProperty("procedures").EnumerateArray().ToList();
        Cells(procedures.ShouldHaveSingleItem()).ShouldBe(total);
    }

    [Fact]
    public async Task The_columns_are_the_forms_and_an_unknown_folding_is_a_400()
    {
        var official = (await Bieu06Async("period=2025-03&unit=KP")).GetProperty("official");
        official.GetProperty("form").GetString().ShouldBe("Biểu số 06/VPCP/KSTT");
        official.GetProperty("title").GetString().ShouldBe(
            "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC");
        official.GetProperty("unitOfMeasure").GetString().ShouldBe("Số hồ sơ TTHC");
        var columns = official.GetProperty("columns").EnumerateArray().ToList();
        columns.Select(c => c.GetProperty("number").GetInt32()).ShouldBe(Enumerable.Range(1, 11));
        columns.Select(c => c.GetProperty("group").GetString()).Distinct()
            .ShouldBe(["Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết"]);
        columns[3].GetProperty("subGroup").GetString().ShouldBe("Số mới tiếp nhận");
        columns[3].GetProperty("label").GetString().ShouldBe("Trực tiếp, dịch vụ bưu chính");

        var (status, problem, _) = await ledger.GetAsync("/api/reports/bieu06?period=2025-03&unit=KP&folding=rounded-up");

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("folding")[0].GetString()!.ShouldContain("as-on-time");
    }

    [Fact]
    public async Task A_province_lists_its_own_dossiers_first_then_its_districts_then_its_communes()
    {
        var stem = LedgerFixture.NewUnit();
        var (p, d, a, b) = ($"{stem}-P", $"{stem}-D", $"{stem}-A", $"{stem}-B");
        var (registered, body, _) = await ledger.PostAsync("/api/admin/units/changes", new
        {
            changes = new object[]
            {
                new { change = "establish", code = p, name = "Tỉnh P", level = "province", effectiveFrom = "2008-01-01" },
                new { change = "establish", code = d, name = "Huyện D", level = "district", parentCode = p, effectiveFrom = "2008-01-01" },
                new { change = "establish", code = a, name = "Xã A", level = "commune", parentCode = d, effectiveFrom = "2008-01-01" },
                new { change = "establish", code = b, name = "Xã B", level = "commune", parentCode = d, effectiveFrom = "2008-01-01" },
            },
        });
        registered.ShouldBe(HttpStatusCode.OK, body.ToString());
        // A procedure the district and the province resolve: the catalogue's are the communes'.
        await ledger.PublishProcedureAsync($"{stem}-H", "2008-01-01");
        // Received in reverse order of level, so the order of the rows is not the order of the dossiers.
        await ledger.ReceiveAsync(b, "2025-03-03T08:00:00+07:00");
        await ledger.ReceiveAsync(b, "2025-03-04T08:00:00+07:00", procedureCode: "1.001022");
        var withdrawn = await ledger.ReceiveAsync(a, "2025-03-03T08:00:00+07:00");
        await OkAsync($"/api/dossiers/{withdrawn}/withdrawal", new { at = "2025-03-12T10:00:00+07:00", reason = "rút" });
        await ledger.ReceiveAsync(a, "2025-03-05T08:00:00+07:00");
        await ledger.ReceiveAsync(d, "2025-03-05T08:00:00+07:00", procedureCode: $"{stem}-H");
        await ledger.ReceiveAsync(p, "2025-03-06T08:00:00+07:00", procedureCode: $"{stem}-H");

        var official = (await Bieu06Async($"from=2025-03-01&to=2025-03-31&unit={p}")).GetProperty("official");

        official.GetProperty("unitName").GetString().ShouldBe("Tỉnh P");
        var levels = official.GetProperty("levels").EnumerateArray().ToList();
        levels.Select(l => l.GetProperty("level").GetString()).ShouldBe(["provincial", "district", "commune"]);
        levels.Select(l => l.GetProperty("name").GetString()).ShouldBe(["Cấp tỉnh", "Cấp huyện", "Cấp xã"]);
        levels.Select(l => Cells(l)[0]).ShouldBe([1L, 1L, 4L]);
        var total = Cells(official.GetProperty("total"));
        Enumerable.Range(0, total.Length).Select(i => levels.Sum(l => Cells(l)[i])).ShouldBe(total);
        total.ShouldBe(Folded(await ledger.ReportAsync(p, "2025-03-01", "2025-03-31"), early: 0, onTime: 0, overdue: 1));
        // The commune's fields: its two procedures of civil status under one field, summed.
        var communeField = levels[2].GetProperty("fields").EnumerateArray().ShouldHaveSingleItem();
        communeField.GetProperty("procedures").GetArrayLength().ShouldBe(2);
        Cells(communeField).ShouldBe(Cells(levels[2]));

        // A commune of its own: one level.
        var commune = (await Bieu06Async($"from=2025-03-01&to=2025-03-31&unit={a}")).GetProperty("official");
        commune.GetProperty("unitName").GetString().ShouldBe("Xã A");
        commune.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("level").GetString()).ShouldBe(["commune"]);
    }

    [Fact]
    public async Task The_seed_communes_official_table_reproduces_its_report_under_one_level()
    {
        var official = (await Bieu06Async($"from=2021-01-01&to=2025-04-14&unit={DemoCommune.UnitCode}")).GetProperty("official");

        // The seed report (reports.md, "Seed commune check"): nothing withdrawn or stopped, so the form's figures are the ledger's.
        Cells(official.GetProperty("total")).ShouldBe([15034L, 4, 8658, 6372, 15022, 12228, 2793, 1, 12, 12, 0]);
        official.GetProperty("unitName").GetString().ShouldBe("Xã Kim Phượng");
        official.GetProperty("levels").EnumerateArray().ShouldHaveSingleItem().GetProperty("fields").GetArrayLength().ShouldBe(12);
    }

    [Fact]
    public async Task The_printed_table_names_rows_whole_and_its_total_is_resolved_plus_pending()
    {
        var services = ledger.Host.Services;
        var table = await Bieu06Endpoint.BuildAsync(
            services.GetRequiredService<PeriodReportQuery>(), services.GetRequiredService<UnitDirectory>(), services.GetRequiredService<ProcedureCatalogue>(),
            DemoCommune.UnitCode, new ReportRange(DemoCommune.From, DemoCommune.To, null, null), Bieu06Folding.Peer, CancellationToken.None);
        using var output = new StringWriter();

        Bieu06Printer.Print(table, output);

        var text = output.ToString();
        text.ShouldContain("Biểu số 06/VPCP/KSTT");
        text.ShouldContain("Đơn vị: Xã Kim Phượng (KP)");
        text.ShouldContain("Đơn vị tính: Số hồ sơ TTHC");
        text.ShouldContain("Phổ biến, giáo dục pháp luật và hòa giải ở cơ sở");
        // The ledger's own columns are not the form's.
        var header = text[..text.IndexOf("(1)", StringComparison.Ordinal)];
        header.ShouldNotContain("Rút", Case.Sensitive);
        header.ShouldNotContain("Dừng", Case.Sensitive);
        var rows = PrintedRows(text);
        var names = table.Official.Levels.SelectMany(l => l.Fields.Select(f => f.FieldName!).Concat(l.Fields.SelectMany(f => f.Procedures.Select(p => p.ProcedureName!))));
        foreach (var name in names)
        {
            rows.Keys.ShouldContain(label => label.EndsWith(". " + name, StringComparison.Ordinal), $"'{name}' is not printed whole");
        }

        // The numbered row, and the total row: received (1) = resolved (5) + pending (9), as the seed report says.
        rows.Keys.ShouldContain("(1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11)");
        var total = rows["Tổng cộng"];
        total[0].ShouldBe(total[4] + total[8]);
        total.ShouldBe([15034L, 4, 8658, 6372, 15022, 12228, 2793, 1, 12, 12, 0]);
        text[text.IndexOf("Ngoài biểu", StringComparison.Ordinal)..].ShouldContain("Hồ sơ rút: 0; hồ sơ dừng giải quyết: 0");
    }

    /// <summary>
    /// The printed table's rows by label, each label put back together from the lines it was wrapped on (a row's figures
    /// stand on its first line), with its figures; the numbered row under the label of its numbers.
    /// </summary>
    private static Dictionary<string, long[]> PrintedRows(string text)
    {
        var rows = new Dictionary<string, long[]>();
        string? label = null;
        long[] figures = [];
        var vietnamese = CultureInfo.GetCultureInfo("vi-VN");
        foreach (var line in text.Split('\n').Where(l => l.StartsWith('|')))
        {
            var cells = line.Split('|')[1..^1].Select(c => c.Trim()).ToArray();
            if (cells.Length != 12)
            {
                continue; // the header's group lines
            }

            if (cells[1].StartsWith('('))
            {
                rows[string.Join(" ", cells[1..])] = [];
            }
            else if (cells[1].Length > 0 && long.TryParse(cells[1], NumberStyles.AllowThousands, vietnamese, out _))
            {
                if (label is not null)
                {
                    rows[label] = figures;
                }

                (label, figures) = (cells[0], [.. cells[1..].Select(c => long.Parse(c, NumberStyles.AllowThousands, vietnamese))]);
            }
            else if (label is not null && cells[0].Length > 0)
            {
                label += " " + cells[0];
            }
        }

        if (label is not null)
        {
            rows[label] = figures;
        }

        return rows;
    }

    [Fact]
    public async Task Counters_of_an_older_report_model_answer_503_rebuild_required_until_the_rebuild()
    {
        await SqlAsync($"UPDATE {ReportModelStamp.Table} SET version = {ReportModel.Version - 1}");
        try
        {
            foreach (var url in new[] { "/api/reports/bieu06?period=2024&unit=KP", "/api/reports/period?period=2024&unit=KP&groupBy=field" })
            {
                var (status, problem, _) = await ledger.GetAsync(url);
                status.ShouldBe(HttpStatusCode.ServiceUnavailable, url);
                problem.GetProperty("rule").GetString().ShouldBe("rebuild-required");
                problem.GetProperty("detail").GetString()!.ShouldContain("rebuild");
            }

            // As known at an instant, a report is replayed from the events: it reads no counters.
            (await ledger.GetAsync($"/api/reports/period?period=2024-12&unit=KP&asKnownAt={LedgerFixture.NowForQuery()}")).Status.ShouldBe(HttpStatusCode.OK);

            var (rebuilt, result, _) = await ledger.SendAsync(HttpMethod.Post, "/api/admin/projections/rebuild", "{}");

            rebuilt.ShouldBe(HttpStatusCode.OK, result.ToString());
            (await SqlAsync($"SELECT version FROM {ReportModelStamp.Table}")).ShouldBe(ReportModel.Version);
            SeedCommuneReportTests.Figures((await Bieu06Async("from=2021-01-01&to=2025-04-14&unit=KP")).GetProperty("total")).ShouldBe(DemoCommune.Expected);
        }
        finally
        {
            await SqlAsync($"UPDATE {ReportModelStamp.Table} SET version = {ReportModel.Version}");
        }
    }

    private async Task<long> SqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ledger.DirectSqlConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0, CultureInfo.InvariantCulture);
    }
}
