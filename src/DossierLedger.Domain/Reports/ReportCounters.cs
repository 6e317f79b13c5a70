namespace DossierLedger.Domain.Reports;

/// <summary>A vector of <see cref="ReportCounter"/> values: a day's, a month's or a cumulative count.</summary>
public sealed class ReportCounters : IEquatable<ReportCounters>
{
    /// <summary>How many counters there are (one stored column each).</summary>
    public static readonly int Count = Enum.GetValues<ReportCounter>().Length;

    public static readonly ReportCounters Zero = new(new long[Count]);

    private readonly long[] _values;

    private ReportCounters(long[] values) => _values = values;

    /// <summary>A vector from values in <see cref="ReportCounter"/> order.</summary>
    public static ReportCounters Of(IReadOnlyList<long> values)
    {
        if (values.Count != Count)
        {
            throw new ArgumentException($"Expected {Count} counters, got {values.Count}.", nameof(values));
        }

        return new ReportCounters([.. values]);
    }

    public long this[ReportCounter counter] => _values[(int)counter];

    public long ReceivedDirect => this[ReportCounter.ReceivedDirect];

    public long ReceivedOnline => this[ReportCounter.ReceivedOnline];

    public long ReceivedPostal => this[ReportCounter.ReceivedPostal];

    public long ResolvedEarly => this[ReportCounter.ResolvedEarly];

    public long ResolvedOnTime => this[ReportCounter.ResolvedOnTime];

    public long ResolvedOverdue => this[ReportCounter.ResolvedOverdue];

    public long Withdrawn => this[ReportCounter.Withdrawn];

    public long Stopped => this[ReportCounter.Stopped];

    public long Received => ReceivedDirect + ReceivedOnline + ReceivedPostal;

    public long Resolved => ResolvedEarly + ResolvedOnTime + ResolvedOverdue;

    public long Closed => Resolved + Withdrawn + Stopped + this[ReportCounter.HandedOver];

    /// <summary>Open dossiers past their due date.</summary>
    public long OpenOverdue => this[ReportCounter.OverdueStarted] - this[ReportCounter.OverdueEnded];

    /// <summary>Open dossiers (received and not closed).</summary>
    public long Open => Received - Closed;

    public static ReportCounters operator +(ReportCounters a, ReportCounters b) => Combine(a, b, 1);

    public static ReportCounters operator -(ReportCounters a, ReportCounters b) => Combine(a, b, -1);

    /// <summary>A vector with one counter set to <paramref name="value"/>.</summary>
    public static ReportCounters Unit(ReportCounter counter, long value = 1)
    {
        if (!Enum.IsDefined(counter))
        {
            throw new ArgumentOutOfRangeException(nameof(counter), counter, null);
        }

        var values = new long[Count];
        values[(int)counter] = value;
        return new ReportCounters(values);
    }

    public bool Equals(ReportCounters? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as ReportCounters);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(", ", Enum.GetValues<ReportCounter>().Where(c => this[c] != 0).Select(c => $"{c}={this[c]}"));

    private static ReportCounters Combine(ReportCounters a, ReportCounters b, int sign)
    {
        var values = new long[Count];
        for (var i = 0; i < Count; i++)
        {
            values[i] = a._values[i] + (sign * b._values[i]);
        }

        return new ReportCounters(values);
    }
}
