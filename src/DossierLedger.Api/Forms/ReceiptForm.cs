using DossierLedger.Domain.Dossiers;
using QRCoder;

namespace DossierLedger.Api.Forms;

/// <summary>
/// Mẫu số 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả: the receipt, the documents received, the appointment (the due set at
/// receipt), where to collect the result (the receiving unit and its address), and the public lookup: a QR code of its
/// address and the secret printed beside it. A dossier without a secret (received before slips had one, or imported) gets
/// its slip without them.
/// </summary>
public sealed class ReceiptForm : DossierForm<DossierReceived>
{
    /// <summary>The QR code's side on the page, in points (3 cm): large enough for a phone at arm's length.</summary>
    private const double QrSide = 85;

    public override string Name => "receipt";

    public override string Number => "01";

    public override string Title => "Giấy tiếp nhận hồ sơ và hẹn trả kết quả";

    protected override RuleViolation Missing(Dossier dossier) =>
        new("refused-at-intake", $"Dossier {dossier.ReceiptNo} was refused at intake: its paper is the refusal (intake-refusal).");

    protected override (FormUnit Unit, bool ByDesk) Issuer(FormSource source, DossierReceived e) => (source.ReceivingUnit(e.OccurredAt), true);

    protected override void Body(FormPage page, FormSource source, DossierReceived e)
    {
        var receiving = source.ReceivingUnit(e.OccurredAt);
        page.Paragraph($"{receiving.Name} tiếp nhận hồ sơ:");
        Summary(page, source);
        if (source.Dossier.UnitCode != source.Dossier.ReceivingUnitCode)
        {
            page.Field("Cơ quan có thẩm quyền giải quyết:", source.Unit(e.UnitCode, e.OccurredAt).Name);
        }

        page.Field("Kênh nộp hồ sơ:", FormSource.ChannelName(e.Channel));
        page.Paragraph("Thành phần hồ sơ đã nhận:", bold: true);
        if (e.Components is [_, ..] components)
        {
            page.NumberedList(components);
        }
        else
        {
            page.Paragraph("(Không ghi danh mục thành phần hồ sơ khi tiếp nhận.)");
        }

        page.Field("Thời gian nhận hồ sơ:", FormSource.Format(e.OccurredAt));
        page.Field("Thời gian trả kết quả giải quyết hồ sơ:", FormSource.Format(e.DueAt));
        page.Field("Nơi nhận kết quả:", receiving.NameAndAddress);
        if (source.LookupUrl is { } url && e.LookupSecret is { } secret)
        {
            page.Space(4);
            page.QrCode(QrModules(url), QrSide,
                ["Tra cứu tình trạng hồ sơ: quét mã QR, hoặc mở địa chỉ", url.AbsoluteUri, $"và nhập mã tra cứu: {secret}"]);
        }
    }

    protected override (Signature? Left, Signature Right)? Signatures(FormSource source, DossierReceived e) =>
        (new Signature("Người nộp hồ sơ", e.ApplicantName), new Signature("Người tiếp nhận hồ sơ", e.ReceivedBy));

    /// <summary>The QR code's modules, its quiet zone included (error correction M: a smudged slip still reads).</summary>
    private static List<System.Collections.BitArray> QrModules(Uri url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix];
    }
}
