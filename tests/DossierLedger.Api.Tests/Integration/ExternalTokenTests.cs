using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using DossierLedger.Api.Dashboard;
using DossierLedger.Api.Security;
using DossierLedger.Domain.Dossiers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Wolverine;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// JWTs from an external OpenID Connect provider, on a host configured for one. The provider's discovery document is
/// given to the host directly (no provider runs here); the tokens are signed and validated for real.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ExternalTokenTests(LedgerFixture ledger) : IAsyncLifetime
{
    private const string Issuer = "https://login.example.test/realms/one-stop";
    private const string Audience = "dossierledger";

    private readonly RsaSecurityKey _providerKey = new(RSA.Create(2048)) { KeyId = "provider-key" };
    private IAlbaHost _host = null!;

    public async Task InitializeAsync() => _host = await AlbaHost.For<Program>(builder =>
    {
        builder.UseSetting("ConnectionStrings:DossierLedger", ledger.DirectSqlConnectionString);
        builder.UseSetting("Units:RequireRegistered", "false");
        builder.UseSetting("Authentication:Jwt:Authority", Issuer);
        builder.UseSetting("Authentication:Jwt:Audience", Audience);
        builder.ConfigureServices(services =>
        {
            services.RunWolverineInSoloMode();
            services.Configure<JwtBearerOptions>(ExternalTokens.JwtScheme, options =>
            {
                options.Configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                options.Configuration.SigningKeys.Add(_providerKey);
            });
        });
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>A token of the provider; each one differs (its own <c>jti</c>), even for the same subject and rights.</summary>
    private string Token(
        string[] roles, string[] units, SecurityKey? key = null, string audience = Audience, DateTime? expires = null, string? subject = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            NotBefore = DateTime.UtcNow.AddMinutes(-30),
            IssuedAt = DateTime.UtcNow.AddMinutes(-30),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["preferred_username"] = "oidc-clerk", ["roles"] = roles, ["units"] = units, ["jti"] = Guid.NewGuid().ToString() }
                .Concat(subject is null ? [] : [new KeyValuePair<string, object>("sub", subject)]).ToDictionary(),
            SigningCredentials = new SigningCredentials(key ?? _providerKey, SecurityAlgorithms.RsaSha256),
        });

    private async Task<(HttpStatusCode Status, JsonElement Body)> ReceiveAsync(string token, string unit, string? idempotencyKey = null)
    {
        var result = await _host.Scenario(s =>
        {
            s.Post.Json(new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" }).ToUrl("/api/dossiers");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            if (idempotencyKey is not null)
            {
                s.WithRequestHeader("Idempotency-Key", idempotencyKey);
            }

            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        return ((HttpStatusCode)result.Context.Response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_providers_token_acts_with_its_role_and_units_as_its_holder()
    {
        var (mine, theirs) = (LedgerFixture.NewUnit(), LedgerFixture.NewUnit());
        var token = Token([Roles.Clerk], [mine]);

        var (status, body) = await ReceiveAsync(token, mine);
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        await using (var session = ledger.Store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(body.GetProperty("id").GetGuid());
            events.Single().Data.ShouldBeOfType<DossierReceived>();
            events.Single().UserName.ShouldBe("oidc-clerk");
        }

        (await ReceiveAsync(token, theirs)).Status.ShouldBe(HttpStatusCode.Forbidden);
        // The ledger's own tokens keep working beside the provider's.
        (await ReceiveAsync((await ledger.MintAsync("own-token", Roles.Clerk)).Secret, theirs)).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_token_without_a_ledger_role_or_not_meant_for_the_ledger_is_refused()
    {
        var unit = LedgerFixture.NewUnit();
        var refused = new[]
        {
            Token(["citizen"], [unit]),
            Token([Roles.Clerk], [unit], audience: "another-app"),
            Token([Roles.Clerk], [unit], key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "provider-key" }),
            Token([Roles.Clerk], [unit], expires: DateTime.UtcNow.AddMinutes(-10)), // beyond the 5 minutes' clock skew
        };

        foreach (var token in refused)
        {
            (await ReceiveAsync(token, unit)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // A reporter's token reaches reports and no writes.
        (await ReceiveAsync(Token([Roles.Reporter], [unit]), unit)).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_idempotency_key_is_its_subjects_with_the_same_rights_and_a_token_without_a_subject_is_its_own()
    {
        var (mine, theirs) = (LedgerFixture.NewUnit(), LedgerFixture.NewUnit());
        var key = Guid.NewGuid().ToString();
        var (status, first) = await ReceiveAsync(Token([Roles.Clerk], [mine], subject: "clerk-1"), mine, key);
        status.ShouldBe(HttpStatusCode.Created, first.ToString());
        var id = first.GetProperty("id").GetGuid();

        // A token issued later to the same subject with the same rights is the same caller: the answer is replayed.
        (await ReceiveAsync(Token([Roles.Clerk], [mine], subject: "clerk-1"), mine, key)).Body.GetProperty("id").GetGuid().ShouldBe(id);
        // The same subject now limited to another unit is refused as without the key, not given the kept answer.
        (await ReceiveAsync(Token([Roles.Clerk], [theirs], subject: "clerk-1"), mine, key)).Status.ShouldBe(HttpStatusCode.Forbidden);
        // Another subject of the same unit: its own request.
        (await ReceiveAsync(Token([Roles.Clerk], [mine], subject: "clerk-2"), mine, key)).Body.GetProperty("id").GetGuid().ShouldNotBe(id);
        // Without a subject only the token itself is the caller.
        var subjectless = Token([Roles.Clerk], [mine]);
        var withoutSubject = (await ReceiveAsync(subjectless, mine, key)).Body.GetProperty("id").GetGuid();
        (await ReceiveAsync(subjectless, mine, key)).Body.GetProperty("id").GetGuid().ShouldBe(withoutSubject);
        (await ReceiveAsync(Token([Roles.Clerk], [mine]), mine, key)).Body.GetProperty("id").GetGuid().ShouldNotBe(withoutSubject);
        (await ledger.GetAsync($"/api/dossiers?unit={mine}")).Body.GetProperty("total").GetInt64().ShouldBe(4);
    }

    [Fact]
    public async Task A_providers_token_signs_in_to_the_dashboard_with_its_name_role_and_units()
    {
        var unit = LedgerFixture.NewUnit();
        using var client = _host.Server.CreateClient();
        using var form = await client.GetAsync(DashboardEndpoints.SignInPath);
        var antiforgery = WebUtility.HtmlDecode(
            Regex.Match(await form.Content.ReadAsStringAsync(), $"name=\"{DashboardSession.AntiforgeryField}\" value=\"([^\"]+)\"").Groups[1].Value);
        using var signIn = new HttpRequestMessage(HttpMethod.Post, DashboardEndpoints.SignInPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [DashboardSession.AntiforgeryField] = antiforgery,
                [DashboardEndpoints.TokenField] = Token([Roles.Clerk], [unit], subject: "subject-42"),
            }),
        };
        signIn.Headers.Add("Cookie", CookieOf(form, DashboardSession.AntiforgeryCookieName));

        using var signedIn = await client.SendAsync(signIn);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        var cookie = CookieOf(signedIn, DashboardSession.CookieName);
        async Task<HttpResponseMessage> WithSessionAsync(HttpMethod method, string url, HttpContent? content = null)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            request.Headers.Add("Cookie", cookie);
            return await client.SendAsync(request);
        }

        using var session = await WithSessionAsync(HttpMethod.Get, DashboardEndpoints.SessionPath);
        var view = JsonDocument.Parse(await session.Content.ReadAsStringAsync()).RootElement;
        view.GetProperty("user").GetString().ShouldBe("oidc-clerk");
        view.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe([Roles.Clerk]);
        view.GetProperty("units").EnumerateArray().Select(r => r.GetString()).ShouldBe([unit]);
        (await WithSessionAsync(HttpMethod.Get, $"/api/dossiers?unit={unit}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await WithSessionAsync(HttpMethod.Get, $"/api/dossiers?unit={LedgerFixture.NewUnit()}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await WithSessionAsync(HttpMethod.Post, "/api/dossiers", new StringContent(
            $$"""{"unitCode":"{{unit}}","procedureCode":"1.004873","channel":"direct"}""", System.Text.Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>The name=value of the cookie <paramref name="name"/> the answer sets.</summary>
    private static string CookieOf(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));
}
