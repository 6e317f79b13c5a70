using DossierLedger.Api.Storage;
using Marten;
using NodaTime;

namespace DossierLedger.Api.NationalPortal;

/// <summary>How far a backfill has come.</summary>
public sealed record BackfillProgress(int Dossiers, int Done, int Delivered, int Refused, double Seconds)
{
    public double Fraction => Dossiers == 0 ? 1 : (double)Done / Dossiers;

    public double DossiersPerSecond => Seconds > 0 ? Done / Seconds : 0;
}

/// <summary>
/// Sends a unit's history for a range to the portal, for a desk that joins the feed with years of dossiers behind it:
/// the dossiers received in the range, oldest first, in pages of <see cref="NationalPortalSettings.RecordsPerCall"/>,
/// each page one delivery (<see cref="PortalDelivery"/>), a few pages at a time. It resumes by itself: a dossier the
/// portal is up to date with costs a read and no call, so a run stopped half-way, run again, sends only the rest.
/// </summary>
public sealed class PortalBackfill(IDocumentStore store, PortalDelivery delivery, NationalPortalSettings settings, IClock clock)
{
    /// <param name="units">The units whose dossiers are sent (a unit's coverage); null for every unit.</param>
    /// <param name="parallel">Pages delivered at the same time.</param>
    public async Task<BackfillProgress> RunAsync(IReadOnlySet<string>? units, LocalDate from, LocalDate to, int parallel,
        Action<BackfillProgress> progress, CancellationToken cancellation)
    {
        var ids = await DossiersAsync(units, from, to, cancellation);
        var started = clock.GetCurrentInstant();
        int done = 0, delivered = 0, refused = 0;
        BackfillProgress Now() => new(ids.Count, done, delivered, refused, (clock.GetCurrentInstant() - started).TotalSeconds);
        await Parallel.ForEachAsync(ids.Chunk(settings.RecordsPerCall), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellation },
            async (page, token) =>
            {
                var outcomes = await delivery.DeliverAsync(page, token);
                Interlocked.Add(ref delivered, outcomes.Count(o => o.Kind == PortalOutcomeKind.Delivered));
                Interlocked.Add(ref refused, outcomes.Count(o => o.Kind == PortalOutcomeKind.Refused));
                Interlocked.Add(ref done, page.Length);
                progress(Now());
            });
        return Now();
    }

    private async Task<IReadOnlyList<Guid>> DossiersAsync(IReadOnlySet<string>? units, LocalDate from, LocalDate to, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await PortalCohort.Of(session, units, from, to)
            .OrderBySql(InstantFilters.Sql("receivedAt"))
            .Select(d => d.Id)
            .ToListAsync(cancellation);
    }
}
