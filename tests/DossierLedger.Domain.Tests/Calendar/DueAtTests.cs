using DossierLedger.Domain.Calendar;
using static DossierLedger.Domain.Tests.Calendar.CalendarTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class DueAtTests
{
    private static readonly WorkingTimeCalendar Calendar = WorkingTimeCalendar.Vietnam;

    [Theory]
    [InlineData("2025-03-07T16:55", 1, "2025-03-10T16:55")] // Friday 16:55: 5 min left, 7h55 on Monday
    [InlineData("2025-03-05T07:00", 1, "2025-03-05T17:00")] // received at opening: due at closing
    [InlineData("2025-03-05T12:00", 1, "2025-03-06T11:30")] // lunch receipt counts from 13:30
    [InlineData("2025-03-08T10:00", 1, "2025-03-10T17:00")] // Saturday receipt: Monday is day one
    [InlineData("2025-01-24T10:00", 3, "2025-02-05T10:00")] // 5h Friday 24/1, Tết, Mon 3/2 8h, Tue 4/2 8h, Wed 5/2 3h
    [InlineData("2026-02-13T10:00", 3, "2026-02-25T10:00")] // 5h Friday 13/2, Tết 14–22/2, Mon 23/2 8h, Tue 8h, Wed 3h
    [InlineData("2030-01-30T10:00", 3, "2030-02-11T10:00")] // Tết by rule 31/1–6/2: 5h Wed 30/1, Thu 7/2 8h, Fri 8/2 8h, Mon 11/2 3h
    [InlineData("2030-01-31T10:00", 3, "2030-02-11T17:00")] // received on the first day of Tết: the clock starts Thu 7/2 07:00
    [InlineData("2027-02-03T10:00", 1, "2027-02-11T10:00")] // Tết 2027 by rule 4–10/2
    [InlineData("2027-04-29T10:00", 1, "2027-05-04T10:00")] // 30/4 Friday; 1/5 Saturday compensated on Monday 3/5
    [InlineData("2027-12-31T10:00", 1, "2028-01-04T10:00")] // 1/1/2028 Saturday compensated on Monday 3/1
    [InlineData("2028-04-28T10:00", 1, "2028-05-03T10:00")] // 30/4/2028 Sunday: 1/5 Monday, compensated on Tuesday 2/5
    [InlineData("2025-03-05T10:00", 0, "2025-03-05T10:00")]
    [InlineData("2025-03-05T18:00", 0, "2025-03-06T07:00")]
    public void Working_days_are_counted_in_office_time(string received, int days, string expected)
    {
        Calendar.DueAt(At(received), new TimeLimit(days, TimeLimitUnit.WorkingDays)).ShouldBe(At(expected));
    }

    [Theory]
    [InlineData("2025-03-05T10:00", 2, "2025-03-05T14:00")] // 1h30 before lunch + 30 min after
    [InlineData("2025-03-05T15:00", 2, "2025-03-05T17:00")] // ends exactly at closing
    [InlineData("2025-03-05T16:00", 4, "2025-03-06T10:00")] // 1h today, 3h tomorrow
    public void Working_hours_are_counted_in_office_time(string received, int hours, string expected)
    {
        Calendar.DueAt(At(received), new TimeLimit(hours, TimeLimitUnit.WorkingHours)).ShouldBe(At(expected));
    }

    [Theory]
    [InlineData("2025-03-05T14:59", "2025-03-05T17:00")] // before the cut-off: same day
    [InlineData("2025-03-05T15:00", "2025-03-06T17:00")] // at the cut-off: next working day
    [InlineData("2025-03-07T15:30", "2025-03-10T17:00")] // Friday afternoon → Monday
    [InlineData("2025-03-08T10:00", "2025-03-10T17:00")] // Saturday online receipt → Monday
    [InlineData("2025-03-05T06:00", "2025-03-05T17:00")] // before opening: clock starts at 07:00
    [InlineData("2025-03-05T12:00", "2025-03-05T17:00")] // lunch: clock starts at 13:30
    [InlineData("2025-03-05T18:00", "2025-03-06T17:00")] // evening: clock starts next morning
    [InlineData("2025-01-24T16:00", "2025-02-03T17:00")] // after the cut-off before Tết
    public void Same_day_limit_depends_on_the_cutoff(string received, string expected)
    {
        Calendar.DueAt(At(received), new TimeLimit(0, TimeLimitUnit.SameDay)).ShouldBe(At(expected));
    }

    [Theory]
    [InlineData("2025-03-05T10:59", "2025-03-05T17:00")]
    [InlineData("2025-03-05T11:00", "2025-03-06T17:00")]
    public void Same_day_cutoff_hour_can_be_set(string received, string expected)
    {
        Calendar.DueAt(At(received), new TimeLimit(0, TimeLimitUnit.SameDay, 11)).ShouldBe(At(expected));
    }

    [Theory]
    [InlineData("2025-03-05T10:00", 4, "2025-03-10T17:00")] // lands on Sunday 9/3 → Monday
    [InlineData("2025-03-05T10:00", 1, "2025-03-06T17:00")]
    [InlineData("2025-03-05T10:00", 0, "2025-03-05T17:00")]
    [InlineData("2025-03-08T10:00", 2, "2025-03-12T17:00")] // Saturday receipt counts from Monday
    [InlineData("2025-03-05T17:30", 1, "2025-03-07T17:00")] // evening receipt counts from Thursday
    [InlineData("2025-01-20T09:00", 7, "2025-02-03T17:00")] // lands in Tết 2025 → 3/2
    public void Calendar_days_end_at_closing_time_of_a_working_day(string received, int days, string expected)
    {
        Calendar.DueAt(At(received), new TimeLimit(days, TimeLimitUnit.CalendarDays)).ShouldBe(At(expected));
    }
}
