using System.Net;
using System.Text;
using Npgsql;
using Serilog.Events;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Each request is logged once, with the status its client got, at a level an operator can alert on: Error only
/// for a failure of the host itself (with its stack), Warning for a known failure answered with a problem,
/// Information for the rest, a request its client abandoned included.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class RequestLogTests(LedgerFixture ledger)
{
    private const string ReceivedAt = "2025-04-01T08:00:00+07:00";

    [Fact]
    public async Task A_malformed_body_is_one_warning_without_a_stack()
    {
        var correlation = NewCorrelation();

        var (status, _, _) = await ledger.SendAsync(HttpMethod.Post, "/api/dossiers", "{\"unitCode\":\"BAD\",", Headers(correlation));

        status.ShouldBe(HttpStatusCode.BadRequest);
        var line = await OneLineAsync(correlation, status, LogEventLevel.Warning);
        line.Exception.ShouldBeNull();
        Property(line, "Problem").ShouldBe("malformed-request");
        Property(line, "Reason").ShouldStartWith("Expected start of a property name or value");
    }

    [Fact]
    public async Task A_receipt_number_taken_by_a_concurrent_receipt_is_one_warning_with_the_409()
    {
        // Holding the counter changes' table stalls both receipts as they append their changes, after their duplicate
        // check, so the second reaches the unique key and loses there, not at the check.
        var unit = LedgerFixture.NewUnit();
        await ledger.ReceiveAsync(unit, ReceivedAt);
        var receipt = new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = ReceivedAt, receiptNo = "SAME" };
        var correlations = new[] { NewCorrelation(), NewCorrelation() };

        var answers = await RowLocks.WhileLockedAsync(ledger.DirectSqlConnectionString, "LOCK TABLE dl_counter_changes IN SHARE MODE", RowLocks.Commit,
            correlations.Select(c => (Func<Task<HttpStatusCode>>)(async () => (await ledger.PostAsync("/api/dossiers", receipt, Headers(c))).Status)).ToArray());

        answers.Order().ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict]);
        var loser = correlations[Array.IndexOf(answers, HttpStatusCode.Conflict)];
        var line = await OneLineAsync(loser, HttpStatusCode.Conflict, LogEventLevel.Warning);
        line.Exception.ShouldBeNull();
        Property(line, "Problem").ShouldBe("duplicate-receipt-number");
    }

    [Fact]
    public async Task A_version_conflict_found_by_the_store_is_one_warning_with_the_409()
    {
        // Both resolutions read version 1 and wait on the stream's row; the one that goes second fails Marten's
        // version check at commit (not the endpoint's expected-version check, which no request asks for here).
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), ReceivedAt);
        var correlations = new[] { NewCorrelation(), NewCorrelation() };

        var answers = await RowLocks.WhileStreamHeldAsync(ledger.DirectSqlConnectionString, id, RowLocks.Commit,
            correlations.Select(c => (Func<Task<HttpStatusCode>>)(async () =>
                (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-01T09:00:00+07:00" }, Headers(c))).Status)).ToArray());

        answers.Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        var loser = correlations[Array.IndexOf(answers, HttpStatusCode.Conflict)];
        var line = await OneLineAsync(loser, HttpStatusCode.Conflict, LogEventLevel.Warning);
        line.Exception.ShouldBeNull();
        Property(line, "Problem").ShouldBe("version-conflict");

        // Only the winner's line says what it appended: that is noted once the transaction has committed.
        line.Properties.ShouldNotContainKey("Appended");
        var winner = await OneLineAsync(correlations[Array.IndexOf(answers, HttpStatusCode.OK)], HttpStatusCode.OK, LogEventLevel.Information);
        Property(winner, "DossierId").ShouldBe(id.ToString());
        winner.Properties["Appended"].ToString().ShouldBe("[\"DossierResolved\"]");
    }

    [Fact]
    public async Task A_database_connection_lost_mid_request_is_one_warning_with_the_503()
    {
        // The request's connection is ended by the server, as a database shutting down ends it.
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), ReceivedAt);
        var correlation = NewCorrelation();

        var answers = await RowLocks.WhileStreamHeldAsync(ledger.DirectSqlConnectionString, id, RowLocks.TerminateWaiters,
            async () => (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-01T09:00:00+07:00" }, Headers(correlation))).Status);

        answers.ShouldBe([HttpStatusCode.ServiceUnavailable]);
        var line = await OneLineAsync(correlation, HttpStatusCode.ServiceUnavailable, LogEventLevel.Warning);
        line.Exception.ShouldBeNull();
        Property(line, "Problem").ShouldBe("database-unavailable");
    }

    [Fact]
    public async Task A_request_its_client_abandons_is_one_information_line_with_499()
    {
        // The resolution waits on the stream's row; the client gives up meanwhile.
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), ReceivedAt);
        var correlation = NewCorrelation();
        using var leave = new CancellationTokenSource();

        var answers = await RowLocks.WhileStreamHeldAsync(ledger.DirectSqlConnectionString, id, (_, _) => leave.CancelAsync(),
            async () =>
            {
                using var client = ledger.Host.Server.CreateClient();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{id}/resolution")
                {
                    Content = new StringContent("{\"at\":\"2025-04-01T09:00:00+07:00\"}", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Correlation-ID", correlation);
                request.Headers.Add("Authorization", (await ledger.AsAsync("leaving-clerk"))["Authorization"]);
                await Should.ThrowAsync<OperationCanceledException>(() => client.SendAsync(request, leave.Token));
                return (HttpStatusCode?)null;
            });

        answers.ShouldBe([null], "the client left without an answer");
        var line = await OneLineAsync(correlation, ClientClosedRequest, LogEventLevel.Information);
        line.Exception.ShouldBeNull();
    }

    [Fact]
    public async Task A_client_that_leaves_while_sending_its_body_is_one_information_line_with_499()
    {
        // Wolverine stops reading the body and answers the request itself: nothing of it may be logged as a failure.
        var correlation = NewCorrelation();
        using var leave = new CancellationTokenSource();
        using var client = ledger.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dossiers") { Content = new HalfSentBody() };
        request.Headers.Add("Authorization", (await ledger.AsAsync("leaving-clerk"))["Authorization"]);
        request.Headers.Add("X-Correlation-ID", correlation);

        var sending = client.SendAsync(request, leave.Token);
        await Task.Delay(300); // The server reads what was sent and waits for the rest (a late start only finds it aborted sooner).
        await leave.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => sending);
        (await OneLineAsync(correlation, ClientClosedRequest, LogEventLevel.Information)).Exception.ShouldBeNull();
    }

    [Fact]
    public async Task An_unexpected_failure_is_one_error_with_its_stack_and_correlation_id()
    {
        // A statement cancelled on the server (as an operator's pg_cancel_backend or a statement timeout does) is
        // no failure the host knows how to answer: a 500.
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), ReceivedAt);
        var correlation = NewCorrelation();

        var answers = await RowLocks.WhileStreamHeldAsync(ledger.DirectSqlConnectionString, id, RowLocks.CancelWaiters,
            async () => (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-01T09:00:00+07:00" }, Headers(correlation))).Status);

        answers.ShouldBe([HttpStatusCode.InternalServerError]);
        var line = await OneLineAsync(correlation, HttpStatusCode.InternalServerError, LogEventLevel.Error);
        line.Exception.ShouldNotBeNull().StackTrace.ShouldNotBeNullOrEmpty();
        Chain(line.Exception).OfType<PostgresException>().ShouldHaveSingleItem().SqlState.ShouldBe(PostgresErrorCodes.QueryCanceled);
        line.TraceId.ShouldNotBeNull();
    }

    private const HttpStatusCode ClientClosedRequest = (HttpStatusCode)499;

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string NewCorrelation() => $"log-test-{Guid.NewGuid():N}";

    private static Dictionary<string, string> Headers(string correlation) => new() { ["X-Correlation-ID"] = correlation };

    private static string? Property(LogEvent e, string name) => LogCapture.Scalar(e, name)?.ToString();

    /// <summary>
    /// Waits for the request's completion line, then checks it is the only event its request logged (an event of the
    /// request carries its correlation id, or the request id of an event that does), with the status the client got.
    /// </summary>
    private async Task<LogEvent> OneLineAsync(string correlation, HttpStatusCode status, LogEventLevel level)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        List<LogEvent> logged;
        do
        {
            await Task.Delay(20);
            var requestIds = ledger.Logs.Events.Where(e => Property(e, "CorrelationId") == correlation)
                .Select(e => Property(e, "RequestId")).OfType<string>().ToHashSet();
            logged = ledger.Logs.Events.Where(e => Property(e, "CorrelationId") == correlation
                || (Property(e, "RequestId") is { } requestId && requestIds.Contains(requestId))).ToList();
        }
        while (!logged.Any(e => e.Properties.ContainsKey("StatusCode")) && waited.Elapsed < TimeSpan.FromSeconds(10));

        var described = string.Join("\n", logged.Select(e => $"[{e.Level}] {LogCapture.Render(e)}"));
        var line = logged.ShouldHaveSingleItem(described);
        (line.Level, Property(line, "StatusCode")).ShouldBe((level, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)), described);
        return line;
    }

    /// <summary>The start of a JSON body, and then nothing until the client gives up.</summary>
    private sealed class HalfSentBody : HttpContent
    {
        public HalfSentBody() => Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync("{\"unitCode\":"u8.ToArray(), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
