using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Hosting;
using Microsoft.Extensions.Configuration;

namespace DossierLedger.Api.Tests.Dossiers;

/// <summary>The <c>Receipts</c> section: daily numbers in blocks of ten unless told otherwise, and a bad value stops the host naming it.</summary>
public sealed class ReceiptNumberSettingsTests
{
    private static ReceiptNumberSettings Read(params (string Key, string Value)[] values) =>
        ReceiptNumberSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Defaults_to_daily_numbers_in_blocks_of_ten() =>
        Read().ShouldBe(new ReceiptNumberSettings(ReceiptNumberFormat.Daily, 10));

    [Theory]
    [InlineData("daily", ReceiptNumberFormat.Daily)]
    [InlineData(" Daily ", ReceiptNumberFormat.Daily)]
    [InlineData("ledger-wide", ReceiptNumberFormat.LedgerWide)]
    [InlineData("LEDGER-WIDE", ReceiptNumberFormat.LedgerWide)]
    public void Reads_the_format_in_any_case(string text, ReceiptNumberFormat format) => Read(("Receipts:Format", text)).Format.ShouldBe(format);

    [Fact]
    public void Reads_the_block_size() => Read(("Receipts:BlockSize", "50")).BlockSize.ShouldBe(50);

    [Theory]
    [InlineData("Receipts:Format", "weekly")]
    [InlineData("Receipts:Format", "LedgerWide")]
    [InlineData("Receipts:Format", "1")]
    [InlineData("Receipts:BlockSize", "0")]
    [InlineData("Receipts:BlockSize", "-5")]
    [InlineData("Receipts:BlockSize", "1001")]
    [InlineData("Receipts:BlockSize", "ten")]
    public void Refuses_what_does_not_parse_naming_it(string key, string value) =>
        Should.Throw<StartupRefusedException>(() => Read((key, value))).Message.ShouldContain(key);
}
