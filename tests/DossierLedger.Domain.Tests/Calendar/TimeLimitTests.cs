using DossierLedger.Domain.Calendar;

namespace DossierLedger.Domain.Tests.Calendar;

public class TimeLimitTests
{
    [Fact]
    public void Negative_amount_is_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new TimeLimit(-1, TimeLimitUnit.WorkingDays));
    }

    [Fact]
    public void Undefined_unit_is_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new TimeLimit(1, (TimeLimitUnit)42));
    }

    [Theory]
    [InlineData(TimeLimitUnit.WorkingDays)]
    [InlineData(TimeLimitUnit.WorkingHours)]
    [InlineData(TimeLimitUnit.CalendarDays)]
    public void Cutoff_hour_is_rejected_outside_same_day_limits(TimeLimitUnit unit)
    {
        Should.Throw<ArgumentException>(() => new TimeLimit(3, unit, 15));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(25)]
    public void Cutoff_hour_outside_the_day_is_rejected(int cutoffHour)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new TimeLimit(0, TimeLimitUnit.SameDay, cutoffHour));
    }

    [Fact]
    public void Same_day_amount_is_ignored_and_stored_as_zero()
    {
        var limit = new TimeLimit(1, TimeLimitUnit.SameDay);

        limit.Amount.ShouldBe(0);
        limit.ShouldBe(new TimeLimit(0, TimeLimitUnit.SameDay));
    }

    [Fact]
    public void Same_day_cutoff_defaults_to_15()
    {
        new TimeLimit(0, TimeLimitUnit.SameDay).EffectiveCutoffHour.ShouldBe(15);
        new TimeLimit(0, TimeLimitUnit.SameDay, 11).EffectiveCutoffHour.ShouldBe(11);
    }
}
