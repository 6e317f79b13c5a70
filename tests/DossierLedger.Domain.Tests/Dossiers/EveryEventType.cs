using System.Reflection;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Units;
using NodaTime;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>
/// Every dossier event type the domain declares (<see cref="DossierEventTypes.All"/>, found by reflection), each with
/// a sample built from its constructor: what the tests that every part of the ledger handles every event run over.
/// </summary>
public static class EveryEventType
{
    public static readonly Instant At = Instant.FromUtc(2025, 3, 10, 1, 0);

    public static IReadOnlyList<Type> All => DossierEventTypes.All;

    /// <summary>The types as xUnit theory data.</summary>
    public static TheoryData<string> Names => new(All.Select(t => t.Name));

    public static Type Named(string name) => All.Single(t => t.Name == name);

    /// <summary>An event of the type for <paramref name="dossierId"/>, every other field a plain value of its type.</summary>
    public static IDossierEvent Sample(Type type, Guid dossierId)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters()
            .Select(p => p.Name == nameof(IDossierEvent.DossierId) ? dossierId : ValueOf(p))
            .ToArray();
        return (IDossierEvent)constructor.Invoke(arguments);
    }

    private static object? ValueOf(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type switch
        {
            _ when type == typeof(string) => parameter.Name,
            _ when type == typeof(IReadOnlyList<string>) => new[] { parameter.Name! },
            _ when type == typeof(Instant) => At.Plus(Duration.FromHours(1)),
            _ when type == typeof(Guid) => Guid.NewGuid(),
            _ when type == typeof(int) => 1,
            _ when type == typeof(decimal) => 1_000m,
            _ when type == typeof(bool) => true,
            _ when type == typeof(Duration) => Duration.FromHours(8),
            _ when type.IsEnum => Enum.GetValues(type).GetValue(0),
            _ when type == typeof(Competence) => new Competence(UnitLevel.Commune),
            _ when type == typeof(ProcedureTraits) => new ProcedureTraits(TimeLimitUnit.WorkingDays, PaperResult: true, FeeBearing: true),
            _ when type == typeof(IReadOnlyList<string>) => new[] { parameter.Name! },
            _ when type == typeof(ProcedureDeadlines) => new ProcedureDeadlines(SupplementTimeLimit: new TimeLimit(5, TimeLimitUnit.WorkingDays)),
            _ => throw new NotSupportedException($"No sample value for {parameter.Name} ({type.Name}): teach {nameof(EveryEventType)} one."),
        };
    }
}
