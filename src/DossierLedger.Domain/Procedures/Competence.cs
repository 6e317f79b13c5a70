using DossierLedger.Domain.Units;

namespace DossierLedger.Domain.Procedures;

/// <summary>
/// Thẩm quyền giải quyết: which authority may resolve a procedure's dossiers — the people's committee of a level
/// (a commune, a province), or the agencies of one sector at a level (the land registration office of a province).
/// </summary>
/// <param name="Level">The administrative level of the competent authority.</param>
/// <param name="Sector">The sector of the competent agencies; null when the administrative unit itself resolves.</param>
public sealed record Competence(UnitLevel Level, string? Sector = null)
{
    /// <summary>Whether <paramref name="unit"/> is an authority of this kind.</summary>
    public bool Admits(AdministrativeUnit unit) =>
        unit.Level == Level && (Sector is null
            ? unit.Kind == UnitKind.Administrative
            : unit.Kind == UnitKind.Agency && string.Equals(unit.Sector, Sector, StringComparison.Ordinal));

    /// <summary>How a person reads it: "Commune", "Province agency of sector dat-dai".</summary>
    public override string ToString() => Sector is null ? $"{Level}" : $"{Level} agency of sector {Sector}";
}
