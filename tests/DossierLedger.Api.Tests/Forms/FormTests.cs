using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DossierLedger.Api.Security;
using DossierLedger.Api.Tests.Integration;

namespace DossierLedger.Api.Tests.Forms;

/// <summary>
/// The printed forms over HTTP: each is read back from the PDF with poppler's <c>pdftotext</c> and must carry the dossier's
/// true data in intact Vietnamese; a form the dossier has no document for, or of a dossier not found or not the caller's,
/// is a problem and writes nothing.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed partial class FormTests(LedgerFixture ledger)
{
    private const string Applicant = "Trần Thị Bích Ngọc";
    private const string Received = "2025-03-10T08:00:00+07:00";

    private static readonly string[] Components = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"];

    /// <summary>A commune registered with its address, under a province; returns its code.</summary>
    private async Task<string> CommuneAsync()
    {
        var code = LedgerFixture.NewUnit();
        var (status, body, _) = await ledger.PostAsync("/api/admin/units/changes", new
        {
            changes = new object[]
            {
                new { change = "establish", code = $"{code}-P", name = "Tỉnh Thái Nguyên", level = "province", effectiveFrom = "2020-01-01" },
                new { change = "establish", code, name = "Xã Phú Đình", level = "commune", parentCode = $"{code}-P", effectiveFrom = "2020-01-01", address = "Thôn Đình, xã Phú Đình" },
            },
        });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return code;
    }

    /// <summary>Receives a dossier of <paramref name="unit"/> for <see cref="Applicant"/> (procedure 1.004873: due 13/3/2025 08:00).</summary>
    private async Task<(Guid Id, string ReceiptNo)> ReceiveAsync(string unit)
    {
        var (status, body, _) = await ledger.PostAsync("/api/dossiers", new
        {
            unitCode = unit,
            procedureCode = "1.004873",
            channel = "direct",
            receivedAt = Received,
            applicant = new { name = Applicant },
        });
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetGuid(), body.GetProperty("receiptNo").GetString()!);
    }

    private async Task OkAsync(string url, object body)
    {
        var (status, json, _) = await ledger.PostAsync(url, body);
        status.ShouldBe(HttpStatusCode.OK, json.ToString());
    }

    /// <summary>The form's text as <c>pdftotext -layout</c> reads it, runs of spaces made one, after checking the answer.</summary>
    private async Task<string> FormTextAsync(Guid id, string receiptNo, string form) => (await FormAsync(id, receiptNo, form)).Text;

    private async Task<(string Text, byte[] Pdf)> FormAsync(Guid id, string receiptNo, string form)
    {
        var (status, _, response) = await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}/forms/{form}");
        status.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        response.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe($"{receiptNo}-{form}.pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(pdf, 0, 4).ShouldBe("%PDF");
        return (Spaces().Replace(await Poppler("pdftotext", pdf, "-layout", "-enc", "UTF-8"), " "), pdf);
    }

    /// <summary>What a poppler tool writes to its standard output about <paramref name="pdf"/>.</summary>
    private static async Task<string> Poppler(string tool, byte[] pdf, params string[] options)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            // pdftotext writes to standard output when told "-", pdftoppm when given no file name.
            using var process = Process.Start(new ProcessStartInfo(tool, tool == "pdftotext" ? [.. options, file, "-"] : [.. options, file])
            {
                RedirectStandardOutput = true,
                StandardOutputEncoding = System.Text.Encoding.Latin1,
            })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0);
            return tool == "pdftotext" ? System.Text.Encoding.UTF8.GetString(System.Text.Encoding.Latin1.GetBytes(output)) : output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The text of the QR code on the first page, rendered in grey by <c>pdftoppm</c> (a PGM) and read by ZXing; null when none.</summary>
    private static async Task<string?> QrCodeOnPageAsync(byte[] pdf)
    {
        var pgm = System.Text.Encoding.Latin1.GetBytes(await Poppler("pdftoppm", pdf, "-gray", "-r", "150", "-singlefile"));
        // P5 <width> <height> <maxval> and one byte per pixel after a single whitespace.
        var header = System.Text.Encoding.ASCII.GetString(pgm, 0, 32).Split([' ', '\n'], 5);
        var (width, height) = (int.Parse(header[1], CultureInfo.InvariantCulture), int.Parse(header[2], CultureInfo.InvariantCulture));
        var pixels = pgm.AsSpan(pgm.Length - width * height).ToArray();
        var reader = new ZXing.QrCode.QRCodeReader();
        var bitmap = new ZXing.BinaryBitmap(new ZXing.Common.HybridBinarizer(
            new ZXing.RGBLuminanceSource(pixels, width, height, ZXing.RGBLuminanceSource.BitmapFormat.Gray8)));
        return reader.decode(bitmap, new Dictionary<ZXing.DecodeHintType, object> { [ZXing.DecodeHintType.TRY_HARDER] = true })?.Text;
    }

    private async Task<string> SecretAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        return ((DossierLedger.Domain.Dossiers.DossierReceived)events[0].Data).LookupSecret!;
    }

    private async Task<long> VersionAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))?.Version ?? 0;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [Fact]
    public async Task The_receipt_slip_has_the_documents_the_appointment_where_to_collect_and_the_lookup()
    {
        var unit = await CommuneAsync();
        var (status, body, _) = await ledger.PostAsync("/api/dossiers", new
        {
            unitCode = unit,
            procedureCode = "1.004873",
            channel = "direct",
            receivedAt = Received,
            applicant = new { name = Applicant },
            components = Components,
        });
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        var (id, receiptNo) = (body.GetProperty("id").GetGuid(), body.GetProperty("receiptNo").GetString()!);
        var secret = await SecretAsync(id);

        var (text, pdf) = await FormAsync(id, receiptNo, "receipt");

        text.ShouldContain("Mẫu số 01");
        text.ShouldContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
        text.ShouldContain("TỈNH THÁI NGUYÊN");
        text.ShouldContain("XÃ PHÚ ĐÌNH");
        text.ShouldContain(receiptNo);
        text.ShouldContain(Applicant);
        text.ShouldContain("1.004873 – ");
        text.ShouldContain("1. Tờ khai đăng ký khai sinh");
        text.ShouldContain("2. Giấy chứng sinh");
        text.ShouldContain("Thời gian nhận hồ sơ: 10/03/2025 08:00");
        text.ShouldContain("Thời gian trả kết quả giải quyết hồ sơ: 13/03/2025 08:00");
        text.ShouldContain("Nơi nhận kết quả: Xã Phú Đình, Thôn Đình, xã Phú Đình");
        text.ShouldContain($"mã tra cứu: {secret}");
        // The QR code read back from the rendered page opens the lookup of this dossier with its secret.
        var link = new Uri((await QrCodeOnPageAsync(pdf)).ShouldNotBeNull());
        link.AbsolutePath.ShouldBe("/lookup");
        link.Query.ShouldBe($"?receiptNo={Uri.EscapeDataString(receiptNo)}&secret={secret}");
    }

    [Fact]
    public async Task A_receipt_slip_without_a_lookup_secret_has_no_qr_code()
    {
        var unit = await CommuneAsync();
        var id = Guid.NewGuid();
        var receipt = new DossierLedger.Domain.Dossiers.DossierReceived(
            id, $"{unit}-IMPORTED-1", unit, "1.004873", "HT", DossierLedger.Domain.Dossiers.Channel.Direct,
            NodaTime.Instant.FromUtc(2025, 3, 10, 1, 0), NodaTime.Instant.FromUtc(2025, 3, 13, 1, 0), Applicant);
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<DossierLedger.Domain.Dossiers.Dossier>(id, receipt);
            await session.SaveChangesAsync();
        }

        var (text, pdf) = await FormAsync(id, receipt.ReceiptNo, "receipt");

        text.ShouldContain("13/03/2025 08:00");
        text.ShouldNotContain("mã tra cứu");
        (await QrCodeOnPageAsync(pdf)).ShouldBeNull();
    }

    [Fact]
    public async Task The_supplement_request_lists_the_items_asked_for()
    {
        var unit = await CommuneAsync();
        var (id, receiptNo) = await ReceiveAsync(unit);
        await OkAsync($"/api/dossiers/{id}/supplement-requests",
            new { at = "2025-03-11T09:30:00+07:00", items = "Bản sao Căn cước công dân; Giấy xác nhận tình trạng hôn nhân", respondBy = "2025-03-18T17:00:00+07:00" });

        var text = await FormTextAsync(id, receiptNo, "supplement-request");

        text.ShouldContain("Mẫu số 02");
        text.ShouldContain("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
        text.ShouldContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        text.ShouldContain("Độc lập - Tự do - Hạnh phúc");
        text.ShouldContain("XÃ PHÚ ĐÌNH");
        text.ShouldContain(receiptNo);
        text.ShouldContain(Applicant);
        text.ShouldContain("1.004873");
        text.ShouldContain("1. Bản sao Căn cước công dân");
        text.ShouldContain("2. Giấy xác nhận tình trạng hôn nhân");
        text.ShouldContain("11/03/2025 09:30");
        text.ShouldContain("Thời hạn bổ sung:");
        text.ShouldContain("18/03/2025 17:00");
        text.ShouldContain("Phú Đình, ngày 11 tháng 03 năm 2025");
    }

    [Fact]
    public async Task The_refusal_at_intake_gives_its_reason()
    {
        var unit = await CommuneAsync();
        var (status, body, _) = await ledger.PostAsync("/api/intake-refusals", new
        {
            unitCode = unit,
            procedureCode = "1.004873",
            channel = "direct",
            receivedAt = Received,
            applicant = new { name = Applicant },
            reason = "Hồ sơ không thuộc thẩm quyền giải quyết của xã",
        });
        status.ShouldBe(HttpStatusCode.Created, body.ToString());

        var text = await FormTextAsync(body.GetProperty("id").GetGuid(), body.GetProperty("receiptNo").GetString()!, "intake-refusal");

        text.ShouldContain("Mẫu số 03");
        text.ShouldContain("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
        text.ShouldContain(Applicant);
        text.ShouldContain("Hồ sơ không thuộc thẩm quyền giải quyết của xã");
        text.ShouldContain("10/03/2025 08:00");
    }

    [Fact]
    public async Task The_apology_gives_the_due_it_missed_and_the_new_appointment()
    {
        var unit = await CommuneAsync();
        var (id, receiptNo) = await ReceiveAsync(unit);
        await OkAsync($"/api/dossiers/{id}/apology-drafts",
            new { at = "2025-03-12T08:00:00+07:00", newAppointmentAt = "2025-03-17T14:00:00+07:00", reason = "Chờ kết quả xác minh của cơ quan khác" });
        var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/apology-approval", new { at = "2025-03-12T08:10:00+07:00" },
            await ledger.AsAsync("lanhdao", Roles.Leader, unit));
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        await OkAsync($"/api/dossiers/{id}/apologies", new { at = "2025-03-12T08:20:00+07:00" });

        var text = await FormTextAsync(id, receiptNo, "apology");

        text.ShouldContain("Mẫu số 04");
        text.ShouldContain("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT");
        text.ShouldContain("Chờ kết quả xác minh của cơ quan khác");
        text.ShouldContain("Thời hạn trả kết quả đã hẹn: 13/03/2025 08:00");
        text.ShouldContain("Thời gian hẹn trả kết quả mới: 17/03/2025 14:00");
        text.ShouldContain(Applicant);
    }

    [Fact]
    public async Task The_stop_notice_gives_its_reason()
    {
        var (id, receiptNo) = await ReceiveAsync(await CommuneAsync());
        await OkAsync($"/api/dossiers/{id}/stop", new { at = "2025-03-11T10:00:00+07:00", reason = "Người nộp đề nghị dừng để bổ sung giấy tờ gốc" });

        var text = await FormTextAsync(id, receiptNo, "stop-notice");

        text.ShouldContain("Mẫu số 05");
        text.ShouldContain("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
        text.ShouldContain("Người nộp đề nghị dừng để bổ sung giấy tờ gốc");
        text.ShouldContain("11/03/2025 10:00");
    }

    [Fact]
    public async Task The_control_slip_has_a_row_per_handover_with_its_time()
    {
        var (id, receiptNo) = await ReceiveAsync(await CommuneAsync());
        await OkAsync($"/api/dossiers/{id}/assignments",
            new { at = "2025-03-10T09:00:00+07:00", step = "Thẩm định", assignee = "Lê Văn Tám", dueAt = "2025-03-11T09:00:00+07:00" });
        await OkAsync($"/api/dossiers/{id}/supplement-requests", new { at = "2025-03-11T08:00:00+07:00", items = "Bản sao sổ hộ khẩu" });
        await OkAsync($"/api/dossiers/{id}/supplements", new { at = "2025-03-12T08:00:00+07:00" });
        await OkAsync($"/api/dossiers/{id}/assignments",
            new { at = "2025-03-12T10:00:00+07:00", step = "Phê duyệt", assignee = "Hoàng Thị Lan", dueAt = "2025-03-13T17:00:00+07:00" });
        await OkAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-13T15:00:00+07:00" });
        await OkAsync($"/api/dossiers/{id}/result-return", new { at = "2025-03-14T09:00:00+07:00", method = "counter" });

        var text = await FormTextAsync(id, receiptNo, "control-slip");

        text.ShouldContain("Mẫu số 06");
        text.ShouldContain("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
        // The supplement's day moved the due from 13/3 08:00 to 14/3 08:00.
        text.ShouldContain("Thời hạn trả kết quả: 14/03/2025 08:00");
        foreach (var (what, at) in new[]
                 {
                     ("Tiếp nhận hồ sơ", "10/03/2025 08:00"), ("Chuyển xử lý: Thẩm định", "10/03/2025 09:00"),
                     ("Yêu cầu bổ sung hồ sơ", "11/03/2025 08:00"), ("Nhận hồ sơ bổ sung", "12/03/2025 08:00"),
                     ("Chuyển xử lý: Phê duyệt", "12/03/2025 10:00"), ("Giải quyết xong", "13/03/2025 15:00"),
                     ("Trả kết quả", "14/03/2025 09:00"),
                 })
        {
            text.ShouldContain(what);
            text.ShouldContain(at);
        }

        text.ShouldContain("Lê Văn Tám");
        // Thẩm định was due 11/3 09:00 and had an hour left when the supplement was asked for, so its deadline moved to an
        // hour after the supplement came (12/3 09:00); handed on to Phê duyệt at 10:00: late. Phê duyệt, due 13/3 17:00,
        // ended by the resolution at 15:00: met; the resolution itself was early against the dossier's due.
        text.ShouldContain("10/03/2025 09:00 12/03/2025 09:00 Quá hạn");
        text.ShouldContain("12/03/2025 10:00 13/03/2025 17:00 Đúng hạn");
        text.ShouldContain("13/03/2025 15:00 — Trước hạn");
    }

    [Fact]
    public async Task The_result_handover_says_how_the_result_was_given()
    {
        var (id, receiptNo) = await ReceiveAsync(await CommuneAsync());
        await OkAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-12T15:00:00+07:00" });
        await OkAsync($"/api/dossiers/{id}/result-return", new { at = "2025-03-13T09:15:00+07:00", method = "postal" });

        var text = await FormTextAsync(id, receiptNo, "result-handover");

        text.ShouldContain("PHIẾU GIAO NHẬN KẾT QUẢ GIẢI QUYẾT HỒ SƠ");
        text.ShouldContain("Thời điểm trả kết quả: 13/03/2025 09:15");
        text.ShouldContain("Hình thức trả kết quả: Qua dịch vụ bưu chính công ích");
        text.ShouldContain("12/03/2025 15:00 (Trước hạn)");
        text.ShouldContain(Applicant);
    }

    [Theory]
    [InlineData("supplement-request", "no-supplement-request")]
    [InlineData("intake-refusal", "not-refused-at-intake")]
    [InlineData("apology", "no-apology")]
    [InlineData("stop-notice", "not-stopped")]
    [InlineData("result-handover", "result-not-returned")]
    public async Task A_form_the_dossier_has_no_document_for_is_a_conflict_and_writes_nothing(string form, string rule)
    {
        var (id, _) = await ReceiveAsync(await CommuneAsync());
        var before = await VersionAsync(id);

        var (status, problem, _) = await ledger.GetAsync($"/api/dossiers/{id}/forms/{form}");

        status.ShouldBe(HttpStatusCode.Conflict, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe(rule);
        (await VersionAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task A_refused_dossier_has_no_control_slip()
    {
        var (status, body, _) = await ledger.PostAsync("/api/intake-refusals", new
        {
            unitCode = await CommuneAsync(),
            procedureCode = "1.004873",
            channel = "direct",
            receivedAt = Received,
            reason = "Thiếu giấy tờ",
        });
        var id = body.GetProperty("id").GetGuid();

        (status, var problem, _) = await ledger.GetAsync($"/api/dossiers/{id}/forms/control-slip");

        status.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("rule").GetString().ShouldBe("refused-at-intake");
        (await VersionAsync(id)).ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_dossier_or_form_is_not_found_and_another_unit_s_clerk_is_forbidden()
    {
        var unit = await CommuneAsync();
        var (id, _) = await ReceiveAsync(unit);
        var before = await VersionAsync(id);
        var events = await ledger.EventCountAsync();

        var (status, problem, _) = await ledger.GetAsync($"/api/dossiers/{Guid.NewGuid()}/forms/control-slip");
        status.ShouldBe(HttpStatusCode.NotFound, problem.ToString());
        problem.GetProperty("type").GetString().ShouldBe("https://dossierledger.dev/problems/not-found");

        (status, problem, _) = await ledger.GetAsync($"/api/dossiers/{id}/forms/birth-certificate");
        status.ShouldBe(HttpStatusCode.NotFound, problem.ToString());
        problem.GetProperty("detail").GetString()!.ShouldContain("birth-certificate");

        var stranger = await ledger.AsAsync("clerk.elsewhere", Roles.Clerk, LedgerFixture.NewUnit());
        (status, problem, _) = await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}/forms/control-slip", headers: stranger);
        status.ShouldBe(HttpStatusCode.Forbidden, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe("other-unit");

        var own = await ledger.AsAsync("clerk.here", Roles.Clerk, unit);
        (status, _, _) = await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}/forms/control-slip", headers: own);
        status.ShouldBe(HttpStatusCode.OK);

        (await VersionAsync(id)).ShouldBe(before);
        (await ledger.EventCountAsync()).ShouldBe(events);
    }
}
