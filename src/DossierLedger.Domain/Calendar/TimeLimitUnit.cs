namespace DossierLedger.Domain.Calendar;

/// <summary>How the amount of a <see cref="TimeLimit"/> is counted.</summary>
public enum TimeLimitUnit
{
    /// <summary>Ngày làm việc: each day is worth <see cref="OfficeHours.WorkingDayLength"/> of office time.</summary>
    WorkingDays,

    /// <summary>Giờ làm việc: hours of office time.</summary>
    WorkingHours,

    /// <summary>Ngày (calendar days): due at closing time of the resulting day, moved to a working day.</summary>
    CalendarDays,

    /// <summary>Trong ngày: settled the same day if received before the cut-off hour, else the next working day.</summary>
    SameDay,
}
