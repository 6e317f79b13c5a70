using System.Net;
using System.Text;
using System.Text.Json;
using DossierLedger.Api.Telemetry;

namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// The national portal's HTTP calls: a session (<c>POST</c> the session address with the credentials and the
/// <c>dstcode</c> header), then each service call (<c>POST</c> the integration address with a flat JSON body of
/// <c>session</c>, <c>madonvi</c>, <c>service</c> and the service's fields). Answers are read to at most
/// <see cref="NationalPortalSettings.MaxAnswerBytes"/>; what cannot be used is a <see cref="PortalUnavailableException"/>.
/// An expired session is renewed once per call.
/// </summary>
public sealed class PortalClient(
    IHttpClientFactory clients, NationalPortalSettings settings, PortalSession session, PortalFeedHealth health, PortalDeliveryMetrics metrics,
    NodaTime.IClock clock, ILogger<PortalClient> logger)
{
    /// <summary>The named HTTP client the calls go through, with the configured timeout.</summary>
    public const string HttpClientName = "national-portal";

    /// <summary>Calls <paramref name="service"/> for the unit <paramref name="unitId"/> with the body's own fields written by <paramref name="fields"/>.</summary>
    public async Task<PortalAnswer> CallAsync(string service, string unitId, Action<Utf8JsonWriter> fields, CancellationToken cancellation)
    {
        var url = settings.IntegrationUrl ?? throw Failed(new(PortalFailure.Misconfigured, settings.Problem ?? "NationalPortal:IntegrationUrl is not set."));
        var token = await session.CurrentAsync(LogInAsync, cancellation);
        var answer = await PostAsync(url, Body(token, unitId, service, fields), cancellation);
        if (answer.Kind != PortalAnswerKind.SessionExpired)
        {
            return answer;
        }

        token = await session.RenewAsync(token, LogInAsync, cancellation);
        answer = await PostAsync(url, Body(token, unitId, service, fields), cancellation);
        return answer.Kind == PortalAnswerKind.SessionExpired
            ? throw Failed(new(PortalFailure.NoSession, $"The portal refused a session it had just given ({answer})."))
            : answer;
    }

    /// <summary>The node's session, opened now unless it is open already.</summary>
    public Task<string> OpenSessionAsync(CancellationToken cancellation) => session.CurrentAsync(LogInAsync, cancellation);

    /// <summary>Opens a session with the configured credentials.</summary>
    private async Task<string> LogInAsync(CancellationToken cancellation)
    {
        var url = settings.AuthUrl ?? throw Failed(new(PortalFailure.Misconfigured, settings.Problem ?? "NationalPortal:AuthUrl is not set."));
        var answer = await PostAsync(url, PortalWire.JsonObject(w =>
        {
            w.WriteString("username", settings.Username);
            w.WriteString("password", settings.Password);
        }), cancellation);
        return answer is { Kind: PortalAnswerKind.Accepted, Session: { Length: > 0 } token }
            ? token
            : throw Failed(new(PortalFailure.NoSession, $"The portal gave no session: {answer}."));
    }

    private static byte[] Body(string token, string unitId, string service, Action<Utf8JsonWriter> fields) => PortalWire.JsonObject(w =>
    {
        w.WriteString("session", token);
        w.WriteString("madonvi", unitId);
        w.WriteString("service", service);
        fields(w);
    });

    /// <summary>One call; the feed's health follows whether it got an answer.</summary>
    private async Task<PortalAnswer> PostAsync(Uri url, byte[] body, CancellationToken cancellation)
    {
        try
        {
            var answer = await SendAsync(url, body, cancellation);
            health.Answered(clock.GetCurrentInstant());
            return answer;
        }
        catch (PortalUnavailableException e)
        {
            throw Failed(e);
        }
    }

    /// <summary>
    /// The feed's health and the failures metric follow a failed call, and the log says it once (<see cref="PortalFeedLog"/>);
    /// returns the failure to throw.
    /// </summary>
    private PortalUnavailableException Failed(PortalUnavailableException failure)
    {
        logger.LogWarning("A call to the national portal failed ({Failure}): {Reason} Deliveries wait and are retried.", failure.FailureName, failure.Message);
        health.Failed(failure.Message);
        metrics.PortalFailed(failure.FailureName);
        return failure;
    }

    private async Task<PortalAnswer> SendAsync(Uri url, byte[] body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add("dstcode", settings.DstCode);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return PortalAnswer.Expired;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PortalUnavailableException(PortalFailure.HttpError, $"The portal answered HTTP {(int)response.StatusCode} at {url.GetLeftPart(UriPartial.Path)}.");
            }

            var answer = await ReadBoundedAsync(response.Content, cancellation);
            return PortalAnswer.Read(answer)
                ?? throw new PortalUnavailableException(PortalFailure.NotJson, $"The portal's answer is not JSON with an error_code: '{Preview(answer)}'.");
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new PortalUnavailableException(PortalFailure.Timeout, $"The portal did not answer within {settings.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            throw new PortalUnavailableException(PortalFailure.Unreachable, $"The portal could not be reached at {url.GetLeftPart(UriPartial.Path)}: {e.Message}");
        }
    }

    /// <summary>The answer's bytes, at most the configured bound: a larger answer is refused before it is all read.</summary>
    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellation)
    {
        if (content.Headers.ContentLength > settings.MaxAnswerBytes)
        {
            throw TooLarge();
        }

        await using var stream = await content.ReadAsStreamAsync(cancellation);
        var buffer = new byte[settings.MaxAnswerBytes + 1];
        var read = 0;
        int last;
        while (read < buffer.Length && (last = await stream.ReadAsync(buffer.AsMemory(read), cancellation)) > 0)
        {
            read += last;
        }

        return read > settings.MaxAnswerBytes ? throw TooLarge() : buffer[..read];
    }

    private PortalUnavailableException TooLarge() => new(PortalFailure.TooLarge, $"The portal's answer is larger than {settings.MaxAnswerBytes} bytes.");

    private static string Preview(byte[] answer)
    {
        var text = Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 80));
        return answer.Length > 80 ? text + "…" : text;
    }
}

/// <summary>The portal session shared by every call of the node, opened on first need and renewed when the portal says it expired.</summary>
public sealed class PortalSession : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;

    public async Task<string> CurrentAsync(Func<CancellationToken, Task<string>> logIn, CancellationToken cancellation) =>
        _token ?? await RenewAsync(null, logIn, cancellation);

    /// <summary>A new session, unless another call renewed <paramref name="stale"/> already.</summary>
    public async Task<string> RenewAsync(string? stale, Func<CancellationToken, Task<string>> logIn, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            if (_token is { } current && current != stale)
            {
                return current;
            }

            _token = null;
            return _token = await logIn(cancellation);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
