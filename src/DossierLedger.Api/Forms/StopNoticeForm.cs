using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Forms;

/// <summary>Mẫu số 05, Thông báo dừng giải quyết hồ sơ: issued by the authority holding the dossier, with the reason.</summary>
public sealed class StopNoticeForm : DossierForm<DossierStopped>
{
    public override string Name => "stop-notice";

    public override string Number => "05";

    public override string Title => "Thông báo dừng giải quyết hồ sơ";

    protected override RuleViolation Missing(Dossier dossier) => new("not-stopped", $"Dossier {dossier.ReceiptNo} was not stopped.");

    protected override (FormUnit Unit, bool ByDesk) Issuer(FormSource source, DossierStopped e) => (source.Authority(e), false);

    protected override void Body(FormPage page, FormSource source, DossierStopped e)
    {
        page.Field("Kính gửi:", $"Ông/Bà {source.Applicant}");
        page.Paragraph($"Ngày {FormSource.Format(source.Dossier.ReceivedAt)}, {source.Authority(e).Name} tiếp nhận hồ sơ:");
        Summary(page, source);
        page.Paragraph($"{source.Authority(e).Name} thông báo dừng giải quyết hồ sơ trên từ {FormSource.Format(e.OccurredAt)}, vì lý do:", bold: true);
        page.Paragraph(e.SupplementLapsed ? $"{e.Reason} (hồ sơ không được bổ sung trong thời hạn bổ sung)" : e.Reason);
        page.Paragraph("Xin thông báo để Ông/Bà biết.");
    }

    protected override (Signature? Left, Signature Right)? Signatures(FormSource source, DossierStopped e) =>
        (null, new Signature("Thủ trưởng cơ quan giải quyết"));
}
