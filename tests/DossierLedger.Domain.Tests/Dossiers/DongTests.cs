using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Domain.Tests.Dossiers;

public class DongTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("1000")]
    [InlineData("1000.00")]
    [InlineData("999999999999")]
    public void Whole_dong_up_to_the_maximum_are_amounts(string value) =>
        Dong.IsAmount(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeTrue();

    [Theory]
    [InlineData("1000.75")]
    [InlineData("0.5")]
    [InlineData("0.0000000001")]
    [InlineData("-1")]
    [InlineData("1000000000000")]
    public void Fractions_negatives_and_a_trillion_are_not(string value) =>
        Dong.IsAmount(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeFalse();
}
