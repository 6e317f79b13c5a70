using System.Net;
using System.Text.Json;
using DossierLedger.Api.Security;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>The full lifecycle over HTTP: pauses, payments, joint processing, apologies, refusals, records; each read back.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ProcessingLifecycleTests(LedgerFixture ledger)
{
    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> StreamAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    private async Task<JsonElement> OkAsync(string url, object body, IDictionary<string, string>? headers = null)
    {
        var (status, json, _) = await ledger.PostAsync(url, body, headers);
        status.ShouldBe(HttpStatusCode.OK, json.ToString());
        return json;
    }

    [Fact]
    public async Task A_supplement_pauses_the_clock_and_moves_the_due_by_the_time_paused()
    {
        var unit = LedgerFixture.NewUnit();
        // 3 working days from Monday 10/3/2025 08:00: due Thursday 13/3 08:00.
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00");

        var paused = await OkAsync($"/api/dossiers/{id}/supplement-requests", new { at = "2025-03-11T08:00:00+07:00", items = "Bản sao CCCD" });
        paused.GetProperty("statusCode").GetInt32().ShouldBe(5);
        // Paused with two working days left, over the due date: not overdue while it waits.
        var atPause = SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-14"));
        atPause.Pending.ShouldBe(new PendingFigures(1, 1, 0));

        var resumed = await OkAsync($"/api/dossiers/{id}/supplements", new { at = "2025-03-17T10:00:00+07:00" });
        resumed.GetProperty("statusCode").GetInt32().ShouldBe(4);
        resumed.GetProperty("dueAt").GetString().ShouldBe("2025-03-19T10:00:00+07:00");
        resumed.GetProperty("originalDueAt").GetString().ShouldBe("2025-03-13T08:00:00+07:00");
        resumed.GetProperty("supplementRequests").GetInt32().ShouldBe(1);

        var resolved = await OkAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-19T09:00:00+07:00" });
        resolved.GetProperty("timeliness").GetString().ShouldBe("onTime");

        (await StreamAsync(id)).Select(e => e.Data.GetType())
            .ShouldBe([typeof(DossierReceived), typeof(SupplementRequested), typeof(SupplementReceived), typeof(DossierResolved)]);
        var pendingAfterDue = SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-18"));
        pendingAfterDue.Pending.ShouldBe(new PendingFigures(1, 1, 0));
    }

    [Fact]
    public async Task A_dossier_paused_when_already_overdue_stays_overdue()
    {
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00"); // due 13/3 08:00
        await OkAsync($"/api/dossiers/{id}/supplement-requests", new { at = "2025-03-14T08:00:00+07:00", items = "Giấy xác nhận" });

        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-20")).Pending.ShouldBe(new PendingFigures(1, 0, 1));

        var resumed = await OkAsync($"/api/dossiers/{id}/supplements", new { at = "2025-03-21T08:00:00+07:00" });
        resumed.GetProperty("dueAt").GetString().ShouldBe("2025-03-13T08:00:00+07:00");
    }

    [Fact]
    public async Task A_processing_step_is_refused_while_paused_and_resolution_while_away()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        await OkAsync($"/api/dossiers/{id}/supplement-requests", new { at = "2025-03-10T09:00:00+07:00", items = "x" });

        var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-10T10:00:00+07:00" });
        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe("dossier-paused");

        await OkAsync($"/api/dossiers/{id}/supplements", new { at = "2025-03-10T11:00:00+07:00" });
        var away = await OkAsync($"/api/dossiers/{id}/transfers", new { at = "2025-03-10T13:30:00+07:00", agency = "Chi nhánh VP đăng ký đất đai" });
        away.GetProperty("transferredTo").GetString().ShouldBe("Chi nhánh VP đăng ký đất đai");
        (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-10T14:00:00+07:00" });
        body.GetProperty("rule").GetString().ShouldBe("transfer-pending");

        await OkAsync($"/api/dossiers/{id}/transfer-returns", new { at = "2025-03-11T08:00:00+07:00" });
        await OkAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-11T09:00:00+07:00" });
        (await StreamAsync(id)).Count.ShouldBe(6);
    }

    [Fact]
    public async Task Payment_request_and_payment_are_recorded_with_the_catalogue_fee()
    {
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00", procedureCode: "2.001035"); // 50,000 đ, 2 working days
        var requested = await OkAsync($"/api/dossiers/{id}/payment-requests", new { at = "2025-03-10T09:00:00+07:00" });
        requested.GetProperty("statusCode").GetInt32().ShouldBe(6);
        requested.GetProperty("feeRequested").GetDecimal().ShouldBe(50000m);

        var paid = await OkAsync($"/api/dossiers/{id}/payments", new { at = "2025-03-10T10:00:00+07:00", amount = 50000, method = "nationalPortal" });

        paid.GetProperty("paymentMethod").GetString().ShouldBe("nationalPortal");
        paid.GetProperty("dueAt").GetString().ShouldBe(paid.GetProperty("originalDueAt").GetString());
        var events = await StreamAsync(id);
        ((PaymentRequested)events[1].Data).PausesClock.ShouldBeFalse();
        ((PaymentReceived)events[2].Data).NewDueAt.ShouldBeNull();
    }

    [Fact]
    public async Task An_apology_is_drafted_approved_by_a_leader_and_sent_and_only_then_counts()
    {
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00"); // due 13/3 08:00
        var clerk = await ledger.AsAsync("clerk.an", Roles.Clerk, unit);
        var leader = await ledger.AsAsync("lanhdao.binh", Roles.Leader, unit);

        var (status, _, _) = await ledger.PostAsync($"/api/dossiers/{id}/apologies", new { at = "2025-03-11T08:00:00+07:00" }, clerk);
        status.ShouldBe(HttpStatusCode.Conflict);
        var draft = await OkAsync($"/api/dossiers/{id}/apology-drafts",
            new { at = "2025-03-11T09:00:00+07:00", newAppointmentAt = "2025-03-17T08:00:00+07:00", reason = "Chờ xác minh" }, clerk);
        draft.GetProperty("pendingApology").GetProperty("approved").GetBoolean().ShouldBeFalse();
        draft.GetProperty("apologyAppointmentAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (status, _, _) = await ledger.PostAsync($"/api/dossiers/{id}/apology-approval", new { at = "2025-03-11T10:00:00+07:00" }, clerk);
        status.ShouldBe(HttpStatusCode.Forbidden);
        (status, _, _) = await ledger.PostAsync($"/api/dossiers/{id}/apology-approval", new { at = "2025-03-11T10:00:00+07:00" });
        status.ShouldBe(HttpStatusCode.Forbidden, "approval is a leader's, not the administrator's");
        (await StreamAsync(id)).Count.ShouldBe(2);

        await OkAsync($"/api/dossiers/{id}/apology-approval", new { at = "2025-03-11T10:00:00+07:00" }, leader);
        var apology = await OkAsync($"/api/dossiers/{id}/apologies", new { at = "2025-03-12T08:00:00+07:00" }, clerk);

        var events = await StreamAsync(id);
        events.Select(e => e.Data.GetType()).ShouldBe([typeof(DossierReceived), typeof(ApologyDrafted), typeof(ApologyApproved), typeof(ApologyIssued)]);
        events[2].UserName.ShouldBe("lanhdao.binh");
        ((ApologyIssued)events[3].Data).Reason.ShouldBe("Chờ xác minh");
        apology.GetProperty("pendingApology").ValueKind.ShouldBe(JsonValueKind.Null);
        apology.GetProperty("apologyAppointmentAt").GetString().ShouldBe("2025-03-17T08:00:00+07:00");
        apology.GetProperty("dueAt").GetString().ShouldBe("2025-03-13T08:00:00+07:00");

        (status, var again, _) = await ledger.PostAsync($"/api/dossiers/{id}/apology-drafts",
            new { at = "2025-03-12T09:00:00+07:00", newAppointmentAt = "2025-03-18T08:00:00+07:00", reason = "lần 2" }, clerk);
        status.ShouldBe(HttpStatusCode.Conflict);
        again.GetProperty("rule").GetString().ShouldBe("apology-already-issued");

        var resolved = await OkAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-17T08:00:00+07:00" });
        resolved.GetProperty("timeliness").GetString().ShouldBe("overdue");
    }

    [Fact]
    public async Task An_intake_refusal_is_on_record_but_never_counted()
    {
        var unit = LedgerFixture.NewUnit();
        var (status, body, response) = await ledger.PostAsync("/api/intake-refusals", new
        {
            unitCode = unit,
            procedureCode = "1.004873",
            channel = "direct",
            receivedAt = "2025-03-10T08:00:00+07:00",
            reason = "Hồ sơ không thuộc thẩm quyền",
        });

        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        body.GetProperty("statusCode").GetInt32().ShouldBe(3);
        var id = body.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/dossiers/{id}");
        (await StreamAsync(id)).Single().Data.ShouldBeOfType<IntakeRefused>();
        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31")).Received.Total.ShouldBe(0);

        var (later, rule, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-10T09:00:00+07:00" });
        later.ShouldBe(HttpStatusCode.Conflict);
        rule.GetProperty("rule").GetString().ShouldBe("dossier-refused");
    }

    [Fact]
    public async Task Assignment_digitization_and_feedback_are_recorded()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        var assigned = await OkAsync($"/api/dossiers/{id}/assignments", new { at = "2025-03-10T08:30:00+07:00", step = "Thẩm định", assignee = "cc.hoa" });
        assigned.GetProperty("status").GetString().ShouldBe("inProcess");
        assigned.GetProperty("currentStep").GetString().ShouldBe("Thẩm định");
        await OkAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-10T10:00:00+07:00" });

        var digitized = await OkAsync($"/api/dossiers/{id}/digitization",
            new { at = "2025-03-10T11:00:00+07:00", componentsDigitized = 3, reusedData = true, electronicResult = true });
        var rated = await OkAsync($"/api/dossiers/{id}/feedback", new { at = "2025-03-11T11:00:00+07:00", rating = "satisfied" });

        digitized.GetProperty("componentsDigitized").GetInt32().ShouldBe(3);
        rated.GetProperty("feedback").GetString().ShouldBe("satisfied");
        (await StreamAsync(id)).Select(e => e.Data.GetType())
            .ShouldBe([typeof(DossierReceived), typeof(DossierAssigned), typeof(DossierResolved), typeof(DossierDigitized), typeof(FeedbackGiven)]);
    }

    [Fact]
    public async Task Quality_indicators_follow_payments_digitization_feedback_and_supplements()
    {
        var unit = LedgerFixture.NewUnit();
        var paidOnline = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00", procedureCode: "2.001035");
        await OkAsync($"/api/dossiers/{paidOnline}/digitization", new { at = "2025-03-10T08:05:00+07:00", componentsDigitized = 2 });
        await OkAsync($"/api/dossiers/{paidOnline}/payment-requests", new { at = "2025-03-10T08:10:00+07:00" });
        await OkAsync($"/api/dossiers/{paidOnline}/payments", new { at = "2025-03-10T08:20:00+07:00", amount = 50000, method = "provincialGateway" });
        await OkAsync($"/api/dossiers/{paidOnline}/resolution", new { at = "2025-03-11T08:00:00+07:00" });
        await OkAsync($"/api/dossiers/{paidOnline}/feedback", new { at = "2025-03-11T09:00:00+07:00", rating = "complaint" });

        var paidCash = await ledger.ReceiveAsync(unit, "2025-03-10T09:00:00+07:00", procedureCode: "2.001035");
        await OkAsync($"/api/dossiers/{paidCash}/payment-requests", new { at = "2025-03-10T09:10:00+07:00" });
        await OkAsync($"/api/dossiers/{paidCash}/payments", new { at = "2025-03-10T09:20:00+07:00", amount = 50000, method = "cash" });

        var twice = await ledger.ReceiveAsync(unit, "2025-03-10T10:00:00+07:00");
        await OkAsync($"/api/dossiers/{twice}/supplement-requests", new { at = "2025-03-10T10:30:00+07:00", items = "a" });
        await OkAsync($"/api/dossiers/{twice}/supplements", new { at = "2025-03-10T11:00:00+07:00" });
        await OkAsync($"/api/dossiers/{twice}/supplement-requests", new { at = "2025-03-10T13:30:00+07:00", items = "b" });
        await OkAsync($"/api/dossiers/{twice}/supplements", new { at = "2025-03-10T14:00:00+07:00" });
        await OkAsync($"/api/dossiers/{twice}/resolution", new { at = "2025-03-11T08:00:00+07:00" });

        var quality = SeedCommuneReportTests.Quality(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-11"));

        quality.OnlinePayment.ShouldBe(new Ratio(1, 2));
        // One digitized, but its procedure issues a paper result and no electronic one was recorded: not digitized for 4.2.
        quality.DigitizedComponents.ShouldBe(new Ratio(1, 3));
        quality.Digitization.ShouldBe(new Ratio(0, 3));
        quality.ElectronicResults.ShouldBe(new Ratio(0, 2));
        // Two finished early (the second supplement request counts only while a dossier waits on it); the cash one is
        // still within its deadline.
        quality.Progress.ShouldBe(new Ratio(3, 3));
        quality.Satisfaction.ComplaintRate.ShouldBe(new Ratio(1, 2));
        quality.Satisfaction.OverdueRate.ShouldBe(new Ratio(0, 2));
    }

    [Fact]
    public async Task Events_out_of_order_are_refused()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        await OkAsync($"/api/dossiers/{id}/assignments", new { at = "2025-03-10T10:00:00+07:00", step = "Thẩm định" });

        var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-10T09:00:00+07:00" });

        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe("before-previous-event");
    }

    [Theory]
    [InlineData("supplement-requests", "{\"at\":\"2025-03-10T09:00:00+07:00\"}", "items")]
    [InlineData("payments", "{\"at\":\"2025-03-10T09:00:00+07:00\",\"method\":\"cash\"}", "amount")]
    [InlineData("payments", "{\"amount\":-5,\"method\":\"cash\"}", "amount")]
    [InlineData("payments", "{\"amount\":5,\"method\":\"barter\"}", "method")]
    [InlineData("transfers", "{}", "agency")]
    [InlineData("apology-drafts", "{\"reason\":\"x\"}", "newAppointmentAt")]
    [InlineData("apology-drafts", "{\"newAppointmentAt\":\"2025-03-20T08:00:00+07:00\"}", "reason")]
    [InlineData("apologies", "{\"newAppointmentAt\":\"soon\"}", "newAppointmentAt")]
    [InlineData("digitization", "{\"componentsDigitized\":-1}", "componentsDigitized")]
    [InlineData("feedback", "{\"rating\":\"meh\"}", "rating")]
    [InlineData("assignments", "{\"assignee\":\"x\"}", "step")]
    [InlineData("feedback", "null", "body")]
    public async Task Bad_processing_input_is_a_400_naming_the_field_and_writes_nothing(string path, string json, string field)
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");

        var (status, body, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/dossiers/{id}/{path}", json);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
        (await StreamAsync(id)).Count.ShouldBe(1);
    }
}
