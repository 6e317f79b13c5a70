using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Units;

/// <summary>
/// Who may receive and who may resolve a dossier on a day (Nghị định 118/2025): the receiving unit must be operating
/// and, when it receives for another authority, be a one-stop desk (a service centre or an administrative unit) of the
/// same province; the resolving authority must be operating, able to resolve, and competent for the procedure.
/// Units the registry does not know are not checked (a ledger may run without a registry).
/// </summary>
public static class Jurisdiction
{
    public const string AuthorityNotCompetent = "authority-not-competent";
    public const string CentreOutsideProvince = "centre-outside-province";
    public const string UnitCannotResolve = "unit-cannot-resolve";
    public const string UnitCannotReceiveForOthers = "unit-cannot-receive-for-others";
    public const string UnitSplit = "unit-split";

    /// <summary>The rule a receipt at <paramref name="receivingCode"/> for <paramref name="authorityCode"/> breaks, or null.</summary>
    /// <param name="registry">The registry as it stands.</param>
    /// <param name="competence">Who may resolve the procedure; null when the catalogue does not say.</param>
    /// <param name="authorityCode">The resolving authority (cơ quan có thẩm quyền giải quyết).</param>
    /// <param name="receivingCode">The receiving unit (nơi tiếp nhận); the authority itself when it receives its own dossier.</param>
    /// <param name="day">The local date of receipt.</param>
    public static RuleViolation? CheckReceipt(
        UnitRegistry registry, Competence? competence, string authorityCode, string receivingCode, LocalDate day) =>
        registry.CheckReceiving(receivingCode, day)
        ?? CheckHandOver(registry, competence, authorityCode, day)
        ?? CheckReceivingForOthers(registry, authorityCode, receivingCode, day);

    /// <summary>
    /// The rule <paramref name="authorityCode"/> breaks as the authority taking a dossier on <paramref name="day"/> (at
    /// receipt or by a hand-over): it must operate that day, not have been split since, and be able to resolve the
    /// procedure; null when it may.
    /// </summary>
    public static RuleViolation? CheckHandOver(UnitRegistry registry, Competence? competence, string authorityCode, LocalDate day) =>
        registry.CheckReceiving(authorityCode, day) ?? CheckNotSplit(registry, authorityCode) ?? CheckResolving(registry, competence, authorityCode, day);

    /// <summary>
    /// A split unit takes no dossier, even one dated before the split: its pending dossiers were allocated when the split
    /// was recorded, and one taken later would be left pending at a unit that no longer exists.
    /// </summary>
    private static RuleViolation? CheckNotSplit(UnitRegistry registry, string authorityCode) =>
        registry.Find(authorityCode) is { EndedOn: { } ended, SplitInto: [_, ..] into }
            ? new(UnitSplit, $"Unit {authorityCode} was split into {string.Join(", ", into)} on {ended:uuuu-MM-dd} and its pending dossiers allocated; give the dossier to the one it belongs to.")
            : null;

    /// <summary>The rule <paramref name="authorityCode"/> breaks as the resolving authority of a procedure on a day, or null.</summary>
    public static RuleViolation? CheckResolving(UnitRegistry registry, Competence? competence, string authorityCode, LocalDate day) =>
        registry.Find(authorityCode) switch
        {
            null => null,
            { Kind: UnitKind.ServiceCentre } => new(UnitCannotResolve,
                $"{authorityCode} is a service centre: it receives dossiers for the competent authorities but resolves none."),
            { } authority when competence is not null && !competence.Admits(authority) => new(AuthorityNotCompetent,
                $"The procedure is resolved by a {competence}; {authorityCode} is a {authority.Level} {authority.Kind} unit{(authority.Sector is { } sector ? $" of sector {sector}" : "")}."),
            _ => null,
        };

    private static RuleViolation? CheckReceivingForOthers(UnitRegistry registry, string authorityCode, string receivingCode, LocalDate day)
    {
        if (receivingCode == authorityCode || registry.Find(receivingCode) is not { } receiving)
        {
            return null;
        }

        if (receiving.Kind == UnitKind.Agency)
        {
            return new(UnitCannotReceiveForOthers, $"{receivingCode} is an agency: it receives only its own dossiers, not {authorityCode}'s.");
        }

        var province = registry.ProvinceOf(receivingCode, day);
        var authorityProvince = registry.ProvinceOf(authorityCode, day);
        return province is not null && authorityProvince is not null && province != authorityProvince
            ? new(CentreOutsideProvince,
                $"{receivingCode} receives for the authorities of {province}; {authorityCode} belongs to {authorityProvince}.")
            : null;
    }
}
