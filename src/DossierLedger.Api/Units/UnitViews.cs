using DossierLedger.Domain.Units;
using NodaTime;

namespace DossierLedger.Api.Units;

/// <summary>A period under one parent, as the HTTP contract shows it (<c>until</c> exclusive, null while current).</summary>
public sealed record ParentLinkView(string? ParentCode, LocalDate From, LocalDate? Until);

/// <summary>
/// A unit with its whole history; <c>parentCode</c> is its parent on the day asked about (today by default).
/// <c>splitInto</c>: the units it was split into; <c>splitFrom</c>: the units whose splits gave it part of their work.
/// <c>address</c>: where it sits on that day (null when none is recorded); <c>addresses</c>: every address with its first day.
/// </summary>
public sealed record UnitView(
    string Code, string Name, UnitLevel Level, string? ParentCode, LocalDate EstablishedOn, LocalDate? EndedOn, string? SuccessorCode,
    IReadOnlyList<string> Predecessors, IReadOnlyList<ParentLinkView> Parents, UnitKind Kind, string? Sector,
    IReadOnlyList<string> SplitInto, IReadOnlyList<string> SplitFrom, string? Address, IReadOnlyList<AddressPeriodView> Addresses)
{
    public static UnitView Of(AdministrativeUnit unit, LocalDate day) => new(
        unit.Code, unit.Name, unit.Level, unit.ParentOn(day), unit.EstablishedOn, unit.EndedOn, unit.SuccessorCode,
        unit.Predecessors, [.. unit.Parents.Select(l => new ParentLinkView(l.ParentCode, l.From, l.Until))], unit.Kind, unit.Sector,
        unit.SplitInto, unit.SplitFrom, unit.AddressOn(day), [.. unit.Addresses.Select(a => new AddressPeriodView(a.Address, a.From))]);
}

/// <summary>An address a unit sat at from <c>from</c> on, as the HTTP contract shows it.</summary>
public sealed record AddressPeriodView(string Address, LocalDate From);

/// <summary>The units existing on a day.</summary>
public sealed record UnitListView(LocalDate AsOf, IReadOnlyList<UnitView> Units);

/// <summary>What a recorded batch of changes left: the registry's version and the units it touched.</summary>
public sealed record UnitChangesView(long Version, IReadOnlyList<UnitView> Units);
