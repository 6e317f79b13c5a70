using System.Globalization;
using DossierLedger.Api.Hosting;
using DossierLedger.Domain.Dossiers;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Http;

/// <summary>
/// Collects per-field errors while reading a request's raw values, so one response lists every
/// problem of the input. Request bodies carry text and the API parses it here: a bad value
/// becomes a field error naming the field, never an exception.
/// </summary>
public sealed class InputErrors
{
    /// <summary>Instants before this are typing mistakes, not dossiers (one-stop desks date from 2007).</summary>
    public static readonly NodaTime.Instant EarliestInstant = NodaTime.Instant.FromUtc(2000, 1, 1, 0, 0);

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public IResult ToResult() => Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    /// <summary>One line per problem, <c>field: message</c>, for a command line.</summary>
    public override string ToString() => string.Join('\n', _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));

    public string? Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
            return null;
        }

        return Optional(field, value, maxLength);
    }

    public string? Optional(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        value = value.Trim();
        if (value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
            return null;
        }

        if (value.Any(char.IsControl))
        {
            Add(field, "must not contain control characters.");
            return null;
        }

        return value.Length == 0 ? null : value;
    }

    /// <summary>A unit's or procedure's code: up to 32 letters, digits, '-', '_' and '.'.</summary>
    public string? Code(string field, string? value, bool required)
    {
        var code = required ? Required(field, value, 32) : Optional(field, value, 32);
        if (code is not null && !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            Add(field, "may contain only letters, digits, '-', '_' and '.'.");
            return null;
        }

        return code;
    }

    /// <summary>
    /// An ISO-8601 instant with an explicit offset, e.g. <c>2025-04-01T08:15:00+07:00</c>; null when the value is absent.
    /// An empty value is an error, not "absent": a client that sent the field meant some instant, and guessing now
    /// would record the wrong one.
    /// </summary>
    public NodaTime.Instant? Instant(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "must not be empty: an ISO-8601 date and time with an offset, or leave the field out.");
            return null;
        }

        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(value.Trim());
        if (!parsed.Success)
        {
            Add(field, "must be an ISO-8601 date and time with an offset, e.g. 2025-04-01T08:15:00+07:00.");
            return null;
        }

        var instant = parsed.Value.ToInstant();
        if (instant < EarliestInstant)
        {
            Add(field, "must not be before 2000-01-01.");
            return null;
        }

        return instant;
    }

    public NodaTime.Instant? RequiredInstant(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
            return null;
        }

        return Instant(field, value);
    }

    /// <summary>A local date <c>yyyy-MM-dd</c>.</summary>
    public LocalDate? Date(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(value.Trim());
        if (!parsed.Success || parsed.Value.Year < 2000 || parsed.Value.Year > 2999)
        {
            Add(field, "must be a date yyyy-MM-dd between 2000 and 2999.");
            return null;
        }

        return parsed.Value;
    }

    /// <summary>One of the named values (case-insensitive); the error lists them.</summary>
    public T? Choice<T>(string field, string? value, IReadOnlyDictionary<string, T> choices, bool required)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return null;
        }

        foreach (var (name, choice) in choices)
        {
            if (string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        Add(field, $"must be one of: {string.Join(", ", choices.Keys)}.");
        return null;
    }

    /// <summary>
    /// One of <typeparamref name="TEnum"/>'s values by its name on the wire (<see cref="HostSetup.EnumNames"/>, the names
    /// the JSON enum converter writes), matched case-insensitively; the error lists them.
    /// </summary>
    public TEnum? Choice<TEnum>(string field, string? value, bool required)
        where TEnum : struct, Enum =>
        Choice(field, value, WireNames<TEnum>(), required);

    /// <summary>Each value of <typeparamref name="TEnum"/> by its wire name, in the order the enum declares them.</summary>
    public static IReadOnlyDictionary<string, TEnum> WireNames<TEnum>()
        where TEnum : struct, Enum => EnumWireNames<TEnum>.All;

    /// <summary>A fee or payment: whole đồng (<see cref="Dong"/>).</summary>
    public decimal? Amount(string field, decimal? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return null;
        }

        if (!Dong.IsAmount(value.Value))
        {
            Add(field, $"must be {Dong.Description}.");
            return null;
        }

        return value;
    }

    public long? Version(string field, long? value)
    {
        if (value is < 1)
        {
            Add(field, "must be a positive stream version.");
            return null;
        }

        return value;
    }

    public int Positive(string field, int? value, int fallback, int max)
    {
        if (value is null)
        {
            return fallback;
        }

        if (value < 1 || value > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {max}."));
            return fallback;
        }

        return value.Value;
    }

    private static class EnumWireNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly IReadOnlyDictionary<string, TEnum> All =
            Enum.GetValues<TEnum>().ToDictionary(v => HostSetup.EnumNames.ConvertName(v.ToString()), StringComparer.Ordinal);
    }
}
