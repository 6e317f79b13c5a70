using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Số hóa: components digitized, data reused, electronic result.</summary>
public sealed record DigitizeDossier(Instant At, int ComponentsDigitized, bool ReusedData, bool ElectronicResult)
    : DossierChange(At), IDecides<DossierDigitized>, IFromHistoryRow
{
    /// <summary>Digitization may be recorded at any time after receipt, closed dossiers included.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckRecordable(dossier) ?? Decision.Accept(new DossierDigitized(dossier.Id, At, ComponentsDigitized, ReusedData, ElectronicResult));

    public static DossierCommand FromRow(HistoryRow row) =>
        new DigitizeDossier(row.At, row.Values.ComponentsDigitized, row.Values.ReusedData, row.Values.ElectronicResult);
}
