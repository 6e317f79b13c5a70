using System.Globalization;
using DossierLedger.Domain.Reports;

namespace DossierLedger.Api.Reports;

/// <summary>
/// Prints a period report as the Biểu 06 table (tình hình, kết quả giải quyết TTHC) with its
/// Vietnamese labels: one row per field, a total row, then the rates with what they are made of.
/// </summary>
public static class Bieu06Printer
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private static readonly (string Header, Func<ReportGroupView, long> Value)[] Columns =
    [
        ("Tổng số", g => g.Received.Total),
        ("Kỳ trước", g => g.Received.CarriedOver),
        ("Trực tuyến", g => g.Received.Online),
        ("TT+BCCI", g => g.Received.DirectOrPostal),
        ("Đã GQ", g => g.Resolved.Total),
        ("Trước hạn", g => g.Resolved.Early),
        ("Đúng hạn", g => g.Resolved.OnTime),
        ("Quá hạn", g => g.Resolved.Overdue),
        ("Đang GQ", g => g.Pending.Total),
        ("Trong hạn", g => g.Pending.WithinDeadline),
        ("Quá hạn", g => g.Pending.Overdue),
        ("Rút", g => g.ClosedOther.Withdrawn),
        ("Dừng", g => g.ClosedOther.Stopped),
    ];

    public static void Print(PeriodReportView report, TextWriter output)
    {
        var from = DateTime.ParseExact(report.From, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = DateTime.ParseExact(report.To, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        output.WriteLine("BIỂU 06: TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH");
        output.WriteLine($"Đơn vị: {report.Unit ?? "tất cả"}    Kỳ báo cáo: từ {from:dd/MM/yyyy} đến {to:dd/MM/yyyy}");
        output.WriteLine("(Tổng số = Kỳ trước + Mới tiếp nhận; TT+BCCI = trực tiếp và qua dịch vụ bưu chính công ích)");
        output.WriteLine();

        const int labelWidth = 40;
        output.Write("Lĩnh vực".PadRight(labelWidth));
        foreach (var (header, _) in Columns)
        {
            output.Write(header.PadLeft(11));
        }

        output.WriteLine();
        var total = report.ToTotalRow();
        foreach (var row in (report.Groups ?? []).Append(total))
        {
            var label = row == total ? "TỔNG CỘNG" : row.FieldName ?? row.FieldCode ?? "";
            output.Write((label.Length > labelWidth - 1 ? label[..(labelWidth - 1)] : label).PadRight(labelWidth));
            foreach (var (_, value) in Columns)
            {
                output.Write(value(row).ToString("N0", Vietnamese).PadLeft(11));
            }

            output.WriteLine();
        }

        output.WriteLine();
        output.WriteLine($"Tỷ lệ giải quyết đúng hạn (trước hạn + đúng hạn): {Rate(report.Ratios.OnTime)}");
        output.WriteLine($"Tỷ lệ tiếp nhận trực tuyến: {Rate(report.Ratios.Online)}");
        output.WriteLine($"Hồ sơ được số hóa: {Rate(report.Quality.Digitization)}");
        output.WriteLine($"Thanh toán trực tuyến (hồ sơ có phí): {Rate(report.Quality.OnlinePayment)}");
        output.WriteLine();
        output.WriteLine("Chỉ số QĐ 766/QĐ-TTg (tỷ lệ; mức đạt so với chỉ tiêu):");
        var scores = report.Scores;
        output.WriteLine($"  2.1 Tiến độ giải quyết: {Rate(report.Quality.Progress)}; {Achieved(scores.Progress)}");
        output.WriteLine($"  3.3 Tiếp nhận trực tuyến: {Rate(report.Quality.OnlineReception)}; {Achieved(scores.OnlineReception)}");
        output.WriteLine($"  3.6 Thanh toán trực tuyến: {Rate(report.Quality.OnlinePayment)}; {Achieved(scores.OnlinePayment)}");
        output.WriteLine($"  4.2 Số hóa hồ sơ: {Rate(report.Quality.Digitization)}; {Achieved(scores.Digitization)}");
        var satisfaction = report.Quality.Satisfaction;
        output.WriteLine(satisfaction.Value is { } share
            ? string.Create(Vietnamese, $"  5.4 Mức độ hài lòng: {share * 100:N2} % (100 % − quá hạn {Rate(satisfaction.OverdueRate)} − phản ánh, không hài lòng {Rate(satisfaction.ComplaintRate)}); {Achieved(scores.Satisfaction)}")
            : "  5.4 Mức độ hài lòng: không có hồ sơ");
    }

    private static string Achieved(IndicatorScore score) =>
        score.Achievement is { } achieved
            ? string.Create(Vietnamese, $"đạt {achieved * 100:N2} % số điểm (chỉ tiêu {score.Target * 100:N0} %)")
            : "chưa tính điểm";

    private static string Rate(Ratio ratio) =>
        ratio.Value is { } value
            ? string.Create(Vietnamese, $"{ratio.Numerator:N0}/{ratio.Denominator:N0} = {value * 100:N2} %")
            : "không có hồ sơ";
}
