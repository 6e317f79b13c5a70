using System.Collections.Concurrent;
using DossierLedger.Domain.Calendar;
using Marten;

namespace DossierLedger.Api.Calendar;

/// <summary>
/// The working-time calendar in force: statutory holidays, the shipped official schedules, and the years
/// amended by an administrator (stored in PostgreSQL, loaded at start-up). An amendment takes effect for the
/// next dossier received; dossiers already received keep the due date computed at their receipt.
/// </summary>
public sealed class CalendarSchedules(IDocumentStore store, UnitOfficeHours officeHours, ILogger<CalendarSchedules> logger) : IHostedService
{
    private readonly Lock _gate = new();
    private Dictionary<int, YearSchedule> _amended = [];
    private volatile WorkingTimeCalendar _current = WorkingTimeCalendar.Vietnam;
    private volatile ConcurrentDictionary<string, WorkingTimeCalendar> _byUnit = new(StringComparer.Ordinal);

    /// <summary>The calendar in force with the default office hours.</summary>
    public WorkingTimeCalendar Current => _current;

    /// <summary>The calendar in force for a unit: the same working days, the unit's own office hours.</summary>
    public WorkingTimeCalendar For(string? unitCode)
    {
        if (unitCode is null || officeHours.Of(unitCode) is not { } hours)
        {
            return _current;
        }

        var current = _current;
        return _byUnit.GetOrAdd(unitCode, _ => new WorkingTimeCalendar(current.Zone, hours, current.Days));
    }

    /// <summary>The schedule a year has now: its amendment, else the shipped one, else the one the law implies.</summary>
    public YearSchedule ScheduleOf(int year) =>
        _amended.GetValueOrDefault(year) ?? OfficialSchedules.Shipped.GetValueOrDefault(year) ?? RuleSchedule.For(year);

    public bool IsAmended(int year) => _amended.ContainsKey(year);

    /// <summary>Where the year's schedule comes from: <c>amended</c>, <c>announced</c> (shipped) or <c>rule</c>.</summary>
    public string BasisOf(int year) =>
        IsAmended(year) ? "amended" : OfficialSchedules.Shipped.ContainsKey(year) ? "announced" : "rule";

    /// <summary>Makes <paramref name="schedule"/> the year's schedule (already stored by the caller).</summary>
    public void Apply(int year, YearSchedule schedule)
    {
        lock (_gate)
        {
            var amended = new Dictionary<int, YearSchedule>(_amended) { [year] = schedule };
            var schedules = OfficialSchedules.Shipped.ToDictionary();
            foreach (var (key, value) in amended)
            {
                schedules[key] = value;
            }

            var vietnam = WorkingTimeCalendar.Vietnam;
            _current = new WorkingTimeCalendar(vietnam.Zone, vietnam.Hours, new WorkingDays(schedules));
            _byUnit = new ConcurrentDictionary<string, WorkingTimeCalendar>(StringComparer.Ordinal);
            _amended = amended;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var stored = await session.Query<CalendarYearDocument>().ToListAsync(cancellationToken);
        foreach (var year in stored)
        {
            Apply(year.Id, year.ToSchedule());
        }

        if (stored.Count > 0)
        {
            logger.LogInformation("Calendar: {Count} amended years loaded", stored.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
