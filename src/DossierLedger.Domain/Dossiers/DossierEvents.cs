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

/// <summary>
/// Được tiếp nhận: the desk accepted the dossier and the processing clock started.
/// The due instant (ngày hẹn trả) is computed at receipt from the procedure's time limit
/// and kept, so later catalogue or calendar changes never move an old dossier's deadline.
/// </summary>
public sealed record DossierReceived(
    Guid DossierId,
    string ReceiptNo,
    string UnitCode,
    string ProcedureCode,
    string FieldCode,
    Channel Channel,
    Instant OccurredAt,
    Instant DueAt,
    string? ApplicantName) : IDossierEvent;

/// <summary>Đã xử lý xong: resolved, with the timeliness decided against the due date at that moment.</summary>
public sealed record DossierResolved(Guid DossierId, Instant OccurredAt, Timeliness Timeliness) : IDossierEvent;

/// <summary>Rút hồ sơ: the applicant withdrew the dossier.</summary>
public sealed record DossierWithdrawn(Guid DossierId, Instant OccurredAt, string? Reason) : IDossierEvent;

/// <summary>Dừng xử lý: processing stopped by formal notice.</summary>
public sealed record DossierStopped(Guid DossierId, Instant OccurredAt, string Reason) : IDossierEvent;

/// <summary>Đã trả kết quả: the result was handed to the applicant.</summary>
public sealed record ResultReturned(Guid DossierId, Instant OccurredAt, ResultReturnMethod Method) : IDossierEvent;

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
