using System.Net;
using DossierLedger.Api.Security;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Logs carry paths, ids, rules and event types: never a token, never what an applicant told the desk.</summary>
[Collection(LedgerCollection.Name)]
public sealed class LogPrivacyTests(LedgerFixture ledger)
{
    [Fact]
    public async Task No_token_and_no_applicants_data_reaches_the_logs_whatever_the_request_came_to()
    {
        var marker = $"Nguyễn Thị Riêng-{Guid.NewGuid():N}"[..36];
        var clerk = await ledger.MintAsync("privacy-clerk", Roles.Clerk);
        var asClerk = new Dictionary<string, string> { ["Authorization"] = $"Bearer {clerk.Secret}" };
        var unit = LedgerFixture.NewUnit();
        var linesBefore = ledger.Logs.Lines.Count;

        // Accepted, refused, invalid, conflicting and unauthenticated requests, all carrying the applicant's words.
        var dossier = new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00", applicant = new { name = marker } };
        var (status, body, _) = await ledger.PostAsync("/api/dossiers", dossier, asClerk);
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetGuid();
        await ledger.PostAsync("/api/dossiers", dossier, new Dictionary<string, string> { ["Authorization"] = $"Bearer {clerk.Secret}", ["Idempotency-Key"] = marker[..20] });
        await ledger.PostAsync("/api/dossiers", dossier with { receivedAt = marker }, asClerk);
        await ledger.PostAsync("/api/intake-refusals", new { dossier.unitCode, dossier.procedureCode, dossier.channel, dossier.applicant, reason = marker }, asClerk);
        await ledger.PostAsync($"/api/dossiers/{id}/supplement-requests", new { at = "2025-03-10T09:00:00+07:00", items = marker }, asClerk);
        await ledger.PostAsync($"/api/dossiers/{id}/feedback", new { at = "2025-03-10T09:30:00+07:00", rating = "satisfied", comment = marker }, asClerk);
        await ledger.PostAsync($"/api/dossiers/{id}/withdrawal", new { at = "2025-03-10T10:00:00+07:00", reason = marker, version = 99 }, asClerk);
        await ledger.PostAsync($"/api/dossiers/{id}/withdrawal", new { at = "2025-03-10T10:00:00+07:00", reason = marker }, asClerk);
        await ledger.SendAsync(HttpMethod.Post, "/api/dossiers", $"{{\"unitCode\":\"{marker}\",", asClerk);
        (await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}", null, new Dictionary<string, string> { ["Authorization"] = $"Bearer {clerk.Secret}x" }))
            .Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}", null, asClerk)).Status.ShouldBe(HttpStatusCode.OK);

        var logged = ledger.Logs.Lines.Skip(linesBefore).ToList();
        logged.ShouldContain(line => line.Contains(id.ToString(), StringComparison.Ordinal), "the requests were logged, by dossier id");
        var (secretPrefix, markerPrefix) = (clerk.Secret[..12], marker[..20]);
        logged.ShouldNotContain(line => line.Contains(secretPrefix, StringComparison.Ordinal));
        logged.ShouldNotContain(line => line.Contains(markerPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void A_lookup_secret_in_a_logged_address_or_query_string_is_hidden()
    {
        var parser = new Serilog.Parsing.MessageTemplateParser();
        var logEvent = new Serilog.Events.LogEvent(DateTimeOffset.Now, Serilog.Events.LogEventLevel.Information, null,
            parser.Parse("Request starting {Path}{QueryString} {Uri}"),
            [
                new Serilog.Events.LogEventProperty("Path", new Serilog.Events.ScalarValue("/lookup")),
                new Serilog.Events.LogEventProperty("QueryString", new Serilog.Events.ScalarValue("?receiptNo=KP-1&secret=7K3M9QX2TB")),
                new Serilog.Events.LogEventProperty("Uri", new Serilog.Events.ScalarValue("https://tracuu.example/lookup?SECRET=7k3m-9qx2-tb&receiptNo=KP-1")),
            ]);

        new DossierLedger.Api.Http.SecretRedaction().Enrich(logEvent, null!);

        var line = LogCapture.Render(logEvent);
        line.ShouldNotContain("7K3M", Case.Insensitive);
        line.ShouldContain("receiptNo=KP-1&secret=(hidden)");
        line.ShouldContain("lookup?secret=(hidden)&receiptNo=KP-1");
    }
}
