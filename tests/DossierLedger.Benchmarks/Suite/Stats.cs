namespace DossierLedger.Benchmarks.Suite;

/// <summary>Latency samples in milliseconds, summarised by nearest-rank percentiles.</summary>
public sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double milliseconds)
    {
        lock (_values)
        {
            _values.Add(milliseconds);
        }
    }

    public void AddRange(Samples other)
    {
        lock (_values)
        {
            _values.AddRange(other._values);
        }
    }

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public double Median => Percentile(50);

    public string Describe() => Count == 0 ? "—" : $"{Median:F1} / {Percentile(95):F1} ms";
}
