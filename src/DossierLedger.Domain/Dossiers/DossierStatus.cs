namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// Where a dossier stands. Values are the national status codes used to synchronise with the
/// national portal (1, "submitted online, not yet accepted", is the portal's own and never reaches the ledger).
/// </summary>
public enum DossierStatus
{
    /// <summary>Được tiếp nhận: received, the processing clock runs.</summary>
    Received = 2,

    /// <summary>Không được tiếp nhận: refused at intake; terminal, never counted as received.</summary>
    Refused = 3,

    /// <summary>Đang xử lý: assigned, forwarded between steps, or sent to another agency.</summary>
    InProcess = 4,

    /// <summary>Yêu cầu bổ sung giấy tờ: waiting for supplementary documents; the clock is paused.</summary>
    AwaitingSupplement = 5,

    /// <summary>Yêu cầu thực hiện nghĩa vụ tài chính: waiting for payment; paused where the procedure says so.</summary>
    AwaitingPayment = 6,

    /// <summary>Công dân yêu cầu rút hồ sơ: withdrawn at the applicant's request (terminal).</summary>
    Withdrawn = 7,

    /// <summary>Dừng xử lý: processing stopped by formal notice (terminal).</summary>
    Stopped = 8,

    /// <summary>Đã xử lý xong: resolved; its instant is what timeliness is judged on (terminal).</summary>
    Resolved = 9,

    /// <summary>Đã trả kết quả: the result was handed over, after resolution.</summary>
    ResultReturned = 10,
}

public static class DossierStatusExtensions
{
    /// <summary>Every status a dossier still being worked on may have (the work queue's <c>open</c>).</summary>
    public static IReadOnlyList<DossierStatus> Open { get; } = [.. Enum.GetValues<DossierStatus>().Where(s => !s.IsClosed())];

    /// <summary>
    /// Closed dossiers take no further processing events (result return, digitization and feedback excepted). Every
    /// status is named: a new one must be declared open or closed.
    /// </summary>
    public static bool IsClosed(this DossierStatus status) => status switch
    {
        DossierStatus.Refused or DossierStatus.Withdrawn or DossierStatus.Stopped or DossierStatus.Resolved or DossierStatus.ResultReturned => true,
        DossierStatus.Received or DossierStatus.InProcess or DossierStatus.AwaitingSupplement or DossierStatus.AwaitingPayment => false,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown dossier status."),
    };

    /// <summary>The camelCase name the HTTP contract uses.</summary>
    public static string ToApiName(this DossierStatus status) => status switch
    {
        DossierStatus.Received => "received",
        DossierStatus.Refused => "refused",
        DossierStatus.InProcess => "inProcess",
        DossierStatus.AwaitingSupplement => "awaitingSupplement",
        DossierStatus.AwaitingPayment => "awaitingPayment",
        DossierStatus.Withdrawn => "withdrawn",
        DossierStatus.Stopped => "stopped",
        DossierStatus.Resolved => "resolved",
        DossierStatus.ResultReturned => "resultReturned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status's name in Vietnamese, as the national portal shows it to an applicant.</summary>
    public static string VietnameseName(this DossierStatus status) => status switch
    {
        DossierStatus.Received => "Đã tiếp nhận",
        DossierStatus.Refused => "Không được tiếp nhận",
        DossierStatus.InProcess => "Đang xử lý",
        DossierStatus.AwaitingSupplement => "Yêu cầu bổ sung giấy tờ",
        DossierStatus.AwaitingPayment => "Yêu cầu thực hiện nghĩa vụ tài chính",
        DossierStatus.Withdrawn => "Đã rút hồ sơ",
        DossierStatus.Stopped => "Dừng xử lý",
        DossierStatus.Resolved => "Đã xử lý xong",
        DossierStatus.ResultReturned => "Đã trả kết quả",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
