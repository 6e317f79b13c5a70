using DossierLedger.Domain.Import;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// Every dossier event carries its business time: when the thing happened at the desk.
/// The ledger's own timestamp (when it was recorded) is kept separately by the event store.
/// </summary>
public interface IDossierEvent
{
    Guid DossierId { get; }

    Instant OccurredAt { get; }
}

public static class DossierEventTypes
{
    /// <summary>Every dossier event type, found by reflection: what must know each one (the store, the tests) reads this list.</summary>
    public static IReadOnlyList<Type> All { get; } = typeof(IDossierEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IDossierEvent)))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();
}

/// <summary>
/// Được tiếp nhận: the desk accepted the dossier and the processing clock started.
/// The due instant (ngày hẹn trả) is computed at receipt from the procedure's time limit
/// and kept, so later catalogue or calendar changes never move an old dossier's deadline.
/// </summary>
/// <param name="UnitCode">The resolving authority named at receipt (cơ quan có thẩm quyền), whose receipt numbers it uses.</param>
/// <param name="ReceivingUnitCode">The unit that received it for that authority (a service centre receiving regardless
/// of administrative boundaries); null when the authority received it itself, as every event before centres did.</param>
/// <param name="ReceivedBy">The clerk who received it (cán bộ tiếp nhận); null when not known (imports, older events).</param>
/// <param name="Competence">Who may resolve it, as the procedure version at receipt says; a hand-over must go to such an
/// authority. Null when the catalogue did not say (and in events from before it could).</param>
/// <param name="Traits">What the QĐ 766 indicators need of the procedure version at receipt; null in events from before
/// receipts carried it (reports then read the fee as "a fee was requested" and the result as not a paper one).</param>
/// <param name="Components">The documents received (thành phần hồ sơ), as the receipt slip lists them; null when not recorded.</param>
/// <param name="LookupSecret">The secret printed on the receipt slip that, with the receipt number, opens the public lookup
/// (tra cứu hồ sơ); null for dossiers received before slips carried one, and for imported history.</param>
/// <param name="Deadlines">The procedure version's other deadline rules (result at once, supplement deadline, step budgets);
/// null when it had none, and in events from before receipts carried them.</param>
[NationalStep("receive", DossierStatus.Received, History = "Tiếp nhận hồ sơ")]
public sealed record DossierReceived(
    Guid DossierId,
    string ReceiptNo,
    string UnitCode,
    string ProcedureCode,
    string FieldCode,
    Channel Channel,
    Instant OccurredAt,
    Instant DueAt,
    string? ApplicantName,
    string? ReceivingUnitCode = null,
    string? ReceivedBy = null,
    Competence? Competence = null,
    ProcedureTraits? Traits = null,
    IReadOnlyList<string>? Components = null,
    string? LookupSecret = null,
    ProcedureDeadlines? Deadlines = null) : IDossierEvent;

/// <summary>Đã xử lý xong: resolved, with the timeliness decided against the due date at that moment.</summary>
/// <param name="ProcessingTime">The time it took, pauses excluded, in the unit of its procedure's time limit (working
/// days, working hours for hours and same-day limits, days), to the thousandth; null in events from before resolutions
/// carried it, and for dossiers received before receipts named the unit.</param>
[NationalStep("resolve", DossierStatus.Resolved, History = "Hoàn thành xử lý hồ sơ")]
public sealed record DossierResolved(Guid DossierId, Instant OccurredAt, Timeliness Timeliness, decimal? ProcessingTime = null) : IDossierEvent;

/// <summary>
/// Chuyển hồ sơ đến cơ quan có thẩm quyền khác: handed over to another competent authority, which resolves, acts on
/// and reports the dossier from this instant. The dossier stays open; its due carries over.
/// </summary>
/// <param name="FromUnitCode">The authority that held it until now.</param>
/// <param name="ToUnitCode">The authority that holds it from now on.</param>
/// <param name="HandedOverBy">Who handed it over, when known.</param>
[NationalStep("hand-over", History = "Chuyển cơ quan có thẩm quyền giải quyết")]
public sealed record DossierHandedOver(
    Guid DossierId, Instant OccurredAt, string FromUnitCode, string ToUnitCode, string Reason, string? HandedOverBy = null) : IDossierEvent;

/// <summary>Rút hồ sơ: the applicant withdrew the dossier.</summary>
[NationalStep("withdraw", DossierStatus.Withdrawn, History = "Công dân rút hồ sơ")]
public sealed record DossierWithdrawn(Guid DossierId, Instant OccurredAt, string? Reason) : IDossierEvent;

/// <summary>Dừng xử lý: processing stopped by formal notice.</summary>
/// <param name="SupplementLapsed">Stopped because the applicant did not bring the supplement by its deadline.</param>
[NationalStep("stop", DossierStatus.Stopped, History = "Dừng xử lý hồ sơ")]
public sealed record DossierStopped(Guid DossierId, Instant OccurredAt, string Reason, bool SupplementLapsed = false) : IDossierEvent;

/// <summary>Đã trả kết quả: the result was handed to the applicant.</summary>
[NationalStep("result-return", DossierStatus.ResultReturned, History = "Trả kết quả giải quyết")]
public sealed record ResultReturned(Guid DossierId, Instant OccurredAt, [property: ImportColumn(ImportColumns.ReturnMethod)] ResultReturnMethod Method) : IDossierEvent;

/// <summary>How a result reaches the applicant.</summary>
public enum ResultReturnMethod
{
    /// <summary>Tại Bộ phận Một cửa: at the desk.</summary>
    Counter = 1,

    /// <summary>Qua bưu chính công ích.</summary>
    Postal = 2,

    /// <summary>Trên Cổng dịch vụ công.</summary>
    Online = 3,

    /// <summary>Kết quả điện tử.</summary>
    Electronic = 4,
}

/// <summary>
/// Không được tiếp nhận: the desk refused the dossier at intake. It starts a stream of its own so the
/// refusal is on record, but the dossier never counts as received.
/// </summary>
[NationalStep("refuse", DossierStatus.Refused, History = "Từ chối tiếp nhận hồ sơ")]
public sealed record IntakeRefused(
    Guid DossierId,
    string ReceiptNo,
    string UnitCode,
    string ProcedureCode,
    string FieldCode,
    Channel Channel,
    Instant OccurredAt,
    string Reason,
    string? ApplicantName,
    string? ReceivingUnitCode = null,
    string? ReceivedBy = null) : IDossierEvent;

/// <summary>Chuyển xử lý: assigned to a processing step (and an official), or forwarded to the next one.</summary>
/// <param name="StepDueAt">When the step is due (the assignee's personal deadline): stated by whoever assigned it, else the
/// step's budget in the procedure version at receipt counted from the assignment; null when neither gives one.</param>
[NationalStep("assign", DossierStatus.InProcess, History = "Chuyển xử lý")]
public sealed record DossierAssigned(Guid DossierId, Instant OccurredAt, string Step, string? Assignee, Instant? StepDueAt = null) : IDossierEvent;

/// <summary>
/// Yêu cầu bổ sung, hoàn thiện hồ sơ: one complete list of missing documents; the clock pauses.
/// <paramref name="RemainingWorkingTime"/> is the working time left before the due instant; null when the
/// dossier was already overdue, which a pause does not undo. <paramref name="RespondBy"/> is the supplement deadline (thời
/// hạn bổ sung): stated by the desk, else the procedure's supplement time limit from the request; null when neither gives one.
/// </summary>
[NationalStep("supplement-request", DossierStatus.AwaitingSupplement, History = "Yêu cầu bổ sung hồ sơ")]
public sealed record SupplementRequested(
    Guid DossierId, Instant OccurredAt, string Items, Duration? RemainingWorkingTime, Instant? RespondBy = null) : IDossierEvent;

/// <summary>The supplement arrived; the clock resumes and the due instant moves by the time paused.</summary>
/// <param name="NewStepDueAt">The current step's deadline moved as the due was (the working time the step had left at the
/// pause, counted again from the resumption); null when the step had no deadline, and in older events.</param>
[NationalStep("supplement-received", DossierStatus.InProcess, History = "Tiếp nhận hồ sơ bổ sung")]
public sealed record SupplementReceived(Guid DossierId, Instant OccurredAt, Instant NewDueAt, Instant? NewStepDueAt = null) : IDossierEvent;

/// <summary>
/// Yêu cầu thực hiện nghĩa vụ tài chính: a fee is due. Pauses the clock only where the procedure's law
/// says so (<paramref name="PausesClock"/>); then <paramref name="RemainingWorkingTime"/> is as for a supplement.
/// </summary>
[NationalStep("payment-request", DossierStatus.AwaitingPayment, History = "Yêu cầu thực hiện nghĩa vụ tài chính")]
public sealed record PaymentRequested(Guid DossierId, Instant OccurredAt, decimal Amount, bool PausesClock, Duration? RemainingWorkingTime) : IDossierEvent;

/// <summary>The fee was paid; where the request paused the clock, it resumes with a new due instant.</summary>
/// <param name="NewStepDueAt">Where the clock resumes, the current step's deadline moved as for a supplement.</param>
[NationalStep("payment-received", DossierStatus.InProcess, History = "Đã thực hiện nghĩa vụ tài chính")]
public sealed record PaymentReceived(
    Guid DossierId, Instant OccurredAt, decimal Amount, [property: ImportColumn(ImportColumns.PaymentMethod)] PaymentMethod Method, Instant? NewDueAt,
    Instant? NewStepDueAt = null) : IDossierEvent;

/// <summary>Liên thông: the dossier was sent to another agency or level for its part of the processing.</summary>
[NationalStep("transfer", DossierStatus.InProcess, History = "Chuyển cơ quan phối hợp xử lý")]
public sealed record DossierTransferred(Guid DossierId, Instant OccurredAt, string Agency) : IDossierEvent;

/// <summary>The other agency returned the dossier (with its part done).</summary>
[NationalStep("transfer-return", DossierStatus.InProcess, History = "Cơ quan phối hợp trả hồ sơ")]
public sealed record TransferReturned(Guid DossierId, Instant OccurredAt, string Agency) : IDossierEvent;

/// <summary>
/// Xin lỗi và hẹn lại ngày trả: an apology with a new appointment, sent before the due date and at most once, as a
/// leader approved it. It informs the applicant; timeliness is still judged against the due date.
/// </summary>
[NationalStep("apology", History = "Xin lỗi và hẹn lại ngày trả kết quả")]
public sealed record ApologyIssued(Guid DossierId, Instant OccurredAt, Instant NewAppointmentAt, string Reason) : IDossierEvent;

/// <summary>
/// Dự thảo văn bản xin lỗi: a clerk drafted an apology with a new appointment; it counts for nothing until a leader
/// approves it and it is sent. A later draft replaces an earlier one that was not sent, approved or not.
/// </summary>
[NationalStep("apology-draft")]
public sealed record ApologyDrafted(Guid DossierId, Instant OccurredAt, Instant NewAppointmentAt, string Reason) : IDossierEvent;

/// <summary>Lãnh đạo phê duyệt: a leader approved the drafted apology, which may now be sent. The event's user is the approver.</summary>
[NationalStep("apology-approval")]
public sealed record ApologyApproved(Guid DossierId, Instant OccurredAt) : IDossierEvent;

/// <summary>Số hóa: dossier components digitized (some reused from stored data), and whether the result is electronic.</summary>
[NationalStep("digitize")]
public sealed record DossierDigitized(Guid DossierId, Instant OccurredAt, int ComponentsDigitized, bool ReusedData, bool ElectronicResult) : IDossierEvent;

/// <summary>The applicant's rating of the service, or a complaint.</summary>
[NationalStep("feedback")]
public sealed record FeedbackGiven(Guid DossierId, Instant OccurredAt, FeedbackRating Rating, string? Comment) : IDossierEvent;

/// <summary>How a fee was paid (QĐ 766 counts the first two as online payment).</summary>
public enum PaymentMethod
{
    /// <summary>Cổng Dịch vụ công quốc gia.</summary>
    NationalPortal = 1,

    /// <summary>Cổng thanh toán của tỉnh.</summary>
    ProvincialGateway = 2,

    /// <summary>Tiền mặt tại Bộ phận Một cửa.</summary>
    Cash = 3,
}

public enum FeedbackRating
{
    Satisfied = 1,
    Dissatisfied = 2,
    Complaint = 3,
}

/// <summary>
/// A correction: it names the event whose content it supersedes and says why. Nothing is ever updated or
/// deleted; views and reports follow the correction, the history keeps both. Its business time is when the
/// correction was made, which does not move the dossier's latest instant.
/// </summary>
public interface ICorrection : IDossierEvent
{
    Guid SupersededEventId { get; }

    string Reason { get; }
}

/// <summary>The channel was recorded wrongly at receipt.</summary>
public sealed record ChannelCorrected(Guid DossierId, Instant OccurredAt, Guid SupersededEventId, Channel Channel, string Reason) : ICorrection;

/// <summary>The resolution instant was recorded wrongly; timeliness and processing time are judged again on the corrected one.</summary>
public sealed record ResolutionCorrected(
    Guid DossierId, Instant OccurredAt, Guid SupersededEventId, Instant ResolvedAt, Timeliness Timeliness, string Reason,
    decimal? ProcessingTime = null) : ICorrection;

/// <summary>The dossier should never have been recorded (entered twice, say): it leaves every view and figure.</summary>
public sealed record DossierVoided(Guid DossierId, Instant OccurredAt, Guid SupersededEventId, string Reason) : ICorrection;
