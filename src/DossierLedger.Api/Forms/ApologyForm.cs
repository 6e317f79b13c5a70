using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Forms;

/// <summary>
/// Mẫu số 04, Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết: issued by the authority holding the dossier, with the
/// due it could not keep (as it stood when the apology was made) and the new appointment.
/// </summary>
public sealed class ApologyForm : DossierForm<ApologyIssued>
{
    public override string Name => "apology";

    public override string Number => "04";

    public override string Title => "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết";

    protected override RuleViolation Missing(Dossier dossier) => new("no-apology", $"Dossier {dossier.ReceiptNo} has no apology.");

    protected override (FormUnit Unit, bool ByDesk) Issuer(FormSource source, ApologyIssued e) => (source.Authority(e), false);

    protected override void Body(FormPage page, FormSource source, ApologyIssued e)
    {
        page.Field("Kính gửi:", $"Ông/Bà {source.Applicant}");
        page.Paragraph($"Ngày {FormSource.Format(source.Dossier.ReceivedAt)}, {source.Authority(e).Name} tiếp nhận hồ sơ:");
        Summary(page, source);
        page.Field("Thời hạn trả kết quả đã hẹn:", FormSource.Format(source.StateAfter(e).DueAt));
        page.Paragraph("Hồ sơ chưa giải quyết xong được trong thời hạn đã hẹn vì lý do:", bold: true);
        page.Paragraph(e.Reason);
        page.Paragraph($"{source.Authority(e).Name} thành thật xin lỗi Ông/Bà vì sự chậm trễ này và đề nghị gia hạn thời gian giải quyết hồ sơ.");
        page.Field("Thời gian hẹn trả kết quả mới:", FormSource.Format(e.NewAppointmentAt));
    }

    protected override (Signature? Left, Signature Right)? Signatures(FormSource source, ApologyIssued e) =>
        (null, new Signature("Thủ trưởng cơ quan giải quyết"));
}
