using System.Reflection;
using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>
/// Which events of a dossier's stream set the facts of one of its parts (<see cref="DossierFacts.Segment"/>): what put
/// the part in the figures it counts in (<see cref="FigureMembership"/>) — its receipt or the hand-over to its authority,
/// the pauses and resumptions that moved its due, its closing, the digitization or feedback behind its flags, and any
/// correction of them.
/// </summary>
public static class FactsEvidence
{
    /// <summary>The facts a report reads, by the name the API gives them.</summary>
    private static readonly (string Name, PropertyInfo Property, object? Default)[] Facts =
    [
        .. typeof(DossierFacts).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => (char.ToLowerInvariant(p.Name[0]) + p.Name[1..], p, p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null)),
    ];

    /// <summary>For each event of <paramref name="stream"/>, in order, the facts of part <paramref name="segment"/> it changed (none: empty).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Of(IEnumerable<IDossierEvent> stream, int segment, DateTimeZone zone)
    {
        var changes = new List<IReadOnlyList<string>>();
        Dossier? state = null;
        DossierFacts? before = null;
        foreach (var e in stream)
        {
            state = Dossier.Next(state, e);
            var parts = DossierFacts.Of(state, zone);
            var after = segment < parts.Count ? parts[segment] : null;
            changes.Add(Changed(before, after));
            before = after;
        }

        return changes;
    }

    /// <summary>The facts that differ; a part that starts (or ends) sets (or clears) those that are not blank.</summary>
    public static IReadOnlyList<string> Changed(DossierFacts? before, DossierFacts? after) =>
    [
        .. Facts
            .Where(f => !Equals(before is null ? f.Default : f.Property.GetValue(before), after is null ? f.Default : f.Property.GetValue(after)))
            .Select(f => f.Name),
    ];
}
