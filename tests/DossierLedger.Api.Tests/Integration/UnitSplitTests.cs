using System.Net;
using System.Text.Json;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Units;
using NodaTime;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// A unit split into successors (chia tách): its pending dossiers go to the successors an explicit allocation names, in
/// the transaction recording the split, or nothing is written; its reports before the split stay as they were.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class UnitSplitTests(LedgerFixture ledger)
{
    /// <summary>Province P and commune X, with S2 an existing commune; S1 is established by the split's batch.</summary>
    private sealed record Province(string P, string X, string S1, string S2);

    private async Task<Province> RegisterAsync()
    {
        var stem = LedgerFixture.NewUnit();
        var m = new Province($"{stem}-P", $"{stem}-X", $"{stem}-S1", $"{stem}-S2");
        var (status, body, _) = await ledger.PostAsync("/api/admin/units/changes", new
        {
            changes = new object[]
            {
                new { change = "establish", code = m.P, name = "Tỉnh P", level = "province", effectiveFrom = "2025-01-01" },
                new { change = "establish", code = m.X, name = "Xã X", level = "commune", parentCode = m.P, effectiveFrom = "2025-01-01" },
                new { change = "establish", code = m.S2, name = "Xã S2", level = "commune", parentCode = m.P, effectiveFrom = "2025-01-01" },
            },
        });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return m;
    }

    private Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SplitAsync(Province m, params object[] allocation) =>
        ledger.PostAsync("/api/admin/units/changes", new
        {
            changes = new object[]
            {
                new { change = "establish", code = m.S1, name = "Xã S1", level = "commune", parentCode = m.P, effectiveFrom = "2025-07-01" },
                new { change = "split", code = m.X, successors = new[] { m.S1, m.S2 }, effectiveFrom = "2025-07-01", allocation },
            },
        });

    private async Task<string> ReceiptNoAsync(Guid id) =>
        (await ledger.GetAsync($"/api/dossiers/{id}")).Body.GetProperty("receiptNo").GetString()!;

    private async Task<List<Guid>> QueueAsync(string unit) =>
        [.. (await ledger.GetAsync($"/api/dossiers?unit={unit}")).Body.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid())];

    private async Task<IReadOnlyList<object>> StreamAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => e.Data)];
    }

    [Fact]
    public async Task Three_pending_dossiers_go_to_two_successors_and_the_units_reports_before_the_split_stay()
    {
        var m = await RegisterAsync();
        var pending = new[]
        {
            await ledger.ReceiveAsync(m.X, "2025-03-10T08:00:00+07:00"),
            await ledger.ReceiveAsync(m.X, "2025-04-10T08:00:00+07:00"),
            await ledger.ReceiveAsync(m.X, "2025-06-10T08:00:00+07:00"),
        };
        var closed = await ledger.ReceiveAsync(m.X, "2025-03-11T08:00:00+07:00");
        (await ledger.PostAsync($"/api/dossiers/{closed}/resolution", new { at = "2025-03-12T08:00:00+07:00" })).Status.ShouldBe(HttpStatusCode.OK);
        var reportsBefore = new[] { ("2025-03-01", "2025-06-30"), ("2025-01-01", "2025-03-31") }
            .Select(r => ledger.ReportAsync(m.X, r.Item1, r.Item2)).ToList();
        var before = (await Task.WhenAll(reportsBefore)).Select(r => r.ToString()).ToList();

        // The closed dossier need not be named: only what X still holds open is allocated.
        var (status, body, _) = await SplitAsync(m,
            new { receiptNo = await ReceiptNoAsync(pending[0]), to = m.S1 },
            new { dossierId = pending[1].ToString(), to = m.S2 },
            new { receiptNo = await ReceiptNoAsync(pending[2]), to = m.S1 });

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        var x = body.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == m.X);
        x.GetProperty("endedOn").GetString().ShouldBe("2025-07-01");
        x.GetProperty("splitInto").EnumerateArray().Select(c => c.GetString()).ShouldBe([m.S1, m.S2]);
        (await QueueAsync(m.S1)).ShouldBe([pending[0], pending[2]], ignoreOrder: true);
        (await QueueAsync(m.S2)).ShouldBe([pending[1]]);
        (await QueueAsync(m.X)).ShouldBeEmpty();

        var splitStarts = Instant.FromUtc(2025, 6, 30, 17, 0);
        foreach (var (id, to) in new[] { (pending[0], m.S1), (pending[1], m.S2), (pending[2], m.S1) })
        {
            var handedOver = (await StreamAsync(id))[^1].ShouldBeOfType<DossierHandedOver>();
            (handedOver.DossierId, handedOver.OccurredAt, handedOver.FromUnitCode, handedOver.ToUnitCode).ShouldBe((id, splitStarts, m.X, to));
            handedOver.Reason.ShouldBe($"Split of {m.X} into {m.S1}, {m.S2} from 2025-07-01");
        }

        (await StreamAsync(closed))[^1].ShouldBeOfType<DossierResolved>();
        var after = new[] { ("2025-03-01", "2025-06-30"), ("2025-01-01", "2025-03-31") }.Select(r => ledger.ReportAsync(m.X, r.Item1, r.Item2));
        (await Task.WhenAll(after)).Select(r => r.ToString()).ShouldBe(before);
        var july = await ledger.ReportAsync(m.X, "2025-07-01", "2025-07-31");
        july.GetProperty("closedOther").GetProperty("handedOver").GetInt64().ShouldBe(3);
        (await ledger.ReportAsync(m.S1, "2025-07-01", "2025-07-31")).GetProperty("received").GetProperty("handedIn").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task A_split_whose_allocation_misses_a_pending_dossier_is_a_409_naming_it_and_writes_nothing()
    {
        var m = await RegisterAsync();
        var first = await ledger.ReceiveAsync(m.X, "2025-03-10T08:00:00+07:00");
        var second = await ledger.ReceiveAsync(m.X, "2025-03-11T08:00:00+07:00");
        var events = await ledger.EventCountAsync();
        var registryBefore = (await ledger.GetAsync($"/api/units/{m.X}")).Body.ToString();

        var (status, problem, _) = await SplitAsync(m, new { receiptNo = await ReceiptNoAsync(first), to = m.S1 });

        status.ShouldBe(HttpStatusCode.Conflict, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe(SplitAllocation.Missing);
        problem.GetProperty("index").GetInt32().ShouldBe(1);
        problem.GetProperty("detail").GetString()!.ShouldContain(await ReceiptNoAsync(second));
        (await ledger.EventCountAsync()).ShouldBe(events);
        (await ledger.GetAsync($"/api/units/{m.X}")).Body.ToString().ShouldBe(registryBefore);
        (await ledger.GetAsync($"/api/units/{m.S1}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await QueueAsync(m.X)).ShouldBe([first, second], ignoreOrder: true);

        var (badLine, errors, _) = await SplitAsync(m, new { receiptNo = "X-1", dossierId = first.ToString(), to = m.S1 }, new { receiptNo = "X-2" });
        badLine.ShouldBe(HttpStatusCode.BadRequest, errors.ToString());
        errors.GetProperty("errors").TryGetProperty("changes[1].allocation[0]", out _).ShouldBeTrue(errors.ToString());
        errors.GetProperty("errors").TryGetProperty("changes[1].allocation[1].to", out _).ShouldBeTrue(errors.ToString());

        var (elsewhere, notSuccessor, _) = await SplitAsync(m, new { dossierId = first.ToString(), to = m.S1 }, new { dossierId = second.ToString(), to = m.P });
        elsewhere.ShouldBe(HttpStatusCode.Conflict);
        notSuccessor.GetProperty("rule").GetString().ShouldBe(SplitAllocation.NotSuccessor);
        (await ledger.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task A_receipt_racing_the_split_waits_for_it_and_is_refused_even_by_a_node_that_has_not_seen_it()
    {
        var m = await RegisterAsync();

        // A split of X being recorded elsewhere holds X's key; this node's registry does not know of it yet.
        var answers = await RowLocks.WhileLockedAsync(ledger.DirectSqlConnectionString,
            $"SELECT pg_advisory_xact_lock(dl_unit_lock_key('{m.X}')); INSERT INTO dl_unit_splits VALUES ('{m.X}', '2025-07-01')",
            RowLocks.Commit,
            () => ledger.PostAsync("/api/dossiers", new { unitCode = m.X, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-06-10T08:00:00+07:00" }));

        var (status, problem, _) = answers.ShouldHaveSingleItem();
        status.ShouldBe(HttpStatusCode.Conflict, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe(Jurisdiction.UnitSplit);
        (await QueueAsync(m.X)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_split_waits_for_a_receipt_in_flight_and_then_allocates_what_it_committed()
    {
        var m = await RegisterAsync();
        var held = await ledger.ReceiveAsync(m.X, "2025-03-10T08:00:00+07:00");

        // A receipt at X in flight holds X's key shared; the split waits for its commit before it reads X's dossiers.
        var answers = await RowLocks.WhileLockedAsync(ledger.DirectSqlConnectionString, $"CALL dl_unit_takes_dossier('{m.X}')", RowLocks.Commit,
            () => SplitAsync(m, new { dossierId = held.ToString(), to = m.S2 }));

        answers.ShouldHaveSingleItem().Status.ShouldBe(HttpStatusCode.OK, answers[0].Body.ToString());
        (await QueueAsync(m.S2)).ShouldBe([held]);
        var (late, problem, _) = await ledger.PostAsync("/api/dossiers", new { unitCode = m.X, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-06-10T08:00:00+07:00" });
        late.ShouldBe(HttpStatusCode.Conflict, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe(Jurisdiction.UnitSplit);
        var (handIn, refused, _) = await ledger.PostAsync($"/api/dossiers/{held}/hand-overs", new { toUnitCode = m.X, reason = "trả lại", at = "2025-07-02T09:00:00+07:00" });
        handIn.ShouldBe(HttpStatusCode.Conflict, refused.ToString());
        refused.GetProperty("rule").GetString().ShouldBe("unit-dissolved");
    }

    [Fact]
    public async Task A_split_and_a_write_to_one_of_its_dossiers_at_once_are_serialized_or_the_split_writes_nothing()
    {
        var m = await RegisterAsync();
        var contested = await ledger.ReceiveAsync(m.X, "2025-03-10T08:00:00+07:00");
        var other = await ledger.ReceiveAsync(m.X, "2025-03-11T08:00:00+07:00");
        var registryBefore = (await ledger.GetAsync($"/api/units/{m.X}")).Body.ToString();

        // Both read the dossier's version, then wait at the held stream row; whichever commits second finds it moved on.
        var answers = await RowLocks.WhileStreamHeldAsync(ledger.DirectSqlConnectionString, contested, RowLocks.Commit,
            () => SplitAsync(m, new { dossierId = contested.ToString(), to = m.S1 }, new { dossierId = other.ToString(), to = m.S2 }),
            () => ledger.PostAsync($"/api/dossiers/{contested}/resolution", new { at = "2025-06-30T09:00:00+07:00" }));

        var (split, resolution) = (answers[0], answers[1]);
        new[] { split.Status, resolution.Status }.ShouldContain(HttpStatusCode.OK);
        var handedOver = (await StreamAsync(other)).OfType<DossierHandedOver>().Any();
        if (split.Status == HttpStatusCode.OK)
        {
            handedOver.ShouldBeTrue();
            (await StreamAsync(contested)).OfType<DossierHandedOver>().ShouldHaveSingleItem().ToUnitCode.ShouldBe(m.S1);
            return;
        }

        // The resolution won: the split answered the conflict and wrote nothing, not even its other dossier's hand-over.
        split.Status.ShouldBe(HttpStatusCode.Conflict, split.Body.ToString());
        split.Body.GetProperty("rule").GetString().ShouldBe("version-conflict");
        handedOver.ShouldBeFalse();
        (await ledger.GetAsync($"/api/units/{m.X}")).Body.ToString().ShouldBe(registryBefore);
        (await StreamAsync(contested))[^1].ShouldBeOfType<DossierResolved>();
    }
}
