using System.Net;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Dossiers;
using DossierLedger.Domain.Dossiers;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Receipt numbers as peer systems issue them, <c>&lt;unit&gt;-&lt;yyMMdd&gt;-&lt;NNNN&gt;</c>: from 0001 each local day for
/// each unit, never twice (two nodes, concurrent receipts), around the numbers dossiers already have. And the
/// ledger-wide format, drawn in blocks: unique across nodes, consecutive on each while its block lasts.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReceiptNumberTests(LedgerFixture ledger)
{
    private static readonly ReceiptNumberSettings LedgerWide = new(ReceiptNumberFormat.LedgerWide, ReceiptNumberSettings.DefaultBlockSize);
    private static readonly LocalDate April1 = new(2025, 4, 1);

    [Fact]
    public async Task Two_nodes_drawing_at_once_never_hand_out_the_same_number()
    {
        using var first = new ReceiptNumbers(ledger.Store, LedgerWide);
        using var second = new ReceiptNumbers(ledger.Store, LedgerWide);
        var day = new LocalDate(2025, 4, 1);

        var drawn = await Task.WhenAll(Enumerable.Range(0, 3 * ReceiptNumbers.LedgerWideBlockSize).Select(i =>
            (i % 2 == 0 ? first : second).NextAsync("U1", day, CancellationToken.None)));

        drawn.Distinct().Count().ShouldBe(drawn.Length);
        drawn.ShouldAllBe(n => n.StartsWith("U1-250401-", StringComparison.Ordinal));
        drawn.ShouldAllBe(n => System.Text.RegularExpressions.Regex.IsMatch(n, @"^U1-250401-\d{6}$"));
        var ofFirst = drawn.Where((_, i) => i % 2 == 0).Select(Sequence).Order().ToList();
        ofFirst.Zip(ofFirst.Skip(1)).Count(pair => pair.Second != pair.First + 1).ShouldBeLessThanOrEqualTo(1, "one node's numbers run on within a block");
    }

    [Fact]
    public async Task Two_nodes_drawing_one_units_day_at_once_hand_out_each_number_once_from_0001()
    {
        var unit = LedgerFixture.NewUnit();
        using var first = new ReceiptNumbers(ledger.Store, ReceiptNumberSettings.Default);
        using var second = new ReceiptNumbers(ledger.Store, ReceiptNumberSettings.Default);
        var count = 6 * ReceiptNumberSettings.DefaultBlockSize;

        var drawn = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            (i % 2 == 0 ? first : second).NextAsync(unit, April1, CancellationToken.None)));

        // Each node used up the blocks it drew: together, every number from 0001 once.
        drawn.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(1, count).Select(n => $"{unit}-250401-{n:D4}"));
    }

    [Fact]
    public async Task Numbers_go_on_past_9999_with_more_digits()
    {
        var unit = LedgerFixture.NewUnit();
        await TestDatabases.TextAsync(ledger.DirectSqlConnectionString,
            $"INSERT INTO {ReceiptNumbers.CountersTable} (unit_code, day, next) VALUES ('{unit}', '2025-04-01', 9998)");
        using var numbers = new ReceiptNumbers(ledger.Store, ReceiptNumberSettings.Default);

        var drawn = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            drawn.Add(await numbers.NextAsync(unit, April1, CancellationToken.None));
        }

        drawn.ShouldBe([$"{unit}-250401-9998", $"{unit}-250401-9999", $"{unit}-250401-10000"]);
    }

    [Fact]
    public async Task A_day_of_the_demo_commune_gets_numbers_its_dossiers_do_not_have()
    {
        List<string> numbers;
        await using (var session = ledger.Store.QuerySession())
        {
            numbers = [.. await session.Query<Dossier>().Where(d => d.UnitCode == DemoCommune.UnitCode).Select(d => d.ReceiptNo).ToListAsync()];
        }

        // The demo's busiest day: its numbers run from 0001 up.
        var busiest = numbers.GroupBy(n => n[..^4]).MaxBy(g => g.Count())!;
        busiest.Count().ShouldBeGreaterThan(ReceiptNumberSettings.DefaultBlockSize);
        var day = NodaTime.Text.LocalDatePattern.CreateWithInvariantCulture("yyMMdd").Parse(busiest.Key[(DemoCommune.UnitCode.Length + 1)..^1]).Value;
        using var allocator = new ReceiptNumbers(ledger.Store, ReceiptNumberSettings.Default);

        var drawn = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            drawn.Add(await allocator.NextAsync(DemoCommune.UnitCode, day, CancellationToken.None));
        }

        drawn.ShouldAllBe(n => n.StartsWith(busiest.Key, StringComparison.Ordinal) && n.Length == busiest.Key.Length + 4);
        drawn.ShouldBeUnique();
        drawn.ShouldAllBe(n => !busiest.Contains(n));
    }

    [Fact]
    public async Task Concurrent_receipts_at_one_unit_get_the_days_numbers_from_0001_each_once()
    {
        var unit = LedgerFixture.NewUnit();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => ReceiveAsync(unit, "2025-04-01T09:00:00+07:00")));

        receipts.ShouldAllBe(r => r.Status == HttpStatusCode.Created);
        receipts.Select(r => r.ReceiptNo).Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(1, 16).Select(n => $"{unit}-250401-{n:D4}"));
    }

    [Fact]
    public async Task The_next_day_starts_again_at_0001_and_the_day_is_the_local_one()
    {
        var unit = LedgerFixture.NewUnit();

        var first = await ReceiveAsync(unit, "2025-04-01T16:00:00+07:00");
        var second = await ReceiveAsync(unit, "2025-04-01T16:30:00+07:00");
        // 01:30 on 2 April in Việt Nam, still 1 April in UTC.
        var nextDay = await ReceiveAsync(unit, "2025-04-01T18:30:00Z");

        (first.ReceiptNo, second.ReceiptNo, nextDay.ReceiptNo).ShouldBe(($"{unit}-250401-0001", $"{unit}-250401-0002", $"{unit}-250402-0001"));
    }

    [Fact]
    public async Task A_backdated_receipt_on_a_day_whose_numbers_are_taken_gets_a_free_number()
    {
        var unit = LedgerFixture.NewUnit();
        const string receivedAt = "2025-03-03T08:00:00+07:00";
        foreach (var n in Enumerable.Range(1, 12).Append(14))
        {
            (await ReceiveAsync(unit, receivedAt, $"{unit}-250303-{n:D4}")).Status.ShouldBe(HttpStatusCode.Created);
        }

        var generated = new List<(HttpStatusCode Status, string? ReceiptNo)>();
        for (var i = 0; i < 3; i++)
        {
            generated.Add(await ReceiveAsync(unit, receivedAt));
        }

        generated.ShouldBe([
            (HttpStatusCode.Created, $"{unit}-250303-0013"), (HttpStatusCode.Created, $"{unit}-250303-0015"), (HttpStatusCode.Created, $"{unit}-250303-0016")]);
    }

    [Fact]
    public async Task A_number_taken_after_the_node_drew_it_is_passed_over_at_commit()
    {
        var unit = LedgerFixture.NewUnit();
        // The host's own allocator draws the block 0001–0010 of the unit's day and hands out 0001.
        (await ledger.Host.Services.GetRequiredService<ReceiptNumbers>().NextAsync(unit, April1, CancellationToken.None)).ShouldBe($"{unit}-250401-0001");
        (await ReceiveAsync(unit, "2025-04-01T08:00:00+07:00", $"{unit}-250401-0002")).Status.ShouldBe(HttpStatusCode.Created);

        var generated = await ReceiveAsync(unit, "2025-04-01T09:00:00+07:00");

        generated.ShouldBe((HttpStatusCode.Created, $"{unit}-250401-0003"));
        // The failed first attempt appended nothing: the unit has the client's dossier and this one.
        await using var session = ledger.Store.QuerySession();
        (await session.Query<Dossier>().Where(d => d.UnitCode == unit).Select(d => d.ReceiptNo).ToListAsync())
            .Order(StringComparer.Ordinal).ShouldBe([$"{unit}-250401-0002", $"{unit}-250401-0003"]);
    }

    [Fact]
    public async Task A_generated_number_sent_again_by_a_client_is_a_409()
    {
        var unit = LedgerFixture.NewUnit();
        var generated = await ReceiveAsync(unit, "2025-04-01T08:00:00+07:00");

        var (status, body, _) = await ledger.PostAsync("/api/dossiers",
            new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-04-01T09:00:00+07:00", receiptNo = generated.ReceiptNo });

        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe(DossierRules.DuplicateReceiptNo);
    }

    private async Task<(HttpStatusCode Status, string? ReceiptNo)> ReceiveAsync(string unit, string receivedAt, string? receiptNo = null)
    {
        var (status, body, _) = await ledger.PostAsync("/api/dossiers", new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt, receiptNo });
        return (status, status == HttpStatusCode.Created ? body.GetProperty("receiptNo").GetString() : body.ToString());
    }

    private static long Sequence(string receiptNo) => long.Parse(receiptNo[(receiptNo.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
