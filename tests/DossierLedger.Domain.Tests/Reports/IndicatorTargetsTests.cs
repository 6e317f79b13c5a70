using DossierLedger.Domain.Reports;

namespace DossierLedger.Domain.Tests.Reports;

public sealed class IndicatorTargetsTests
{
    [Theory]
    [InlineData(0.6, 0.5, 1.0)]
    [InlineData(0.5, 0.5, 1.0)]
    [InlineData(0.4, 0.5, 0.8)]
    [InlineData(0.0, 0.8, 0.0)]
    public void A_rate_below_its_target_earns_its_share_and_at_or_above_full_marks(double rate, double target, double achievement) =>
        IndicatorScore.Of(rate, target).Achievement!.Value.ShouldBe(achievement, 1e-12);

    [Fact]
    public void No_dossiers_no_score() => IndicatorScore.Of(null, 0.5).Achievement.ShouldBeNull();

    [Fact]
    public void Defaults_follow_the_published_targets()
    {
        var quality = new QualityFigures(
            new Ratio(99, 100), new FactoredRatio(40, 100, RateFactor.NoNationalPortalFeed), new Ratio(1, 2), new Ratio(70, 100),
            new SatisfactionFigures(new Ratio(0, 10), new Ratio(0, 10)), ProcessingTimeFigures.Of(0, 0, 0, 0), new Ratio(0, 0), new Ratio(0, 0),
            new Ratio(70, 100));

        var scores = new IndicatorTargets().Score(quality);

        scores.OnlineReception.Achievement!.Value.ShouldBe(0.8, 1e-12);
        scores.Digitization.Achievement!.Value.ShouldBe(0.875, 1e-12);
        scores.Progress.Achievement!.Value.ShouldBe(0.99, 1e-12);
        scores.Satisfaction.Achievement.ShouldBe(1.0);
    }
}
