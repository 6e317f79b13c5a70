using System.Runtime.CompilerServices;
using DossierLedger.Domain.Dossiers;
using Marten;
using NodaTime;

namespace DossierLedger.Api.Projections;

/// <summary>
/// Every dossier folded again straight from the event log, without the projections: what the auditor's
/// tools (reports as known at an instant, verification) compare the projections with. Reads through Marten in stream
/// order and yields each dossier as soon as its stream ends, so one dossier is in memory at a time.
/// </summary>
public sealed class DossierLogReader(IDocumentStore store)
{
    /// <summary>
    /// The dossiers as recorded by <paramref name="knownAt"/> (all, when null); with <paramref name="units"/>, only the
    /// dossiers received for one of those units or held by one of them at some time (its rows of facts).
    /// </summary>
    public async IAsyncEnumerable<Dossier> DossiersAsync(
        IReadOnlySet<string>? units, Instant? knownAt, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        IQueryable<JasperFx.Events.IEvent> events = session.Events.QueryAllRawEvents();
        if (knownAt is { } instant)
        {
            var recorded = instant.ToDateTimeOffset();
            events = events.Where(e => e.Timestamp <= recorded);
        }

        if (units is not null)
        {
            var codes = units.ToArray();
            var ids = await session.Query<Dossier>().Where(d => d.UnitCode.IsOneOf(codes)).Select(d => d.Id).ToListAsync(cancellation);
            var heldLater = await session.AdvancedSql.QueryAsync<Guid>(
                $"SELECT DISTINCT dossier_id FROM {Reports.DossierFactsTable.Name} WHERE unit_code = ANY(?) AND segment > 0", cancellation, new object[] { codes });
            var streams = ids.Union(heldLater).ToArray();
            events = events.Where(e => e.StreamId.IsOneOf(streams));
        }

        Guid? current = null;
        Dossier? state = null;
        await foreach (var stored in events.OrderBy(e => e.StreamId).ThenBy(e => e.Version).ToAsyncEnumerable(cancellation))
        {
            if (stored.StreamId != current)
            {
                if (state is not null)
                {
                    yield return state;
                }

                (current, state) = (stored.StreamId, null);
            }

            if (stored.Data is IDossierEvent e)
            {
                state = Dossier.Next(state, e);
            }
        }

        if (state is not null)
        {
            yield return state;
        }
    }
}
