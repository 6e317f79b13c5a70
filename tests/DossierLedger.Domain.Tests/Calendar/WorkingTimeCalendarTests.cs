using DossierLedger.Domain.Calendar;
using NodaTime;
using static DossierLedger.Domain.Tests.Calendar.CalendarTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class WorkingTimeCalendarTests
{
    private static readonly WorkingTimeCalendar Calendar = WorkingTimeCalendar.Vietnam;

    [Fact]
    public void Vietnam_calendar_uses_Ho_Chi_Minh_time()
    {
        Calendar.Zone.Id.ShouldBe("Asia/Ho_Chi_Minh");
        Calendar.InZone(At("2025-03-05T00:30")).LocalDateTime.ShouldBe(new LocalDateTime(2025, 3, 5, 0, 30));
        Calendar.LocalDate(At("2025-03-05T23:59")).ShouldBe(new LocalDate(2025, 3, 5));
    }

    [Theory]
    [InlineData("2025-03-05T09:15", "2025-03-05T09:15")] // inside the morning session
    [InlineData("2025-03-05T15:45", "2025-03-05T15:45")] // inside the afternoon session
    [InlineData("2025-03-05T07:00", "2025-03-05T07:00")] // exactly at opening
    [InlineData("2025-03-05T13:30", "2025-03-05T13:30")] // exactly at afternoon opening
    [InlineData("2025-03-05T06:30", "2025-03-05T07:00")] // before opening
    [InlineData("2025-03-05T00:00", "2025-03-05T07:00")] // midnight
    [InlineData("2025-03-05T12:10", "2025-03-05T13:30")] // lunch break
    [InlineData("2025-03-05T11:30", "2025-03-05T13:30")] // exactly at morning close
    [InlineData("2025-03-05T18:20", "2025-03-06T07:00")] // after close
    [InlineData("2025-03-05T17:00", "2025-03-06T07:00")] // exactly at afternoon close
    [InlineData("2025-03-07T17:00", "2025-03-10T07:00")] // Friday close → Monday
    [InlineData("2025-03-08T10:00", "2025-03-10T07:00")] // Saturday
    [InlineData("2025-09-02T09:00", "2025-09-03T07:00")] // Quốc khánh
    [InlineData("2025-01-28T09:00", "2025-02-03T07:00")] // Tết 2025
    [InlineData("2025-04-26T09:00", "2025-04-26T09:00")] // swapped Saturday is worked
    public void Clock_starts_at_the_next_office_moment(string received, string expected)
    {
        Calendar.ClockStart(At(received)).ShouldBe(At(expected));
    }

    [Theory]
    [InlineData("2025-03-07T16:55", 8 * 60, "2025-03-10T16:55")] // 5 min Friday + 7h55 Monday
    [InlineData("2025-03-05T07:00", 8 * 60, "2025-03-05T17:00")] // a full day ends at the close
    [InlineData("2025-03-05T10:00", 2 * 60, "2025-03-05T14:00")] // 1h30 before lunch + 30 min after
    [InlineData("2025-03-05T09:00", 150, "2025-03-05T11:30")] // ends exactly at morning close
    [InlineData("2025-03-05T11:30", 1, "2025-03-05T13:31")] // starting at morning close
    [InlineData("2025-03-05T12:00", 0, "2025-03-05T13:30")] // zero → clock start
    [InlineData("2025-03-08T10:00", 0, "2025-03-10T07:00")] // zero on Saturday → Monday opening
    [InlineData("2025-01-24T16:00", 120, "2025-02-03T08:00")] // 1h Friday, Tết, 1h Monday
    [InlineData("2025-03-03T07:00", 60 * 8 * 60, "2025-05-28T17:00")] // 60 working days over 7/4, 30/4–2/5, Saturday 26/4 worked
    public void Adding_working_time_consumes_office_sessions(string start, int minutes, string expected)
    {
        Calendar.AddWorkingTime(At(start), Duration.FromMinutes(minutes)).ShouldBe(At(expected));
    }

    [Fact]
    public void Negative_working_time_is_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() =>
            Calendar.AddWorkingTime(At("2025-03-05T10:00"), Duration.FromMinutes(-1)));
    }

    [Theory]
    [InlineData("2025-03-05T08:00", "2025-03-05T16:00", 6 * 60)] // 3h30 + 2h30
    [InlineData("2025-03-05T12:00", "2025-03-05T18:00", 210)] // lunch to evening: the afternoon only
    [InlineData("2025-03-05T07:00", "2025-03-05T17:00", 8 * 60)]
    [InlineData("2025-03-07T16:00", "2025-03-10T08:00", 2 * 60)] // over a weekend
    [InlineData("2025-01-24T07:00", "2025-02-04T07:00", 16 * 60)] // Tết 2025 counts nothing
    [InlineData("2025-03-08T08:00", "2025-03-08T16:00", 0)] // Saturday
    [InlineData("2025-03-05T10:00", "2025-03-05T10:00", 0)] // empty interval
    [InlineData("2025-03-05T16:00", "2025-03-05T10:00", 0)] // reversed interval
    public void Working_time_between_counts_office_time_only(string from, string to, int expectedMinutes)
    {
        Calendar.WorkingTimeBetween(At(from), At(to)).ShouldBe(Duration.FromMinutes(expectedMinutes));
    }

    [Fact]
    public void Working_time_between_includes_from_and_excludes_to()
    {
        Calendar.WorkingTimeBetween(At("2025-03-05T10:00:00"), At("2025-03-05T10:00:01"))
            .ShouldBe(Duration.FromSeconds(1));
        Calendar.WorkingTimeBetween(At("2025-03-05T11:30:00"), At("2025-03-05T13:30:00"))
            .ShouldBe(Duration.Zero);
    }

    [Fact]
    public void Custom_office_hours_and_days_are_honoured()
    {
        var hours = new OfficeHours(new LocalTime(8, 0), new LocalTime(12, 0), new LocalTime(13, 0), new LocalTime(17, 0));
        var calendar = new WorkingTimeCalendar(DateTimeZoneProviders.Tzdb["Asia/Ho_Chi_Minh"], hours, new WorkingDays());

        calendar.ClockStart(At("2025-03-05T07:30")).ShouldBe(At("2025-03-05T08:00"));
        calendar.AddWorkingTime(At("2025-03-05T11:00"), Duration.FromHours(2)).ShouldBe(At("2025-03-05T14:00"));
        // Without the official schedules the rule's Tết span (Monday 27/1 to Friday 31/1/2025) is off.
        calendar.ClockStart(At("2025-01-24T09:00")).ShouldBe(At("2025-01-24T09:00"));
        calendar.ClockStart(At("2025-01-27T09:00")).ShouldBe(At("2025-02-03T08:00"));
    }
}
