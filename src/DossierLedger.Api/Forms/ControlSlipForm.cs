using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Forms;

/// <summary>
/// Mẫu số 06, Phiếu kiểm soát quá trình giải quyết hồ sơ: every handover from receipt to the result's return, with its time;
/// an assignment with the deadline of the step it opened and whether that step was handed on by it; the dossier's own due
/// heads the slip.
/// </summary>
public sealed class ControlSlipForm : DossierForm<DossierReceived>
{
    private static readonly (string Header, double Weight)[] Columns =
        [("TT", 0.45), ("Giao, nhận hồ sơ", 2.5), ("Thời gian", 1.85), ("Hạn của bước", 1.85), ("Kết quả", 1.1), ("Ghi chú", 2.6)];

    public override string Name => "control-slip";

    public override string Number => "06";

    public override string Title => "Phiếu kiểm soát quá trình giải quyết hồ sơ";

    protected override RuleViolation Missing(Dossier dossier) =>
        new("refused-at-intake", $"Dossier {dossier.ReceiptNo} was refused at intake: it was never processed.");

    protected override (FormUnit Unit, bool ByDesk) Issuer(FormSource source, DossierReceived e) => (source.ReceivingUnit(e.OccurredAt), true);

    protected override void Body(FormPage page, FormSource source, DossierReceived e)
    {
        Summary(page, source);
        page.Field("Thời điểm tiếp nhận:", FormSource.Format(e.OccurredAt));
        page.Field("Thời hạn trả kết quả:", FormSource.Format(source.Dossier.DueAt));
        page.Space(4);
        var rows = ControlSlipRows.Of(source);
        page.Table(Columns, rows.Select((row, i) => (IReadOnlyList<string>)
        [
            $"{i + 1}",
            row.Holder is null ? row.Handover : $"{row.Handover}\n{row.Holder}",
            FormSource.Format(row.At),
            row.StepDueAt is { } due ? FormSource.Format(due) : "—",
            row.Met,
            row.Note ?? "",
        ]));
    }

    protected override (Signature? Left, Signature Right)? Signatures(FormSource source, DossierReceived e) => null;
}
