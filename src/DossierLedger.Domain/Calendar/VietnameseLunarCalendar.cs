using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The Vietnamese lunar calendar (âm lịch), computed astronomically for the meridian of UTC+7 by the
/// method Hồ Ngọc Đức published: a month starts on the day of a new moon, month 11 is the month that
/// contains the winter solstice, and when 13 months fall between two such months, the first one
/// without a major solar term (trung khí) is the leap month (tháng nhuận). Pure: no tables, no clock.
/// </summary>
/// <remarks>
/// New moons and the sun's longitude use the same truncated series from Meeus, "Astronomical
/// Algorithms", as Hồ Ngọc Đức's reference implementation. Every month start of 2000–2099 matches
/// the tables he publishes except three (months 4/2054, 11/2072, 10/2077), which start one day later
/// because the new moon falls close to local midnight; no holiday moves. Because Vietnam
/// counts at UTC+7 and China at UTC+8, Tết sometimes differs from Chinese New Year: in 2030 it is
/// 2 February here and 3 February there. Around 2033 a lunar month holds two major terms; the rule
/// above, applied without special cases, gives a leap 11th month. Years outside
/// <see cref="MinYear"/>–<see cref="MaxYear"/> are rejected because the series lose accuracy far
/// from the present.
/// </remarks>
public static class VietnameseLunarCalendar
{
    /// <summary>The first Gregorian year that can be converted.</summary>
    public const int MinYear = 1800;

    /// <summary>The last Gregorian year that can be converted.</summary>
    public const int MaxYear = 2199;

    // Vietnam's standard time, UTC+7, as a fraction of a day: a new moon belongs to its local date.
    private const double TimeZone = 7.0 / 24;
    private const double SynodicMonth = 29.530588853;

    // Julian date of the new moon of 1 January 1900, new moon number 0.
    private const double NewMoonZero = 2415021.076998695;

    // Julian day number of 1970-01-01.
    private const int UnixEpochDayNumber = 2440588;

    private static readonly LocalDate UnixEpoch = new(1970, 1, 1);

    /// <summary>Tết Nguyên đán: the first day of the first lunar month, which falls in January or February of <paramref name="gregorianYear"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="MinYear"/>–<see cref="MaxYear"/>.</exception>
    public static LocalDate LunarNewYear(int gregorianYear) => FromLunar(gregorianYear, 1, 1);

    /// <summary>The lunar date of the ISO date <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="MinYear"/>–<see cref="MaxYear"/>.</exception>
    public static LunarDate ToLunar(LocalDate date)
    {
        var iso = date.WithCalendar(CalendarSystem.Iso);
        CheckYear(iso.Year, nameof(date));
        var day = DayNumber(iso);

        // The new moon on or before the day: the mean lunation is within a day of the true one.
        var newMoon = (int)Math.Floor((day - NewMoonZero) / SynodicMonth) + 1;
        while (NewMoonDay(newMoon) > day)
        {
            newMoon--;
        }

        var solarYear = SolarYear.Of(Month11(iso.Year) <= newMoon ? iso.Year : iso.Year - 1);
        var (lunarYear, month, isLeap) = solarYear.Label(newMoon - solarYear.Month11);
        return new LunarDate(lunarYear, month, day - NewMoonDay(newMoon) + 1, isLeap);
    }

    /// <summary>The ISO date of a lunar date, which must fall in <see cref="MinYear"/>–<see cref="MaxYear"/>.</summary>
    /// <param name="lunarYear">The lunar year, numbered as the Gregorian year in which its first month begins.</param>
    /// <param name="month">The month, 1–12.</param>
    /// <param name="day">The day, 1 to the length of the month (29 or 30).</param>
    /// <param name="leapMonth">The leap month numbered <paramref name="month"/>, which must exist that year.</param>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside the supported years, or the month or the day does not exist.</exception>
    public static LocalDate FromLunar(int lunarYear, int month, int day, bool leapMonth = false)
    {
        // Lunar year MinYear - 1 ends in MinYear; the resulting date is checked below.
        CheckYear(lunarYear == MinYear - 1 ? MinYear : lunarYear, nameof(lunarYear));
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);

        // Months 11 and 12 follow the winter solstice of the lunar year itself, months 1–10 that of the year before.
        var solarYear = SolarYear.Of(month >= 11 ? lunarYear : lunarYear - 1);
        var newMoon = solarYear.Month11 + solarYear.IndexOf(month, leapMonth)
            ?? throw new ArgumentOutOfRangeException(nameof(month), month, $"The lunar year {lunarYear} has no leap month {month}.");
        var start = NewMoonDay(newMoon);
        var length = NewMoonDay(newMoon + 1) - start;
        if (day < 1 || day > length)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, $"Lunar month {month}{(leapMonth ? " (leap)" : "")} of {lunarYear} has {length} days.");
        }

        var date = UnixEpoch.PlusDays(start + day - 1 - UnixEpochDayNumber);
        CheckYear(date.Year, nameof(lunarYear));
        return date;
    }

    private static void CheckYear(int year, string parameter)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(parameter, year, $"The lunar calendar is computed for years {MinYear}–{MaxYear} only.");
        }
    }

    private static int DayNumber(LocalDate date) => Period.DaysBetween(UnixEpoch, date) + UnixEpochDayNumber;

    /// <summary>The number of the new moon that starts month 11, the month containing the winter solstice of <paramref name="gregorianYear"/>.</summary>
    private static int Month11(int gregorianYear)
    {
        var newMoon = (int)Math.Floor((DayNumber(new LocalDate(gregorianYear, 12, 31)) - NewMoonZero) / SynodicMonth);

        // A new moon at a sun longitude of 270° or more is past the solstice, so month 11 began one lunation earlier.
        return SunSector(NewMoonDay(newMoon)) >= 9 ? newMoon - 1 : newMoon;
    }

    /// <summary>The local day number of new moon number <paramref name="k"/>, counted from the new moon of 1 January 1900.</summary>
    private static int NewMoonDay(int k)
    {
        var t = k / 1236.85; // Julian centuries from 1900
        var t2 = t * t;
        var t3 = t2 * t;
        var mean = 2415020.75933 + (29.53058868 * k) + (0.0001178 * t2) - (0.000000155 * t3)
            + (0.00033 * Sin(166.56 + (132.87 * t) - (0.009173 * t2)));
        var sunAnomaly = 359.2242 + (29.10535608 * k) - (0.0000333 * t2) - (0.00000347 * t3);
        var moonAnomaly = 306.0253 + (385.81691806 * k) + (0.0107306 * t2) + (0.00001236 * t3);
        var latitudeArgument = 21.2964 + (390.67050646 * k) - (0.0016528 * t2) - (0.00000239 * t3);
        var correction = ((0.1734 - (0.000393 * t)) * Sin(sunAnomaly))
            + (0.0021 * Sin(2 * sunAnomaly))
            - (0.4068 * Sin(moonAnomaly))
            + (0.0161 * Sin(2 * moonAnomaly))
            - (0.0004 * Sin(3 * moonAnomaly))
            + (0.0104 * Sin(2 * latitudeArgument))
            - (0.0051 * Sin(sunAnomaly + moonAnomaly))
            - (0.0074 * Sin(sunAnomaly - moonAnomaly))
            + (0.0004 * Sin((2 * latitudeArgument) + sunAnomaly))
            - (0.0004 * Sin((2 * latitudeArgument) - sunAnomaly))
            - (0.0006 * Sin((2 * latitudeArgument) + moonAnomaly))
            + (0.0010 * Sin((2 * latitudeArgument) - moonAnomaly))
            + (0.0005 * Sin((2 * moonAnomaly) + sunAnomaly));
        var deltaT = t < -11
            ? 0.001 + (0.000839 * t) + (0.0002261 * t2) - (0.00000845 * t3) - (0.000000081 * t * t3)
            : -0.000278 + (0.000265 * t) + (0.000262 * t2);
        return (int)Math.Floor(mean + correction - deltaT + 0.5 + TimeZone);
    }

    /// <summary>The 30° sector (0–11, 0 = spring equinox) of the sun's longitude at the local midnight starting <paramref name="dayNumber"/>.</summary>
    private static int SunSector(int dayNumber)
    {
        var t = (dayNumber - 2451545.5 - TimeZone) / 36525; // Julian centuries from J2000
        var t2 = t * t;
        var meanAnomaly = 357.52910 + (35999.05030 * t) - (0.0001559 * t2) - (0.00000048 * t * t2);
        var meanLongitude = 280.46645 + (36000.76983 * t) + (0.0003032 * t2);
        var center = ((1.914600 - (0.004817 * t) - (0.000014 * t2)) * Sin(meanAnomaly))
            + ((0.019993 - (0.000101 * t)) * Sin(2 * meanAnomaly))
            + (0.000290 * Sin(3 * meanAnomaly));
        var longitude = meanLongitude + center;
        longitude -= 360 * Math.Floor(longitude / 360);
        return (int)Math.Floor(longitude / 30);
    }

    private static double Sin(double degrees) => Math.Sin(degrees * Math.PI / 180);

    /// <summary>
    /// The 12 or 13 lunar months from month 11 of one Gregorian year to month 11 of the next, by
    /// index: 0 is month 11, 1 is month 12, 2 is month 1 of the next lunar year, and so on.
    /// </summary>
    /// <param name="GregorianYear">The year whose winter solstice falls in month 11.</param>
    /// <param name="Month11">The number of the new moon that starts month 11.</param>
    /// <param name="LeapIndex">Index of the leap month, 0 when there are only 12 months.</param>
    private readonly record struct SolarYear(int GregorianYear, int Month11, int LeapIndex)
    {
        public static SolarYear Of(int gregorianYear)
        {
            var month11 = VietnameseLunarCalendar.Month11(gregorianYear);
            var next = VietnameseLunarCalendar.Month11(gregorianYear + 1);
            return new SolarYear(gregorianYear, month11, next - month11 == 13 ? LeapIndexFrom(month11) : 0);
        }

        /// <summary>The lunar year, month and leap flag of the month at <paramref name="index"/>.</summary>
        public (int Year, int Month, bool IsLeap) Label(int index)
        {
            var ordinal = LeapIndex != 0 && index >= LeapIndex ? index - 1 : index;
            return (ordinal >= 2 ? GregorianYear + 1 : GregorianYear, ((ordinal + 10) % 12) + 1, LeapIndex != 0 && index == LeapIndex);
        }

        /// <summary>The index of a month, or null when <paramref name="leap"/> asks for a leap month that does not exist.</summary>
        public int? IndexOf(int month, bool leap)
        {
            var ordinal = (month + 1) % 12; // 11 → 0, 12 → 1, 1 → 2, …, 10 → 11
            if (leap)
            {
                // The leap month repeats the number of the month before it.
                return LeapIndex != 0 && ordinal == LeapIndex - 1 ? LeapIndex : null;
            }

            return LeapIndex != 0 && ordinal >= LeapIndex ? ordinal + 1 : ordinal;
        }

        /// <summary>The first month after month 11 during which the sun enters no new 30° sector.</summary>
        private static int LeapIndexFrom(int month11)
        {
            // 13 months share 11 sector changes between the two solstice months, so one of the 12 after
            // month 11 has none: if it is not among the first 11, it is the 12th.
            var sector = SunSector(NewMoonDay(month11 + 1));
            for (var index = 1; index < 12; index++)
            {
                var next = SunSector(NewMoonDay(month11 + index + 1));
                if (next == sector)
                {
                    return index;
                }

                sector = next;
            }

            return 12;
        }
    }
}
