namespace DossierLedger.Api.Security;

/// <summary>What a token may do. Policies name the groups of endpoints each role reaches.</summary>
public static class Roles
{
    /// <summary>Records lifecycle events (cán bộ Bộ phận Một cửa).</summary>
    public const string Clerk = "clerk";

    /// <summary>Reads everything, including the audit endpoints; writes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>Reads reports.</summary>
    public const string Reporter = "reporter";

    /// <summary>Catalogue, calendar, projections and tokens.</summary>
    public const string Admin = "admin";

    /// <summary>Lãnh đạo: approves what the desk drafts for a leader's signature (an apology); reads dossiers and reports.</summary>
    public const string Leader = "leader";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Clerk, Auditor, Reporter, Admin, Leader], StringComparer.Ordinal);

    public const string WritePolicy = "write";
    public const string ReadDossiersPolicy = "read-dossiers";
    public const string ReportsPolicy = "reports";

    /// <summary>Submitting a hand-typed report for reconciliation: the report builder's (and the administrator's).</summary>
    public const string SubmitReportsPolicy = "submit-reports";
    public const string AuditPolicy = "audit";
    public const string AdminPolicy = "admin";

    /// <summary>Approving what needs a leader's signature: a leader's alone, not even the administrator's.</summary>
    public const string ApprovePolicy = "approve";
}
