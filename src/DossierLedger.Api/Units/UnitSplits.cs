using DossierLedger.Api.Projections;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Units;
using Marten;
using NodaTime;

namespace DossierLedger.Api.Units;

/// <summary>
/// Records a batch of registry changes holding splits: each split unit's pending dossiers are handed over to the
/// successors its allocation names (<see cref="SplitAllocation"/>), in the transaction that records the changes.
/// Each hand-over is appended at the dossier's version as read, so a dossier written meanwhile fails the whole batch
/// (409, nothing written).
/// </summary>
/// <remarks>
/// A receipt or hand-over giving a dossier to the split unit must not commit between the split's read of its dossiers
/// and the split's commit, or the dossier would be left pending at a unit that no longer exists. The split holds the
/// unit's key exclusively from before that read until its commit; each receipt and hand-over takes it shared in its own
/// transaction and then refuses a unit found split (<c>dl_unit_takes_dossier</c>, Storage/Schema). A receipt that took
/// the key first commits before the split reads, which then allocates it; one that takes it after sees the split.
/// </remarks>
public sealed class UnitSplits(
    UnitDirectory units, DossierDecider decider, ProjectionSettings projections, IDocumentStore store, IClock clock)
{
    /// <summary>The SQLSTATE <c>dl_unit_takes_dossier</c> raises for a unit already split: answered 409 unit-split.</summary>
    public const string SplitUnitTakesNothing = "DLU01";

    /// <summary>How long a split waits, in async mode, for the dossier views to show every dossier of the split unit.</summary>
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(10);

    private static readonly DossierStatus[] OpenStatuses = [.. DossierStatusExtensions.Open];

    /// <summary>
    /// Makes the transaction of <paramref name="session"/>, which gives a dossier to <paramref name="unitCode"/> (a receipt,
    /// a hand-over), wait for a split of that unit being recorded and fail with <see cref="SplitUnitTakesNothing"/> once
    /// the unit is split: the registry this process decided with may not show the split yet.
    /// </summary>
    public static void GuardTaking(IDocumentSession session, string unitCode) =>
        session.QueueSqlCommand("CALL dl_unit_takes_dossier(?)", unitCode);

    /// <summary>
    /// Checks and records <paramref name="changes"/> with <paramref name="allocations"/> (by the index of their split),
    /// by <paramref name="by"/>; a batch without a split is recorded as it is.
    /// </summary>
    public async Task<(UnitChangeOutcome Outcome, long Version)> RecordAsync(
        IDocumentSession session, IReadOnlyList<IUnitEvent> changes, IReadOnlyDictionary<int, IReadOnlyList<AllocatedDossier>> allocations,
        string? by, CancellationToken cancellation)
    {
        if (!changes.OfType<UnitSplit>().Any())
        {
            return await units.RecordAsync(session, changes, null, cancellation);
        }

        await session.BeginTransactionAsync(cancellation);
        // In one order, so two batches splitting the same units cannot wait on each other.
        foreach (var code in changes.OfType<UnitSplit>().Select(s => s.Code).Distinct().Order(StringComparer.Ordinal))
        {
            await session.QueryAsync<bool>("SELECT true FROM pg_advisory_xact_lock(dl_unit_lock_key(?))", cancellation, code);
        }

        return await units.RecordAsync(session, changes, registry => AllocateAsync(session, changes, allocations, registry, by, cancellation), cancellation);
    }

    /// <summary>Decides every split's hand-overs and adds them to the session, or names the first split whose allocation breaks a rule.</summary>
    private async Task<(int Index, RuleViolation Violation)?> AllocateAsync(
        IDocumentSession session, IReadOnlyList<IUnitEvent> changes, IReadOnlyDictionary<int, IReadOnlyList<AllocatedDossier>> allocations,
        UnitRegistry registry, string? by, CancellationToken cancellation)
    {
        if (projections.IsAsync && await ProjectionBehindAsync(cancellation) is { } behind)
        {
            return (changes.ToList().FindIndex(c => c is UnitSplit), behind);
        }

        var now = clock.GetCurrentInstant();
        var handOvers = new List<SplitHandOver>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i] is not UnitSplit split)
            {
                continue;
            }

            var held = await session.Query<Dossier>()
                .Where(d => d.AuthorityCode == split.Code && !d.Voided && OpenStatuses.Contains(d.Status))
                .ToListAsync(cancellation);
            var outcome = SplitAllocation.Decide(split, registry, held, allocations.GetValueOrDefault(i, []), decider, now, by);
            if (outcome.Violation is { } violation)
            {
                return (i, violation);
            }

            handOvers.AddRange(outcome.HandOvers);
        }

        foreach (var (dossier, handedOver) in handOvers)
        {
            session.Events.Append(dossier.Id, dossier.Version + 1, handedOver);
        }

        foreach (var split in changes.OfType<UnitSplit>())
        {
            session.QueueSqlCommand("INSERT INTO dl_unit_splits (unit_code, effective_from) VALUES (?, ?)", split.Code, split.EffectiveFrom.ToDateOnly());
        }

        return null;
    }

    /// <summary>
    /// In async mode the dossier documents lag the log: wait until they show every event recorded before the split
    /// took its locks (a later receipt for a split unit waits on the lock or is refused), else refuse for now.
    /// </summary>
    private async Task<RuleViolation?> ProjectionBehindAsync(CancellationToken cancellation)
    {
        var recorded = await store.Storage.Database.FetchHighestEventSequenceNumber(cancellation);
        var deadline = DateTime.UtcNow + ProjectionWait;
        while (true)
        {
            var progress = await store.Storage.Database.AllProjectionProgress(cancellation);
            var projected = ProjectionStatus.ShardNames.Min(name => progress.FirstOrDefault(p => p.ShardName == name)?.Sequence ?? 0);
            if (projected >= recorded)
            {
                return null;
            }

            if (DateTime.UtcNow > deadline)
            {
                return new("projection-behind",
                    $"The dossier views are {recorded - projected} events behind the log, so the split unit's open dossiers are not all known yet; try the split again shortly.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
        }
    }
}
