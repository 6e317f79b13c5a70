using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// Stores each dossier's current state as a document, updated in the same transaction as its events (inline mode)
/// or soon after by the async daemon (async mode),
/// by folding with the domain's own <see cref="Dossier.Evolve"/>: one fold for deciding, viewing and replaying.
/// </summary>
public sealed class DossierProjection : SingleStreamProjection<Dossier, Guid>
{
    public override Dossier? Evolve(Dossier? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, IDossierEvent first) => Dossier.Start(first),
        (not null, IDossierEvent dossierEvent) => snapshot.Evolve(dossierEvent),
        _ => snapshot,
    };

    /// <summary>
    /// Whole documents by binary COPY, each row as this projection stores it (the dossier as the store serializes it,
    /// its type and its stream's version): the rebuild's and the import's path.
    /// </summary>
    public static async Task CopyAsync(
        NpgsqlConnection connection, IDocumentStore store, IEnumerable<(Dossier Dossier, long Version)> documents, CancellationToken cancellation)
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName;
        var serializer = store.Options.Serializer();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table} (id, data, mt_dotnet_type, mt_version) FROM STDIN (FORMAT BINARY)", cancellation);
        foreach (var (dossier, version) in documents)
        {
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(dossier.Id, NpgsqlDbType.Uuid, cancellation);
            await copy.WriteAsync(serializer.ToJson(dossier), NpgsqlDbType.Jsonb, cancellation);
            await copy.WriteAsync(typeof(Dossier).FullName!, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(version, NpgsqlDbType.Bigint, cancellation);
        }

        await copy.CompleteAsync(cancellation);
    }
}
