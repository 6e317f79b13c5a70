using DossierLedger.Domain.Reports;
using NodaTime.Text;

namespace DossierLedger.Api.Reports.Files;

/// <summary>
/// The dossiers behind a figure as a spreadsheet for people (the CSV of the same list keeps machine codes): a row per part
/// of a dossier, numbered, with its receipt number (the dossier's id hidden), where and how it was received, its due and
/// how it ended, and the hand-overs that made it a part.
/// </summary>
public static class FigureDossiersSheet
{
    private static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("STT", 7, ValueFormat.Count),
        new("Số biên nhận", 20, ValueFormat.Text),
        new("Mã hồ sơ trong sổ cái", 38, ValueFormat.Text, Hidden: true),
        new("Phần", 6, ValueFormat.Count),
        new("Cơ quan", 11, ValueFormat.Text),
        new("Lĩnh vực", 12, ValueFormat.Text),
        new("Mã TTHC", 14, ValueFormat.Text),
        new("Kênh nộp", 11, ValueFormat.Text),
        new("Ngày nhận", 12, ValueFormat.Date),
        new("Ngày hết hạn", 12, ValueFormat.Date),
        new("Ngày kết thúc", 12, ValueFormat.Date),
        new("Kết thúc", 16, ValueFormat.Text),
        new("Đánh giá", 11, ValueFormat.Text),
        new("Chuyển đến từ", 11, ValueFormat.Text),
        new("Chuyển đi cho", 11, ValueFormat.Text),
    ];

    public static ReportSheet Of(FigureSelection asked, string? unitName, IAsyncEnumerable<FigureDossierView> parts)
    {
        IReadOnlyList<HeadingLine> heading =
        [
            new($"DANH SÁCH HỒ SƠ CỦA CHỈ TIÊU {Figures.NameOf(asked.Figure)}", HeadingStyle.Title),
            new($"Đơn vị: {Bieu06Printer.UnitOf(asked.Unit, unitName)}", HeadingStyle.Centred),
            new($"Từ {Bieu06Printer.Date(LocalDatePattern.Iso.Format(asked.Range.From))} đến {Bieu06Printer.Date(LocalDatePattern.Iso.Format(asked.Range.To))}", HeadingStyle.Centred),
        ];
        return new ReportSheet("Hồ sơ", heading, Columns, [.. Columns.Select((c, i) => new HeaderCell(0, i, c.Title))], Rows(parts));
    }

    private static async IAsyncEnumerable<SheetRow> Rows(IAsyncEnumerable<FigureDossierView> parts)
    {
        var number = 0L;
        await foreach (var d in parts)
        {
            yield return new SheetRow(
            [
                ++number, d.ReceiptNo, d.DossierId.ToString(), (long)d.Segment, d.UnitCode, d.FieldCode, d.ProcedureCode,
                TrackingBookSheet.ChannelName(d.Channel), d.ReceivedOn, d.OverdueOn, d.ClosedOn, d.Closure is { } closure ? ClosureName(closure) : null,
                (d.ClosingTimeliness ?? d.Timeliness) is { } timeliness ? TrackingBookSheet.TimelinessName(timeliness) : null,
                d.HandedInFrom, d.HandedOverTo,
            ]);
        }
    }

    private static string ClosureName(Closure closure) => closure switch
    {
        Closure.Resolved => "Đã giải quyết",
        Closure.Withdrawn => "Rút hồ sơ",
        Closure.Stopped => "Dừng giải quyết",
        Closure.HandedOver => "Chuyển cơ quan khác",
        _ => throw new ArgumentOutOfRangeException(nameof(closure), closure, "Unknown closure."),
    };
}
