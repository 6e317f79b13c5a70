using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Domain.Reports;

/// <summary>
/// One dossier a desk received: the authority it was received for (named at receipt, whatever later hand-overs did),
/// the clerk who received it, when known, and its channel.
/// </summary>
public sealed record CentreReceipt(string AuthorityCode, string? ReceivedBy, Channel Channel);

/// <summary>A line of a centre's workload: how many it received, of which for another authority, by channel.</summary>
public sealed record WorkloadLine(string? Key, long Received, long ForOthers, long Online, long Direct, long Postal);

/// <summary>
/// What a receiving desk (a service centre, or an authority's own one-stop desk) received over a range, and how much
/// of it for other authorities — the "hồ sơ tiếp nhận phi địa giới" a centre accounts for. Counted where received,
/// unlike the period report, which counts where resolved.
/// </summary>
/// <param name="ByAuthority">A line per authority received for, the desk's own included; most received first.</param>
/// <param name="ByClerk">A line per receiving clerk (<c>null</c>: not recorded, as in older imports); most received first.</param>
public sealed record CentreWorkload(
    string CentreCode, long Received, long ForOthers, IReadOnlyList<WorkloadLine> ByAuthority, IReadOnlyList<WorkloadLine> ByClerk)
{
    /// <summary>Received for another authority than the receiving desk's own.</summary>
    public static bool IsForAnother(string centreCode, string authorityCode) => authorityCode != centreCode;

    public static CentreWorkload Of(string centreCode, IReadOnlyCollection<CentreReceipt> receipts) => new(
        centreCode,
        receipts.Count,
        receipts.Count(r => IsForAnother(centreCode, r.AuthorityCode)),
        Lines(centreCode, receipts, r => r.AuthorityCode),
        Lines(centreCode, receipts, r => r.ReceivedBy));

    private static List<WorkloadLine> Lines(string centreCode, IEnumerable<CentreReceipt> receipts, Func<CentreReceipt, string?> key) =>
    [
        .. receipts
            .GroupBy(key)
            .Select(g => new WorkloadLine(
                g.Key,
                g.LongCount(),
                g.LongCount(r => IsForAnother(centreCode, r.AuthorityCode)),
                g.LongCount(r => r.Channel == Channel.Online),
                g.LongCount(r => r.Channel == Channel.Direct),
                g.LongCount(r => r.Channel == Channel.Postal)))
            .OrderByDescending(l => l.Received)
            .ThenBy(l => l.Key, StringComparer.Ordinal),
    ];
}
