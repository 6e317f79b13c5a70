namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// Where a dossier stands. Values are the national status codes (1–10); the ones this
/// version records are listed, the others (intake refusal, pauses, transfers) arrive with
/// the full lifecycle.
/// </summary>
public enum DossierStatus
{
    /// <summary>Được tiếp nhận: received, the processing clock runs.</summary>
    Received = 2,

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
    /// <summary>Closed dossiers take no further lifecycle events except result return.</summary>
    public static bool IsClosed(this DossierStatus status) => status is not DossierStatus.Received;

    /// <summary>The camelCase name the HTTP contract uses.</summary>
    public static string ToApiName(this DossierStatus status) => status switch
    {
        DossierStatus.Received => "received",
        DossierStatus.Withdrawn => "withdrawn",
        DossierStatus.Stopped => "stopped",
        DossierStatus.Resolved => "resolved",
        DossierStatus.ResultReturned => "resultReturned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
