using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The official per-year holiday schedules as editable data: a JSON document mapping each year to
/// its <see cref="YearSchedule"/>. The shipped copy is <c>official-schedules.json</c> next to this
/// file, embedded in the assembly.
/// </summary>
/// <remarks>
/// Format (every property of a year is optional; dates are ISO <c>yyyy-MM-dd</c>):
/// <code>
/// { "description": "free text",
///   "years": { "2025": { "source": "the official notice", "verify": false,
///                        "nationalDayAdjacentDay": "2025-09-01",
///                        "daysOff": ["2025-01-25", "2025-01-26"], "workingDays": ["2025-04-26"] } } }
/// </code>
/// <c>verify</c> is a flag for maintainers (the citation still has to be checked against the
/// official text); it is validated but not part of the schedule.
/// </remarks>
public static class OfficialSchedules
{
    private const string ResourceName = "DossierLedger.Domain.Calendar.official-schedules.json";

    /// <summary>The schedules shipped with the application (embedded <c>official-schedules.json</c>), keyed by year.</summary>
    public static IReadOnlyDictionary<int, YearSchedule> Shipped { get; } = Parse(ReadShipped());

    /// <summary>Reads schedules in the format described on <see cref="OfficialSchedules"/>.</summary>
    /// <returns>The schedules keyed by year.</returns>
    /// <exception cref="FormatException">The text is not JSON, or not in the format, or a schedule is not
    /// valid for its year; the message lists every problem with its location.</exception>
    public static IReadOnlyDictionary<int, YearSchedule> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The official schedules are not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var errors = new List<string>();
            var schedules = ReadRoot(document.RootElement, errors);
            return errors.Count == 0
                ? schedules.ToFrozenDictionary()
                : throw new FormatException($"The official schedules are invalid:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(error => $"- {error}"))}");
        }
    }

    private static Dictionary<int, YearSchedule> ReadRoot(JsonElement root, List<string> errors)
    {
        var schedules = new Dictionary<int, YearSchedule>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("The document must be an object with a \"years\" property.");
            return schedules;
        }

        var years = false;
        foreach (var property in Properties(root, "", errors))
        {
            switch (property.Name)
            {
                case "description":
                    ReadText(property.Value, property.Name, errors);
                    break;
                case "years" when property.Value.ValueKind == JsonValueKind.Object:
                    years = true;
                    foreach (var year in Properties(property.Value, "years", errors))
                    {
                        ReadYear(year, errors, schedules);
                    }

                    break;
                case "years":
                    years = true;
                    errors.Add("years: must be an object keyed by year.");
                    break;
                default:
                    errors.Add($"{property.Name}: unknown property; expected \"description\" or \"years\".");
                    break;
            }
        }

        if (!years)
        {
            errors.Add("The document has no \"years\" property.");
        }

        return schedules;
    }

    private static void ReadYear(JsonProperty property, List<string> errors, Dictionary<int, YearSchedule> schedules)
    {
        var path = $"years.{property.Name}";
        if (property.Name.Length != 4 || !int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            errors.Add($"{path}: the key must be a year of four digits.");
            return;
        }

        if (property.Value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object.");
            return;
        }

        var errorCount = errors.Count;
        var daysOff = new HashSet<LocalDate>();
        var workingDays = new HashSet<LocalDate>();
        LocalDate? adjacentDay = null;
        string? source = null;
        foreach (var field in Properties(property.Value, path, errors))
        {
            var at = $"{path}.{field.Name}";
            switch (field.Name)
            {
                case "daysOff":
                    ReadDates(field.Value, at, daysOff, errors);
                    break;
                case "workingDays":
                    ReadDates(field.Value, at, workingDays, errors);
                    break;
                case "nationalDayAdjacentDay" when field.Value.ValueKind != JsonValueKind.Null:
                    adjacentDay = ReadDate(field.Value, at, errors);
                    if (adjacentDay is not (null or { Month: 9, Day: 1 or 3 }))
                    {
                        errors.Add($"{at}: must be 1 or 3 September.");
                    }

                    break;
                case "nationalDayAdjacentDay":
                    break;
                case "source":
                    source = ReadText(field.Value, at, errors);
                    break;
                case "verify" when field.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False):
                    errors.Add($"{at}: must be true or false.");
                    break;
                case "verify":
                    break;
                default:
                    errors.Add($"{at}: unknown property; expected daysOff, workingDays, nationalDayAdjacentDay, source or verify.");
                    break;
            }
        }

        foreach (var date in daysOff.Intersect(workingDays).Order())
        {
            errors.Add($"{path}: {Iso(date)} is both in daysOff and in workingDays.");
        }

        if (errors.Count > errorCount)
        {
            return;
        }

        var schedule = new YearSchedule(daysOff, workingDays, adjacentDay, source);
        errors.AddRange(schedule.Validate(year).Select(problem => $"{path}: {problem}"));
        schedules[year] = schedule;
    }

    /// <summary>The properties of an object, reporting and skipping any name that appears a second time.</summary>
    private static IEnumerable<JsonProperty> Properties(JsonElement element, string path, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (seen.Add(property.Name))
            {
                yield return property;
            }
            else
            {
                errors.Add($"{(path.Length == 0 ? "" : path + ".")}{property.Name}: appears more than once.");
            }
        }
    }

    private static void ReadDates(JsonElement element, string path, HashSet<LocalDate> dates, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}: must be an array of dates (yyyy-MM-dd).");
            return;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (ReadDate(item, at, errors) is { } date && !dates.Add(date))
            {
                errors.Add($"{at}: {Iso(date)} is listed more than once.");
            }
        }
    }

    private static LocalDate? ReadDate(JsonElement element, string path, List<string> errors)
    {
        var result = element.ValueKind == JsonValueKind.String ? LocalDatePattern.Iso.Parse(element.GetString()!) : null;
        if (result is { Success: true })
        {
            return result.Value;
        }

        errors.Add($"{path}: {element.GetRawText()} is not a date (yyyy-MM-dd).");
        return null;
    }

    private static string? ReadText(JsonElement element, string path, List<string> errors)
    {
        if (element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString()))
        {
            return element.GetString();
        }

        errors.Add($"{path}: must be a non-empty string.");
        return null;
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string ReadShipped()
    {
        using var stream = typeof(OfficialSchedules).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
