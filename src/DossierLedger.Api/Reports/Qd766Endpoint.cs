using DossierLedger.Api.Http;
using DossierLedger.Api.Reports.Files;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DossierLedger.Api.Reports;

/// <summary>
/// One QĐ 766 indicator: its number in the decision, name, numerator and denominator (null where the indicator is not a
/// single ratio), the factor a rate is multiplied by, the value (a fraction, or a time in <see cref="Unit"/>, null for a time of procedures in different units), the target
/// and the share of the indicator's points reached.
/// </summary>
public sealed record IndicatorRow(
    string Code, string Name, decimal? Numerator, long? Denominator, double? Factor, double? Value, string? Unit, double? Target,
    double? Achievement, string? Note);

/// <summary>The QĐ 766/QĐ-TTg indicators of a unit and range as a table: the period report's <c>quality</c> and <c>scores</c>, row by row.</summary>
public sealed record Qd766View(string From, string To, string? Unit, string? UnitName, string? Period, string? Window, IReadOnlyList<IndicatorRow> Indicators)
{
    public const string Title = "CHỈ SỐ ĐÁNH GIÁ CHẤT LƯỢNG GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH (QUYẾT ĐỊNH 766/QĐ-TTg)";

    /// <summary>The unit a rate is given in.</summary>
    public const string Percent = "%";

    /// <summary>The rows from a period report: no figure is computed here that the report has not.</summary>
    public static IReadOnlyList<IndicatorRow> Rows(PeriodReportView report)
    {
        var (quality, scores) = (report.Quality, report.Scores);
        var time = quality.ProcessingTime;
        var online = quality.OnlineReception;
        var satisfaction = quality.Satisfaction;
        IndicatorRow[] synchronisation = quality.Synchronisation is { } sync
            ? [new("1.4", "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia", sync.Numerator, sync.Denominator, null, sync.Value, Percent, null, null,
                "hồ sơ tiếp nhận trong kỳ mà Cổng DVC quốc gia đã có đủ thông tin và quá trình xử lý")]
            : [];
        return
        [
            .. synchronisation,
            Rate("2.1", "Tiến độ giải quyết", quality.Progress, scores.Progress),
            new("2.2", "Thời gian giải quyết trung bình", time.Total, time.Dossiers, null, time.Value, TimeUnit(time), null, null,
                time.Unit is null && time.Dossiers > 0 ? "tính theo từng thủ tục: các thủ tục có đơn vị thời hạn khác nhau" : null),
            new("3.3", "Tiếp nhận hồ sơ trực tuyến", online.Numerator, online.Denominator, online.Factor.Value, online.Value, Percent,
                scores.OnlineReception.Target, scores.OnlineReception.Achievement,
                quality.Synchronisation is null ? "hệ số: tỷ lệ đồng bộ (1.4), lấy bằng 1 vì chưa kết nối Cổng DVC quốc gia" : "hệ số: tỷ lệ đồng bộ (1.4)"),
            Rate("3.6", "Thanh toán trực tuyến", quality.OnlinePayment, scores.OnlinePayment),
            Rate("4.1", "Cấp kết quả điện tử", quality.ElectronicResults, scores.ElectronicResults),
            Rate("4.2", "Số hóa hồ sơ", quality.Digitization, scores.Digitization),
            Rate("4.3", "Tái sử dụng dữ liệu số hóa", quality.DataReuse, scores.DataReuse),
            new("5.4", "Mức độ hài lòng", null, null, null, satisfaction.Value, Percent, scores.Satisfaction.Target, scores.Satisfaction.Achievement,
                $"100 % − quá hạn {satisfaction.OverdueRate.Numerator}/{satisfaction.OverdueRate.Denominator} − phản ánh, không hài lòng "
                + $"{satisfaction.ComplaintRate.Numerator}/{satisfaction.ComplaintRate.Denominator}"),
        ];
    }

    private static IndicatorRow Rate(string code, string name, Ratio ratio, IndicatorScore score) =>
        new(code, name, ratio.Numerator, ratio.Denominator, null, ratio.Value, Percent, score.Target, score.Achievement, null);

    private static string? TimeUnit(ProcessingTimeFigures time) => time.Unit switch
    {
        null => null,
        ProcessingTimeUnit.WorkingDays => "ngày làm việc",
        ProcessingTimeUnit.WorkingHours => "giờ làm việc",
        ProcessingTimeUnit.CalendarDays => "ngày",
        _ => throw new ArgumentOutOfRangeException(nameof(time), time.Unit, "Unknown processing time unit."),
    };
}

public static class Qd766Endpoint
{
    /// <summary>
    /// <c>GET /api/reports/qd766</c>: the QĐ 766 indicators of a unit (every unit when none) over a range, as a table of
    /// indicator, numerator, denominator, value, target and score; the same range parameters as the period report.
    /// <c>format=xlsx</c> or <c>csv</c> (or an <c>Accept</c> of their media types) answers it as a file.
    /// </summary>
    [ProducesResponseType<Qd766View>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/qd766")]
    public static async Task<IResult> Get(
        string? from, string? to, string? period, string? window, string? unit, string? format, PeriodReportQuery query, UnitDirectory units,
        ProcedureCatalogue catalogue, IndicatorTargets targets, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var range = ReportRange.Read(errors, from, to, period, window);
        var unitCode = errors.Code("unit", unit, required: false);
        var answer = ReportFiles.Read(errors, format, http, ReportFormat.Json, ReportFormat.Xlsx, ReportFormat.Csv);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(unitCode) is { } denied)
        {
            return denied;
        }

        var covered = await units.CoverageAsync(unitCode, range!.From, range.To, null, cancellation);
        var report = await PeriodReportEndpoint.BuildAsync(query, catalogue, targets, unitCode, covered, range.From, range.To, ReportGrouping.None, cancellation);
        var unitName = unitCode is null ? null : (await units.CurrentAsync(cancellation)).Find(unitCode)?.Name ?? unitCode;
        var table = new Qd766View(report.From, report.To, unitCode, unitName, range.Period, range.Window, Qd766View.Rows(report));
        return answer == ReportFormat.Json
            ? Results.Ok(table)
            : ReportFiles.Answer(Qd766Sheet.Of(table), answer!.Value, $"qd766-{ReportFiles.NamePart(unitCode, range)}", cancellation);
    }
}
