using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DossierLedger.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;

namespace DossierLedger.Api.Http;

/// <summary>
/// What the OpenAPI document says about every endpoint alike, by rule rather than endpoint by endpoint: the bearer
/// scheme and the roles each operation admits, the RFC 9457 problems it can answer, the <c>Idempotency-Key</c> of a
/// POST, and how NodaTime values and request bodies look on the wire.
/// </summary>
public static partial class ApiDescriptionRules
{
    private const string ProblemSchema = "ProblemDetails";

    /// <summary>Route values that name a stored thing: an unknown one is a 404. Other route values are checked like parameters (400).</summary>
    private static readonly string[] Identifiers = ["id", "code"];

    /// <summary>Each problem status with its response's name among the document's components and what it means here.</summary>
    private static readonly SortedDictionary<int, (string Name, string Description)> ProblemAnswers = new()
    {
        [400] = ("BadRequest",
            "The request is not valid: `errors` names each bad field or parameter (a body that does not read as JSON of the expected "
            + "shape: `rule` `malformed-request`); nothing was written."),
        [401] = ("Unauthorized", "No valid bearer token: missing, unknown, expired or revoked."),
        [403] = ("Forbidden",
            "The token's role does not reach this endpoint, or the request concerns a unit the token is not for (`rule`: `other-unit`)."),
        [404] = ("NotFound",
            "Nothing has this id or code (an id that is not a GUID, or is the empty GUID, names nothing), or there is nothing yet to answer with."),
        [409] = ("Conflict",
            "The request breaks a rule, which `rule` names (a dossier rule, `version-conflict`, `idempotency-key-reused`, …); nothing was written."),
        [413] = ("ContentTooLarge", "The body is larger than the host accepts (`Http:MaxRequestBodyBytes`, 1 MiB by default)."),
        [429] = ("TooManyRequests",
            "The token (without one, the client address) sent more requests than its rate limit allows; `Retry-After` says when to try again."),
        [503] = ("ServiceUnavailable",
            "The report counters were derived for an older report model and must be rebuilt first (`rule` `rebuild-required`: run the "
            + "`rebuild` command or `POST /api/admin/projections/rebuild`), or the database cannot be reached (`database-unavailable`)."),
    };

    /// <summary>NodaTime values travel as ISO-8601 text (HostSetup.ConfigureJson); left alone the schema would say nothing.</summary>
    private static readonly Dictionary<Type, string> IsoFormats = new()
    {
        [typeof(Instant)] = "date-time",
        [typeof(OffsetDateTime)] = "date-time",
        [typeof(LocalDate)] = "date",
    };

    public static void Apply(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeDocument);
        options.AddOperationTransformer(DescribeOperationAsync);
        options.AddSchemaTransformer(DescribeSchema);
    }

    /// <summary>
    /// The problems an operation can answer. 400: it reads a body, query parameters or a route value that is not an
    /// identifier, or it is a POST (whose <c>Idempotency-Key</c> is checked). 401 and 403: it needs a token (every one
    /// that does has a role policy). 404: its route names a stored thing by id, or by code when it reads (publishing a
    /// version under a new code creates the procedure), or by receipt number and secret (the public lookup). 409: a POST
    /// (a broken rule, a reused idempotency key) or a form (a dossier without such a document). 413: it reads a body. 429:
    /// any request, with or without a token. 503: a report, whose counters may need a rebuild.
    /// </summary>
    private static IEnumerable<int> ProblemStatuses(string method, string route, OpenApiOperation operation, bool needsToken)
    {
        var parameters = operation.Parameters ?? [];
        var readsBody = operation.RequestBody is not null;
        if (readsBody || method == "POST" || parameters.Any(p =>
                p.In == ParameterLocation.Query || (p.In == ParameterLocation.Path && !Identifiers.Contains(p.Name))))
        {
            yield return 400;
        }

        if (needsToken)
        {
            yield return 401;
            yield return 403;
        }

        if (route.Contains("{id}", StringComparison.Ordinal) || (method == "GET" && route.Contains("{code}", StringComparison.Ordinal))
            || route == PublicLookup.PublicLookupEndpoint.Path)
        {
            yield return 404;
        }

        // A form the dossier has no document for is a conflict with its history, as a broken rule of a command is.
        if (method == "POST" || route.Contains("/forms/", StringComparison.Ordinal))
        {
            yield return 409;
        }

        if (readsBody)
        {
            yield return 413;
        }

        yield return 429;

        // Reports read the counters, which an upgrade may have left of an older report model.
        if (route.StartsWith("/api/reports/", StringComparison.Ordinal))
        {
            yield return 503;
        }
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Info = new OpenApiInfo
        {
            Title = "DossierLedger API",
            Version = "1",
            Description = "The HTTP contract of DossierLedger, the event-sourced ledger of one-stop desk dossiers (hồ sơ TTHC). "
                + "Fields are added, never renamed or dropped. Every endpoint but `/health` and the public lookup needs a bearer token; each operation "
                + "names the roles it admits. The prose reference, with every rule name, is docs/api.md in the repository.",
        };
        // The document is served by the API it describes: relative to wherever it was fetched from.
        document.Servers = [new OpenApiServer { Url = "/" }];
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            tag.Description = tag.Name switch
            {
                "Audit" => "The audit trail, a dossier's timeline and the hash chain.",
                "Projections" => "The projections: how far behind they are, their check against the events, a rebuild.",
                "Calendar" => "The working-time calendar: a year's statutory holidays and official schedule.",
                "Dossiers" => "Receiving dossiers, their lifecycle commands and corrections, the dossier view and the work queue.",
                "Procedures" => "The procedure catalogue and its versions.",
                "Reports" => "The period report (Biểu 06 figures and QĐ 766 indicators) and the Biểu 06 table.",
                "Security" => "Bearer tokens: minting, listing, revoking.",
                "Units" => "The registry of administrative units and its reorganisations.",
                "Forms" => "The desk's printed forms of a dossier (Thông tư 03/2025/TT-VPCP, Phụ lục I), as PDF.",
                "Hosting" => "The node's health.",
                "PublicLookup" => "The public lookup a receipt slip's QR code opens: no token, limited per client address.",
                "NationalPortal" => "The feed to the national public-service portal: what a dossier's deliveries told it, and the deliveries parked as dead letters.",
                _ => throw new InvalidOperationException($"The API reference has no description of the '{tag.Name}' endpoints."),
            };
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerTokenHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "`Authorization: Bearer <token>`: an opaque ledger token (`dl_…`), minted by an administrator "
                    + "(`POST /api/admin/tokens`, or the `token` command) and shown once; or, where an OpenID Connect provider is "
                    + "configured, one of its JWTs.",
            },
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.Responses = ProblemAnswers.Values.ToDictionary(
            answer => answer.Name,
            answer => (IOpenApiResponse)new OpenApiResponse
            {
                Description = answer.Description,
                Headers = answer.Name == ProblemAnswers[429].Name
                    ? new Dictionary<string, IOpenApiHeader>
                    {
                        ["Retry-After"] = new OpenApiHeader
                        {
                            Description = "Seconds to wait before retrying.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        },
                    }
                    : null,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                },
            });
        return Task.CompletedTask;
    }

    /// <summary>An RFC 9457 problem as the API writes it, with the ledger's extensions.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("`https://dossierledger.dev/problems/<rule>` where a rule is named."),
            ["title"] = Text(),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = Text(),
            ["rule"] = Text("The rule the request broke (`version-conflict`, `other-unit`, …)."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "400: the messages for each bad field or parameter, by name (`receivedAt`, `changes[1].level`).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text() },
            },
            ["traceId"] = Text(),
        },
    };

    private static OpenApiSchema Text(string? description = null) => new() { Type = JsonSchemaType.String, Description = description };

    private static async Task DescribeOperationAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var description = context.Description;
        var method = description.HttpMethod ?? "GET";
        var route = "/" + description.RelativePath;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var needsToken = !metadata.OfType<IAllowAnonymous>().Any();

        // The summary comes from the endpoint's XML comment, with its entities (&amp;) and line breaks as written.
        operation.Summary = operation.Summary is { } summary ? Whitespace().Replace(WebUtility.HtmlDecode(summary), " ").Trim() : null;
        // Wolverine describes an endpoint it was told nothing about by its operation id.
        var own = operation.Description is { } text && text != operation.OperationId ? text + "\n\n" : "";
        if (needsToken)
        {
            var roles = await RolesAsync(metadata, context.ApplicationServices);
            operation.Description = $"{own}Roles: {string.Join(", ", roles)}.";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
            var bearer = new OpenApiSecuritySchemeReference(BearerTokenHandler.SchemeName, context.Document);
            operation.Security = [new OpenApiSecurityRequirement { [bearer] = [] }];
        }
        else
        {
            operation.Description = $"{own}No token needed.";
            operation.Security = [];
        }

        if (method == "POST")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyMiddleware.Header,
                In = ParameterLocation.Header,
                Description = "Makes a retry safe: the same key and request again get the first answer and write nothing; "
                    + "the same key with another request is a 409. 1 to 128 printable ASCII characters, kept 24 hours by default.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128 },
            });
        }

        // Wolverine infers a 404 for any endpoint that could answer null; the rules below say which really can.
        operation.Responses ??= [];
        foreach (var inferred in operation.Responses.Keys.Where(status => status.StartsWith('4')).ToList())
        {
            operation.Responses.Remove(inferred);
        }

        // An endpoint declares a problem the rules do not foresee with [ProducesResponseType].
        var declared = metadata.OfType<ProducesResponseTypeAttribute>().Select(a => a.StatusCode).Where(ProblemAnswers.ContainsKey);
        foreach (var status in ProblemStatuses(method, route, operation, needsToken).Union(declared).Order())
        {
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] =
                new OpenApiResponseReference(ProblemAnswers[status].Name, context.Document);
        }
    }

    /// <summary>The roles an endpoint's policy admits, by name, as the role table of docs/api.md lists them.</summary>
    private static async Task<List<string>> RolesAsync(IList<object> metadata, IServiceProvider services)
    {
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var admitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>())
        {
            var policy = await policies.GetPolicyAsync(name);
            admitted.UnionWith(policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles) ?? []);
        }

        return [.. Roles.All.Order(StringComparer.Ordinal).Where(admitted.Contains)];
    }

    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellation)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (IsoFormats.TryGetValue(type, out var format))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = format;
        }
        else if (type.Name.EndsWith("Request", StringComparison.Ordinal) && type.Assembly == typeof(ApiDescriptionRules).Assembly)
        {
            // A request body's fields may all be left out as far as JSON goes (a record's parameters are not required
            // by the deserializer); the endpoint checks which it needs and names each missing one in a 400.
            schema.Required = null;
        }

        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
