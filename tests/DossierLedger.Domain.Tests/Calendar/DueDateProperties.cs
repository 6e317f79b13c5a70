using DossierLedger.Domain.Calendar;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class DueDateProperties
{
    private static readonly WorkingTimeCalendar Calendar = WorkingTimeCalendar.Vietnam;

    private static readonly Instant RangeStart = CalendarTime.At("2021-01-01T00:00");
    private static readonly int RangeDays = Period.Between(new LocalDate(2021, 1, 1), new LocalDate(2027, 1, 1), PeriodUnits.Days).Days;

    // Uniform instants rarely hit a session boundary exactly, so boundaries get their own share.
    private static readonly LocalTime[] Boundaries =
    [
        new(0, 0), new(6, 59, 59), new(7, 0), new(11, 29, 59), new(11, 30), new(12, 0),
        new(13, 29, 59), new(13, 30), new(16, 59, 59), new(17, 0), new(23, 59, 59),
    ];

    /// <summary>Instants in 2021–2026, either uniform to the second or at a session boundary.</summary>
    private static Gen<Instant> Instants() => Gen.Frequency(
        (3, Gen.Choose(0, (RangeDays * 86_400) - 1).Select(seconds => RangeStart + Duration.FromSeconds(seconds))),
        (1, Gen.Choose(0, RangeDays - 1).SelectMany(
            day => Gen.Elements(Boundaries),
            (day, time) => RangeStart + Duration.FromDays(day) + Duration.FromNanoseconds(time.NanosecondOfDay))));

    private static Gen<int> Amounts(TimeLimitUnit unit) => unit switch
    {
        TimeLimitUnit.WorkingHours => Gen.Choose(0, 200),
        TimeLimitUnit.SameDay => Gen.Constant(0),
        _ => Gen.Choose(0, 60),
    };

    private static Gen<int?> Cutoffs(TimeLimitUnit unit) => unit == TimeLimitUnit.SameDay
        ? Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 24).Select(hour => (int?)hour))
        : Gen.Constant<int?>(null);

    private static Gen<TimeLimit> Limits() =>
        from unit in Gen.Elements(Enum.GetValues<TimeLimitUnit>())
        from amount in Amounts(unit)
        from cutoff in Cutoffs(unit)
        select new TimeLimit(amount, unit, cutoff);

    private static Gen<(TimeLimitUnit Unit, int Smaller, int Larger)> AmountPairs() =>
        from unit in Gen.Elements(TimeLimitUnit.WorkingDays, TimeLimitUnit.WorkingHours, TimeLimitUnit.CalendarDays)
        from a in Amounts(unit)
        from b in Amounts(unit)
        select (unit, Math.Min(a, b), Math.Max(a, b));

    /// <summary>Up to 60 working days, to the second.</summary>
    private static Gen<Duration> WorkingTimes() =>
        Gen.Choose(0, 60 * 8 * 3600).Select(seconds => Duration.FromSeconds(seconds));

    [Property(MaxTest = 300)]
    public Property Due_is_never_before_receipt() =>
        Prop.ForAll(Instants().ToArbitrary(), Limits().ToArbitrary(), (received, limit) =>
            Calendar.DueAt(received, limit) >= received);

    [Property(MaxTest = 300)]
    public Property Due_is_monotonic_in_the_amount() =>
        Prop.ForAll(Instants().ToArbitrary(), AmountPairs().ToArbitrary(), (received, pair) =>
            Calendar.DueAt(received, new TimeLimit(pair.Smaller, pair.Unit))
                <= Calendar.DueAt(received, new TimeLimit(pair.Larger, pair.Unit)));

    [Property(MaxTest = 300)]
    public Property Working_time_between_undoes_adding_working_time() =>
        Prop.ForAll(Instants().ToArbitrary(), WorkingTimes().ToArbitrary(), (start, workingTime) =>
            Calendar.WorkingTimeBetween(start, Calendar.AddWorkingTime(start, workingTime)) == workingTime);

    [Property(MaxTest = 300)]
    public Property Adding_in_two_steps_equals_adding_at_once() =>
        Prop.ForAll(Instants().ToArbitrary(), WorkingTimes().ToArbitrary(), WorkingTimes().ToArbitrary(), (start, first, second) =>
            second == Duration.Zero
            || Calendar.AddWorkingTime(Calendar.AddWorkingTime(start, first), second)
                == Calendar.AddWorkingTime(start, first + second));

    [Property(MaxTest = 300)]
    public Property Clock_start_skips_no_working_time_and_lands_in_office_hours() =>
        Prop.ForAll(Instants().ToArbitrary(), received =>
        {
            var start = Calendar.ClockStart(received);
            var local = Calendar.InZone(start).TimeOfDay;
            var hours = OfficeHours.Default;
            return start >= received
                && Calendar.WorkingTimeBetween(received, start) == Duration.Zero
                && Calendar.ClockStart(start) == start
                && Calendar.Days.IsWorkingDay(Calendar.LocalDate(start))
                && ((local >= hours.MorningOpen && local < hours.MorningClose)
                    || (local >= hours.AfternoonOpen && local < hours.AfternoonClose));
        });
}
