using System.Text;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Import;
using DossierLedger.Api.Procedures;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using DossierLedger.Domain.Tests.Dossiers;
using NodaTime;

namespace DossierLedger.Api.Tests.Import;

/// <summary>Reading import files (no database): CSV and NDJSON, line numbers, broken rows, and the column mapping both ways.</summary>
public sealed class ImportFileTests
{
    private const string Header = "receipt_no,unit_code,procedure_code,status,action,channel,occurred_at,step,reason";

    private static List<ImportRow> ReadAll(string text, ImportFormat format)
    {
        using var reader = ImportRunner.OpenReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), format);
        var rows = new List<ImportRow>();
        while (reader.Read() is { } row)
        {
            rows.Add(row);
        }

        return rows;
    }

    private static string? Value(ImportRow row, string column) => row[ImportHeader.ColumnIndex(column)];

    [Fact]
    public void Csv_fields_may_be_quoted_with_commas_quotes_and_line_breaks_and_rows_keep_their_first_line()
    {
        var text = "\uFEFF" + Header + "\r\n"
            + "R1,XA01,1.001234,2,,1,2025-03-10T08:00:00+07:00,,\r\n"
            + "\r\n"
            + "R1,XA01,,8,,,2025-03-11T08:00:00+07:00,,\"Dừng, vì \"\"thiếu\"\"\nhồ sơ\"\n"
            + "R2,XA01,1.001234,2,,2,2025-03-10T09:00:00+07:00,,";
        var rows = ReadAll(text, ImportFormat.Csv);

        rows.Count.ShouldBe(3);
        rows.Select(r => r.Line).ShouldBe([2L, 4L, 6L]);
        rows.Select(r => r.Ordinal).ShouldBe([0L, 1L, 2L]);
        rows.ShouldAllBe(r => r.Error == null);
        Value(rows[1], ImportColumns.Reason).ShouldBe("Dừng, vì \"thiếu\"\nhồ sơ");
        Value(rows[1], ImportColumns.ProcedureCode).ShouldBeNull();
        Value(rows[2], ImportColumns.Channel).ShouldBe("2");
    }

    [Fact]
    public void Csv_header_names_match_whatever_their_case_and_separators_and_unknown_columns_are_ignored()
    {
        using var reader = ImportRunner.OpenReader(new MemoryStream(Encoding.UTF8.GetBytes(
            "ReceiptNo,Unit Code,STATUS,occurred-at,ma_tinh\nR1,XA01,9,2025-03-10T08:00:00+07:00,TN\n")), ImportFormat.Csv);
        var row = reader.Read().ShouldNotBeNull();
        row.ReceiptNo.ShouldBe("R1");
        row.UnitCode.ShouldBe("XA01");
        Value(row, ImportColumns.Status).ShouldBe("9");
        reader.IgnoredColumns.ShouldBe(["ma_tinh"]);
    }

    [Fact]
    public void A_file_without_the_columns_every_row_needs_is_refused_whole()
    {
        Should.Throw<ImportFormatException>(() => ReadAll("receipt_no,unit_code,status\nR1,XA01,2\n", ImportFormat.Csv))
            .Message.ShouldContain(ImportColumns.OccurredAt);
        Should.Throw<ImportFormatException>(() => ReadAll("", ImportFormat.Csv));
    }

    [Fact]
    public void Broken_csv_rows_are_read_as_errors_on_their_line()
    {
        var rows = ReadAll(Header + "\nR1,XA01,1.001234,2,,1\nR2,XA01,1.001234,2,,1,2025-03-10T08:00:00+07:00,,\"open\n", ImportFormat.Csv);
        rows[0].Error.ShouldNotBeNull().ShouldContain("fields");
        rows[1].Line.ShouldBe(3);
        rows[1].Error.ShouldNotBeNull().ShouldContain("not closed");
    }

    [Fact]
    public void Ndjson_rows_take_strings_numbers_and_booleans_and_report_lines_that_are_not_objects()
    {
        var rows = ReadAll(
            """
            {"receipt_no":"R1","unit_code":"XA01","status":2,"channel":2,"procedure_code":"1.001234","occurred_at":"2025-03-10T08:00:00+07:00","extra":1}

            {"receiptNo":"R1","unitCode":"XA01","action":"digitize","reused_data":true,"components_digitized":3,"occurred_at":"2025-03-10T09:00:00+07:00"}
            [1,2]
            {"receipt_no":
            """, ImportFormat.Ndjson);
        rows.Select(r => r.Line).ShouldBe([1L, 3L, 4L, 5L]);
        Value(rows[0], ImportColumns.Status).ShouldBe("2");
        Value(rows[1], ImportColumns.ReusedData).ShouldBe("true");
        Value(rows[1], ImportColumns.ComponentsDigitized).ShouldBe("3");
        rows[2].Error.ShouldNotBeNull();
        rows[3].Error.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("status", "11", ImportRules.InvalidValue)]
    [InlineData("status", "x", ImportRules.InvalidValue)]
    [InlineData("channel", "4", ImportRules.InvalidValue)]
    [InlineData("occurred_at", "2025-03-10 08:00", ImportRules.InvalidValue)]
    [InlineData("occurred_at", "1999-12-31T08:00:00+07:00", ImportRules.InvalidValue)]
    [InlineData("action", "approve", ImportRules.InvalidValue)]
    [InlineData("action", "resolve", ImportRules.ActionMismatch)]
    [InlineData("unit_code", "XÃ 01", ImportRules.InvalidValue)]
    [InlineData("amount", "1000.75", ImportRules.InvalidValue)] // whole đồng, as over HTTP
    [InlineData("amount", "1000000000000", ImportRules.InvalidValue)]
    public void Values_are_checked_for_form_column_by_column(string column, string value, string rule)
    {
        var values = new Dictionary<string, string>
        {
            ["receipt_no"] = "R1",
            ["unit_code"] = "XA01",
            ["status"] = "2",
            ["channel"] = "1",
            ["occurred_at"] = "2025-03-10T08:00:00+07:00",
            [column] = value,
        };
        var text = string.Join(',', values.Keys) + "\n" + string.Join(',', values.Values) + "\n";
        var errors = new List<StepRejection>();
        ImportRowParser.Parse(ReadAll(text, ImportFormat.Csv)[0], errors).ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Line.ShouldBe(2), e => e.Column.ShouldBe(column), e => e.Rule.ShouldBe(rule));
    }

    [Fact]
    public void A_status_beside_an_action_that_keeps_the_status_is_only_information()
    {
        var errors = new List<StepRejection>();
        var step = ImportRowParser.Parse(ReadAll(
            "receipt_no,unit_code,status,action,occurred_at\nR1,XA01,4,digitize,2025-03-10T08:00:00+07:00\n", ImportFormat.Csv)[0], errors);
        errors.ShouldBeEmpty();
        step.ShouldNotBeNull().Action.ShouldBe(NationalCodes.Actions["digitize"]);
    }

    /// <summary>
    /// The demo commune's histories, written in the import format and read back through the parser and the decider,
    /// give the very same events: every event the demo has maps to a row and back.
    /// </summary>
    [Theory]
    [InlineData(ImportFormat.Csv)]
    [InlineData(ImportFormat.Ndjson)]
    public void Written_histories_read_back_as_the_same_events(ImportFormat format)
    {
        var catalogue = ProcedureCatalogueFile.Load();
        var decider = new DossierDecider(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
        var now = SystemClock.Instance.GetCurrentInstant();
        var streams = new DemoCommune(catalogue, decider, "RT01").Generate(7, now).Take(1500).ToList();
        var text = new StringWriter();
        var writer = new ImportFileWriter(text, format);
        foreach (var stream in streams)
        {
            writer.Write(stream);
        }

        var rows = ReadAll(text.ToString(), format);
        rows.Count.ShouldBe(streams.Sum(s => s.Count));
        var replay = new HistoryReplay(decider, catalogue);
        var offset = 0;
        foreach (var stream in streams)
        {
            var errors = new List<StepRejection>();
            var steps = rows.Skip(offset).Take(stream.Count).Select(r => ImportRowParser.Parse(r, errors)).ToList();
            offset += stream.Count;
            errors.ShouldBeEmpty();
            var receipt = (DossierReceived)stream[0];
            var id = ImportIds.StreamId(receipt.UnitCode, receipt.ReceiptNo);
            var result = replay.Replay(id, receipt.UnitCode, receipt.ReceiptNo, steps!, now);
            result.Rejection.ShouldBeNull();
            result.History.ShouldNotBeNull().Events.ShouldBe(stream.Select(e => WithId(e, id)).ToList());
        }
    }

    /// <summary>Every event type but a correction is written as a row that the import reads back as the event's step.</summary>
    [Theory]
    [MemberData(nameof(EveryEventType.Names), MemberType = typeof(EveryEventType))]
    public void Every_event_type_is_written_as_a_row_of_its_step(string name)
    {
        var id = Guid.NewGuid();
        var e = EveryEventType.Sample(EveryEventType.Named(name), id);
        IReadOnlyList<IDossierEvent> history = Dossier.Opens(e) ? [e] : [EveryEventType.Sample(typeof(DossierReceived), id), e];
        var text = new StringWriter();
        var writer = new ImportFileWriter(text, ImportFormat.Csv);

        if (e is ICorrection)
        {
            Should.Throw<NotSupportedException>(() => writer.Write(history));
            return;
        }

        writer.Write(history);
        var errors = new List<StepRejection>();
        var steps = ReadAll(text.ToString(), ImportFormat.Csv).Select(r => ImportRowParser.Parse(r, errors)).ToList();
        errors.ShouldBeEmpty();
        steps[^1].ShouldNotBeNull().Action.ShouldBe(NationalCodes.StepOf(e));
    }

    /// <summary>The event as an import of its history gives it: under the import's id, and without a slip's secret, which no history file carries.</summary>
    private static IDossierEvent WithId(IDossierEvent e, Guid id) => e switch
    {
        DossierReceived x => x with { DossierId = id, LookupSecret = null },
        DossierAssigned x => x with { DossierId = id },
        DossierTransferred x => x with { DossierId = id },
        TransferReturned x => x with { DossierId = id },
        SupplementRequested x => x with { DossierId = id },
        SupplementReceived x => x with { DossierId = id },
        PaymentRequested x => x with { DossierId = id },
        PaymentReceived x => x with { DossierId = id },
        ApologyIssued x => x with { DossierId = id },
        DossierResolved x => x with { DossierId = id },
        DossierWithdrawn x => x with { DossierId = id },
        ResultReturned x => x with { DossierId = id },
        DossierDigitized x => x with { DossierId = id },
        FeedbackGiven x => x with { DossierId = id },
        _ => throw new ArgumentException(e.GetType().Name),
    };
}
