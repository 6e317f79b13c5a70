using DossierLedger.Domain.Import;
using DossierLedger.Domain.Units;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// Chuyển hồ sơ: hand an open dossier over to another competent authority: one operating that day and competent for
/// the dossier's procedure, as <paramref name="Registry"/> (the unit registry as it stands) says
/// (<see cref="Jurisdiction.CheckHandOver"/>). An import passes an empty registry: its units are taken as given.
/// </summary>
/// <remarks>
/// The clock carries over: the due instant, a pause and its remaining time, the supplement requests and an apology
/// stay as they were. The applicant's appointment stands, and routing inside the administration gives no new time.
/// </remarks>
public sealed record HandOverDossier(Instant At, string ToUnitCode, string Reason, string? HandedOverBy, UnitRegistry Registry)
    : DossierChange(At), IDecides<DossierHandedOver>, IFromHistoryRow
{
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckOpen(dossier)
        ?? (dossier.TransferredTo is { } agency
            ? Decision.Reject(DossierRules.TransferPending, $"Dossier {dossier.ReceiptNo} is with {agency} for joint processing: record its return first.")
            : ToUnitCode == dossier.AuthorityCode
                ? Decision.Reject(DossierRules.HandOverToCurrentAuthority, $"Dossier {dossier.ReceiptNo} is already {ToUnitCode}'s.")
                : Jurisdiction.CheckHandOver(Registry, dossier.Competence, ToUnitCode, decider.Calendar.LocalDate(At)) is { } outside
                    ? Decision.Reject(outside.Rule, outside.Detail)
                    : Decision.Accept(new DossierHandedOver(dossier.Id, At, dossier.AuthorityCode, ToUnitCode, Reason, HandedOverBy)));

    public static DossierCommand FromRow(HistoryRow row) => new HandOverDossier(
        row.At,
        row.Required(ImportColumns.ToUnitCode, row.Values.ToUnitCode),
        row.Required(ImportColumns.Reason, row.Values.Reason),
        row.Values.HandedOverBy,
        UnitRegistry.Empty);
}
