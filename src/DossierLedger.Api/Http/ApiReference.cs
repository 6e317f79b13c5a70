using DossierLedger.Api.Security;
using JasperFx.Core;
using Microsoft.AspNetCore.Http.Metadata;
using Scalar.AspNetCore;
using Wolverine.Http;

namespace DossierLedger.Api.Http;

/// <summary>
/// The API describes itself: an OpenAPI document built from the endpoints (<see cref="DocumentPath"/>) and, where the
/// reference is public, a browsable reference (<see cref="BrowserPath"/>). The document describes the contract and
/// holds no data; still, outside development and the demo it is served only to a valid token, like every endpoint
/// but <c>/health</c>, and the browsable reference (which a browser loads without a token) is not served at all.
/// </summary>
public static class ApiReference
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string BrowserPath = "/scalar";
    public const string PublicSetting = "Http:PublicApiReference";

    /// <summary>Whether the document is served without a token and the browsable reference is served.</summary>
    public sealed record Access(bool IsPublic);

    /// <summary>
    /// Public in the Development environment and on the embedded database (the demo, a local run), which no deployment
    /// runs on, unless <see cref="PublicSetting"/> says otherwise.
    /// </summary>
    public static bool IsPublic(IConfiguration configuration, IHostEnvironment environment, bool embeddedDatabase) =>
        configuration.GetValue<bool?>(PublicSetting) ?? (environment.IsDevelopment() || embeddedDatabase);

    public static IServiceCollection AddApiReference(this IServiceCollection services, bool isPublic)
    {
        services.AddSingleton(new Access(isPublic));
        // A lambda, not a method group: the OpenAPI package's generator, which gives each operation the summary of its
        // endpoint's XML comment, intercepts only this form of the call.
        return services.AddOpenApi(options => ApiDescriptionRules.Apply(options));
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        var document = app.MapOpenApi(DocumentPath);
        if (!app.Services.GetRequiredService<Access>().IsPublic)
        {
            return app;
        }

        document.AllowAnonymous();
        app.MapScalarApiReference(BrowserPath, options => options
                .WithTitle("DossierLedger API")
                .WithOpenApiRoutePattern(DocumentPath)
                .AddPreferredSecuritySchemes(BearerTokenHandler.SchemeName)
                // Everything it shows comes from this host: no fonts from a CDN, no usage reports.
                .DisableDefaultFonts()
                .DisableTelemetry())
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// What an endpoint's metadata says about it in the document: its capability (the folder its class lives in) as
    /// its tag, and only answers it gives. An endpoint answering <see cref="IResult"/> declares its success answer with
    /// <c>[ProducesResponseType]</c>; the 200 of <c>IResult</c> Wolverine infers from the return type describes nothing.
    /// </summary>
    public static void Describe(HttpChain chain)
    {
        chain.Metadata.WithTags(CapabilityOf(chain.Method.HandlerType));
        chain.Metadata.Finally(endpoint =>
            endpoint.Metadata.RemoveAll(m => m is IProducesResponseTypeMetadata { Type: { } type } && type == typeof(IResult)));
    }

    /// <summary>The capability an endpoint belongs to: the folder (namespace) of its class, <c>Dossiers</c>, <c>Reports</c>, ….</summary>
    public static string CapabilityOf(Type endpointType) => endpointType.Namespace!.Split('.')[^1];
}
