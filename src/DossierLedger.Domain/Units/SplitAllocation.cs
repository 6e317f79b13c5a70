using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.Units;

/// <summary>One line of a split's allocation: a dossier of the split unit, by receipt number or id, and the successor taking it.</summary>
public sealed record AllocatedDossier(string? ReceiptNo, Guid? DossierId, string To)
{
    public string Name => ReceiptNo ?? DossierId.ToString()!;
}

/// <summary>A dossier the split hands over, and the event that does it.</summary>
public sealed record SplitHandOver(Dossier Dossier, DossierHandedOver HandedOver);

/// <summary>What an allocation came to: every pending dossier's hand-over, or the first rule it broke (then nothing is written).</summary>
public sealed record SplitAllocationOutcome(IReadOnlyList<SplitHandOver> HandOvers, RuleViolation? Violation);

/// <summary>
/// Chia tách: how a split unit's pending dossiers go to its successors. The allocation must name every pending dossier
/// once and only pending ones, each to one of the successors; each is then handed over by <see cref="HandOverDossier"/>,
/// so a successor must be able to take it as any hand-over's receiver must. All or none: one bad line refuses the split.
/// </summary>
public static class SplitAllocation
{
    public const string InFuture = "split-in-future";
    public const string Missing = "split-allocation-missing";
    public const string NotPending = "split-allocation-not-pending";
    public const string NotSuccessor = "split-allocation-not-successor";
    public const string Repeated = "split-allocation-repeated";
    public const string Ambiguous = "split-allocation-ambiguous";

    /// <summary>Whether <paramref name="dossier"/> is one <paramref name="unitCode"/>'s split must allocate: held by it and not closed.</summary>
    public static bool IsPending(Dossier dossier, string unitCode) =>
        dossier.AuthorityCode == unitCode && !dossier.Voided && !dossier.Status.IsClosed();

    /// <summary>
    /// The hand-overs that carry out <paramref name="allocation"/> of <paramref name="split"/>, or the rule it breaks.
    /// Each happens at the split's first instant (its effective date, 00:00), or at the dossier's latest event when the
    /// split unit still acted on it after that (a split recorded late), so nothing is dated before what it follows.
    /// </summary>
    /// <param name="registry">The registry with the split and the batch's other changes applied: the successors exist in it.</param>
    /// <param name="dossiers">The dossiers the split unit holds; those not pending are ignored.</param>
    /// <param name="by">Who records the split: the hand-overs are theirs.</param>
    public static SplitAllocationOutcome Decide(
        UnitSplit split, UnitRegistry registry, IEnumerable<Dossier> dossiers, IReadOnlyList<AllocatedDossier> allocation,
        DossierDecider decider, Instant now, string? by)
    {
        if (split.EffectiveFrom > decider.Calendar.LocalDate(now))
        {
            return Refuse(InFuture, $"The split of {split.Code} takes effect on {split.EffectiveFrom:uuuu-MM-dd}, after today: record it on or after that day, when its pending dossiers are known.");
        }

        var pending = dossiers.Where(d => IsPending(d, split.Code)).ToList();
        var allocated = new Dictionary<Guid, (Dossier Dossier, string To)>();
        var notPending = new List<string>();
        var notSuccessor = new List<string>();
        foreach (var line in allocation)
        {
            var matches = pending.Where(d => line.DossierId is { } id ? d.Id == id : d.ReceiptNo == line.ReceiptNo).ToList();
            if (matches.Count > 1)
            {
                return Refuse(Ambiguous, $"{matches.Count} dossiers pending at {split.Code} have receipt number {line.ReceiptNo}: name them by dossierId.");
            }

            if (matches.Count == 0)
            {
                notPending.Add(line.Name);
            }
            else if (!split.Successors.Contains(line.To))
            {
                notSuccessor.Add($"{line.Name} → {line.To}");
            }
            else if (!allocated.TryAdd(matches[0].Id, (matches[0], line.To)))
            {
                return Refuse(Repeated, $"Dossier {line.Name} is allocated more than once.");
            }
        }

        if (notPending.Count > 0)
        {
            return Refuse(NotPending, $"Not pending at {split.Code}: {string.Join(", ", notPending)}. Allocate only the dossiers it holds open (its work queue).");
        }

        if (notSuccessor.Count > 0)
        {
            return Refuse(NotSuccessor, $"Allocated to a unit {split.Code} is not split into ({string.Join(", ", split.Successors)}): {string.Join(", ", notSuccessor)}.");
        }

        var missing = pending.Where(d => !allocated.ContainsKey(d.Id)).Select(d => d.ReceiptNo).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return Refuse(Missing, $"{missing.Count} dossiers pending at {split.Code} are not allocated: {string.Join(", ", missing)}.");
        }

        var startsAt = split.EffectiveFrom.AtStartOfDayInZone(decider.Calendar.Zone).ToInstant();
        var reason = $"Split of {split.Code} into {string.Join(", ", split.Successors)} from {split.EffectiveFrom:uuuu-MM-dd}";
        var handOvers = new List<SplitHandOver>(allocated.Count);
        foreach (var (dossier, to) in allocated.Values)
        {
            var at = Instant.Max(startsAt, dossier.LastEventAt);
            var decision = decider.Decide(dossier, new HandOverDossier(at, to, reason, by, registry), now);
            if (decision.Violation is { } violation)
            {
                return Refuse(violation.Rule, $"Dossier {dossier.ReceiptNo} to {to}: {violation.Detail}");
            }

            handOvers.Add(new SplitHandOver(dossier, (DossierHandedOver)decision.Events.Single()));
        }

        return new SplitAllocationOutcome(handOvers, null);
    }

    private static SplitAllocationOutcome Refuse(string rule, string detail) => new([], new RuleViolation(rule, detail));
}
