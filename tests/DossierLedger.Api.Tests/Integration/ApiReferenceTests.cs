using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Alba;
using DossierLedger.Api.Http;
using DossierLedger.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Wolverine;
using Wolverine.Http;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The OpenAPI document: every endpoint of the host in it, with its body, its token and the problems it can answer;
/// clean by the pinned Redocly lint; public in development and the demo, for token holders elsewhere.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ApiReferenceTests(LedgerFixture ledger)
{
    /// <summary>Every endpoint the host maps but the reference's own, with each of its methods.</summary>
    private List<(string Method, string Route, EndpointMetadataCollection Metadata)> Endpoints()
    {
        var endpoints = ledger.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var left = endpoints.Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true).ToList();
        left.ShouldAllBe(
            e => e.RoutePattern.RawText!.StartsWith("/openapi", StringComparison.Ordinal)
                || e.RoutePattern.RawText!.StartsWith(ApiReference.BrowserPath, StringComparison.Ordinal)
                || e.RoutePattern.RawText!.StartsWith(DossierLedger.Api.Dashboard.DashboardEndpoints.Path, StringComparison.Ordinal)
                || e.RoutePattern.RawText == DossierLedger.Api.PublicLookup.PublicLookupLink.PagePath,
            "only the reference itself, the dashboard's pages and forms and the public lookup's page, which are not the API, are left out of it");
        return [.. endpoints.Except(left).SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            .Select(method => (method, e.RoutePattern.RawText!, e.Metadata)))];
    }

    /// <summary>The document as <paramref name="host"/> (the shared one by default) serves it, without a token unless given headers.</summary>
    private async Task<JsonElement> DocumentAsync(IAlbaHost? host = null, Dictionary<string, string>? headers = null)
    {
        using var client = (host ?? ledger.Host).Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiReference.DocumentPath);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Every_endpoint_is_described_with_its_body_its_token_and_its_problems()
    {
        var document = await DocumentAsync();
        var endpoints = Endpoints();
        var failures = new List<string>();
        foreach (var (method, route, metadata) in endpoints)
        {
            if (!document.GetProperty("paths").TryGetProperty(route, out var path) || !path.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                failures.Add($"{method} {route}: not in the document");
                continue;
            }

            failures.AddRange(Shortcomings(document, operation, method, route, metadata).Select(s => $"{method} {route}: {s}"));
        }

        failures.ShouldBeEmpty(string.Join("\n", failures));
        endpoints.Count.ShouldBeGreaterThan(40);
        endpoints.ShouldContain(e => e.Route == "/health");
        var operations = document.GetProperty("paths").EnumerateObject().Sum(p => p.Value.EnumerateObject().Count());
        operations.ShouldBe(endpoints.Count, "the document describes only endpoints the host has");
    }

    /// <summary>
    /// What the operation of an endpoint fails to say: a body's schema where it reads one; the bearer scheme and roles
    /// where it needs a token; a summary; a success answer; and the problems: 400 and 409 on a POST, 400 where it reads a body,
    /// 401 and 403 where it needs a token, 404 where its route has an id, each an application/problem+json.
    /// </summary>
    private static IEnumerable<string> Shortcomings(
        JsonElement document, JsonElement operation, string method, string route, EndpointMetadataCollection metadata)
    {
        // An [AsParameters] query is the chain's request type too, but it reads no body unless one of its members is the body.
        var readsBody = metadata.GetMetadata<HttpChain>() is { HasRequestType: true } chain && chain.RequestType != chain.AsParametersType;
        var needsToken = metadata.GetMetadata<IAllowAnonymous>() is null;
        if (readsBody && !(operation.TryGetProperty("requestBody", out var body)
                && body.GetProperty("content").TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out _)))
        {
            yield return "no JSON schema of its request body";
        }

        if (needsToken && !(operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(s => s.TryGetProperty(BearerTokenHandler.SchemeName, out _))))
        {
            yield return "needs a token, but the document does not say so";
        }

        if (needsToken && !(operation.TryGetProperty("x-roles", out var roles) && roles.GetArrayLength() > 0))
        {
            yield return "does not name the roles it admits";
        }

        if (!operation.TryGetProperty("summary", out var summary) || summary.GetString() == operation.GetProperty("operationId").GetString())
        {
            yield return "no summary of its own (the XML comment of the endpoint's method)";
        }

        var responses = operation.GetProperty("responses");
        if (!responses.EnumerateObject().Any(r => r.Name.StartsWith('2')))
        {
            yield return "no success answer";
        }

        int[] problems =
        [
            .. method == "POST" || readsBody ? [400] : Array.Empty<int>(),
            .. needsToken ? [401, 403] : Array.Empty<int>(),
            .. route.Contains("{id}", StringComparison.Ordinal) ? [404] : Array.Empty<int>(),
            .. method == "POST" ? [409] : Array.Empty<int>(),
        ];
        foreach (var status in problems)
        {
            if (!responses.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var answer))
            {
                yield return $"no {status} problem";
            }
            else if (!Resolve(document, answer).TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
            {
                yield return $"its {status} is not an application/problem+json problem";
            }
        }
    }

    /// <summary>The object a <c>$ref</c> (<c>#/components/responses/Conflict</c>) points to, or the object itself.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement element) =>
        element.TryGetProperty("$ref", out var reference)
            ? reference.GetString()!.Split('/').Skip(1).Aggregate(document, (node, name) => node.GetProperty(name))
            : element;

    [Fact]
    public async Task The_document_passes_the_pinned_redocly_lint()
    {
        var file = Path.Combine(Path.GetTempPath(), $"dossierledger-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await DocumentAsync()).GetRawText());
        try
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "tools", "openapi-lint", "lint.sh"), file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var lint = Process.Start(start)!;
            var output = lint.StandardOutput.ReadToEndAsync();
            var errors = lint.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await lint.WaitForExitAsync(timeout.Token);
            lint.ExitCode.ShouldBe(0, $"tools/openapi-lint/lint.sh found problems in the OpenAPI document:\n{await output}\n{await errors}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task In_development_the_document_and_the_browsable_reference_need_no_token()
    {
        (await DocumentAsync()).GetProperty("info").GetProperty("title").GetString().ShouldBe("DossierLedger API");
        var (status, _, response) = await ledger.SendAsync(HttpMethod.Get, $"{ApiReference.BrowserPath}/v1", headers: LedgerFixture.Anonymous);
        (status, response.Content.Headers.ContentType?.MediaType).ShouldBe((HttpStatusCode.OK, "text/html"));
    }

    [Fact]
    public async Task Elsewhere_the_document_needs_a_token_and_there_is_no_browsable_reference()
    {
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:DossierLedger", ledger.DirectSqlConnectionString);
            builder.UseSetting(ApiReference.PublicSetting, "false");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
        using var client = host.Server.CreateClient();
        var anonymous = await client.GetAsync(ApiReference.DocumentPath);
        (anonymous.StatusCode, anonymous.Content.Headers.ContentType?.MediaType)
            .ShouldBe((HttpStatusCode.Unauthorized, "application/problem+json"));

        var token = (await ledger.MintAsync("reference-reader", Roles.Reporter)).Secret;
        var bearer = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" };
        (await DocumentAsync(host, bearer)).GetProperty("paths").EnumerateObject().Count().ShouldBeGreaterThan(30);
        using var browse = new HttpRequestMessage(HttpMethod.Get, $"{ApiReference.BrowserPath}/v1");
        browse.Headers.Add("Authorization", $"Bearer {token}");
        (await client.SendAsync(browse)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Development", false, null, true)]
    [InlineData("Production", true, null, true)]
    [InlineData("Production", false, null, false)]
    [InlineData("Production", false, "true", true)]
    [InlineData("Development", true, "false", false)]
    public void The_reference_is_public_in_development_and_on_the_embedded_database_unless_configured(
        string environment, bool embeddedDatabase, string? setting, bool isPublic)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(setting is null ? [] : [new KeyValuePair<string, string?>(ApiReference.PublicSetting, setting)])
            .Build();
        ApiReference.IsPublic(configuration, new HostingEnvironment { EnvironmentName = environment }, embeddedDatabase).ShouldBe(isPublic);
    }
}
