using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;

namespace DossierLedger.Domain.Tests.Reports;

public sealed class CentreWorkloadTests
{
    [Fact]
    public void A_desk_counts_its_own_receipts_apart_from_those_for_other_authorities_by_authority_and_by_clerk()
    {
        CentreReceipt[] receipts =
        [
            new("A", "mai", Channel.Direct),
            new("A", "mai", Channel.Online),
            new("B", "mai", Channel.Direct),
            new("S", "lan", Channel.Postal),
            new("B", null, Channel.Online),
        ];

        var workload = CentreWorkload.Of("A", receipts);

        (workload.Received, workload.ForOthers).ShouldBe((5, 3));
        workload.ByAuthority.ShouldBe(
        [
            new WorkloadLine("A", 2, 0, 1, 1, 0),
            new WorkloadLine("B", 2, 2, 1, 1, 0),
            new WorkloadLine("S", 1, 1, 0, 0, 1),
        ]);
        workload.ByClerk.ShouldBe(
        [
            new WorkloadLine("mai", 3, 1, 1, 2, 0),
            new WorkloadLine(null, 1, 1, 1, 0, 0),
            new WorkloadLine("lan", 1, 1, 0, 0, 1),
        ]);
    }

    [Fact]
    public void An_empty_range_has_no_lines()
    {
        var workload = CentreWorkload.Of("T", []);

        (workload.Received, workload.ForOthers, workload.ByAuthority.Count, workload.ByClerk.Count).ShouldBe((0, 0, 0, 0));
    }
}
