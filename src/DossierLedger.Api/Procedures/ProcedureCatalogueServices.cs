using Marten;

namespace DossierLedger.Api.Procedures;

public static class ProcedureCatalogueServices
{
    /// <summary>
    /// The catalogue (one instance for the process: the shipped file plus published versions), its
    /// store, and the document published versions are kept in.
    /// </summary>
    public static IServiceCollection AddProcedureCatalogue(this IServiceCollection services)
    {
        services.AddSingleton(ProcedureCatalogueFile.Load());
        services.AddSingleton<ProcedureCatalogueStore>();
        services.AddHostedService(sp => sp.GetRequiredService<ProcedureCatalogueStore>());
        services.ConfigureMarten(options => options.Schema.For<ProcedureVersionDocument>().Index(d => d.Code));
        return services;
    }
}
