using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DossierLedger.Api.Dashboard;
using DossierLedger.Api.Security;

namespace DossierLedger.Api.Tests.Dashboard;

/// <summary>The dashboard's sign-in and session over plain HTTP: bad input to the form, the cookie's rules, the API's answers.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardSignInTests(DashboardHost host)
{
    private (HttpClient Client, CookieContainer Cookies) NewBrowser()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.Address };
        return (client, cookies);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Loads the sign-in form (which sets the antiforgery cookie) and returns its antiforgery token.</summary>
    private static async Task<string> FormTokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync(DashboardEndpoints.SignInPath);
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        token.ShouldNotBeNullOrEmpty();
        return token;
    }

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostFormAsync(
        HttpClient client, string path, Dictionary<string, string> fields)
    {
        var response = await client.PostAsync(path, new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static bool HasSession(CookieContainer cookies, Uri address) =>
        cookies.GetCookies(address).Any(c => c.Name == DashboardSession.CookieName);

    private async Task<(HttpClient Client, CookieContainer Cookies)> SignedInAsync(string token)
    {
        var (client, cookies) = NewBrowser();
        var (status, _, response) = await PostFormAsync(client, DashboardEndpoints.SignInPath, new()
        {
            [DashboardSession.AntiforgeryField] = await FormTokenAsync(client),
            [DashboardEndpoints.TokenField] = token,
        });
        status.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(DashboardEndpoints.Path);
        return (client, cookies);
    }

    [Fact]
    public async Task Without_a_session_the_page_sends_to_the_sign_in_form_and_the_API_still_answers_401_problems()
    {
        var (client, _) = NewBrowser();

        using var page = await client.GetAsync(DashboardEndpoints.Path);
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldBe(DashboardEndpoints.SignInPath);
        (await client.GetAsync(DashboardEndpoints.SessionPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var api = await client.GetAsync("/api/units");
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var form = await client.GetAsync(DashboardEndpoints.SignInPath);
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        form.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
    }

    [Fact]
    public async Task A_sign_in_without_the_forms_antiforgery_token_is_refused()
    {
        var (client, cookies) = NewBrowser();
        await FormTokenAsync(client);

        var (status, body, _) = await PostFormAsync(client, DashboardEndpoints.SignInPath, new() { [DashboardEndpoints.TokenField] = host.AdminToken });

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("Biểu mẫu đã hết hạn. Hãy nhập lại mã truy cập.");
        HasSession(cookies, host.Address).ShouldBeFalse();
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest, "Hãy nhập mã truy cập.")]
    [InlineData("   ", HttpStatusCode.BadRequest, "Hãy nhập mã truy cập.")]
    [InlineData("dl_unknown", HttpStatusCode.Unauthorized, "Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl", HttpStatusCode.Unauthorized, "Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.")]
    [InlineData("<script>alert(1)</script>", HttpStatusCode.Unauthorized, "Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.")]
    public async Task A_missing_or_wrong_token_gets_the_form_again_with_a_message_and_no_session(string token, HttpStatusCode expected, string message)
    {
        var (client, cookies) = NewBrowser();

        var (status, body, response) = await PostFormAsync(client, DashboardEndpoints.SignInPath, new()
        {
            [DashboardSession.AntiforgeryField] = await FormTokenAsync(client),
            [DashboardEndpoints.TokenField] = token,
        });

        status.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        body.ShouldContain(message);
        body.ShouldNotContain("<script>alert");
        HasSession(cookies, host.Address).ShouldBeFalse();
    }

    [Fact]
    public async Task An_over_long_token_is_a_wrong_token()
    {
        var (client, cookies) = NewBrowser();

        var (status, _, _) = await PostFormAsync(client, DashboardEndpoints.SignInPath, new()
        {
            [DashboardSession.AntiforgeryField] = await FormTokenAsync(client),
            [DashboardEndpoints.TokenField] = "dl_" + new string('x', 20_000),
        });

        status.ShouldBe(HttpStatusCode.Unauthorized);
        HasSession(cookies, host.Address).ShouldBeFalse();
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_a_400_problem()
    {
        var (client, _) = NewBrowser();

        foreach (var path in new[] { DashboardEndpoints.SignInPath, DashboardEndpoints.SignOutPath })
        {
            using var response = await client.PostAsync(path, new StringContent("{\"token\":\"x\"}", Encoding.UTF8, "application/json"));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, path);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Fact]
    public async Task A_valid_token_opens_a_session_with_its_claims_that_reads_the_API_and_cannot_write_through_it()
    {
        var (client, _) = NewBrowser();
        var form = await FormTokenAsync(client);
        using var signIn = await client.PostAsync(DashboardEndpoints.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [DashboardSession.AntiforgeryField] = form,
            [DashboardEndpoints.TokenField] = await host.MintAsync("kp-clerk", Roles.Clerk, "KP"),
        }));

        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(DashboardSession.CookieName + "=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldContain("path=/;", Case.Insensitive);

        var session = JsonDocument.Parse(await client.GetStringAsync(DashboardEndpoints.SessionPath)).RootElement;
        session.GetProperty("user").GetString().ShouldBe("kp-clerk");
        session.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe([Roles.Clerk]);
        session.GetProperty("scope").EnumerateArray().Select(r => r.GetString()).ShouldBe(["KP"]);
        (await client.GetAsync("/api/dossiers?unit=KP&pageSize=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/reports/period?period=2024&unit=TN")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "its units limit it");

        using var write = await client.PostAsync("/api/dossiers", new StringContent(
            """{"unitCode":"KP","procedureCode":"1.004873","channel":"direct"}""", Encoding.UTF8, "application/json"));
        write.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        write.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_request_with_a_token_is_the_tokens_whatever_session_it_carries()
    {
        var (client, _) = await SignedInAsync(host.AdminToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/units");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "dl_unknown");

        (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoking_the_token_ends_its_sessions()
    {
        var token = await host.MintAsync("to-revoke", Roles.Reporter);
        var (client, _) = await SignedInAsync(token);
        (await client.GetAsync("/api/units")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var listed = await host.GetJsonAsync("/api/admin/tokens");
        var id = listed.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "to-revoke").GetProperty("id").GetString();
        using var admin = new HttpClient { BaseAddress = host.Address };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.AdminToken);
        (await admin.PostAsync($"/api/admin/tokens/{id}/revocation", new StringContent("{}", Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync("/api/units")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetAsync(DashboardEndpoints.SessionPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_with_the_pages_antiforgery_token_ends_the_session()
    {
        var (client, cookies) = await SignedInAsync(host.AdminToken);
        var session = JsonDocument.Parse(await client.GetStringAsync(DashboardEndpoints.SessionPath)).RootElement;

        var (status, _, response) = await PostFormAsync(client, DashboardEndpoints.SignOutPath, new()
        {
            [session.GetProperty("antiforgeryField").GetString()!] = session.GetProperty("antiforgeryToken").GetString()!,
        });

        status.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(DashboardEndpoints.SignInPath);
        HasSession(cookies, host.Address).ShouldBeFalse();
    }
}
