using DossierLedger.Domain.Calendar;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Calendar;

/// <summary>
/// Office hours of the units that keep other hours than the default 07:00–11:30 and 13:30–17:00, from the
/// configuration section <c>Calendar:OfficeHours:{unitCode}</c> with <c>MorningOpen</c>, <c>MorningClose</c>,
/// <c>AfternoonOpen</c> and <c>AfternoonClose</c> as <c>HH:mm</c>. Read once at start-up; a bad entry stops it.
/// </summary>
public sealed class UnitOfficeHours
{
    private readonly Dictionary<string, OfficeHours> _byUnit = new(StringComparer.Ordinal);

    public UnitOfficeHours(IConfiguration configuration)
    {
        foreach (var unit in configuration.GetSection("Calendar:OfficeHours").GetChildren())
        {
            LocalTime Time(string key) =>
                LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(unit[key] ?? "").GetValueOrThrow();
            try
            {
                _byUnit[unit.Key] = new OfficeHours(
                    Time("MorningOpen"), Time("MorningClose"), Time("AfternoonOpen"), Time("AfternoonClose"));
            }
            catch (Exception e) when (e is UnparsableValueException or ArgumentException)
            {
                throw new InvalidOperationException($"Calendar:OfficeHours:{unit.Key} is not valid: {e.Message}", e);
            }
        }
    }

    /// <summary>The unit's own office hours, or null when it keeps the default ones.</summary>
    public OfficeHours? Of(string unitCode) => _byUnit.GetValueOrDefault(unitCode);
}
