namespace DossierLedger.Domain.Calendar;

/// <summary>A date of the Vietnamese lunar calendar (âm lịch), as computed by <see cref="VietnameseLunarCalendar"/>.</summary>
/// <param name="Year">The lunar year, numbered as the Gregorian year in which its first month begins.</param>
/// <param name="Month">The month, 1–12; a leap month carries the number of the month it follows.</param>
/// <param name="Day">The day of the month, 1–30.</param>
/// <param name="IsLeapMonth">Whether the month is the leap month (tháng nhuận) of the year.</param>
public sealed record LunarDate(int Year, int Month, int Day, bool IsLeapMonth);
