using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The official files: Biểu 06, the QĐ 766 table and the Sổ theo dõi hồ sơ as XLSX and CSV, read back with the Open XML
/// SDK and an RFC 4180 reader, every cell compared with the JSON the same request answers; the format by <c>format=</c>
/// or <c>Accept</c>; bad input a 400 or a 403.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReportFilesTests(LedgerFixture ledger)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private async Task<JsonElement> JsonAsync(string url)
    {
        var (status, body, _) = await ledger.GetAsync(url);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    private async Task<byte[]> FileAsync(string url, string mediaType, string? accept = null)
    {
        var (status, body, response) = await ledger.SendAsync(
            HttpMethod.Get, url, headers: accept is null ? null : new Dictionary<string, string> { ["Accept"] = accept });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The worksheet's cells by row number, each row's values by column (strings as text, numbers as decimals), and the document.</summary>
    private static (SortedDictionary<uint, Dictionary<int, object>> Rows, SpreadsheetDocument Document) ReadXlsx(byte[] bytes)
    {
        var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = new SortedDictionary<uint, Dictionary<int, object>>();
        foreach (var row in sheet.Descendants<Row>())
        {
            var cells = new Dictionary<int, object>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnOf(cell.CellReference!.Value!);
                if (cell.DataType?.Value == CellValues.InlineString)
                {
                    cells[column] = cell.InlineString!.InnerText;
                }
                else if (cell.CellValue is { } value)
                {
                    cells[column] = decimal.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
                }
            }

            rows[row.RowIndex!.Value] = cells;
        }

        return (rows, document);
    }

    private static int ColumnOf(string reference) => reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1)) - 1;

    /// <summary>An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<string[]> ReadCsv(byte[] bytes)
    {
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "a byte-order mark, for Excel");
        var text = new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3);
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                c.ShouldNotBe('\n', "records end with CRLF; a bare line feed only inside quotes");
                field.Append(c);
            }
        }

        fields.Count.ShouldBe(0, "the last record ends with CRLF");
        return rows;
    }

    /// <summary>The official table's rows as the JSON gives them: code, name, cells; level → field → procedure, then the total.</summary>
    private static List<(string Code, string Name, long[] Cells)> OfficialRows(JsonElement official)
    {
        static long[] Cells(JsonElement row) => [.. row.GetProperty("cells").EnumerateArray().Select(c => c.GetInt64())];
        var rows = new List<(string, string, long[])>();
        foreach (var level in official.GetProperty("levels").EnumerateArray())
        {
            rows.Add((level.GetProperty("level").GetString()!, level.GetProperty("name").GetString()!, Cells(level)));
            foreach (var field in level.GetProperty("fields").EnumerateArray())
            {
                var fieldCode = field.GetProperty("fieldCode").GetString()!;
                rows.Add((fieldCode, field.GetProperty("fieldName").GetString() ?? fieldCode, Cells(field)));
                foreach (var p in field.GetProperty("procedures").EnumerateArray())
                {
                    var code = p.GetProperty("procedureCode").GetString()!;
                    rows.Add((code, p.GetProperty("procedureName").GetString() ?? code, Cells(p)));
                }
            }
        }

        rows.Add(("total", "Tổng cộng", Cells(official.GetProperty("total"))));
        return rows;
    }

    /// <summary>Biểu 06 as XLSX and as CSV: the heading, the header grid, the page, and every cell equal to the JSON's.</summary>
    private async Task CompareBieu06Async(string query, string unitLine)
    {
        var official = (await JsonAsync($"/api/reports/bieu06?{query}")).GetProperty("official");
        var expected = OfficialRows(official);
        var columns = official.GetProperty("columns").EnumerateArray().ToList();

        var (rows, document) = ReadXlsx(await FileAsync($"/api/reports/bieu06?{query}&format=xlsx", XlsxType));
        using (document)
        {
            new OpenXmlValidator().Validate(document).Select(e => e.Description).ShouldBeEmpty();
            rows[1][1].ShouldBe("Biểu số 06/VPCP/KSTT");
            rows[2][1].ShouldBe(official.GetProperty("title").GetString());
            rows[3][1].ShouldBe(unitLine);
            rows[5][1].ShouldBe("Đơn vị tính: Số hồ sơ TTHC");
            // The header grid: the groups over rows 7, the sub-group and labels under them, the numbered row.
            rows[7][1].ShouldBe("Lĩnh vực, công việc giải quyết theo cấp");
            for (var i = 0; i < columns.Count; i++)
            {
                var column = columns[i];
                rows[10][2 + i].ShouldBe($"({column.GetProperty("number").GetInt32()})");
                var labelRow = column.GetProperty("subGroup").ValueKind == JsonValueKind.Null ? 8u : 9u;
                rows[labelRow][2 + i].ShouldBe(column.GetProperty("label").GetString());
            }

            rows[7][2].ShouldBe("Số hồ sơ nhận giải quyết");
            rows[8][4].ShouldBe("Số mới tiếp nhận");
            var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
            var merges = sheet.Descendants<MergeCell>().Select(m => m.Reference!.Value).ToList();
            merges.ShouldContain("B7:B9");
            merges.ShouldContain("C7:F7");
            merges.ShouldContain("E8:F8");
            merges.ShouldContain("C8:C9");
            var page = sheet.Descendants<PageSetup>().Single();
            (page.PaperSize!.Value, page.Orientation!.Value, page.FitToWidth!.Value, page.FitToHeight!.Value)
                .ShouldBe((9u, OrientationValues.Landscape, 1u, 0u));
            document.WorkbookPart.Workbook.Descendants<DefinedName>().Single().Text.ShouldBe("'Biểu 06'!$7:$10");

            var data = rows.Where(r => r.Key > 10).Select(r => r.Value).ToList();
            data.Count.ShouldBe(expected.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var (code, name, cells) = expected[i];
                data[i][0].ShouldBe(code);
                ((string)data[i][1]).ShouldEndWith(name);
                Enumerable.Range(0, cells.Length).Select(c => (long)(decimal)data[i][2 + c]).ShouldBe(cells, $"row {code}");
            }
        }

        var csv = ReadCsv(await FileAsync($"/api/reports/bieu06?{query}", "text/csv", accept: "text/csv"));
        csv[0][..3].ShouldBe(["Mã", "Lĩnh vực, công việc giải quyết theo cấp", "(1) - Số hồ sơ nhận giải quyết - Tổng số"]);
        csv[0][5].ShouldBe("(4) - Số hồ sơ nhận giải quyết - Số mới tiếp nhận - Trực tiếp, dịch vụ bưu chính");
        csv.Skip(1).Select(r => r.Length).Distinct().ShouldBe([13]);
        csv.Count.ShouldBe(expected.Count + 1);
        for (var i = 0; i < expected.Count; i++)
        {
            var (code, name, cells) = expected[i];
            csv[i + 1][0].ShouldBe(code);
            csv[i + 1][1].ShouldEndWith(name);
            csv[i + 1][2..].Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ShouldBe(cells, $"row {code}");
        }
    }

    [Fact]
    public Task The_seed_communes_Bieu06_files_hold_every_cell_of_its_json() =>
        CompareBieu06Async("period=2024&unit=KP", "Đơn vị: Xã Kim Phượng (KP)");

    [Fact]
    public async Task A_provinces_Bieu06_files_hold_its_levels_fields_and_procedures()
    {
        var m = await TestProvince.RegisterAsync(ledger, "2025-01-01");
        var land = await ledger.ReceiveAsync(m.S, "2025-03-03T08:00:00+07:00", procedureCode: m.LandProcedure);
        await ledger.ReceiveAsync(m.A, "2025-03-03T08:00:00+07:00");
        var withdrawn = await ledger.ReceiveAsync(m.B, "2025-03-04T08:00:00+07:00", channel: "online");
        (await ledger.PostAsync($"/api/dossiers/{withdrawn}/withdrawal", new { at = "2025-03-12T10:00:00+07:00", reason = "rút" })).Status.ShouldBe(HttpStatusCode.OK);
        (await ledger.PostAsync($"/api/dossiers/{land}/resolution", new { at = "2025-03-05T10:00:00+07:00" })).Status.ShouldBe(HttpStatusCode.OK);

        var official = (await JsonAsync($"/api/reports/bieu06?from=2025-03-01&to=2025-03-31&unit={m.P}")).GetProperty("official");
        official.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("level").GetString()).ShouldBe(["provincial", "commune"]);

        await CompareBieu06Async($"from=2025-03-01&to=2025-03-31&unit={m.P}", $"Đơn vị: Tỉnh P ({m.P})");
    }

    [Fact]
    public async Task The_QD766_table_files_hold_every_indicator_of_its_json()
    {
        var table = await JsonAsync("/api/reports/qd766?period=2024&unit=KP");
        var indicators = table.GetProperty("indicators").EnumerateArray().ToList();
        indicators.Select(i => i.GetProperty("code").GetString()).ShouldBe(["2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "4.3", "5.4"]);
        // One source: the indicators are the period report's.
        var report = await JsonAsync("/api/reports/period?period=2024&unit=KP");
        var progress = report.GetProperty("quality").GetProperty("progress");
        indicators[0].GetProperty("numerator").GetDecimal().ShouldBe(progress.GetProperty("numerator").GetDecimal());
        indicators[0].GetProperty("denominator").GetInt64().ShouldBe(progress.GetProperty("denominator").GetInt64());
        indicators[0].GetProperty("achievement").GetDouble().ShouldBe(report.GetProperty("scores").GetProperty("progress").GetProperty("achievement").GetDouble());

        static object? Expected(JsonElement indicator, string name) => indicator.GetProperty(name) switch
        {
            { ValueKind: JsonValueKind.Null } => null,
            { ValueKind: JsonValueKind.String } text => text.GetString() is { Length: > 0 } s ? s : null,
            var number => number.GetDecimal(),
        };
        string[] names = ["code", "name", "numerator", "denominator", "factor", "value", "unit", "target", "achievement", "note"];

        var (rows, document) = ReadXlsx(await FileAsync("/api/reports/qd766?period=2024&unit=KP&format=xlsx", XlsxType));
        using (document)
        {
            new OpenXmlValidator().Validate(document).Select(e => e.Description).ShouldBeEmpty();
            rows[2][0].ShouldBe("Đơn vị: Xã Kim Phượng (KP)");
            var data = rows.Where(r => r.Key > 6).Select(r => r.Value).ToList();
            data.Count.ShouldBe(indicators.Count);
            for (var i = 0; i < indicators.Count; i++)
            {
                for (var c = 0; c < names.Length; c++)
                {
                    var cell = data[i].GetValueOrDefault(c);
                    if (Expected(indicators[i], names[c]) is decimal number)
                    {
                        ((decimal)cell!).ShouldBe(number, 1e-12m, $"{indicators[i].GetProperty("code")} {names[c]}");
                    }
                    else
                    {
                        cell.ShouldBe(Expected(indicators[i], names[c]), $"{indicators[i].GetProperty("code")} {names[c]}");
                    }
                }
            }
        }

        var csv = ReadCsv(await FileAsync("/api/reports/qd766?period=2024&unit=KP&format=csv", "text/csv"));
        csv[0].ShouldBe(["Chỉ số", "Tên chỉ số", "Tử số", "Mẫu số", "Hệ số", "Giá trị", "Đơn vị", "Chỉ tiêu", "Mức đạt", "Ghi chú"]);
        csv.Count.ShouldBe(indicators.Count + 1);
        for (var i = 0; i < indicators.Count; i++)
        {
            for (var c = 0; c < names.Length; c++)
            {
                var expected = Expected(indicators[i], names[c]);
                csv[i + 1][c].ShouldBe(expected switch
                {
                    null => "",
                    decimal n => indicators[i].GetProperty(names[c]).GetRawText(),
                    var text => (string)text,
                }, $"{indicators[i].GetProperty("code")} {names[c]}");
            }
        }
    }

    [Fact]
    public async Task The_tracking_book_lists_each_dossier_received_in_the_range_in_every_format()
    {
        var m = await TestProvince.RegisterAsync(ledger, "2025-01-01");
        var handed = await ledger.ReceiveAsync(m.A, "2025-03-03T08:00:00+07:00");
        (await ledger.PostAsync($"/api/dossiers/{handed}/hand-overs", new { toUnitCode = m.B, reason = "không thuộc thẩm quyền, chuyển \"xã B\"", at = "2025-03-04T09:00:00+07:00" }))
            .Status.ShouldBe(HttpStatusCode.OK);
        // Half a second after the first: listed after it, though its stored text sorts before.
        var halfSecondLater = await ledger.ReceiveAsync(m.B, "2025-03-03T08:00:00.5+07:00");
        var resolved = await ledger.ReceiveAsync(m.A, "2025-03-05T08:00:00+07:00", channel: "online");
        (await ledger.PostAsync($"/api/dossiers/{resolved}/resolution", new { at = "2025-03-06T10:00:00+07:00" })).Status.ShouldBe(HttpStatusCode.OK);
        var withdrawn = await ledger.ReceiveAsync(m.A, "2025-03-06T08:00:00+07:00");
        (await ledger.PostAsync($"/api/dossiers/{withdrawn}/withdrawal", new { at = "2025-03-07T10:00:00+07:00", reason = "rút, theo đơn" })).Status.ShouldBe(HttpStatusCode.OK);
        await ledger.ReceiveAsync(m.A, "2025-04-01T08:00:00+07:00"); // after the range
        await ledger.ReceiveAsync(m.X, "2025-03-05T08:00:00+07:00"); // another province
        var url = $"/api/reports/tracking-book?from=2025-03-01&to=2025-03-31&unit={m.P}";

        var lines = Encoding.UTF8.GetString(await FileAsync(url, "application/x-ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

        lines.Select(l => l.GetProperty("dossierId").GetGuid()).ShouldBe([handed, halfSecondLater, resolved, withdrawn]);
        lines.Select(l => l.GetProperty("number").GetInt64()).ShouldBe([1L, 2, 3, 4]);
        lines[0].GetProperty("handOvers").EnumerateArray().ShouldHaveSingleItem().GetProperty("toUnitCode").GetString().ShouldBe(m.B);
        lines[0].GetProperty("authorityCode").GetString().ShouldBe(m.B);
        lines[2].GetProperty("timeliness").GetString().ShouldBe("early");
        lines[3].GetProperty("closingReason").GetString().ShouldBe("rút, theo đơn");
        var views = new List<JsonElement>();
        foreach (var id in new[] { handed, halfSecondLater, resolved, withdrawn })
        {
            views.Add(await JsonAsync($"/api/dossiers/{id}"));
        }

        for (var i = 0; i < views.Count; i++)
        {
            lines[i].GetProperty("receiptNo").GetString().ShouldBe(views[i].GetProperty("receiptNo").GetString());
            lines[i].GetProperty("appointedAt").GetString().ShouldBe(views[i].GetProperty("originalDueAt").GetString());
        }

        // Every cell of the files, from the NDJSON lines.
        static string Time(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? ""
            : DateTimeOffset.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        string[][] expected = [.. lines.Select(l => new[]
        {
            l.GetProperty("number").GetInt64().ToString(CultureInfo.InvariantCulture), l.GetProperty("receiptNo").GetString()!,
            l.GetProperty("procedureCode").GetString()!, l.GetProperty("procedureName").GetString()!, "",
            l.GetProperty("channel").GetString() == "online" ? "Trực tuyến" : "Trực tiếp", l.GetProperty("receivingUnitCode").GetString()!,
            Time(l, "receivedAt"), Time(l, "appointedAt"), l.GetProperty("authorityCode").GetString()!,
            string.Join("\n", l.GetProperty("handOvers").EnumerateArray().Select(h =>
                $"{DateTimeOffset.Parse(h.GetProperty("at").GetString()!, CultureInfo.InvariantCulture):dd/MM/yyyy HH:mm}: {h.GetProperty("fromUnitCode").GetString()} → {h.GetProperty("toUnitCode").GetString()} ({h.GetProperty("reason").GetString()})")),
            Time(l, "resultAt"),
            l.GetProperty("timeliness").GetString() switch { "early" => "Trước hạn", "onTime" => "Đúng hạn", "overdue" => "Quá hạn", _ => l.GetProperty("status").GetString() == "withdrawn" ? "Rút hồ sơ" : "Đang giải quyết" },
            Time(l, "resultReturnedAt"), "",
            l.GetProperty("closedAt").ValueKind == JsonValueKind.Null ? ""
                : $"{DateTimeOffset.Parse(l.GetProperty("closedAt").GetString()!, CultureInfo.InvariantCulture):dd/MM/yyyy HH:mm}: {l.GetProperty("closingReason").GetString()}",
        })];

        var csv = ReadCsv(await FileAsync(url + "&format=csv", "text/csv"));
        csv[0][..3].ShouldBe(["STT", "Số biên nhận (mã hồ sơ)", "Mã TTHC"]);
        csv.Skip(1).ToArray().ShouldBe(expected);

        var (rows, document) = ReadXlsx(await FileAsync(url, XlsxType, accept: $"text/html;q=0.9, {XlsxType}"));
        using (document)
        {
            new OpenXmlValidator().Validate(document).Select(e => e.Description).ShouldBeEmpty();
            rows[2][0].ShouldBe("SỔ THEO DÕI HỒ SƠ");
            var data = rows.Where(r => r.Key > 8).Select(r => r.Value).ToList();
            data.Count.ShouldBe(expected.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                for (var c = 0; c < expected[i].Length; c++)
                {
                    var cell = data[i].GetValueOrDefault(c) switch
                    {
                        null => "",
                        string text => text,
                        decimal n when c == 0 => n.ToString(CultureInfo.InvariantCulture),
                        decimal oaDate => DateTime.FromOADate((double)oaDate).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                        var other => other.ToString(),
                    };
                    cell.ShouldBe(expected[i][c], $"row {i + 1} column {c + 1}");
                }
            }
        }
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("text/html, */*", "application/json")]
    [InlineData("text/csv;q=0.5, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XlsxType)]
    [InlineData("application/json;q=0.2, text/csv;q=0.8", "text/csv")]
    public async Task Without_format_the_Accept_header_chooses_and_anything_else_is_json(string? accept, string mediaType)
    {
        var (status, _, response) = await ledger.SendAsync(
            HttpMethod.Get, "/api/reports/qd766?period=2024&unit=KP", headers: accept is null ? null : new Dictionary<string, string> { ["Accept"] = accept });

        status.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        if (mediaType != "application/json")
        {
            response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"qd766-KP-2024.{(mediaType == XlsxType ? "xlsx" : "csv")}");
        }
    }

    [Theory]
    [InlineData("/api/reports/bieu06?period=2024&unit=KP&format=pdf", "format")]
    [InlineData("/api/reports/qd766?period=2024&unit=KP&format=ndjson", "format")]
    [InlineData("/api/reports/tracking-book?period=2024&unit=KP&format=json", "format")]
    [InlineData("/api/reports/tracking-book?from=2024-12-31&to=2024-01-01&unit=KP&format=csv", "to")]
    [InlineData("/api/reports/qd766?period=2024-Q5&format=xlsx", "period")]
    [InlineData("/api/reports/bieu06?period=2024&unit=K%20P&format=xlsx", "unit")]
    public async Task Bad_input_is_a_400_naming_the_field(string url, string field)
    {
        var (status, problem, _) = await ledger.GetAsync(url);

        status.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public async Task The_dossiers_behind_a_figure_as_a_spreadsheet_are_its_list_in_order()
    {
        const string list = "/api/reports/figures/resolved.total/dossiers?from=2025-01-01&to=2025-03-31&unit=KP";
        var csv = await ledger.SendAsync(HttpMethod.Get, $"{list}&format=csv");
        var lines = (await csv.Response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).ToList();
        lines.Count.ShouldBeGreaterThan(100);

        var (rows, document) = ReadXlsx(await FileAsync($"{list}&format=xlsx", XlsxType));
        using (document)
        {
            rows.Values.ShouldContain(r => r.Values.Contains("DANH SÁCH HỒ SƠ CỦA CHỈ TIÊU resolved.total"));
            var header = rows.Single(r => r.Value.GetValueOrDefault(0) as string == "STT").Key;
            rows[header][1].ShouldBe("Số biên nhận");
            var data = rows.Where(r => r.Key > header).Select(r => r.Value).ToList();
            data.Count.ShouldBe(lines.Count);
            data.Select(r => (decimal)r[0]).ShouldBe(Enumerable.Range(1, lines.Count).Select(n => (decimal)n));
            data.Select(r => (string)r[1]).ShouldBe(lines.Select(l => l[2]));
            data.Select(r => (string)r[2]).ShouldBe(lines.Select(l => l[0]));
            data.Select(r => DateOnly.FromDateTime(DateTime.FromOADate((double)(decimal)r[8])).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .ShouldBe(lines.Select(l => l[7]));
            data.ShouldAllBe(r => (string)r[11] == "Đã giải quyết");
        }
    }

    [Fact]
    public async Task A_unit_the_token_may_not_read_is_a_403_in_every_format()
    {
        var (mine, theirs) = (LedgerFixture.NewUnit(), LedgerFixture.NewUnit());
        var reporter = await ledger.AsAsync("reporter.files", "reporter", mine);
        foreach (var report in new[] { "bieu06", "qd766", "tracking-book" })
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                (await ledger.SendAsync(HttpMethod.Get, $"/api/reports/{report}?period=2025&unit={theirs}&format={format}", null, reporter)).Status
                    .ShouldBe(HttpStatusCode.Forbidden, $"{report} {format}");
                (await ledger.SendAsync(HttpMethod.Get, $"/api/reports/{report}?period=2025&unit={mine}&format={format}", null, reporter)).Status
                    .ShouldBe(HttpStatusCode.OK, $"{report} {format}");
            }

            (await ledger.SendAsync(HttpMethod.Get, $"/api/reports/{report}?period=2025&format=csv", null, reporter)).Status
                .ShouldBe(HttpStatusCode.BadRequest, report);
        }
    }
}
