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

/// <summary>What a unit of the registry is, beside its level.</summary>
public enum UnitKind
{
    /// <summary>Đơn vị hành chính: a province, district or commune, whose people's committee resolves dossiers.</summary>
    Administrative = 0,

    /// <summary>
    /// Cơ quan chuyên môn: a body that resolves dossiers of its sector at its level, under an administrative unit of
    /// that level (a Sở under a province, a branch of the land registration office).
    /// </summary>
    Agency = 1,

    /// <summary>
    /// Trung tâm phục vụ hành chính công: a public-service centre that receives dossiers for the authorities of its
    /// province regardless of administrative boundaries, and resolves none itself.
    /// </summary>
    ServiceCentre = 2,
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
/// <param name="Kind">What the unit is; null (events recorded before agencies and centres existed) is administrative.</param>
/// <param name="Sector">The sector of an agency (e.g. <c>dat-dai</c>), which procedures name as competent; null otherwise.</param>
/// <param name="Address">Địa chỉ trụ sở: where the unit sits, which the desk's papers print (where to collect a result); null when not known.</param>
public sealed record UnitEstablished(
    string Code, string Name, UnitLevel Level, string? ParentCode, LocalDate EffectiveFrom, UnitKind? Kind = null, string? Sector = null,
    string? Address = null) : IUnitEvent;

/// <summary>Đổi địa chỉ trụ sở: the unit sits at <see cref="Address"/> from <see cref="IUnitEvent.EffectiveFrom"/> on.</summary>
public sealed record UnitAddressChanged(string Code, string Address, LocalDate EffectiveFrom) : IUnitEvent;

/// <summary>A unit is placed under another parent (none: top level), as communes were when districts were abolished.</summary>
public sealed record UnitMoved(string Code, string? ParentCode, LocalDate EffectiveFrom) : IUnitEvent;

/// <summary>
/// Sáp nhập: the predecessors cease to exist and the unit <see cref="Code"/> takes over their work (their
/// pending dossiers, and their history in its reports).
/// </summary>
public sealed record UnitsMerged(string Code, IReadOnlyList<string> Predecessors, LocalDate EffectiveFrom) : IUnitEvent;

/// <summary>
/// Chia tách: the unit <see cref="Code"/> ceases to exist and its work is shared among <see cref="Successors"/>, which
/// exist on that day (established before or in the same batch). Unlike a merger it gives no successor the unit's
/// history: each of its pending dossiers is handed over to the successor an explicit allocation names, recorded with
/// the change, and the unit's reports stay its own.
/// </summary>
public sealed record UnitSplit(string Code, IReadOnlyList<string> Successors, LocalDate EffectiveFrom) : IUnitEvent;

/// <summary>Giải thể: a unit ceases to exist without a successor (a district when the level was abolished).</summary>
public sealed record UnitDissolved(string Code, LocalDate EffectiveFrom) : IUnitEvent;
