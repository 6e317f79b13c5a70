namespace DossierLedger.Domain.Reports;

/// <summary>An indicator's rate against its target: full marks at or above it, otherwise the share reached.</summary>
public sealed record IndicatorScore(double? Rate, double Target, double? Achievement)
{
    public static IndicatorScore Of(double? rate, double target) =>
        new(rate, target, rate is { } r ? (target <= 0 || r >= target ? 1 : r / target) : null);
}

/// <summary>The QĐ 766 indicator scores of a period.</summary>
public sealed record IndicatorScores(
    IndicatorScore Progress, IndicatorScore OnlineReception, IndicatorScore OnlinePayment, IndicatorScore Digitization, IndicatorScore Satisfaction,
    IndicatorScore ElectronicResults, IndicatorScore DataReuse);

/// <summary>
/// Targets of the QĐ 766/QĐ-TTg scoring: a rate at or above its target earns the indicator's full points,
/// a lower one earns rate ÷ target of them. The defaults are those the formula text gives: 50 % for online reception
/// (3.3), 80 % for digitization (4.2) and data reuse (4.3), 90 % for satisfaction (5.4), and 100 % elsewhere; they are
/// configuration (<c>Reports:Targets</c>) because the decision's annexes are revised. 2.2 has no target: it is a time.
/// </summary>
public sealed record IndicatorTargets
{
    public double Progress { get; init; } = 1.0;

    public double OnlineReception { get; init; } = 0.5;

    public double OnlinePayment { get; init; } = 1.0;

    public double Digitization { get; init; } = 0.8;

    public double Satisfaction { get; init; } = 0.9;

    public double ElectronicResults { get; init; } = 1.0;

    public double DataReuse { get; init; } = 0.8;

    public IndicatorScores Score(QualityFigures quality) => new(
        IndicatorScore.Of(quality.Progress.Value, Progress),
        IndicatorScore.Of(quality.OnlineReception.Value, OnlineReception),
        IndicatorScore.Of(quality.OnlinePayment.Value, OnlinePayment),
        IndicatorScore.Of(quality.Digitization.Value, Digitization),
        IndicatorScore.Of(quality.Satisfaction.Value, Satisfaction),
        IndicatorScore.Of(quality.ElectronicResults.Value, ElectronicResults),
        IndicatorScore.Of(quality.DataReuse.Value, DataReuse));
}
