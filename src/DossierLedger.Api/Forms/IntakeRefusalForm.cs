using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Forms;

/// <summary>Mẫu số 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ: the refusal at intake and its reason.</summary>
public sealed class IntakeRefusalForm : DossierForm<IntakeRefused>
{
    public override string Name => "intake-refusal";

    public override string Number => "03";

    public override string Title => "Phiếu từ chối tiếp nhận giải quyết hồ sơ";

    protected override RuleViolation Missing(Dossier dossier) =>
        new("not-refused-at-intake", $"Dossier {dossier.ReceiptNo} was received, not refused at intake.");

    protected override (FormUnit Unit, bool ByDesk) Issuer(FormSource source, IntakeRefused e) => (source.ReceivingUnit(e.OccurredAt), true);

    protected override void Body(FormPage page, FormSource source, IntakeRefused e)
    {
        page.Paragraph($"{source.ReceivingUnit(e.OccurredAt).Name} nhận được hồ sơ:");
        Summary(page, source);
        page.Field("Thời điểm nhận:", FormSource.Format(e.OccurredAt));
        page.Field("Kênh nộp hồ sơ:", FormSource.ChannelName(e.Channel));
        page.Paragraph("Hồ sơ không được tiếp nhận giải quyết vì lý do sau:", bold: true);
        page.Paragraph(e.Reason);
        page.Paragraph("Xin thông báo để Ông/Bà biết.");
    }

    protected override (Signature? Left, Signature Right)? Signatures(FormSource source, IntakeRefused e) =>
        (new Signature("Người nộp hồ sơ", e.ApplicantName), new Signature("Người tiếp nhận hồ sơ", e.ReceivedBy));
}
