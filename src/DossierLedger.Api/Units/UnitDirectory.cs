using DossierLedger.Api.Http;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Units;
using Marten;
using NodaTime;

namespace DossierLedger.Api.Units;

/// <summary>
/// The administrative-unit registry as the API uses it: folded from the registry's event stream and kept in
/// memory. A process notices another's changes within <see cref="RecheckAfter"/> (one version lookup), its own at once.
/// </summary>
public sealed class UnitDirectory(IDocumentStore store, IClock clock, IConfiguration configuration)
{
    /// <summary>The one stream holding every registry change, in the order they were recorded.</summary>
    public static readonly Guid StreamId = new("5e6f0000-0000-4000-8000-000000756e69");

    private static readonly Duration RecheckAfter = Duration.FromSeconds(1);

    private volatile Snapshot? _snapshot;

    /// <summary>
    /// Whether a dossier may only be received for a registered unit (the default). Off, an unregistered code is a
    /// unit of its own with no parent, which suits a desk trying the ledger before loading its registry.
    /// </summary>
    public bool RequireRegistered { get; } = configuration.GetValue("Units:RequireRegistered", true);

    /// <summary>
    /// The one test of whether a request may name <paramref name="code"/> as a unit (a receipt's unit, a token's
    /// units): registered in <paramref name="registry"/>, or any code when <see cref="RequireRegistered"/> is off.
    /// An unknown code is an error under <paramref name="field"/>.
    /// </summary>
    public void CheckKnown(InputErrors errors, UnitRegistry registry, string field, string code)
    {
        if (RequireRegistered && registry.Find(code) is null)
        {
            errors.Add(field, $"'{code}' is not a registered administrative unit (GET /api/units).");
        }
    }

    public async Task<UnitRegistry> CurrentAsync(CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        if (_snapshot is { } known && now - known.CheckedAt < RecheckAfter)
        {
            return known.Registry;
        }

        var version = await VersionAsync(cancellation);
        if (_snapshot is { } cached && cached.Version == version)
        {
            _snapshot = cached with { CheckedAt = now };
            return cached.Registry;
        }

        var (registry, loadedVersion) = await LoadAsync(null, cancellation);
        _snapshot = new Snapshot(registry, loadedVersion, now);
        return registry;
    }

    /// <summary>The registry as it had been recorded by <paramref name="knownAt"/>: what a report then would have covered.</summary>
    public async Task<UnitRegistry> KnownAtAsync(Instant knownAt, CancellationToken cancellation) =>
        (await LoadAsync(knownAt, cancellation)).Registry;

    /// <summary>
    /// The units a report for <paramref name="unit"/> over <c>[from, to]</c> counts, by the registry in force (or as
    /// known at <paramref name="knownAt"/>); null for a report over every unit.
    /// </summary>
    public async Task<IReadOnlySet<string>?> CoverageAsync(string? unit, LocalDate from, LocalDate to, Instant? knownAt, CancellationToken cancellation)
    {
        if (unit is null)
        {
            return null;
        }

        var registry = knownAt is { } instant ? await KnownAtAsync(instant, cancellation) : await CurrentAsync(cancellation);
        return registry.Coverage(unit, from, to);
    }

    /// <summary>
    /// Checks <paramref name="changes"/> against the registry as <paramref name="session"/> reads it and, when every
    /// one passes and <paramref name="alongside"/> (given the registry after them) finds nothing wrong with what it adds
    /// to the session, appends them and commits. A concurrent batch makes the append's version check fail (a 409 over HTTP).
    /// </summary>
    public async Task<(UnitChangeOutcome Outcome, long Version)> RecordAsync(
        IDocumentSession session, IReadOnlyList<IUnitEvent> changes,
        Func<UnitRegistry, Task<(int Index, RuleViolation Violation)?>>? alongside, CancellationToken cancellation)
    {
        var recorded = await session.Events.FetchStreamAsync(StreamId, token: cancellation);
        var version = recorded.Count == 0 ? 0 : recorded[^1].Version;
        var before = UnitRegistry.Fold(recorded.Select(e => (IUnitEvent)e.Data));
        var outcome = before.Apply(changes);
        if (!outcome.Accepted)
        {
            return (outcome, version);
        }

        if (alongside is not null && await alongside(outcome.Registry) is var (index, violation))
        {
            return (new UnitChangeOutcome(before, index, violation), version);
        }

        session.Events.Append(StreamId, version + changes.Count, changes.Cast<object>().ToArray());
        await session.SaveChangesAsync(cancellation);
        _snapshot = null;
        return (outcome, version + changes.Count);
    }

    /// <summary>The recorded changes (optionally only those recorded by an instant) folded, with the stream's version.</summary>
    public async Task<(UnitRegistry Registry, long Version)> LoadAsync(Instant? knownAt, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamId, token: cancellation);
        var recorded = events.Where(e => knownAt is null || Instant.FromDateTimeOffset(e.Timestamp) <= knownAt).ToList();
        return (UnitRegistry.Fold(recorded.Select(e => (IUnitEvent)e.Data)), recorded.Count == 0 ? 0 : recorded[^1].Version);
    }

    private async Task<long> VersionAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(StreamId, cancellation))?.Version ?? 0;
    }

    private sealed record Snapshot(UnitRegistry Registry, long Version, Instant CheckedAt);
}
