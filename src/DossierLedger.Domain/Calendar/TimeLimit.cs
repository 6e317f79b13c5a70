namespace DossierLedger.Domain.Calendar;

/// <summary>
/// Statutory processing time of a procedure (thời hạn giải quyết), e.g. "05 ngày làm việc".
/// </summary>
/// <param name="Amount">Number of units, at least 0. Ignored and stored as 0 for <see cref="TimeLimitUnit.SameDay"/>.</param>
/// <param name="Unit">How <paramref name="Amount"/> is counted.</param>
/// <param name="CutoffHour">Only for <see cref="TimeLimitUnit.SameDay"/>: receipts whose clock starts
/// before this hour (0–24) are due the same day. Null means <see cref="DefaultSameDayCutoffHour"/>.</param>
public sealed record TimeLimit(int Amount, TimeLimitUnit Unit, int? CutoffHour = null)
{
    /// <summary>Cut-off hour used for same-day procedures when none is given.</summary>
    public const int DefaultSameDayCutoffHour = 15;

    /// <summary>The unit; must be a defined <see cref="TimeLimitUnit"/>.</summary>
    public TimeLimitUnit Unit { get; } = Enum.IsDefined(Unit)
        ? Unit
        : throw new ArgumentOutOfRangeException(nameof(Unit), Unit, "Unknown time limit unit.");

    /// <summary>Number of units. Normalised to 0 for same-day limits so equal limits compare equal.</summary>
    public int Amount { get; } = Amount < 0
        ? throw new ArgumentOutOfRangeException(nameof(Amount), Amount, "A time limit cannot be negative.")
        : Unit == TimeLimitUnit.SameDay ? 0 : Amount;

    /// <summary>Cut-off hour as given; rejected for units other than same-day, where it would be silently meaningless.</summary>
    public int? CutoffHour { get; } = CutoffHour switch
    {
        null => null,
        _ when Unit != TimeLimitUnit.SameDay =>
            throw new ArgumentException("A cut-off hour only applies to same-day time limits.", nameof(CutoffHour)),
        < 0 or > 24 => throw new ArgumentOutOfRangeException(nameof(CutoffHour), CutoffHour, "Cut-off hour must be between 0 and 24."),
        _ => CutoffHour,
    };

    /// <summary>The cut-off hour that applies to a same-day limit.</summary>
    public int EffectiveCutoffHour => CutoffHour ?? DefaultSameDayCutoffHour;
}
