using DossierLedger.Api.Reports;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.NationalPortal;
using DossierLedger.Domain.Reports;
using Marten;
using NodaTime;

namespace DossierLedger.Api.NationalPortal;

/// <summary>The dossiers of one unit, field and procedure that had to be synchronised, and how many are.</summary>
public sealed record SyncCount(string UnitCode, string FieldCode, string ProcedureCode, long Synchronised, long ToSynchronise);

/// <summary>QĐ 766 1.4's counts of a range, by unit, field and procedure, summed for any group of a report.</summary>
public sealed class SyncCounts(IReadOnlyList<SyncCount> counts)
{
    /// <summary>
    /// 1.4 of a report's group: the counts of its field and procedure (null: any) and, in a segmented report, of the
    /// units of its segment.
    /// </summary>
    public Ratio Of(string? fieldCode, string? procedureCode, int? segment, UnitSegments? segments)
    {
        var counted = counts.Where(c => (fieldCode is null || c.FieldCode == fieldCode)
            && (procedureCode is null || c.ProcedureCode == procedureCode)
            && (segment is null || segments is null || segments.SegmentOf.GetValueOrDefault(c.UnitCode, segments.Other) == segment))
            .ToList();
        return new Ratio(counted.Sum(c => c.Synchronised), counted.Sum(c => c.ToSynchronise));
    }
}

/// <summary>What 1.4 reads of a dossier: who counts it, and the versions the portal must have accepted.</summary>
public sealed record SyncSubject(Guid Id, string UnitCode, string FieldCode, string ProcedureCode, long RecordVersion, long HistoryVersion, bool Voided);

/// <summary>
/// QĐ 766 indicator 1.4 (tỷ lệ đồng bộ): of the dossiers received or refused at intake in a range by the units counted
/// (voided ones aside), how many the national portal is up to date with now (<see cref="PortalKnowledge.IsSynchronised"/>:
/// their record as it stands and every history step). Nothing when the feed is off: the ledger then cannot know.
/// It reads a few numbers of each dossier of the range and its delivery state, so its cost grows with the dossiers of the
/// range (the demo commune's 15,030: see docs/performance.md).
/// </summary>
public sealed class SyncRateQuery(IDocumentStore store, NationalPortalSettings settings)
{
    private const int Page = 2000;

    /// <param name="units">The units whose dossiers count; null for every unit.</param>
    public async Task<SyncCounts?> CountAsync(IReadOnlySet<string>? units, LocalDate from, LocalDate to, CancellationToken cancellation)
    {
        if (!settings.Enabled)
        {
            return null;
        }

        await using var session = store.QuerySession();
        var dossiers = (await PortalCohort.Of(session, units, from, to)
            .Select(d => new SyncSubject(d.Id, d.UnitCode, d.FieldCode, d.ProcedureCode, d.RecordVersion, d.HistoryVersion, d.Voided))
            .ToListAsync(cancellation))
            .Where(d => PortalRecord.MustBeSynchronised(d.Voided))
            .ToList();
        var counts = new Dictionary<(string Unit, string Field, string Procedure), (long Synchronised, long All)>();
        foreach (var page in dossiers.Chunk(Page))
        {
            var known = (await session.LoadManyAsync<PortalKnowledge>(cancellation, page.Select(d => PortalKnowledge.StreamIdOf(d.Id))))
                .ToDictionary(k => k.DossierId);
            foreach (var dossier in page)
            {
                var synchronised = known.GetValueOrDefault(dossier.Id)?.IsSynchronised(dossier.RecordVersion, dossier.HistoryVersion) ?? false;
                var key = (dossier.UnitCode, dossier.FieldCode, dossier.ProcedureCode);
                var (n, all) = counts.GetValueOrDefault(key);
                counts[key] = (n + (synchronised ? 1 : 0), all + 1);
            }
        }

        return new SyncCounts([.. counts.Select(c => new SyncCount(c.Key.Unit, c.Key.Field, c.Key.Procedure, c.Value.Synchronised, c.Value.All))]);
    }
}

/// <summary>
/// The dossiers of a range the portal must be told of: those the units received (or refused at intake) in it. QĐ 766 1.4
/// judges them, and the backfill sends them, so a backfill of a range brings its 1.4 to 100 %.
/// </summary>
public static class PortalCohort
{
    /// <param name="units">The units whose dossiers count; null for every unit.</param>
    public static IQueryable<Dossier> Of(IQuerySession session, IReadOnlySet<string>? units, LocalDate from, LocalDate to)
    {
        IQueryable<Dossier> query = session.Query<Dossier>();
        if (units is not null)
        {
            var codes = units.ToArray();
            query = query.Where(d => d.UnitCode.IsOneOf(codes));
        }

        return query.OnDates("receivedAt", from, to, VietnamTime.Zone);
    }
}
