using DossierLedger.Domain.Dossiers;
using Marten;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;
using Wolverine.Util;

namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// The feed's deliveries parked in Wolverine's dead-letter storage (a refusal by the portal, with its answer, or a
/// failure past every retry), listed and put back on the queue: what the admin endpoints and the command line share.
/// </summary>
public sealed class PortalDeadLetters(IWolverineRuntime runtime, IDocumentStore store)
{
    private const int Limit = 10_000;

    /// <summary>A refused dossier's own message, isolated from its batch; a whole batch, should one ever be parked.</summary>
    private static readonly string[] MessageTypes = [typeof(PortalFeedDue).ToMessageTypeName(), typeof(PortalFeedDue[]).ToMessageTypeName()];

    /// <summary>The parked deliveries, oldest first; a parked batch is listed with its first dossier.</summary>
    public async Task<PortalDeadLettersView> ListAsync(CancellationToken cancellation)
    {
        var (letters, total) = await ParkedAsync(cancellation);
        var ids = letters.Select(DossierOf).OfType<Guid>().Distinct().ToArray();
        await using var session = store.QuerySession();
        var receiptNos = (await session.LoadManyAsync<Dossier>(cancellation, ids)).ToDictionary(d => d.Id, d => d.ReceiptNo);
        return new PortalDeadLettersView(total, [.. letters.Select(l =>
        {
            var dossierId = DossierOf(l);
            return new PortalDeadLetterView(l.Id, dossierId, dossierId is { } d ? receiptNos.GetValueOrDefault(d) : null,
                l.ExceptionMessage, l.ExceptionType, l.SentAt, l.Replayable);
        })]);
    }

    /// <summary>The feed's envelopes in the dead-letter storage, oldest first, and how many there are.</summary>
    private async Task<(List<DeadLetterEnvelope> Letters, int Total)> ParkedAsync(CancellationToken cancellation)
    {
        var pages = new List<DeadLetterEnvelopeResults>();
        foreach (var type in MessageTypes)
        {
            pages.AddRange(await runtime.Stores.FetchDeadLetterEnvelopesAsync(
                new DeadLetterEnvelopeGetRequest { MessageType = type, Limit = Limit }, cancellation));
        }

        return ([.. pages.SelectMany(p => p.Envelopes).OrderBy(l => l.SentAt)], pages.Sum(p => p.TotalCount));
    }

    private static Guid? DossierOf(DeadLetterEnvelope letter) => letter.Message switch
    {
        PortalFeedDue due => due.DossierId,
        PortalFeedDue[] batch => batch.FirstOrDefault()?.DossierId,
        _ => null,
    };

    /// <summary>
    /// Puts <paramref name="ids"/> (all when empty) back on the queue: each is delivered again as its dossier stands then.
    /// Returns the ids that are not parked deliveries of the feed, and replays nothing, when there are any.
    /// </summary>
    public async Task<(int Replayed, IReadOnlyList<Guid> Unknown)> ReplayAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellation)
    {
        var parked = (await ParkedAsync(cancellation)).Letters.Select(l => l.Id).ToHashSet();
        var wanted = ids.Count > 0 ? ids : parked;
        if (wanted.Where(id => !parked.Contains(id)).ToArray() is { Length: > 0 } unknown)
        {
            return (0, unknown);
        }

        if (wanted.Count > 0)
        {
            await runtime.Storage.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([.. wanted]), cancellation);
        }

        return (wanted.Count, []);
    }
}
