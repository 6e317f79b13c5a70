using System.Collections.Immutable;
using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.Units;

/// <summary>What applying a batch of registry changes came to: the new registry, or the first change that broke a rule.</summary>
public sealed record UnitChangeOutcome(UnitRegistry Registry, int? RejectedIndex, RuleViolation? Violation)
{
    public bool Accepted => Violation is null;
}

/// <summary>
/// The administrative-unit registry: every province, district and commune with its history, folded from
/// <see cref="IUnitEvent"/>s. It answers the questions reports and access control ask — which units a report
/// for a unit covers over a range (its communes, and the units merged into it), whether a unit can receive a
/// dossier on a day — and checks every change before it is recorded. Immutable: every change gives a new registry.
/// </summary>
public sealed class UnitRegistry
{
    public static readonly UnitRegistry Empty = new(ImmutableDictionary<string, AdministrativeUnit>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly Lazy<ILookup<string, (string Child, ParentLink Link)>> _children;

    private UnitRegistry(ImmutableDictionary<string, AdministrativeUnit> units)
    {
        Units = units;
        _children = new(() => units.Values
            .SelectMany(u => u.Parents.Where(l => l.ParentCode is not null).Select(l => (Parent: l.ParentCode!, Child: u.Code, Link: l)))
            .ToLookup(x => x.Parent, x => (x.Child, x.Link), StringComparer.Ordinal));
    }

    public ImmutableDictionary<string, AdministrativeUnit> Units { get; }

    public AdministrativeUnit? Find(string code) => Units.GetValueOrDefault(code);

    /// <summary>The registry the events describe, in order.</summary>
    public static UnitRegistry Fold(IEnumerable<IUnitEvent> events) => events.Aggregate(Empty, (registry, e) => registry.Evolve(e));

    /// <summary>The registry after one recorded change (recorded changes are not checked again).</summary>
    public UnitRegistry Evolve(IUnitEvent change) => change switch
    {
        UnitEstablished e => new(Units.SetItem(e.Code, new AdministrativeUnit(
            e.Code, e.Name, e.Level, e.EffectiveFrom, null, null, [new ParentLink(e.ParentCode, e.EffectiveFrom, null)], [],
            e.Kind ?? UnitKind.Administrative, e.Sector)
        { Addresses = e.Address is null ? [] : [new AddressPeriod(e.Address, e.EffectiveFrom)] })),
        UnitAddressChanged e => new(Units.SetItem(e.Code, Units[e.Code] with { Addresses = Units[e.Code].Addresses.Add(new AddressPeriod(e.Address, e.EffectiveFrom)) })),
        UnitMoved e => new(Units.SetItem(e.Code, Relink(Units[e.Code], e.ParentCode, e.EffectiveFrom))),
        UnitsMerged e => new(e.Predecessors
            .Aggregate(Units, (units, p) => units.SetItem(p, End(units[p], e.EffectiveFrom) with { SuccessorCode = e.Code }))
            .SetItem(e.Code, Units[e.Code] with { Predecessors = Units[e.Code].Predecessors.AddRange(e.Predecessors) })),
        UnitDissolved e => new(Units.SetItem(e.Code, End(Units[e.Code], e.EffectiveFrom))),
        // No coverage link: a successor's reports count only what was handed over to it, not the unit's history.
        UnitSplit e => new(e.Successors
            .Aggregate(Units, (units, s) => units.SetItem(s, units[s] with { SplitFrom = units[s].SplitFrom.Add(e.Code) }))
            .SetItem(e.Code, End(Units[e.Code], e.EffectiveFrom) with { SplitInto = [.. e.Successors] })),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Not a registry change."),
    };

    /// <summary>Checks and applies the changes in order, each against the registry the ones before it left.</summary>
    public UnitChangeOutcome Apply(IReadOnlyList<IUnitEvent> changes)
    {
        var registry = this;
        for (var i = 0; i < changes.Count; i++)
        {
            if (registry.Check(changes[i]) is { } violation)
            {
                return new UnitChangeOutcome(this, i, violation);
            }

            registry = registry.Evolve(changes[i]);
        }

        return new UnitChangeOutcome(registry, null, null);
    }

    /// <summary>The rule <paramref name="change"/> would break, or null when it may be recorded.</summary>
    public RuleViolation? Check(IUnitEvent change) => change switch
    {
        UnitEstablished e => Find(e.Code) is not null
            ? new("unit-exists", $"Unit {e.Code} is already registered.")
            : CheckSector(e.Code, e.Kind ?? UnitKind.Administrative, e.Sector)
              ?? CheckParent(e.Code, e.Level, e.Kind ?? UnitKind.Administrative, e.ParentCode, e.EffectiveFrom),
        UnitMoved e => CheckChanging(e.Code, e.EffectiveFrom)
            ?? CheckParent(e.Code, Units[e.Code].Level, Units[e.Code].Kind, e.ParentCode, e.EffectiveFrom),
        UnitsMerged e => CheckMerger(e),
        UnitDissolved e => CheckChanging(e.Code, e.EffectiveFrom) ?? CheckEnding(e.Code, e.EffectiveFrom),
        UnitSplit e => CheckSplit(e),
        UnitAddressChanged e => CheckExisting(e.Code, e.EffectiveFrom) ?? CheckAddressOrder(e.Code, e.EffectiveFrom),
        _ => new("unknown-change", "Not a registry change."),
    };

    /// <summary>
    /// The units whose dossiers a report for <paramref name="code"/> over <c>[from, to]</c> counts: the unit, the
    /// units merged into it (whose history and pending work it took over), and the units under it at some time in
    /// the range, each with its own predecessors and children. A code the registry does not know covers itself.
    /// </summary>
    public IReadOnlySet<string> Coverage(string code, LocalDate from, LocalDate to)
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([code]);
        while (pending.TryPop(out var next))
        {
            if (!covered.Add(next) || Find(next) is not { } unit)
            {
                continue;
            }

            foreach (var predecessor in unit.Predecessors)
            {
                pending.Push(predecessor);
            }

            foreach (var (child, link) in _children.Value[next])
            {
                if (link.Overlaps(from, to))
                {
                    pending.Push(child);
                }
            }
        }

        return covered;
    }

    /// <summary>The units someone acting for <paramref name="codes"/> may act for: everything they ever covered.</summary>
    public IReadOnlySet<string> Scope(IEnumerable<string> codes)
    {
        var scope = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            scope.UnionWith(Coverage(code, LocalDate.MinIsoValue, LocalDate.MaxIsoValue));
        }

        return scope;
    }

    /// <summary>
    /// Whether a registered unit can receive a dossier on <paramref name="day"/>: not before it was established, not
    /// after it ended (the violation names the successor). Null for an operating unit or one the registry does not know.
    /// </summary>
    public RuleViolation? CheckReceiving(string code, LocalDate day) => Find(code) switch
    {
        null => null,
        { } unit when day < unit.EstablishedOn => new("unit-not-established", $"Unit {code} is established on {unit.EstablishedOn:uuuu-MM-dd}."),
        { EndedOn: { } ended, SplitInto: [_, ..] into } when day >= ended =>
            new("unit-dissolved", $"Unit {code} was split into {string.Join(", ", into)} on {ended:uuuu-MM-dd}; receive the dossier at the one it belongs to."),
        { EndedOn: { } ended, SuccessorCode: { } successor } when day >= ended =>
            new("unit-dissolved", $"Unit {code} was merged into {successor} on {ended:uuuu-MM-dd}; receive the dossier there."),
        { EndedOn: { } ended } when day >= ended => new("unit-dissolved", $"Unit {code} was dissolved on {ended:uuuu-MM-dd}."),
        _ => null,
    };

    private RuleViolation? CheckMerger(UnitsMerged e)
    {
        // The successor may be one established that very day, as most communes of the 2025 reform were.
        if (CheckExisting(e.Code, e.EffectiveFrom) is { } violation)
        {
            return violation;
        }

        if (e.Predecessors.Count == 0)
        {
            return new("no-predecessors", $"A merger into {e.Code} names no units merged into it.");
        }

        if (e.Predecessors.Distinct(StringComparer.Ordinal).Count() != e.Predecessors.Count || e.Predecessors.Contains(e.Code))
        {
            return new("predecessor-repeated", $"A merger into {e.Code} names a unit twice, or {e.Code} itself.");
        }

        var successor = Units[e.Code];
        foreach (var code in e.Predecessors)
        {
            var problem = CheckChanging(code, e.EffectiveFrom) ?? CheckEnding(code, e.EffectiveFrom);
            if (problem is not null)
            {
                return problem;
            }

            if (Units[code].Level != successor.Level || Units[code].Kind != successor.Kind)
            {
                return new("level-mismatch", $"Unit {code} is a {Units[code].Level} {Units[code].Kind} unit and cannot be merged into the {successor.Level} {successor.Kind} unit {e.Code}.");
            }
        }

        return null;
    }

    private RuleViolation? CheckSplit(UnitSplit e)
    {
        if ((CheckChanging(e.Code, e.EffectiveFrom) ?? CheckEnding(e.Code, e.EffectiveFrom)) is { } violation)
        {
            return violation;
        }

        if (e.Successors.Count == 0)
        {
            return new("no-successors", $"A split of {e.Code} names no units it is split into.");
        }

        if (e.Successors.Distinct(StringComparer.Ordinal).Count() != e.Successors.Count || e.Successors.Contains(e.Code))
        {
            return new("successor-repeated", $"A split of {e.Code} names a unit twice, or {e.Code} itself.");
        }

        var predecessor = Units[e.Code];
        foreach (var code in e.Successors)
        {
            // A successor may be established that very day, or be an existing unit taking part of the work.
            if (CheckExisting(code, e.EffectiveFrom) is { } problem)
            {
                return problem;
            }

            if (Units[code].Level != predecessor.Level || Units[code].Kind != predecessor.Kind)
            {
                return new("level-mismatch", $"Unit {code} is a {Units[code].Level} {Units[code].Kind} unit and cannot succeed the {predecessor.Level} {predecessor.Kind} unit {e.Code}.");
            }
        }

        return null;
    }

    private RuleViolation? CheckExisting(string code, LocalDate day) => Find(code) switch
    {
        null => new("unit-unknown", $"Unit {code} is not registered."),
        { } unit when !unit.IsActiveOn(day) => new("unit-not-active", $"Unit {code} does not exist on {day:uuuu-MM-dd}."),
        _ => null,
    };

    /// <summary>A change to an existing unit's place: it must exist on the day, after its latest change.</summary>
    private RuleViolation? CheckChanging(string code, LocalDate day) => CheckExisting(code, day) ?? Find(code) switch
    {
        { } unit when day <= unit.LastChangedOn =>
            new("change-out-of-order", $"Unit {code} last changed on {unit.LastChangedOn:uuuu-MM-dd}; a later change must take effect after that."),
        _ => null,
    };

    /// <summary>An address takes effect after the one in force before it: the history of addresses reads forward.</summary>
    private RuleViolation? CheckAddressOrder(string code, LocalDate day) => Units[code].Addresses is [.., var latest] && day <= latest.From
        ? new("change-out-of-order", $"Unit {code}'s address last changed on {latest.From:uuuu-MM-dd}; a new one must take effect after that.")
        : null;

    /// <summary>A unit may end only when nothing sits under it from that day: its children move first.</summary>
    private RuleViolation? CheckEnding(string code, LocalDate day)
    {
        var remaining = _children.Value[code].Where(c => c.Link.Until is null || c.Link.Until > day).Select(c => c.Child).ToList();
        return remaining.Count == 0
            ? null
            : new("unit-has-children", $"Unit {code} still has {string.Join(", ", remaining)} under it on {day:uuuu-MM-dd}; move or merge them first.");
    }

    /// <summary>
    /// The province <paramref name="code"/> lies in on <paramref name="day"/>: itself for a province, else the first
    /// province up its parents. Null when the registry does not know it or it sits under no province that day.
    /// </summary>
    public string? ProvinceOf(string code, LocalDate day)
    {
        for (var unit = Find(code); unit is not null; unit = unit.ParentOn(day) is { } parent ? Find(parent) : null)
        {
            if (unit is { Level: UnitLevel.Province, Kind: UnitKind.Administrative })
            {
                return unit.Code;
            }
        }

        return null;
    }

    private static RuleViolation? CheckSector(string code, UnitKind kind, string? sector) => (kind, sector) switch
    {
        (UnitKind.Agency, null or "") => new("sector-required", $"Agency {code} must name its sector, which procedures name as competent."),
        (UnitKind.Administrative or UnitKind.ServiceCentre, not null) => new("sector-not-applicable", $"Only an agency has a sector; {code} is a {kind} unit."),
        _ => null,
    };

    private RuleViolation? CheckParent(string code, UnitLevel level, UnitKind kind, string? parentCode, LocalDate day)
    {
        if (parentCode is null)
        {
            return kind == UnitKind.Administrative
                ? null
                : new("parent-required", $"{code} is a {kind} unit and must sit under the administrative unit it serves.");
        }

        if (Find(parentCode) is not { } parent)
        {
            return new("parent-unknown", $"Parent unit {parentCode} of {code} is not registered.");
        }

        if (!parent.IsActiveOn(day))
        {
            return new("parent-not-active", $"Parent unit {parentCode} does not exist on {day:uuuu-MM-dd}.");
        }

        if (parent.Kind != UnitKind.Administrative)
        {
            return new("parent-kind", $"{code} cannot sit under {parentCode}, which is a {parent.Kind} unit: only administrative units have units under them.");
        }

        // Administrative levels strictly decrease downwards, which also rules out a unit under itself or under its own
        // child; an agency or a centre sits under the administrative unit of its own level.
        return kind == UnitKind.Administrative
            ? parent.Level >= level ? new("parent-level", $"A {level} cannot sit under the {parent.Level} {parentCode}.") : null
            : parent.Level != level ? new("parent-level", $"A {level} {kind} unit sits under an administrative unit of its level, not the {parent.Level} {parentCode}.") : null;
    }

    private static AdministrativeUnit Relink(AdministrativeUnit unit, string? parentCode, LocalDate day) =>
        unit with { Parents = unit.Parents.SetItem(unit.Parents.Count - 1, unit.Parents[^1] with { Until = day }).Add(new ParentLink(parentCode, day, null)) };

    private static AdministrativeUnit End(AdministrativeUnit unit, LocalDate day) =>
        unit with { EndedOn = day, Parents = unit.Parents.SetItem(unit.Parents.Count - 1, unit.Parents[^1] with { Until = day }) };
}
