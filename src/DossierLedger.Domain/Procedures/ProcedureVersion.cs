using NodaTime;

namespace DossierLedger.Domain.Procedures;

/// <summary>
/// One version of a procedure's definition: what applies to dossiers received from
/// <paramref name="EffectiveFrom"/> until the next version takes effect. Versions of a code are
/// numbered 1, 2, 3… in the order they take effect; a published version is never changed.
/// </summary>
/// <param name="Procedure">The definition (time limit, online level, fee, …) in this version.</param>
/// <param name="Version">1 for the first version of the code, one more for each later one.</param>
/// <param name="EffectiveFrom">The first instant a receipt is governed by this version.</param>
public sealed record ProcedureVersion(Procedure Procedure, int Version, Instant EffectiveFrom)
{
    public string Code => Procedure.Code;
}

/// <summary>Whether a new version may be published: the version to publish, or the rule it breaks.</summary>
public sealed record ProcedureVersionDecision(ProcedureVersion? Version, ProcedureRuleViolation? Violation);

/// <summary>A catalogue rule a new version would break.</summary>
/// <param name="Rule">A stable kebab-case name clients can branch on.</param>
/// <param name="Detail">What was wrong, for a person.</param>
public sealed record ProcedureRuleViolation(string Rule, string Detail);

/// <summary>The names of the catalogue's rules, as clients see them in problem responses.</summary>
public static class ProcedureRules
{
    /// <summary>A new version must take effect after the procedure's latest version.</summary>
    public const string EffectiveFromNotAfterLatest = "effective-from-not-after-latest";

    /// <summary>Someone else published a version of the procedure meanwhile.</summary>
    public const string VersionConflict = "procedure-version-conflict";
}
