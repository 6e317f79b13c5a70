using System.Collections.Immutable;
using NodaTime;

namespace DossierLedger.Domain.Units;

/// <summary>A period during which a unit sat under one parent (none: top level).</summary>
/// <param name="Until">The first day it no longer did; null while it still does.</param>
public sealed record ParentLink(string? ParentCode, LocalDate From, LocalDate? Until)
{
    public bool Overlaps(LocalDate from, LocalDate to) => From <= to && (Until is null || Until > from);
}

/// <summary>An address a unit sat at from a day on (until the next one).</summary>
public sealed record AddressPeriod(string Address, LocalDate From);

/// <summary>
/// A unit of the registry — đơn vị hành chính (a province, district or commune), or an agency or service centre
/// under one (<see cref="UnitKind"/>) — with its whole history: when it came into being and ended, every parent it
/// had, the units merged into it and the one it was merged into, or those it was split into.
/// </summary>
public sealed record AdministrativeUnit(
    string Code,
    string Name,
    UnitLevel Level,
    LocalDate EstablishedOn,
    LocalDate? EndedOn,
    string? SuccessorCode,
    ImmutableList<ParentLink> Parents,
    ImmutableList<string> Predecessors,
    UnitKind Kind = UnitKind.Administrative,
    string? Sector = null)
{
    /// <summary>The units it was split into (<see cref="UnitSplit"/>), which took its pending dossiers; empty otherwise.</summary>
    public ImmutableList<string> SplitInto { get; init; } = [];

    /// <summary>The units whose splits gave it part of their work (a part of each, not their history).</summary>
    public ImmutableList<string> SplitFrom { get; init; } = [];

    /// <summary>Where the unit sat, each address with the first day it held, oldest first; empty when never recorded.</summary>
    public ImmutableList<AddressPeriod> Addresses { get; init; } = [];

    /// <summary>The address on <paramref name="day"/>: the latest in force by then (null when none was).</summary>
    public string? AddressOn(LocalDate day) => Addresses.LastOrDefault(a => a.From <= day)?.Address;

    /// <summary>Whether the unit exists on <paramref name="day"/>.</summary>
    public bool IsActiveOn(LocalDate day) => EstablishedOn <= day && (EndedOn is null || day < EndedOn);

    /// <summary>The parent on <paramref name="day"/> (null at top level or when the unit did not exist).</summary>
    public string? ParentOn(LocalDate day) =>
        Parents.LastOrDefault(link => link.From <= day && (link.Until is null || day < link.Until))?.ParentCode;

    /// <summary>The first day of the unit's latest change: a later change must not come before it.</summary>
    public LocalDate LastChangedOn => Parents[^1].From;
}
