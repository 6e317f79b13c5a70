using DossierLedger.Domain.Dossiers;
using NodaTime.Text;

namespace DossierLedger.Api.Reports.Files;

/// <summary>
/// The Sổ theo dõi hồ sơ (Mẫu 07) as a file, a row per <see cref="TrackingBookEntry"/> as it is read: number, receipt
/// number, procedure (its code hidden in the spreadsheet), applicant, channel; the receipt (where, when, the appointment);
/// the authority holding it and its hand-overs; the result (when, how it stood against the due date); its return (when,
/// how); a note for a withdrawal or a stop. Times are Vietnam time.
/// </summary>
public static class TrackingBookSheet
{
    public const string Title = "SỔ THEO DÕI HỒ SƠ";

    private static readonly LocalDateTimePattern Time = LocalDateTimePattern.CreateWithInvariantCulture("dd'/'MM'/'uuuu HH':'mm");

    private static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("STT", 7, ValueFormat.Count),
        new("Số biên nhận (mã hồ sơ)", 20, ValueFormat.Text),
        new("Mã TTHC", 12, ValueFormat.Text, Hidden: true),
        new("Tên thủ tục hành chính", 34, ValueFormat.Text),
        new("Người nộp hồ sơ", 20, ValueFormat.Text),
        new("Kênh nộp", 11, ValueFormat.Text),
        new("Tiếp nhận - Nơi tiếp nhận", 11, ValueFormat.Text),
        new("Tiếp nhận - Ngày nhận", 17, ValueFormat.DateTime),
        new("Tiếp nhận - Ngày hẹn trả", 17, ValueFormat.DateTime),
        new("Cơ quan giải quyết", 11, ValueFormat.Text),
        new("Chuyển giao", 30, ValueFormat.Text),
        new("Kết quả giải quyết - Ngày có kết quả", 17, ValueFormat.DateTime),
        new("Kết quả giải quyết - Kết quả", 14, ValueFormat.Text),
        new("Trả kết quả - Ngày trả", 17, ValueFormat.DateTime),
        new("Trả kết quả - Hình thức", 14, ValueFormat.Text),
        new("Ghi chú", 24, ValueFormat.Text),
    ];

    public static ReportSheet Of(string? unit, string? unitName, ReportRange range, IAsyncEnumerable<TrackingBookEntry> entries)
    {
        IReadOnlyList<HeadingLine> heading =
        [
            new("Mẫu số 07", HeadingStyle.Form),
            new(Title, HeadingStyle.Title),
            new($"Đơn vị: {Bieu06Printer.UnitOf(unit, unitName)}", HeadingStyle.Centred),
            new($"Hồ sơ tiếp nhận từ {Bieu06Printer.Date(LocalDatePattern.Iso.Format(range.From))} đến {Bieu06Printer.Date(LocalDatePattern.Iso.Format(range.To))}", HeadingStyle.Centred),
        ];
        return new ReportSheet("Sổ theo dõi", heading, Columns, Header(), Rows(entries));
    }

    /// <summary>The groups over receipt, result and return; every other column's title over both header rows; the numbered row.</summary>
    private static List<HeaderCell> Header()
    {
        var cells = new List<HeaderCell>();
        for (var i = 0; i < Columns.Count;)
        {
            var title = Columns[i].Title;
            var dash = title.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0)
            {
                cells.Add(new HeaderCell(0, i, title, RowSpan: 2));
                i++;
                continue;
            }

            var group = title[..dash];
            var span = Columns.Skip(i).TakeWhile(c => c.Title.StartsWith(group + " - ", StringComparison.Ordinal)).Count();
            cells.Add(new HeaderCell(0, i, group, ColumnSpan: span));
            cells.AddRange(Enumerable.Range(i, span).Select(c => new HeaderCell(1, c, Columns[c].Title[(dash + 3)..])));
            i += span;
        }

        cells.AddRange(Columns.Select((_, i) => new HeaderCell(2, i, $"({i + 1})")));
        return cells;
    }

    private static async IAsyncEnumerable<SheetRow> Rows(IAsyncEnumerable<TrackingBookEntry> entries)
    {
        await foreach (var e in entries)
        {
            yield return new SheetRow(
            [
                e.Number, e.ReceiptNo, e.ProcedureCode, e.ProcedureName ?? e.ProcedureCode, e.ApplicantName, ChannelName(e.Channel),
                e.ReceivingUnitCode, e.ReceivedAt.LocalDateTime, e.AppointedAt.LocalDateTime, e.AuthorityCode,
                e.HandOvers.Count == 0 ? null : string.Join("\n", e.HandOvers.Select(h => $"{Time.Format(h.At.LocalDateTime)}: {h.FromUnitCode} → {h.ToUnitCode} ({h.Reason})")),
                e.ResultAt?.LocalDateTime, Outcome(e), e.ResultReturnedAt?.LocalDateTime,
                e.ResultReturnMethod is { } method ? ReturnName(method) : null,
                e.ClosedAt is { } closed ? $"{Time.Format(closed.LocalDateTime)}: {e.ClosingReason}" : null,
            ]);
        }
    }

    /// <summary>A channel as the forms name it.</summary>
    public static string ChannelName(Channel channel) => channel switch
    {
        Channel.Direct => "Trực tiếp",
        Channel.Online => "Trực tuyến",
        Channel.Postal => "Bưu chính",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    /// <summary>How the dossier ended, or that it is still being resolved.</summary>
    private static string Outcome(TrackingBookEntry entry) => entry.Timeliness switch
    {
        { } timeliness => TimelinessName(timeliness),
        null => entry.Status switch
        {
            "withdrawn" => "Rút hồ sơ",
            "stopped" => "Dừng giải quyết",
            "received" or "inProcess" or "awaitingSupplement" or "awaitingPayment" => "Đang giải quyết",
            "resolved" or "resultReturned" => "Đã giải quyết",
            _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Status, "A status with no place in the tracking book."),
        },
    };

    /// <summary>How an end of processing stood against the due date, as the forms say it.</summary>
    public static string TimelinessName(Timeliness timeliness) => timeliness switch
    {
        Timeliness.Early => "Trước hạn",
        Timeliness.OnTime => "Đúng hạn",
        Timeliness.Overdue => "Quá hạn",
        _ => throw new ArgumentOutOfRangeException(nameof(timeliness), timeliness, "Unknown timeliness."),
    };

    private static string ReturnName(ResultReturnMethod method) => method switch
    {
        ResultReturnMethod.Counter => "Tại bộ phận một cửa",
        ResultReturnMethod.Postal => "Bưu chính",
        ResultReturnMethod.Online => "Trực tuyến",
        ResultReturnMethod.Electronic => "Bản điện tử",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown way of returning a result."),
    };
}
