namespace DossierLedger.Domain.Reports;

/// <summary>An indicator's rate against its target: full marks at or above it, otherwise the share reached.</summary>
public sealed record IndicatorScore(double? Rate, double Target, double? Achievement)
{
    public static IndicatorScore Of(double? rate, double target) =>
        new(rate, target, rate is { } r ? (target <= 0 || r >= target ? 1 : r / target) : null);
}

/// <summary>The QĐ 766 indicator scores of a period.</summary>
public sealed record IndicatorScores(
    IndicatorScore Progress, IndicatorScore OnlineReception, IndicatorScore OnlinePayment, IndicatorScore Digitization, IndicatorScore Satisfaction);

/// <summary>
/// Targets of the QĐ 766/QĐ-TTg scoring: a rate at or above its target earns the indicator's full points,
/// a lower one earns rate ÷ target of them. The defaults are 50 % for online reception and 80 % for
/// digitization, as published for those indicators, and 100 % elsewhere; they are configuration
/// (<c>Reports:Targets</c>) because the decision's annexes are revised.
/// </summary>
public sealed record IndicatorTargets
{
    public double Progress { get; init; } = 1.0;

    public double OnlineReception { get; init; } = 0.5;

    public double OnlinePayment { get; init; } = 1.0;

    public double Digitization { get; init; } = 0.8;

    public double Satisfaction { get; init; } = 1.0;

    public IndicatorScores Score(QualityFigures quality) => new(
        IndicatorScore.Of(quality.Progress.Value, Progress),
        IndicatorScore.Of(quality.OnlineReception.Value, OnlineReception),
        IndicatorScore.Of(quality.OnlinePayment.Value, OnlinePayment),
        IndicatorScore.Of(quality.Digitization.Value, Digitization),
        IndicatorScore.Of(quality.Satisfaction.Value, Satisfaction));
}
