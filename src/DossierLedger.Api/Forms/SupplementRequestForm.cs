using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Forms;

/// <summary>
/// Mẫu số 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: the latest supplement request, its items one per line (the request
/// holds them as one text; desks separate them with semicolons).
/// </summary>
public sealed class SupplementRequestForm : DossierForm<SupplementRequested>
{
    public override string Name => "supplement-request";

    public override string Number => "02";

    public override string Title => "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ";

    protected override RuleViolation Missing(Dossier dossier) =>
        new("no-supplement-request", $"Dossier {dossier.ReceiptNo} has no supplement request.");

    protected override (FormUnit Unit, bool ByDesk) Issuer(FormSource source, SupplementRequested e) => (source.ReceivingUnit(e.OccurredAt), true);

    protected override void Body(FormPage page, FormSource source, SupplementRequested e)
    {
        page.Paragraph($"Ngày {FormSource.Format(source.Dossier.ReceivedAt)}, {source.ReceivingUnit(e.OccurredAt).Name} tiếp nhận hồ sơ:");
        Summary(page, source);
        page.Paragraph("Sau khi xem xét, hồ sơ cần được bổ sung, hoàn thiện những nội dung sau:", bold: true);
        page.NumberedList(e.Items.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        page.Field("Thời điểm yêu cầu:", FormSource.Format(e.OccurredAt));
        if (e.RespondBy is { } respondBy)
        {
            page.Field("Thời hạn bổ sung:", FormSource.Format(respondBy));
            page.Paragraph("Quá thời hạn trên mà hồ sơ chưa được bổ sung, cơ quan giải quyết có thể dừng giải quyết hồ sơ.");
        }

        page.Paragraph("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ Bộ phận tiếp nhận và trả kết quả để được hướng dẫn.");
    }

    protected override (Signature? Left, Signature Right)? Signatures(FormSource source, SupplementRequested e) =>
        (new Signature("Người nộp hồ sơ", source.Dossier.ApplicantName), new Signature("Người hướng dẫn", source.Dossier.ReceivedBy));
}
