using DossierLedger.Domain.Procedures;
using Marten;

namespace DossierLedger.Api.Procedures;

/// <summary>
/// Keeps the in-memory <see cref="ProcedureCatalogue"/> in step with the versions published to the
/// database: at start-up it adds every stored version to the shipped ones. The publish endpoint adds
/// its own version after committing it, and reloads when it finds another writer was first.
/// </summary>
public sealed class ProcedureCatalogueStore(IDocumentStore store, ProcedureCatalogue catalogue, ILogger<ProcedureCatalogueStore> logger) : IHostedService
{
    /// <summary>Adds the stored versions the catalogue does not have yet; returns how many were added.</summary>
    public async Task<int> LoadAsync(CancellationToken cancellation)
    {
        IReadOnlyList<ProcedureVersionDocument> documents;
        await using (var session = store.QuerySession())
        {
            documents = await session.Query<ProcedureVersionDocument>().ToListAsync(cancellation);
        }

        var added = 0;
        foreach (var document in documents.OrderBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Version))
        {
            try
            {
                if (catalogue.Publish(document.ToVersion()))
                {
                    added++;
                }
            }
            catch (InvalidOperationException e)
            {
                // E.g. a shipped file that now has a code someone published before: the shipped version wins.
                logger.LogWarning("Stored version {Version} of procedure {Code} is ignored: {Reason}", document.Version, document.Code, e.Message);
            }
        }

        if (added > 0)
        {
            logger.LogInformation("Added {Count} published procedure versions to the catalogue", added);
        }

        return added;
    }

    public Task StartAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
