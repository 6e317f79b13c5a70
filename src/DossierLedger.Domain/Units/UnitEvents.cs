using NodaTime;

namespace DossierLedger.Domain.Units;

/// <summary>Cấp hành chính: the level of an administrative unit, highest first.</summary>
public enum UnitLevel
{
    /// <summary>Tỉnh / thành phố trực thuộc trung ương.</summary>
    Province = 1,

    /// <summary>Huyện / quận / thị xã: abolished by the reform of 1 July 2025.</summary>
    District = 2,

    /// <summary>Xã / phường / thị trấn.</summary>
    Commune = 3,
}

/// <summary>
/// A change to the administrative-unit registry, in force from a local date (the date of the resolution
/// that made it). The changes are recorded as events of one stream, so the registry as known at any
/// instant can be folded again, like a dossier.
/// </summary>
public interface IUnitEvent
{
    /// <summary>The unit the change is about.</summary>
    string Code { get; }

    /// <summary>The first day the change is in force.</summary>
    LocalDate EffectiveFrom { get; }
}

/// <summary>Thành lập: a unit comes into being, under a parent (none for a top-level unit).</summary>
public sealed record UnitEstablished(string Code, string Name, UnitLevel Level, string? ParentCode, LocalDate EffectiveFrom) : IUnitEvent;

/// <summary>A unit is placed under another parent (none: top level), as communes were when districts were abolished.</summary>
public sealed record UnitMoved(string Code, string? ParentCode, LocalDate EffectiveFrom) : IUnitEvent;

/// <summary>
/// Sáp nhập: the predecessors cease to exist and the unit <see cref="Code"/> takes over their work (their
/// pending dossiers, and their history in its reports).
/// </summary>
public sealed record UnitsMerged(string Code, IReadOnlyList<string> Predecessors, LocalDate EffectiveFrom) : IUnitEvent;

/// <summary>Giải thể: a unit ceases to exist without a successor (a district when the level was abolished).</summary>
public sealed record UnitDissolved(string Code, LocalDate EffectiveFrom) : IUnitEvent;
