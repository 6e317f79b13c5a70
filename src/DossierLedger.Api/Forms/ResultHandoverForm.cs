using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Forms;

/// <summary>Phiếu giao nhận kết quả: the result handed to the applicant, how, and whether the dossier was resolved in time.</summary>
public sealed class ResultHandoverForm : DossierForm<ResultReturned>
{
    public override string Name => "result-handover";

    public override string? Number => null;

    public override string Title => "Phiếu giao nhận kết quả giải quyết hồ sơ";

    protected override RuleViolation Missing(Dossier dossier) =>
        new("result-not-returned", $"The result of dossier {dossier.ReceiptNo} has not been returned.");

    protected override (FormUnit Unit, bool ByDesk) Issuer(FormSource source, ResultReturned e) => (source.ReceivingUnit(e.OccurredAt), true);

    protected override void Body(FormPage page, FormSource source, ResultReturned e)
    {
        Summary(page, source);
        page.Field("Thời điểm tiếp nhận:", FormSource.Format(source.Dossier.ReceivedAt));
        page.Field("Thời hạn trả kết quả:", FormSource.Format(source.Dossier.DueAt));
        if (source.Dossier is { ResolvedAt: { } resolvedAt, Timeliness: { } timeliness })
        {
            page.Field("Giải quyết xong:", $"{FormSource.Format(resolvedAt)} ({ControlSlipRows.TimelinessName(timeliness)})");
        }

        page.Field("Thời điểm trả kết quả:", FormSource.Format(e.OccurredAt));
        page.Field("Hình thức trả kết quả:", MethodName(e.Method));
        page.Paragraph("Người nhận đã nhận đủ kết quả giải quyết hồ sơ nêu trên.");
    }

    protected override (Signature? Left, Signature Right)? Signatures(FormSource source, ResultReturned e) =>
        (new Signature("Người nhận kết quả", source.Dossier.ApplicantName), new Signature("Người trả kết quả"));

    private static string MethodName(ResultReturnMethod method) => method switch
    {
        ResultReturnMethod.Counter => "Trực tiếp tại Bộ phận tiếp nhận và trả kết quả",
        ResultReturnMethod.Postal => "Qua dịch vụ bưu chính công ích",
        ResultReturnMethod.Online => "Trên Cổng dịch vụ công",
        ResultReturnMethod.Electronic => "Kết quả điện tử",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
