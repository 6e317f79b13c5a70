using DossierLedger.Api.Http;
using DossierLedger.Domain.Calendar;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Calendar;

/// <summary>
/// A year of the working-time calendar: statutory holidays and the schedule on top, with where that schedule
/// comes from (<c>basis</c>: <c>announced</c>, <c>amended</c>, or <c>rule</c> when none is announced).
/// </summary>
public sealed record CalendarYearView(
    int Year,
    IReadOnlyList<PublicHoliday> PublicHolidays,
    IReadOnlyList<LocalDate> DaysOff,
    IReadOnlyList<LocalDate> WorkingDays,
    LocalDate? NationalDayAdjacentDay,
    string? Source,
    bool Amended,
    int WorkingDayCount,
    string Basis);

/// <summary>The body of an amendment: the whole official schedule of the year (it replaces the previous one).</summary>
public sealed record AmendCalendarYearRequest(
    IReadOnlyList<string?>? DaysOff, IReadOnlyList<string?>? WorkingDays, string? NationalDayAdjacentDay, string? Source);

/// <summary>Administrators read a year of the calendar and amend its official schedule (lịch nghỉ lễ, tết).</summary>
public static class CalendarEndpoints
{
    /// <summary>A year of the calendar: its statutory holidays and the official schedule in force.</summary>
    [ProducesResponseType<CalendarYearView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/admin/calendar/{year}")]
    public static IResult Get(int year, CalendarSchedules schedules) =>
        Supported(year) is { } problem ? problem : Results.Ok(View(year, schedules));

    /// <summary>Replaces the year's official schedule; it applies to dossiers received from now on.</summary>
    [ProducesResponseType<CalendarYearView>(StatusCodes.Status200OK)]
    [WolverinePut("/api/admin/calendar/{year}")]
    public static async Task<IResult> Amend(
        int year, AmendCalendarYearRequest request, CalendarSchedules schedules, IDocumentSession session, IClock clock,
        HttpContext http, ILogger<AmendCalendarYearRequest> logger, CancellationToken cancellation)
    {
        if (Supported(year) is { } unsupported)
        {
            return unsupported;
        }

        var errors = new InputErrors();
        if (request is null)
        {
            errors.Add("body", "must be a JSON object.");
            return errors.ToResult();
        }

        var daysOff = Dates(errors, "daysOff", request.DaysOff);
        var workingDays = Dates(errors, "workingDays", request.WorkingDays);
        var adjacent = errors.Date("nationalDayAdjacentDay", request.NationalDayAdjacentDay, required: false);
        var source = errors.Optional("source", request.Source, 1000);
        YearSchedule? schedule = null;
        if (!errors.Any)
        {
            try
            {
                schedule = new YearSchedule(daysOff.ToHashSet(), workingDays.ToHashSet(), adjacent, source);
                foreach (var problem in schedule.Validate(year))
                {
                    errors.Add("schedule", problem);
                }
            }
            catch (ArgumentException e)
            {
                errors.Add("schedule", e.Message.Split(" (Parameter")[0]);
            }
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var actor = RequestActor.Of(http);
        session.Store(new CalendarYearDocument(year, [.. daysOff.Order()], [.. workingDays.Order()], adjacent, source, actor.User, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(cancellation);
        schedules.Apply(year, schedule!);
        logger.LogInformation("Calendar {Year} amended: {DaysOff} days off, {WorkingDays} working days", year, daysOff.Count, workingDays.Count);
        return Results.Ok(View(year, schedules));
    }

    private static IResult? Supported(int year) =>
        year is < VietnameseLunarCalendar.MinYear or > VietnameseLunarCalendar.MaxYear
            ? Problems.Validation(new Dictionary<string, string[]>
            {
                ["year"] = [$"must be between {VietnameseLunarCalendar.MinYear} and {VietnameseLunarCalendar.MaxYear}."],
            })
            : null;

    private static List<LocalDate> Dates(InputErrors errors, string field, IReadOnlyList<string?>? values)
    {
        var dates = new List<LocalDate>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (errors.Date($"{field}[{i}]", values![i], required: true) is { } date)
            {
                dates.Add(date);
            }
        }

        return dates;
    }

    private static CalendarYearView View(int year, CalendarSchedules schedules)
    {
        var schedule = schedules.ScheduleOf(year);
        var days = schedules.Current.Days;
        var start = new LocalDate(year, 1, 1);
        var workingDayCount = Enumerable.Range(0, start.Calendar.GetDaysInYear(year)).Count(d => days.IsWorkingDay(start.PlusDays(d)));
        return new CalendarYearView(
            year,
            PublicHolidays.For(year, schedule.NationalDayAdjacentDay),
            [.. schedule.DaysOff.Order()],
            [.. schedule.WorkingDays.Order()],
            schedule.NationalDayAdjacentDay,
            schedule.Source,
            schedules.IsAmended(year),
            workingDayCount,
            schedules.BasisOf(year));
    }
}
