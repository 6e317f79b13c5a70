using DossierLedger.Api.Dossiers;
using NodaTime;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Receipt numbers drawn in blocks: unique across nodes, consecutive on each while its block lasts.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ReceiptNumberTests(LedgerFixture ledger)
{
    [Fact]
    public async Task Two_nodes_drawing_at_once_never_hand_out_the_same_number()
    {
        using var first = new ReceiptNumbers(ledger.Store);
        using var second = new ReceiptNumbers(ledger.Store);
        var day = new LocalDate(2025, 4, 1);

        var drawn = await Task.WhenAll(Enumerable.Range(0, 3 * ReceiptNumbers.BlockSize).Select(i =>
            (i % 2 == 0 ? first : second).NextAsync("U1", day, CancellationToken.None)));

        drawn.Distinct().Count().ShouldBe(drawn.Length);
        drawn.ShouldAllBe(n => n.StartsWith("U1-250401-", StringComparison.Ordinal));
        var ofFirst = drawn.Where((_, i) => i % 2 == 0).Select(Sequence).Order().ToList();
        ofFirst.Zip(ofFirst.Skip(1)).Count(pair => pair.Second != pair.First + 1).ShouldBeLessThanOrEqualTo(1, "one node's numbers run on within a block");
    }

    private static long Sequence(string receiptNo) => long.Parse(receiptNo[(receiptNo.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
