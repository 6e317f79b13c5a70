using System.Net;
using System.Text.Json;
using DossierLedger.Api.Security;
using DossierLedger.Domain.Dossiers;
using Microsoft.AspNetCore.Http;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The public lookup behind the slip's QR code: the slip's receipt number and secret open the dossier's status, due date
/// and next step, nothing personal; anything else is the one same 404; it is limited per client address, writes nothing
/// and logs no secret. Each test asks from an address of its own, so the limit of one does not reach another.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class PublicLookupTests(LedgerFixture ledger)
{
    private const string Procedure = "1.004873";
    private const string ProcedureName = "Cấp Giấy xác nhận tình trạng hôn nhân";

    private static int _addresses;

    /// <summary>A client address no other test asks from.</summary>
    private static IPAddress NewAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return new IPAddress([10, 77, (byte)(n / 250), (byte)(n % 250 + 1)]);
    }

    private sealed record Answer(int Status, string Body, IHeaderDictionary Headers)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        /// <summary>The body without the request's own trace id.</summary>
        public string Problem
        {
            get
            {
                var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Body)!;
                fields.Remove("traceId");
                return JsonSerializer.Serialize(fields);
            }
        }
    }

    /// <summary>A GET from <paramref name="address"/>, with no token unless one is given.</summary>
    private async Task<Answer> AskAsync(IPAddress address, string path, string query, string? token = null)
    {
        var context = await ledger.Host.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = address;
            c.Request.Method = "GET";
            c.Request.Path = path;
            c.Request.QueryString = new QueryString(query);
            if (token is not null)
            {
                c.Request.Headers.Authorization = $"Bearer {token}";
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return new Answer(context.Response.StatusCode, await reader.ReadToEndAsync(), context.Response.Headers);
    }

    private Task<Answer> LookupAsync(IPAddress address, string receiptNo, string secret, string path = "/api/lookup", string? token = null) =>
        AskAsync(address, path, QueryString.Create(new Dictionary<string, string?> { ["receiptNo"] = receiptNo, ["secret"] = secret }).Value!, token);

    /// <summary>Receives a dossier as a clerk, for an applicant; its id and the secret its slip carries, read from its stream.</summary>
    private async Task<(Guid Id, string Secret)> ReceiveAsync(string unit, string receiptNo, string procedureCode = Procedure, string applicant = "Trần Thị Bí Mật")
    {
        var clerk = await ledger.AsAsync("lookup.clerk.name");
        var (status, body, _) = await ledger.PostAsync("/api/dossiers", new
        {
            unitCode = unit,
            procedureCode,
            channel = "direct",
            receivedAt = "2025-04-01T08:00:00+07:00",
            receiptNo,
            applicant = new { name = applicant },
        }, clerk);
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetGuid();
        return (id, (await ReceiptAsync(id)).LookupSecret!);
    }

    private async Task<DossierReceived> ReceiptAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return (DossierReceived)(await session.Events.FetchStreamAsync(id))[0].Data;
    }

    private async Task<long> VersionAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))!.Version;
    }

    private static string NewReceiptNo(string prefix = "LK") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task The_slip_s_number_and_secret_open_the_dossier_s_status_and_due_date_and_nothing_personal_without_a_token()
    {
        var address = NewAddress();
        var receiptNo = NewReceiptNo();
        var (id, secret) = await ReceiveAsync(LedgerFixture.NewUnit(), receiptNo);
        var (_, view, _) = await ledger.GetAsync($"/api/dossiers/{id}");
        var (eventsBefore, versionBefore) = (await ledger.EventCountAsync(), await VersionAsync(id));

        var answer = await LookupAsync(address, receiptNo, secret);

        answer.Status.ShouldBe(StatusCodes.Status200OK, answer.Body);
        var json = answer.Json;
        json.GetProperty("receiptNo").GetString().ShouldBe(receiptNo);
        json.GetProperty("procedureCode").GetString().ShouldBe(Procedure);
        json.GetProperty("procedureName").GetString().ShouldBe(ProcedureName);
        json.GetProperty("statusCode").GetInt32().ShouldBe(2);
        json.GetProperty("status").GetString().ShouldBe("received");
        json.GetProperty("statusName").GetString().ShouldBe("Đã tiếp nhận");
        json.GetProperty("receivedAt").GetString().ShouldBe("2025-04-01T08:00:00+07:00");
        json.GetProperty("dueAt").GetString().ShouldBe(view.GetProperty("dueAt").GetString());
        json.GetProperty("resolved").GetBoolean().ShouldBeFalse();
        json.GetProperty("nextStep").GetProperty("action").GetString().ShouldBe("wait");
        foreach (var personal in new[] { "Trần Thị", "lookup.clerk", id.ToString(), secret })
        {
            answer.Body.ShouldNotContain(personal, Case.Insensitive);
        }

        // Typed from paper: lower case, grouped with spaces and dashes, O for 0 and I or L for 1; with a token it is the same.
        var typed = $" {secret[..3]} {secret[3..6]}-{secret[6..]} ".ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');
        (await LookupAsync(address, receiptNo.ToLowerInvariant(), typed)).Body.ShouldBe(answer.Body);
        var admin = await ledger.MintAsync("lookup-admin", Roles.Admin);
        (await LookupAsync(address, receiptNo, secret, token: admin.Secret)).Body.ShouldBe(answer.Body);

        (await ledger.EventCountAsync()).ShouldBe(eventsBefore, "a lookup writes no event");
        (await VersionAsync(id)).ShouldBe(versionBefore);
    }

    [Fact]
    public async Task After_a_supplement_request_the_next_step_names_the_documents_to_bring()
    {
        var receiptNo = NewReceiptNo();
        var (id, secret) = await ReceiveAsync(LedgerFixture.NewUnit(), receiptNo);
        var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/supplement-requests",
            new { at = "2025-04-01T09:00:00+07:00", items = "Bản sao giấy khai sinh", respondBy = "2025-04-08T17:00:00+07:00" });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());

        var answer = await LookupAsync(NewAddress(), receiptNo, secret);

        answer.Status.ShouldBe(StatusCodes.Status200OK, answer.Body);
        answer.Json.GetProperty("statusCode").GetInt32().ShouldBe(5);
        answer.Json.GetProperty("dueAt").ValueKind.ShouldBe(JsonValueKind.Null, "no due is known while the clock is paused");
        var next = answer.Json.GetProperty("nextStep");
        next.GetProperty("action").GetString().ShouldBe("bringSupplement");
        next.GetProperty("supplementItems").GetString().ShouldBe("Bản sao giấy khai sinh");
        next.GetProperty("text").GetString()!.ShouldContain("Bản sao giấy khai sinh");
        next.GetProperty("bringBy").GetString().ShouldBe("2025-04-08T17:00:00+07:00");
        next.GetProperty("text").GetString()!.ShouldContain("Thời hạn bổ sung: trước 08/04/2025 17:00");
    }

    [Fact]
    public async Task After_resolution_it_says_the_result_waits_at_the_desk_and_after_its_return_that_nothing_is_left_to_do()
    {
        var unit = LedgerFixture.NewUnit();
        var receiptNo = NewReceiptNo();
        var (id, secret) = await ReceiveAsync(unit, receiptNo);
        await ledger.ApologizeAsync(id, unit, "2025-04-01T10:00:00+07:00", "2025-04-10T10:00:00+07:00", "Cần xác minh");
        (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-02T09:00:00+07:00" })).Status.ShouldBe(HttpStatusCode.OK);
        var address = NewAddress();

        var resolved = (await LookupAsync(address, receiptNo, secret)).Json;

        resolved.GetProperty("resolved").GetBoolean().ShouldBeTrue();
        resolved.GetProperty("resolvedAt").GetString().ShouldBe("2025-04-02T09:00:00+07:00");
        resolved.GetProperty("apologyAppointmentAt").GetString().ShouldBe("2025-04-10T10:00:00+07:00");
        resolved.GetProperty("resultReturned").GetBoolean().ShouldBeFalse();
        resolved.GetProperty("nextStep").GetProperty("action").GetString().ShouldBe("collectResult");
        resolved.GetProperty("nextStep").GetProperty("unitName").GetString().ShouldBe(unit, "an unregistered unit is named by its code");
        resolved.ToString().ShouldNotContain("Cần xác minh", Case.Sensitive, "reasons written by staff stay inside");

        (await ledger.PostAsync($"/api/dossiers/{id}/result-return", new { at = "2025-04-02T10:00:00+07:00", method = "counter" })).Status
            .ShouldBe(HttpStatusCode.OK);
        var returned = (await LookupAsync(address, receiptNo, secret)).Json;
        returned.GetProperty("statusCode").GetInt32().ShouldBe(10);
        returned.GetProperty("resultReturned").GetBoolean().ShouldBeTrue();
        returned.GetProperty("resultReturnMethod").GetString().ShouldBe("counter");
        returned.GetProperty("nextStep").GetProperty("action").GetString().ShouldBe("none");
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_number_another_dossier_s_secret_and_a_voided_dossier_get_one_same_404()
    {
        var unit = LedgerFixture.NewUnit();
        var (numberA, numberB, numberVoided) = (NewReceiptNo(), NewReceiptNo(), NewReceiptNo());
        var (_, secretA) = await ReceiveAsync(unit, numberA);
        var (_, secretB) = await ReceiveAsync(unit, numberB);
        var (voided, secretVoided) = await ReceiveAsync(unit, numberVoided);
        await using (var session = ledger.Store.QuerySession())
        {
            var receipt = (await session.Events.FetchStreamAsync(voided))[0].Id;
            (await ledger.PostAsync($"/api/dossiers/{voided}/corrections/void", new { supersedes = receipt, reason = "Nhập trùng" })).Status
                .ShouldBe(HttpStatusCode.OK);
        }

        var wrong = secretA[..^1] + (secretA[^1] == 'A' ? 'B' : 'A');
        var address = NewAddress();
        var answers = new List<Answer>();
        foreach (var (number, secret) in new[] { (numberA, wrong), (NewReceiptNo(), secretA), (numberA, secretB), (numberVoided, secretVoided) })
        {
            answers.Add(await LookupAsync(address, number, secret));
        }

        answers.ShouldAllBe(a => a.Status == StatusCodes.Status404NotFound);
        answers.Select(a => a.Problem).Distinct().Count().ShouldBe(1, string.Join("\n", answers.Select(a => a.Body)));
        answers[0].Json.GetProperty("rule").GetString().ShouldBe("lookup-not-found");
        // The same headers, with the same values but the request's own correlation id.
        var headers = answers.Select(a => string.Join("\n", a.Headers.OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => h.Key == "X-Correlation-ID" ? h.Key : $"{h.Key}: {h.Value}"))).ToList();
        headers.Distinct().Count().ShouldBe(1, string.Join("\n\n", headers));

        var missing = await AskAsync(address, "/api/lookup", $"?receiptNo={numberA}");
        missing.Status.ShouldBe(StatusCodes.Status400BadRequest);
        missing.Json.GetProperty("errors").TryGetProperty("secret", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Two_units_sharing_a_receipt_number_are_told_apart_by_the_secret()
    {
        var receiptNo = NewReceiptNo("DUP");
        var (_, first) = await ReceiveAsync(LedgerFixture.NewUnit(), receiptNo, "1.004873");
        var (_, second) = await ReceiveAsync(LedgerFixture.NewUnit(), receiptNo, "1.001193");
        var address = NewAddress();

        (await LookupAsync(address, receiptNo, first)).Json.GetProperty("procedureCode").GetString().ShouldBe("1.004873");
        (await LookupAsync(address, receiptNo, second)).Json.GetProperty("procedureCode").GetString().ShouldBe("1.001193");
    }

    [Fact]
    public async Task A_burst_past_the_limit_gets_429_with_retry_after_while_other_addresses_go_on()
    {
        var busy = NewAddress();
        Answer? limited = null;
        var answered = 0;
        for (var i = 0; i < 30 && limited is null; i++)
        {
            var answer = await LookupAsync(busy, NewReceiptNo(), "0000000000");
            if (answer.Status == StatusCodes.Status429TooManyRequests)
            {
                limited = answer;
            }
            else
            {
                answer.Status.ShouldBe(StatusCodes.Status404NotFound);
                answered++;
            }
        }

        limited.ShouldNotBeNull();
        answered.ShouldBeInRange(5, 6, "a burst of 5 (and perhaps one refilled)");
        limited.Headers.ContentType.ToString().ShouldBe("application/problem+json");
        limited.Json.GetProperty("rule").GetString().ShouldBe("rate-limited");
        int.Parse(limited.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 6);

        var page = await LookupAsync(busy, NewReceiptNo(), "0000000000", "/lookup");
        page.Status.ShouldBe(StatusCodes.Status429TooManyRequests);
        page.Headers.ContentType.ToString().ShouldStartWith("text/html");
        page.Headers.RetryAfter.ToString().ShouldNotBeNullOrEmpty();
        page.Body.ShouldContain("thử lại sau");

        (await LookupAsync(NewAddress(), NewReceiptNo(), "0000000000")).Status.ShouldBe(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task The_page_shows_the_answer_in_vietnamese_escapes_what_it_shows_and_allows_no_script()
    {
        var receiptNo = $"<script>alert(1)</script>{Guid.NewGuid().ToString("N")[..6]}";
        var (_, secret) = await ReceiveAsync(LedgerFixture.NewUnit(), receiptNo);
        var address = NewAddress();

        var page = await LookupAsync(address, receiptNo, secret, "/lookup");

        page.Status.ShouldBe(StatusCodes.Status200OK, page.Body);
        page.Headers.ContentType.ToString().ShouldBe("text/html; charset=utf-8");
        page.Body.ShouldNotContain("<script>");
        page.Body.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        page.Body.ShouldContain(ProcedureName);
        page.Body.ShouldContain("01/04/2025 08:00");
        page.Body.ShouldContain("Đã tiếp nhận");
        var policy = page.Headers.ContentSecurityPolicy.ToString();
        policy.ShouldContain("default-src 'none'");
        policy.ShouldNotContain("script-src");

        var notFound = await LookupAsync(address, receiptNo, "0000000000", "/lookup");
        notFound.Status.ShouldBe(StatusCodes.Status404NotFound);
        notFound.Body.ShouldNotContain("<script>");
        notFound.Body.ShouldContain("Không tìm thấy hồ sơ");
        notFound.Headers.ContentSecurityPolicy.ToString().ShouldBe(policy);

        var form = await AskAsync(address, "/lookup", "");
        form.Status.ShouldBe(StatusCodes.Status200OK);
        form.Body.ShouldContain("name=\"secret\"");
    }

    [Fact]
    public async Task The_secret_never_reaches_the_logs()
    {
        var receiptNo = NewReceiptNo();
        var (_, secret) = await ReceiveAsync(LedgerFixture.NewUnit(), receiptNo);
        var linesBefore = ledger.Logs.Lines.Count;
        var address = NewAddress();

        (await LookupAsync(address, receiptNo, secret)).Status.ShouldBe(StatusCodes.Status200OK);
        (await LookupAsync(address, receiptNo, secret, "/lookup")).Status.ShouldBe(StatusCodes.Status200OK);
        (await LookupAsync(address, receiptNo, secret.ToLowerInvariant()[..^1] + "x")).Status.ShouldBe(StatusCodes.Status404NotFound);

        var logged = ledger.Logs.Lines.Skip(linesBefore).ToList();
        logged.ShouldContain(line => line.Contains("/api/lookup", StringComparison.Ordinal), "the lookups were logged, by path");
        logged.ShouldNotContain(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        var mistyped = secret[..^1];
        logged.ShouldNotContain(line => line.Contains(mistyped, StringComparison.OrdinalIgnoreCase));
    }
}
