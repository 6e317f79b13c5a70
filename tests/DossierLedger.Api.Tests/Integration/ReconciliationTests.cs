using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Security;
using DossierLedger.Domain.Reconciliation;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The seed commune's report of April 2025 as it was typed by hand, reconciled with the ledger: its counts agree, its
/// rates do not, and its own contradictions are named; the submission is kept and reads the same later.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReconciliationTests(LedgerFixture ledger)
{
    private static object SeedReport() => new
    {
        unit = DemoCommune.UnitCode,
        from = "2021-01-01",
        to = "2025-04-14",
        figures = new object[]
        {
            new { figure = "received.total", value = 15034 }, new { figure = "received.carriedOver", value = 4 },
            new { figure = "received.new", value = 15030 }, new { figure = "received.online", value = 8658 },
            new { figure = "received.directOrPostal", value = 6372 }, new { figure = "resolved.total", value = 15022 },
            new { figure = "resolved.early", value = 12228 }, new { figure = "resolved.onTime", value = 2793 },
            new { figure = "resolved.overdue", value = 1 }, new { figure = "pending.total", value = 12 },
            new { figure = "rates.onTime", value = 100, where = "text" }, new { figure = "rates.online", value = 100, where = "text" },
            new { figure = "electronicDocuments", value = 5326, where = "text" }, new { figure = "electronicDocuments", value = 5236, where = "appendix" },
        },
    };

    private static Dictionary<string, JsonElement> Compared(JsonElement answer) =>
        answer.GetProperty("figures").EnumerateArray().GroupBy(f => f.GetProperty("figure").GetString()!).ToDictionary(g => g.Key, g => g.First());

    [Fact]
    public async Task The_seed_report_as_typed_agrees_in_its_counts_and_not_in_its_rates_and_is_kept()
    {
        var reporter = await ledger.AsAsync("report-builder", Roles.Reporter, DemoCommune.UnitCode);
        var before = await ledger.EventCountAsync();

        var (status, answer, response) = await ledger.PostAsync("/api/reports/reconciliations", SeedReport(), reporter);

        status.ShouldBe(HttpStatusCode.Created, answer.ToString());
        var figures = Compared(answer);
        foreach (var count in new[] { "received.total", "received.online", "resolved.early", "pending.total" })
        {
            (figures[count].GetProperty("agrees").GetBoolean(), figures[count].GetProperty("difference").GetDecimal()).ShouldBe((true, 0m), count);
        }

        figures["rates.onTime"].GetProperty("agrees").GetBoolean().ShouldBeFalse();
        figures["rates.onTime"].GetProperty("ledger").GetDecimal().ShouldBe(1502100m / 15022, 0.0000001m);
        figures["rates.online"].GetProperty("ledger").GetDecimal().ShouldBe(865800m / 15030, 0.0000001m);
        figures["electronicDocuments"].GetProperty("ledger").ValueKind.ShouldBe(JsonValueKind.Null);
        answer.GetProperty("brokenIdentities").EnumerateArray().Select(b => b.GetProperty("rule").GetString())
            .ShouldBe([TypedReport.TypedTwice, TypedReport.RateMismatch, TypedReport.RateMismatch]);

        // Kept as the one event of its own stream, with who submitted it and the hash of what was submitted.
        (await ledger.EventCountAsync()).ShouldBe(before + 1);
        var id = answer.GetProperty("id").GetGuid();
        await using (var session = ledger.Store.QuerySession())
        {
            var kept = (TypedReportSubmitted)(await session.Events.FetchStreamAsync(id)).ShouldHaveSingleItem().Data;
            (kept.UnitCode, kept.SubmittedBy, kept.Figures.Count, kept.Hash).ShouldBe((DemoCommune.UnitCode, "report-builder", 14, answer.GetProperty("hash").GetString()));
        }

        // Read later, by an auditor: the same comparison, as the ledger knew it when it was submitted.
        var (read, again, _) = await ledger.SendAsync(HttpMethod.Get, response.Headers.Location!.ToString(), null, await ledger.AsAsync("auditor", Roles.Auditor));
        read.ShouldBe(HttpStatusCode.OK, again.ToString());
        again.GetProperty("figures").ToString().ShouldBe(answer.GetProperty("figures").ToString());
        again.GetProperty("brokenIdentities").ToString().ShouldBe(answer.GetProperty("brokenIdentities").ToString());
    }

    [Fact]
    public async Task Bad_figures_a_clerk_and_another_unit_are_refused_and_nothing_is_kept()
    {
        var before = await ledger.EventCountAsync();

        var (status, problem, _) = await ledger.PostAsync("/api/reports/reconciliations", new
        {
            unit = DemoCommune.UnitCode,
            period = "2025-13",
            figures = new object[] { new { figure = "received.total", value = -1 }, new { value = 3 } },
        });
        status.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order()
            .ShouldBe(["figures[0].value", "figures[1].figure", "period"]);
        (await ledger.PostAsync("/api/reports/reconciliations", new { unit = DemoCommune.UnitCode, period = "2025", figures = Array.Empty<object>() }))
            .Status.ShouldBe(HttpStatusCode.BadRequest);

        (await ledger.PostAsync("/api/reports/reconciliations", SeedReport(), await ledger.AsAsync("clerk", Roles.Clerk, DemoCommune.UnitCode)))
            .Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ledger.PostAsync("/api/reports/reconciliations", SeedReport(), await ledger.AsAsync("elsewhere", Roles.Reporter, LedgerFixture.NewUnit())))
            .Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ledger.GetAsync($"/api/reports/reconciliations/{Guid.NewGuid()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string SeedRange = "unit=KP&from=2021-01-01&to=2025-04-14";

    /// <summary>Posts <paramref name="bytes"/> as the body with its media type, as the holder of <paramref name="headers"/> (admin by default).</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(
        byte[] bytes, string mediaType, string query, IDictionary<string, string>? headers = null)
    {
        using var client = ledger.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/reports/reconciliations?{query}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        foreach (var (name, value) in headers ?? await ledger.AsAsync("report-builder", Roles.Reporter, DemoCommune.UnitCode))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<byte[]> LedgerFileAsync(string format)
    {
        var (status, body, response) = await ledger.GetAsync($"/api/reports/bieu06?{SeedRange}&format={format}");
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The kept event of a submission.</summary>
    private async Task<TypedReportSubmitted> KeptAsync(JsonElement answer)
    {
        await using var session = ledger.Store.QuerySession();
        return (TypedReportSubmitted)(await session.Events.FetchStreamAsync(answer.GetProperty("id").GetGuid())).ShouldHaveSingleItem().Data;
    }

    [Theory]
    [InlineData("xlsx", XlsxType)]
    [InlineData("csv", "text/csv")]
    public async Task The_ledgers_own_file_sent_back_unchanged_agrees_in_every_cell(string format, string mediaType)
    {
        var bytes = await LedgerFileAsync(format);

        var (status, answer) = await UploadAsync(bytes, mediaType, $"{SeedRange}&name=bieu06-KP.{format}");

        status.ShouldBe(HttpStatusCode.Created, answer.ToString());
        var figures = answer.GetProperty("figures").EnumerateArray().ToList();
        figures.Count.ShouldBeGreaterThan(11 * 100, "every cell of a level, 12 fields, their procedures and the total");
        figures.ShouldAllBe(f => f.GetProperty("agrees").GetBoolean() && f.GetProperty("dossiers").ValueKind == JsonValueKind.Null);
        figures.Where(f => f.GetProperty("row").ValueKind == JsonValueKind.Null).Select(f => f.GetProperty("typed").GetInt64())
            .ShouldBe([15034, 4, 8658, 6372, 15022, 12228, 2793, 1, 12, 12, 0]);
        answer.GetProperty("brokenIdentities").GetArrayLength().ShouldBe(0);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        answer.GetProperty("file").GetProperty("sha256").GetString().ShouldBe(sha);

        var kept = await KeptAsync(answer);
        kept.File.ShouldBe(new SubmittedFile(format, $"bieu06-KP.{format}", bytes.Length, sha));
        (kept.Folding, kept.Figures.Count).ShouldBe(("peer", figures.Count));
        kept.Figures.First(f => f.Row is not null).Where.ShouldNotBeNull().ShouldMatch("^[C-M][0-9]+$");
    }

    /// <summary>The cell of a row (by its code in column A) and a column (by its letter) of the workbook's sheet.</summary>
    private static Cell CellOf(SheetData data, string code, string column)
    {
        var row = data.Elements<Row>().Single(r => r.Elements<Cell>().FirstOrDefault()?.InnerText == code);
        return row.Elements<Cell>().Single(c => c.CellReference!.Value == $"{column}{row.RowIndex!.Value}");
    }

    [Fact]
    public async Task Cells_edited_in_the_workbook_are_listed_with_the_dossiers_behind_them_and_the_identities_they_break()
    {
        var bytes = await LedgerFileAsync("xlsx");
        var (bieu06Status, bieu06, _) = await ledger.GetAsync($"/api/reports/bieu06?{SeedRange}");
        bieu06Status.ShouldBe(HttpStatusCode.OK);
        // A procedure with few dossiers pending: its pending cell (9, column K) typed one short, nothing else changed.
        var field = bieu06.GetProperty("official").GetProperty("levels")[0].GetProperty("fields").EnumerateArray()
            .First(f => f.GetProperty("procedures").EnumerateArray().Any(p => p.GetProperty("cells")[8].GetInt64() > 0));
        var procedure = field.GetProperty("procedures").EnumerateArray().First(p => p.GetProperty("cells")[8].GetInt64() > 0);
        var (fieldCode, procedureCode) = (field.GetProperty("fieldCode").GetString()!, procedure.GetProperty("procedureCode").GetString()!);
        var pending = procedure.GetProperty("cells")[8].GetInt64();
        using (var edited = new MemoryStream())
        {
            edited.Write(bytes);
            using (var document = SpreadsheetDocument.Open(edited, true))
            {
                var data = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!;
                CellOf(data, procedureCode, "K").CellValue = new CellValue((decimal)(pending - 1));
                CellOf(data, "total", "J").CellValue = new CellValue(2m); // resolved overdue: the ledger has 1
            }

            bytes = edited.ToArray();
        }

        var (status, answer) = await UploadAsync(bytes, XlsxType, SeedRange);

        status.ShouldBe(HttpStatusCode.Created, answer.ToString());
        var differing = answer.GetProperty("figures").EnumerateArray().Where(f => !f.GetProperty("agrees").GetBoolean()).ToList();
        differing.Select(f => (f.GetProperty("figure").GetString(), f.GetProperty("row").GetString(), f.GetProperty("difference").GetDecimal()))
            .ShouldBe([($"official.9", $"commune/{fieldCode}/{procedureCode}", -1m), ("official.8", null, 1m)]);
        foreach (var figure in differing)
        {
            var dossiers = figure.GetProperty("dossiers");
            var (listed, list, _) = await ledger.GetAsync(dossiers.GetProperty("list").GetString()! + "&pageSize=1000");
            listed.ShouldBe(HttpStatusCode.OK, list.ToString());
            dossiers.GetProperty("count").GetInt64().ShouldBe(figure.GetProperty("ledger").GetInt64());
            list.GetProperty("total").GetInt64().ShouldBe(figure.GetProperty("ledger").GetInt64());
            dossiers.GetProperty("receiptNos").EnumerateArray().Select(r => r.GetString())
                .ShouldBe(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("receiptNo").GetString()));
        }

        // By itself: the procedure's row no longer adds up, nor do the field's procedures (the field's own cell was left), nor the total's resolved columns.
        var broken = answer.GetProperty("brokenIdentities").EnumerateArray()
            .Select(b => (b.GetProperty("rule").GetString(), b.GetProperty("figures")[0].GetProperty("figure").GetString(),
                b.GetProperty("figures")[0].GetProperty("row").GetString()))
            .ToList();
        broken.ShouldBe(
        [
            (TypedReport.SumMismatch, "official.1", $"commune/{fieldCode}/{procedureCode}"),
            (TypedReport.SumMismatch, "official.9", $"commune/{fieldCode}/{procedureCode}"),
            (TypedReport.SumMismatch, "official.5", null),
            (TypedReport.SumMismatch, "official.9", $"commune/{fieldCode}"),
            (TypedReport.SumMismatch, "official.8", null),
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task The_seed_report_typed_into_a_csv_lists_exactly_its_known_contradictions()
    {
        // Typed by hand: no byte-order mark, LF line ends, a quoted label.
        var csv = string.Join('\n',
            "Mã,Lĩnh vực,(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11)",
            "commune,\"I. Cấp xã\",15034,4,8658,6372,15022,12228,2793,1,12,12,0",
            "total,Tổng cộng,15034,4,8658,6372,15022,12228,2793,1,12,12,0",
            "rates.onTime,text,100",
            "rates.online,text,100",
            "electronicDocuments,text,5326",
            "electronicDocuments,appendix,5236",
            "tasksAssigned,text,36",
            "tasksAssigned,\"appendix 1.3, tasks\",7") + "\n";

        var (status, answer) = await UploadAsync(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", SeedRange);

        status.ShouldBe(HttpStatusCode.Created, answer.ToString());
        answer.GetProperty("brokenIdentities").EnumerateArray()
            .Select(b => (b.GetProperty("rule").GetString(), b.GetProperty("figures")[0].GetProperty("figure").GetString()))
            .ShouldBe(
            [
                (TypedReport.TypedTwice, "electronicDocuments"), (TypedReport.TypedTwice, "tasksAssigned"),
                (TypedReport.RateMismatch, "rates.onTime"), (TypedReport.RateMismatch, "rates.online"),
            ]);
        var figures = answer.GetProperty("figures").EnumerateArray().ToList();
        figures.Where(f => f.GetProperty("figure").GetString()!.StartsWith("official.", StringComparison.Ordinal))
            .ShouldAllBe(f => f.GetProperty("agrees").GetBoolean());
        figures.Single(f => f.GetProperty("figure").GetString() == "rates.onTime").GetProperty("agrees").GetBoolean().ShouldBeFalse();
        (await KeptAsync(answer)).Figures[^1].Where.ShouldBe("appendix 1.3, tasks");
    }

    /// <summary>A ZIP that holds no workbook.</summary>
    /// <summary>The ledger's own XLSX with the total's first cell pointing at a shared string the workbook does not have.</summary>
    private async Task<byte[]> WithSharedStringAsync(string index)
    {
        using var edited = new MemoryStream();
        edited.Write(await LedgerFileAsync("xlsx"));
        using (var document = SpreadsheetDocument.Open(edited, true))
        {
            var data = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!;
            var cell = CellOf(data, "total", "C");
            (cell.DataType, cell.CellValue) = (CellValues.SharedString, new CellValue(index));
        }

        return edited.ToArray();
    }

    private static byte[] PlainZip()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("notes.txt").Open());
            entry.Write("not a workbook");
        }

        return zip.ToArray();
    }

    [Fact]
    public async Task A_file_that_is_not_a_filled_bieu06_or_is_too_large_or_for_another_unit_is_refused_and_nothing_is_kept()
    {
        var before = await ledger.EventCountAsync();
        var csv = Encoding.UTF8.GetString(await LedgerFileAsync("csv")).TrimStart('\uFEFF').Split("\r\n");
        var total = Array.FindIndex(csv, l => l.StartsWith("total,", StringComparison.Ordinal));
        string WithCells(params (int Column, string Value)[] cells)
        {
            var lines = csv.ToArray();
            var fields = lines[total].Split(',');
            foreach (var (column, value) in cells)
            {
                fields[column] = value;
            }

            lines[total] = string.Join(',', fields);
            return string.Join("\r\n", lines);
        }

        var random = new byte[4096];
        new Random(7).NextBytes(random);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        var row = total + 1;
        var cases = new (byte[] Body, string MediaType, string Query, string Error)[]
        {
            (random, XlsxType, SeedRange, "file"),
            (pdf, XlsxType, SeedRange, "file"),
            (PlainZip(), XlsxType, SeedRange, "file"),
            (random, "text/csv", SeedRange, "file"),
            (pdf, "text/csv", SeedRange, "C1"),
            (Encoding.UTF8.GetBytes(WithCells((2, ""), (3, "-4"), (4, "tám"), (5, "1.5"))), "text/csv", SeedRange, $"C{row}"),
            (Encoding.UTF8.GetBytes(WithCells((6, "79228162514264337593543950335"))), "text/csv", SeedRange, $"G{row}"),
            (await WithSharedStringAsync("99999999999"), XlsxType, SeedRange, "file"),
            (await LedgerFileAsync("csv"), "text/csv", "unit=KP&period=2025-13", "period"),
        };
        foreach (var (body, mediaType, query, error) in cases)
        {
            var (status, problem) = await UploadAsync(body, mediaType, query);
            status.ShouldBe(HttpStatusCode.BadRequest, $"{mediaType} {error}: {problem}");
            problem.GetProperty("errors").TryGetProperty(error, out _).ShouldBeTrue(problem.ToString());
        }

        var (cellsStatus, cellsProblem) = await UploadAsync(Encoding.UTF8.GetBytes(WithCells((2, ""), (3, "-4"), (4, "tám"), (5, "1.5"))), "text/csv", SeedRange);
        cellsStatus.ShouldBe(HttpStatusCode.BadRequest);
        cellsProblem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([$"C{row}", $"D{row}", $"E{row}", $"F{row}"]);

        var (unsupported, unsupportedProblem) = await UploadAsync(pdf, "application/pdf", SeedRange);
        (unsupported, unsupportedProblem.GetProperty("status").GetInt32()).ShouldBe((HttpStatusCode.UnsupportedMediaType, 415));

        var (tooLarge, tooLargeProblem) = await UploadAsync(new byte[50 * 1024 * 1024], XlsxType, SeedRange);
        (tooLarge, tooLargeProblem.GetProperty("status").GetInt32()).ShouldBe((HttpStatusCode.RequestEntityTooLarge, 413));

        var elsewhere = await ledger.AsAsync("elsewhere", Roles.Reporter, LedgerFixture.NewUnit());
        (await UploadAsync(await LedgerFileAsync("xlsx"), XlsxType, SeedRange, elsewhere)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await UploadAsync(await LedgerFileAsync("xlsx"), XlsxType, SeedRange, await ledger.AsAsync("clerk", Roles.Clerk, DemoCommune.UnitCode)))
            .Status.ShouldBe(HttpStatusCode.Forbidden);

        (await ledger.EventCountAsync()).ShouldBe(before);
    }
}
