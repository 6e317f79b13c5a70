using System.Collections.Immutable;
using NodaTime;

namespace DossierLedger.Domain.Procedures;

/// <summary>
/// The procedures a desk can receive dossiers for, with every version of each. A dossier is governed
/// by the version in force when it was received (<see cref="FindAt"/>); publishing a later version
/// never changes what an earlier instant resolves to, so old dossiers keep their deadlines.
/// </summary>
/// <remarks>
/// One instance lives for the whole process and grows as versions are published (<see cref="Publish"/>).
/// Readers see immutable snapshots, swapped atomically: safe to read from any thread while a version
/// is being published.
/// </remarks>
public sealed class ProcedureCatalogue
{
    /// <summary>When the shipped definitions (version 1) take effect: 2000-01-01 00:00 in Vietnam (UTC+7).</summary>
    public static readonly Instant ShippedEffectiveFrom = Instant.FromUtc(1999, 12, 31, 17, 0);

    private static readonly Comparer<ProcedureVersion> ByFieldAndCode = Comparer<ProcedureVersion>.Create((a, b) =>
    {
        var byField = string.CompareOrdinal(a.Procedure.FieldCode, b.Procedure.FieldCode);
        return byField != 0 ? byField : string.CompareOrdinal(a.Code, b.Code);
    });

    private readonly Lock _publishing = new();
    private volatile Snapshot _snapshot;

    /// <summary>A catalogue whose procedures each have one version, in force from <see cref="ShippedEffectiveFrom"/>.</summary>
    public ProcedureCatalogue(IEnumerable<Procedure> procedures)
        : this(procedures.Select(p => new ProcedureVersion(p, 1, ShippedEffectiveFrom)))
    {
    }

    /// <summary>A catalogue of the given versions; each code's must be numbered 1, 2, 3… with increasing effective instants.</summary>
    public ProcedureCatalogue(IEnumerable<ProcedureVersion> versions)
    {
        var byCode = new Dictionary<string, ImmutableArray<ProcedureVersion>>(StringComparer.Ordinal);
        foreach (var group in versions.GroupBy(v => v.Code, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(v => v.Version).ToImmutableArray();
            for (var i = 0; i < ordered.Length; i++)
            {
                if (ordered[i].Version != i + 1)
                {
                    throw new ArgumentException(
                        $"Procedure code {group.Key} has versions {string.Join(", ", ordered.Select(v => v.Version))}: they must be numbered 1, 2, 3… once each.",
                        nameof(versions));
                }

                if (i > 0 && ordered[i].EffectiveFrom <= ordered[i - 1].EffectiveFrom)
                {
                    throw new ArgumentException(
                        $"Version {ordered[i].Version} of procedure {group.Key} does not take effect after version {i}.", nameof(versions));
                }
            }

            byCode[group.Key] = ordered;
        }

        _snapshot = new Snapshot(byCode);
    }

    /// <summary>The latest version of every procedure, ordered by field and code.</summary>
    public IReadOnlyList<Procedure> All => _snapshot.Latest;

    /// <summary>The latest version of every procedure with its version number, ordered by field and code.</summary>
    public IReadOnlyList<ProcedureVersion> LatestVersions => _snapshot.LatestVersions;

    /// <summary>Every version of every procedure, ordered by field, code and version.</summary>
    public IReadOnlyList<ProcedureVersion> AllVersions => _snapshot.AllVersions;

    /// <summary>The fields (lĩnh vực) procedures belong to: code → name.</summary>
    public IReadOnlyDictionary<string, string> Fields => _snapshot.Fields;

    /// <summary>The procedure's latest version, whatever its effective instant; null for an unknown code.</summary>
    public Procedure? Find(string code) => LatestVersion(code)?.Procedure;

    /// <summary>
    /// The procedure as it was in force at <paramref name="at"/> (e.g. a dossier's receipt); null for an
    /// unknown code or an instant before its first version.
    /// </summary>
    public Procedure? FindAt(string code, Instant at) => VersionAt(code, at)?.Procedure;

    /// <summary>The procedure's latest version; null for an unknown code.</summary>
    public ProcedureVersion? LatestVersion(string code) =>
        _snapshot.ByCode.TryGetValue(code, out var versions) ? versions[^1] : null;

    /// <summary>The version in force at <paramref name="at"/>: the last one whose effective instant is not after it.</summary>
    public ProcedureVersion? VersionAt(string code, Instant at) =>
        _snapshot.ByCode.TryGetValue(code, out var versions) ? InForceAt(versions, at) : null;

    /// <summary>The versions in force at <paramref name="at"/>, one per procedure that existed then, ordered by field and code.</summary>
    public IReadOnlyList<ProcedureVersion> VersionsAt(Instant at) =>
        [.. _snapshot.ByCode.Values.Select(versions => InForceAt(versions, at)).OfType<ProcedureVersion>().OrderBy(v => v, ByFieldAndCode)];

    /// <summary>Every version of the procedure, oldest first; empty for an unknown code.</summary>
    public IReadOnlyList<ProcedureVersion> Versions(string code) =>
        _snapshot.ByCode.TryGetValue(code, out var versions) ? versions : [];

    /// <summary>
    /// The version publishing <paramref name="procedure"/> from <paramref name="effectiveFrom"/> would make:
    /// the next number of its code (1 for a new code), provided it takes effect after the latest version.
    /// Changes nothing; see <see cref="Publish"/>.
    /// </summary>
    public ProcedureVersionDecision Propose(Procedure procedure, Instant effectiveFrom)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var latest = LatestVersion(procedure.Code);
        if (latest is not null && effectiveFrom <= latest.EffectiveFrom)
        {
            return new ProcedureVersionDecision(null, new ProcedureRuleViolation(
                ProcedureRules.EffectiveFromNotAfterLatest,
                $"Version {latest.Version} of procedure {procedure.Code} takes effect at {latest.EffectiveFrom}; a new version must take effect after it."));
        }

        return new ProcedureVersionDecision(new ProcedureVersion(procedure, (latest?.Version ?? 0) + 1, effectiveFrom), null);
    }

    /// <summary>
    /// Adds a version: it must be the next number of its code and take effect after the latest version.
    /// Dossiers received before its effective instant still resolve to the versions they were received under.
    /// Publishing a version the catalogue already holds, identical, changes nothing and returns false.
    /// </summary>
    /// <exception cref="InvalidOperationException">The version is not the code's next one, or differs from the one held under its number.</exception>
    public bool Publish(ProcedureVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        lock (_publishing)
        {
            var snapshot = _snapshot;
            var versions = snapshot.ByCode.TryGetValue(version.Code, out var known) ? known : [];
            if (version.Version >= 1 && version.Version <= versions.Length)
            {
                if (versions[version.Version - 1] != version)
                {
                    throw new InvalidOperationException(
                        $"Procedure {version.Code} already has a different version {version.Version}; a published version never changes.");
                }

                return false;
            }

            var latest = versions.IsEmpty ? null : versions[^1];
            if (version.Version != (latest?.Version ?? 0) + 1)
            {
                throw new InvalidOperationException(
                    $"Procedure {version.Code} is at version {latest?.Version ?? 0}; version {version.Version} cannot be published next.");
            }

            if (latest is not null && version.EffectiveFrom <= latest.EffectiveFrom)
            {
                throw new InvalidOperationException(
                    $"Version {version.Version} of procedure {version.Code} must take effect after version {latest.Version} ({latest.EffectiveFrom}).");
            }

            var byCode = new Dictionary<string, ImmutableArray<ProcedureVersion>>(snapshot.ByCode, StringComparer.Ordinal)
            {
                [version.Code] = versions.Add(version),
            };
            _snapshot = new Snapshot(byCode);
            return true;
        }
    }

    private static ProcedureVersion? InForceAt(ImmutableArray<ProcedureVersion> versions, Instant at)
    {
        for (var i = versions.Length - 1; i >= 0; i--)
        {
            if (versions[i].EffectiveFrom <= at)
            {
                return versions[i];
            }
        }

        return null;
    }

    /// <summary>An immutable state of the catalogue, with the lists readers ask for computed once.</summary>
    private sealed class Snapshot
    {
        public Snapshot(Dictionary<string, ImmutableArray<ProcedureVersion>> byCode)
        {
            ByCode = byCode;
            LatestVersions = [.. byCode.Values.Select(v => v[^1]).OrderBy(v => v, ByFieldAndCode)];
            Latest = [.. LatestVersions.Select(v => v.Procedure)];
            AllVersions = [.. LatestVersions.SelectMany(v => byCode[v.Code])];
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var version in AllVersions)
            {
                fields[version.Procedure.FieldCode] = version.Procedure.FieldName;
            }

            Fields = fields;
        }

        public IReadOnlyDictionary<string, ImmutableArray<ProcedureVersion>> ByCode { get; }

        public IReadOnlyList<ProcedureVersion> LatestVersions { get; }

        public IReadOnlyList<Procedure> Latest { get; }

        public IReadOnlyList<ProcedureVersion> AllVersions { get; }

        public IReadOnlyDictionary<string, string> Fields { get; }
    }
}
