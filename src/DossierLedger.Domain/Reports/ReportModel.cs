namespace DossierLedger.Domain.Reports;

/// <summary>
/// Which report model stored counters are derived for: the <see cref="ReportCounter"/>s there are and what each
/// dossier's facts count in them (<see cref="DossierFacts.Contributions"/>). A database records the model its counters
/// were derived for; one derived for an older model answers no report until <c>rebuild</c> derives them again
/// (docs/operations.md, "Upgrading").
/// </summary>
public static class ReportModel
{
    /// <summary>
    /// The current model. Add one here in the change that adds a counter or changes what a dossier counts: that single
    /// line makes every upgraded database ask for its rebuild. 1: the counters 0–19, before databases recorded a
    /// model; 2: withdrawn and stopped judged against their due (counters 20–23); 3: a part per authority that held a
    /// dossier, and hand-overs (counters 24–27); 4: QĐ 766 by its formula text (counters 28–42).
    /// </summary>
    public const int Version = 4;
}
