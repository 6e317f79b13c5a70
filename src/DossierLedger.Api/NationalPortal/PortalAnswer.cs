using System.Text.Json;

namespace DossierLedger.Api.NationalPortal;

/// <summary>How the portal answered a call.</summary>
public enum PortalAnswerKind
{
    /// <summary>Success: <c>error_code</c> "0" or "00".</summary>
    Accepted,

    /// <summary>The dossier is there already (<c>error_code</c> 3 or -3, or "đã tồn tại"): send it again as an update.</summary>
    AlreadyExists,

    /// <summary>The session is no longer valid (HTTP 401, or <c>error_code</c> 401): renew it once and call again.</summary>
    SessionExpired,

    /// <summary>Any other code: the portal refused what it was sent.</summary>
    Refused,
}

/// <summary>The portal's answer: <c>{"error_code", "message"}</c>, and <c>session</c> for the session call.</summary>
public sealed record PortalAnswer(PortalAnswerKind Kind, string Code, string Message, string? Session = null)
{
    public static readonly PortalAnswer Expired = new(PortalAnswerKind.SessionExpired, "401", "HTTP 401");

    /// <summary>Reads an answer's JSON; null when it is not a JSON object with an <c>error_code</c>.</summary>
    public static PortalAnswer? Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error_code", out var codeElement))
            {
                return null;
            }

            var code = codeElement.ValueKind == JsonValueKind.String ? codeElement.GetString()!.Trim() : codeElement.GetRawText();
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            var session = root.TryGetProperty("session", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return new PortalAnswer(KindOf(code, message), code, message, session);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static PortalAnswerKind KindOf(string code, string message) => code switch
    {
        "0" or "00" => PortalAnswerKind.Accepted,
        "3" or "-3" => PortalAnswerKind.AlreadyExists,
        "401" => PortalAnswerKind.SessionExpired,
        _ when message.Contains("đã tồn tại", StringComparison.OrdinalIgnoreCase) => PortalAnswerKind.AlreadyExists,
        _ => PortalAnswerKind.Refused,
    };

    /// <summary>As recorded and shown: the code and the portal's own message.</summary>
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Why a call to the portal failed, as the failures metric names it.</summary>
public enum PortalFailure
{
    /// <summary>The settings cannot work (an address missing or malformed).</summary>
    Misconfigured,

    /// <summary>No connection: refused, reset, a name that does not resolve.</summary>
    Unreachable,

    /// <summary>No answer within the configured timeout.</summary>
    Timeout,

    /// <summary>An HTTP status other than success and 401.</summary>
    HttpError,

    /// <summary>An answer that is not JSON with an <c>error_code</c>.</summary>
    NotJson,

    /// <summary>An answer larger than the configured bound.</summary>
    TooLarge,

    /// <summary>No session: the credentials refused, or a fresh session refused at once.</summary>
    NoSession,
}

/// <summary>
/// The portal could not be reached or gave no usable answer (<see cref="Failure"/>): the delivery is retried with
/// back-off, nothing is lost.
/// </summary>
public sealed class PortalUnavailableException(PortalFailure failure, string reason) : Exception(reason)
{
    public PortalFailure Failure { get; } = failure;

    /// <summary>The failure's name as a metric tag.</summary>
    public string FailureName => Failure switch
    {
        PortalFailure.Misconfigured => "misconfigured",
        PortalFailure.Unreachable => "unreachable",
        PortalFailure.Timeout => "timeout",
        PortalFailure.HttpError => "http-error",
        PortalFailure.NotJson => "not-json",
        PortalFailure.TooLarge => "too-large",
        PortalFailure.NoSession => "no-session",
        _ => throw new InvalidOperationException($"Unknown portal failure {Failure}."),
    };
}

/// <summary>The portal refused a dossier's delivery for good: it is parked as a dead letter with the portal's answer.</summary>
public sealed class PortalRefusedException(Guid dossierId, string receiptNo, string service, PortalAnswer answer)
    : Exception($"The national portal refused dossier {receiptNo} ({dossierId}) in {service}: {answer}")
{
    public Guid DossierId { get; } = dossierId;
}
