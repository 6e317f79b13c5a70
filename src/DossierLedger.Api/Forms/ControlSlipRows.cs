using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Api.Forms;

/// <summary>
/// One handover on the processing-control slip: what was handed on (and to whom), when, and for an assignment the deadline
/// of the step it opened (<paramref name="StepDueAt"/>, the assignee's personal deadline) and when that step was handed on
/// in turn (<paramref name="StepEndedAt"/>). <paramref name="Result"/> is what the ledger itself judged (the resolution's
/// timeliness), shown in place of a step's.
/// </summary>
public sealed record ControlSlipRow(
    string Handover, string? Holder, Instant At, Instant? StepDueAt = null, string? Result = null, string? Note = null, Instant? StepEndedAt = null)
{
    /// <summary>
    /// Whether the step was met: handed on by its deadline. A step still open says so; a dash when there is neither a
    /// deadline nor a judgement.
    /// </summary>
    public string Met => Result ?? (StepDueAt, StepEndedAt) switch
    {
        (null, _) => "—",
        ({ } due, { } ended) => ended <= due ? "Đúng hạn" : "Quá hạn",
        (not null, null) => "Đang xử lý",
    };
}

/// <summary>The control slip's rows, one per handover in the dossier's stream, read from the events the domain recorded.</summary>
public static class ControlSlipRows
{
    public static IReadOnlyList<ControlSlipRow> Of(FormSource source)
    {
        var rows = new List<ControlSlipRow>();
        foreach (var e in source.Events)
        {
            if (Row(source, e) is not { } row)
            {
                continue;
            }

            // A step with a deadline ends at the next handover that moves the dossier on; a pause does not end it, and the
            // resumption moves its deadline as it moves the dossier's.
            var open = rows.FindLastIndex(r => r is { StepDueAt: not null, StepEndedAt: null });
            if (open >= 0 && MovedStepDue(e) is { } moved)
            {
                rows[open] = rows[open] with { StepDueAt = moved };
            }

            if (open >= 0 && EndsStep(e))
            {
                rows[open] = rows[open] with { StepEndedAt = row.At };
            }

            rows.Add(row);
        }

        return rows;
    }

    public static string TimelinessName(Timeliness timeliness) => timeliness switch
    {
        Timeliness.Early => "Trước hạn",
        Timeliness.OnTime => "Đúng hạn",
        Timeliness.Overdue => "Quá hạn",
        _ => throw new ArgumentOutOfRangeException(nameof(timeliness), timeliness, null),
    };

    private static Instant? MovedStepDue(IDossierEvent e) => e switch
    {
        SupplementReceived s => s.NewStepDueAt,
        PaymentReceived p => p.NewStepDueAt,
        _ => null,
    };

    private static bool EndsStep(IDossierEvent e) =>
        e is DossierAssigned or DossierHandedOver or DossierTransferred or DossierResolved or DossierStopped or DossierWithdrawn;

    /// <summary>The row an event makes; null for what hands nothing on (digitization, feedback, corrections).</summary>
    private static ControlSlipRow? Row(FormSource source, IDossierEvent e) => e switch
    {
        DossierReceived r => new("Tiếp nhận hồ sơ", r.ReceivedBy ?? source.ReceivingUnit(r.OccurredAt).Name, r.OccurredAt,
            Note: $"Hẹn trả {FormSource.Format(r.DueAt)}"),
        DossierAssigned a => new($"Chuyển xử lý: {a.Step}", a.Assignee, a.OccurredAt, StepDueAt: a.StepDueAt),
        DossierHandedOver h => new("Chuyển cơ quan có thẩm quyền", source.Unit(h.ToUnitCode, h.OccurredAt).Name, h.OccurredAt, Note: h.Reason),
        DossierTransferred t => new("Chuyển liên thông", t.Agency, t.OccurredAt),
        TransferReturned t => new("Nhận lại hồ sơ liên thông", t.Agency, t.OccurredAt),
        SupplementRequested s => new("Yêu cầu bổ sung hồ sơ (tạm dừng)", source.Dossier.ApplicantName, s.OccurredAt, Note: s.Items),
        SupplementReceived s => new("Nhận hồ sơ bổ sung", null, s.OccurredAt, Note: $"Hẹn trả {FormSource.Format(s.NewDueAt)}"),
        PaymentRequested p => new("Yêu cầu nộp phí, lệ phí" + (p.PausesClock ? " (tạm dừng)" : ""), source.Dossier.ApplicantName, p.OccurredAt,
            Note: FormSource.Money(p.Amount)),
        PaymentReceived p => new("Đã nộp phí, lệ phí", null, p.OccurredAt,
            Note: p.NewDueAt is { } due ? $"Hẹn trả {FormSource.Format(due)}" : FormSource.Money(p.Amount)),
        ApologyIssued a => new("Xin lỗi, hẹn lại ngày trả", source.Dossier.ApplicantName, a.OccurredAt,
            Note: $"Hẹn trả mới {FormSource.Format(a.NewAppointmentAt)}"),
        // A corrected resolution instant is the one the fold keeps, with its timeliness judged again.
        DossierResolved r => new("Giải quyết xong, chuyển trả kết quả", null, source.Dossier.ResolvedAt ?? r.OccurredAt,
            Result: TimelinessName(source.Dossier.Timeliness ?? r.Timeliness)),
        ResultReturned r => new("Trả kết quả", source.Dossier.ApplicantName, r.OccurredAt),
        DossierStopped s => new("Dừng giải quyết", null, s.OccurredAt, Note: s.Reason),
        DossierWithdrawn w => new("Rút hồ sơ", source.Dossier.ApplicantName, w.OccurredAt, Note: w.Reason),
        IntakeRefused or DossierDigitized or FeedbackGiven or ICorrection => null,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown dossier event."),
    };
}
