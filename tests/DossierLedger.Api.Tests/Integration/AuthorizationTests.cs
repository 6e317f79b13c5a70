using System.Net;
using DossierLedger.Api.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Bearer tokens on every endpoint but /health, and which role reaches which endpoint.</summary>
[Collection(LedgerCollection.Name)]
public sealed class AuthorizationTests(LedgerFixture ledger)
{
    /// <summary>Every endpoint of the API the host maps but the public lookup, with placeholder values for its route parameters.</summary>
    private IEnumerable<(HttpMethod Method, string Route, string Url)> Endpoints() =>
        ledger.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (new HttpMethod(m), e.RoutePattern.RawText ?? "", Fill(e.RoutePattern.RawText ?? ""))))
            .Where(e => e.Item2.StartsWith("/api", StringComparison.Ordinal))
            .Distinct();

    private static string Fill(string route) => route
        .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{code}", "X.NONE", StringComparison.Ordinal)
        .Replace("{year}", "1700", StringComparison.Ordinal);

    private static readonly string[] KpOnly = ["KP"];

    /// <summary>The roles each endpoint admits, read from the policy the host attached to it and the policy's own role list.</summary>
    private async Task<List<(HttpMethod Method, string Route, string Url, IReadOnlyList<string> Roles)>> MatrixAsync()
    {
        var policies = ledger.Host.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var endpoints = ledger.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var matrix = new List<(HttpMethod, string, string, IReadOnlyList<string>)>();
        foreach (var (method, route, url) in Endpoints())
        {
            var endpoint = endpoints.First(e => e.RoutePattern.RawText == route
                && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains(method.Method));
            var names = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            names.Count.ShouldBe(1, $"{method} {route} must carry exactly one decided policy");
            var policy = (await policies.GetPolicyAsync(names[0])).ShouldNotBeNull();
            var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().Single().AllowedRoles;
            matrix.Add((method, route, url, Roles.All.Where(roles.Contains).ToList()));
        }

        return matrix;
    }

    [Fact]
    public async Task Every_role_reaches_exactly_the_endpoints_of_its_policy_and_the_api_reference_lists_them()
    {
        var matrix = await MatrixAsync();
        var tokens = new Dictionary<string, Dictionary<string, string>>();
        foreach (var role in Roles.All)
        {
            tokens[role] = await ledger.AsAsync($"matrix-{role}", role);
        }

        var failures = new List<string>();
        foreach (var (method, route, url, allowedRoles) in matrix)
        {
            foreach (var role in Roles.All)
            {
                var allowed = allowedRoles.Contains(role);
                if (allowed && route == "/api/admin/projections/rebuild")
                {
                    continue; // running it is VerifyAndRebuildTests' business
                }

                var (status, _, _) = await ledger.SendAsync(method, url, method == HttpMethod.Get ? null : "{}", tokens[role]);
                var denied = status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                if (allowed == denied)
                {
                    failures.Add($"{role} {method} {route}: {(int)status}, expected {(allowed ? "allowed" : "403")}");
                }
            }
        }

        failures.ShouldBeEmpty(string.Join("\n", failures));
        matrix.Count.ShouldBeGreaterThan(40);
        matrix.Single(e => e.Route == "/api/admin/verify").Roles.ShouldContain(Roles.Auditor);
        matrix.Single(e => e.Route == "/api/admin/projections/rebuild").Roles.ShouldBe([Roles.Admin]);

        var table = RoleTable(matrix);
        var reference = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "api.md"));
        var documented = string.Join("\n", reference.SkipWhile(l => l != "## Who reaches what").SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')));
        documented.ShouldBe(table, $"docs/api.md's role table differs from the code; it should read:\n{table}\n");
    }

    [Fact]
    public async Task The_public_lookup_is_the_only_api_endpoint_open_without_a_token()
    {
        var open = ledger.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null && e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        open.ShouldBe([DossierLedger.Api.PublicLookup.PublicLookupEndpoint.Path]);
        var (status, _, _) = await ledger.SendAsync(HttpMethod.Get, "/api/lookup?receiptNo=NONE-1&secret=0000000000", null, LedgerFixture.Anonymous);
        status.ShouldBe(HttpStatusCode.NotFound);
        EndpointPolicies.IsPublic("/api/lookup", ["POST"]).ShouldBeFalse();
    }

    [Fact]
    public void An_endpoint_in_an_area_without_a_decided_policy_has_none()
    {
        EndpointPolicies.For("/api/exports/bieu06", ["GET"]).ShouldBeNull();
        EndpointPolicies.For("/api/audit/notes", ["POST"]).ShouldBeNull();
        EndpointPolicies.For("/api/admin/verify", ["GET"]).ShouldBe(Roles.AuditPolicy);
    }

    /// <summary>The role table of docs/api.md: one row per endpoint, a column per role.</summary>
    private static string RoleTable(IEnumerable<(HttpMethod Method, string Route, string Url, IReadOnlyList<string> Roles)> matrix)
    {
        var header = $"| endpoint | {string.Join(" | ", Roles.All.Order(StringComparer.Ordinal))} |";
        var rule = $"|---|{string.Join("", Roles.All.Select(_ => ":-:|"))}";
        var rows = matrix.OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method.Method, StringComparer.Ordinal)
            .Select(e => $"| `{e.Method} {e.Route}` | {string.Join(" | ", Roles.All.Order(StringComparer.Ordinal).Select(r => e.Roles.Contains(r) ? "✓" : ""))} |");
        return string.Join("\n", [header, rule, .. rows]);
    }

    [Fact]
    public async Task Without_a_valid_token_every_endpoint_but_health_is_a_401_problem()
    {
        var revoked = await ledger.MintAsync("gone", Roles.Admin);
        await ledger.Host.Services.GetRequiredService<ApiTokens>().RevokeAsync(revoked.Token.Id, CancellationToken.None);
        var expired = await ledger.Host.Services.GetRequiredService<ApiTokens>()
            .MintAsync("late", Roles.Admin, [], NodaTime.Duration.FromSeconds(-1), CancellationToken.None);
        var attempts = new[]
        {
            LedgerFixture.Anonymous,
            new Dictionary<string, string> { ["Authorization"] = "Bearer dl_not-a-token" },
            new Dictionary<string, string> { ["Authorization"] = $"Bearer {revoked.Secret}" },
            new Dictionary<string, string> { ["Authorization"] = $"Bearer {expired.Secret}" },
            new Dictionary<string, string> { ["Authorization"] = "Basic YWRtaW46YWRtaW4=" },
        };

        foreach (var (method, _, url) in Endpoints())
        {
            foreach (var headers in attempts)
            {
                var (status, body, response) = await ledger.SendAsync(method, url, method == HttpMethod.Get ? null : "{}", headers);
                status.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {url}");
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {url}");
            }
        }

        (await ledger.SendAsync(HttpMethod.Get, "/health", null, LedgerFixture.Anonymous)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tokens_are_minted_shown_once_listed_without_secret_and_revoked()
    {
        var (status, minted, _) = await ledger.PostAsync("/api/admin/tokens", new { name = "clerk.mai", role = "clerk", units = KpOnly, days = 30 });
        status.ShouldBe(HttpStatusCode.Created, minted.ToString());
        var secret = minted.GetProperty("token").GetString()!;
        var id = minted.GetProperty("id").GetGuid();
        var asClerk = new Dictionary<string, string> { ["Authorization"] = $"Bearer {secret}" };
        (await ledger.SendAsync(HttpMethod.Get, "/api/procedures", null, asClerk)).Status.ShouldBe(HttpStatusCode.OK);

        var (_, list, _) = await ledger.GetAsync("/api/admin/tokens");
        var listed = list.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == id);
        listed.GetProperty("token").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        (await ledger.SendAsync(HttpMethod.Post, $"/api/admin/tokens/{id}/revocation", "{}")).Status.ShouldBe(HttpStatusCode.NoContent);
        var (unknown, problem, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/admin/tokens/{Guid.NewGuid()}/revocation", "{}");
        (unknown, problem.GetProperty("type").GetString()).ShouldBe((HttpStatusCode.NotFound, "https://dossierledger.dev/problems/not-found"));
        (await ledger.SendAsync(HttpMethod.Get, "/api/procedures", null, asClerk)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await ledger.PostAsync("/api/admin/tokens", new { name = "x", role = "superuser" })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_token_revoked_on_another_node_is_refused_here_within_the_recheck_time()
    {
        var minted = await ledger.MintAsync("clerk.elsewhere", Roles.Clerk);
        var asClerk = new Dictionary<string, string> { ["Authorization"] = $"Bearer {minted.Secret}" };
        (await ledger.SendAsync(HttpMethod.Get, "/api/procedures", null, asClerk)).Status.ShouldBe(HttpStatusCode.OK);

        // Another node's revocation reaches this one only through the database.
        await using (var session = ledger.Store.LightweightSession())
        {
            session.QueueSqlCommand("UPDATE dl_api_tokens SET revoked_at = now() WHERE id = ?", minted.Token.Id);
            await session.SaveChangesAsync();
        }

        await Task.Delay(ApiTokens.RecheckAfter + TimeSpan.FromMilliseconds(200));
        (await ledger.SendAsync(HttpMethod.Get, "/api/procedures", null, asClerk)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_clerk_of_one_commune_cannot_write_to_another_s_dossiers()
    {
        var (mine, theirs) = (LedgerFixture.NewUnit(), LedgerFixture.NewUnit());
        var clerk = await ledger.AsAsync("clerk.one", Roles.Clerk, mine);
        var theirDossier = await ledger.ReceiveAsync(theirs, "2025-03-10T08:00:00+07:00");
        var before = await ledger.EventCountAsync();

        var (received, _, _) = await ledger.PostAsync("/api/dossiers",
            new { unitCode = theirs, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" }, clerk);
        var (resolved, problem, _) = await ledger.PostAsync($"/api/dossiers/{theirDossier}/resolution", new { at = "2025-03-11T08:00:00+07:00" }, clerk);

        (received, resolved).ShouldBe((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden));
        problem.GetProperty("rule").GetString().ShouldBe("other-unit");
        (await ledger.EventCountAsync()).ShouldBe(before);
        var (own, _, _) = await ledger.PostAsync("/api/dossiers",
            new { unitCode = mine, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" }, clerk);
        own.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_token_past_its_rate_limit_gets_429_problems_while_other_tokens_go_on()
    {
        var busy = await ledger.AsAsync("busy.desk", Roles.Reporter);
        var allowed = 0;
        (HttpStatusCode Status, System.Text.Json.JsonElement Body, HttpResponseMessage Response) limited = default;
        // The bucket holds 3,000 and refills 200 a second: sending faster than that empties it. Eight at a time, of a
        // small answer, so that a machine busy with other work still sends faster than the refill.
        for (var round = 0; round < 2_500; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ledger.SendAsync(HttpMethod.Get, "/api/units/KP", null, busy)));
            allowed += answers.Count(a => a.Status == HttpStatusCode.OK);
            limited = answers.FirstOrDefault(a => a.Status != HttpStatusCode.OK, answers[^1]);
            if (limited.Status != HttpStatusCode.OK)
            {
                break;
            }
        }

        limited.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Body.GetProperty("rule").GetString().ShouldBe("rate-limited");
        limited.Response!.Headers.RetryAfter.ShouldNotBeNull();
        allowed.ShouldBeGreaterThanOrEqualTo(3000);
        (await ledger.SendAsync(HttpMethod.Get, "/api/procedures", null, await ledger.AsAsync("quiet.desk", Roles.Reporter))).Status
            .ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_limited_to_units_reads_only_those_units()
    {
        var (mine, theirs) = (LedgerFixture.NewUnit(), LedgerFixture.NewUnit());
        var theirDossier = await ledger.ReceiveAsync(theirs, "2025-03-10T08:00:00+07:00");
        var reporter = await ledger.AsAsync("reporter.one", Roles.Reporter, mine);
        var clerk = await ledger.AsAsync("clerk.two", Roles.Clerk, mine);
        var auditor = await ledger.AsAsync("auditor.three", Roles.Auditor, mine);

        async Task<HttpStatusCode> Status(string url, Dictionary<string, string> token) => (await ledger.SendAsync(HttpMethod.Get, url, null, token)).Status;

        (await Status($"/api/reports/period?period=2025&unit={mine}", reporter)).ShouldBe(HttpStatusCode.OK);
        (await Status($"/api/reports/period?period=2025&unit={theirs}", reporter)).ShouldBe(HttpStatusCode.Forbidden);
        (await Status("/api/reports/period?period=2025", reporter)).ShouldBe(HttpStatusCode.BadRequest);
        (await Status($"/api/reports/bieu06?period=2025&unit={theirs}", reporter)).ShouldBe(HttpStatusCode.Forbidden);
        (await Status($"/api/dossiers/{theirDossier}", clerk)).ShouldBe(HttpStatusCode.Forbidden);
        (await Status($"/api/dossiers/{theirDossier}/timeline", auditor)).ShouldBe(HttpStatusCode.Forbidden);
        (await Status($"/api/dossiers?unit={theirs}", clerk)).ShouldBe(HttpStatusCode.Forbidden);
        (await Status($"/api/dossiers?unit={mine}", clerk)).ShouldBe(HttpStatusCode.OK);
        (await Status("/api/audit/events", auditor)).ShouldBe(HttpStatusCode.BadRequest);
        (await Status($"/api/audit/events?unit={theirs}", auditor)).ShouldBe(HttpStatusCode.Forbidden);
        (await Status($"/api/audit/events?unit={mine}", auditor)).ShouldBe(HttpStatusCode.OK);
        // A token without units reads every unit.
        (await Status($"/api/dossiers/{theirDossier}", await ledger.AsAsync("auditor.all", Roles.Auditor))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_token_holder_is_the_acting_user_of_what_they_record()
    {
        var headers = await ledger.AsAsync("clerk.hoa");
        var (_, body, _) = await ledger.PostAsync("/api/dossiers",
            new { unitCode = LedgerFixture.NewUnit(), procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" }, headers);

        var (_, events, _) = await ledger.GetAsync($"/api/audit/events?dossier={body.GetProperty("id").GetGuid()}");
        events.GetProperty("items")[0].GetProperty("user").GetString().ShouldBe("clerk.hoa");
    }
}
