namespace DossierLedger.Api.Http;

/// <summary>
/// Cross-origin requests from browsers (CORS) are off unless <c>Http:Cors:AllowedOrigins</c> lists origins: then
/// pages of exactly those origins may call the API with their bearer tokens, and no other origin is answered.
/// </summary>
public static class CrossOrigin
{
    public const string AllowedOriginsKey = "Http:Cors:AllowedOrigins";

    /// <summary>The configured origins: a list (<c>…:AllowedOrigins:0</c>, <c>…:1</c>) or one comma-separated value.</summary>
    public static string[] AllowedOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection(AllowedOriginsKey);
        var values = section.Value is { } list ? list.Split(',') : section.Get<string[]>() ?? [];
        return [.. values.Select(v => v.Trim()).Where(v => v.Length > 0)];
    }

    public static IServiceCollection AddCrossOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = AllowedOrigins(configuration);
        if (origins.Length > 0)
        {
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(origins)
                .WithMethods("GET", "POST", "PUT")
                .AllowAnyHeader()
                .WithExposedHeaders("Location", "Retry-After", "X-Correlation-ID", "Idempotent-Replayed")));
        }

        return services;
    }

    /// <summary>Before authentication: a browser's preflight carries no token.</summary>
    public static WebApplication UseCrossOrigin(this WebApplication app)
    {
        if (AllowedOrigins(app.Configuration).Length > 0)
        {
            app.UseCors();
        }

        return app;
    }
}
