using DossierLedger.Domain.Calendar;
using NodaTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class OfficeHoursTests
{
    [Fact]
    public void Default_hours_are_7_to_11_30_and_13_30_to_17()
    {
        var hours = OfficeHours.Default;

        hours.MorningOpen.ShouldBe(new LocalTime(7, 0));
        hours.MorningClose.ShouldBe(new LocalTime(11, 30));
        hours.AfternoonOpen.ShouldBe(new LocalTime(13, 30));
        hours.AfternoonClose.ShouldBe(new LocalTime(17, 0));
    }

    [Fact]
    public void Default_working_day_is_eight_hours()
    {
        OfficeHours.Default.WorkingDayLength.ShouldBe(Duration.FromHours(8));
    }

    [Fact]
    public void Working_day_length_is_computed_from_the_sessions()
    {
        var hours = new OfficeHours(new LocalTime(7, 30), new LocalTime(11, 45), new LocalTime(13, 0), new LocalTime(16, 30));

        hours.WorkingDayLength.ShouldBe(Duration.FromHours(4.25) + Duration.FromHours(3.5));
    }

    [Fact]
    public void Sessions_may_touch_when_there_is_no_lunch_break()
    {
        var hours = new OfficeHours(new LocalTime(8, 0), new LocalTime(12, 0), new LocalTime(12, 0), new LocalTime(16, 0));

        hours.WorkingDayLength.ShouldBe(Duration.FromHours(8));
    }

    [Theory]
    [InlineData(11, 30, 7, 0, 13, 30, 17, 0)] // morning closes before it opens
    [InlineData(7, 0, 7, 0, 13, 30, 17, 0)] // empty morning
    [InlineData(7, 0, 11, 30, 17, 0, 13, 30)] // afternoon closes before it opens
    [InlineData(7, 0, 14, 0, 13, 30, 17, 0)] // morning overlaps afternoon
    public void Invalid_sessions_are_rejected(int moH, int moM, int mcH, int mcM, int aoH, int aoM, int acH, int acM)
    {
        Should.Throw<ArgumentException>(() => new OfficeHours(
            new LocalTime(moH, moM), new LocalTime(mcH, mcM), new LocalTime(aoH, aoM), new LocalTime(acH, acM)));
    }
}
