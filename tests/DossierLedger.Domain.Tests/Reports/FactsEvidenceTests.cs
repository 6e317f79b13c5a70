using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>Which events set the facts of each part of a dossier: what an auditor follows from a figure down to the log.</summary>
public class FactsEvidenceTests
{
    private static readonly DossierDecider Decider = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
    private static readonly Instant Later = Instant.FromUtc(2030, 1, 1, 0, 0);

    [Fact]
    public void Each_part_names_the_events_that_set_its_facts()
    {
        var events = new List<IDossierEvent>();
        Dossier? dossier = null;
        foreach (var command in new DossierCommand[]
        {
            new ReceiveDossier(Guid.NewGuid(), "R-1", "A", ThreeWorkingDays, Channel.Online, At("2025-03-10T09:00"), null),
            new AssignDossier(At("2025-03-10T10:00"), "Thẩm định", null),
            new RequestSupplement(At("2025-03-11T09:00"), "giấy tờ"),
            new ReceiveSupplement(At("2025-03-12T09:00")),
            new HandOverDossier(At("2025-03-13T09:00"), "B", "chuyển", null, UnitRegistry.Empty),
            new ResolveDossier(At("2025-03-14T09:00")),
        })
        {
            var decided = Decider.Decide(dossier, command, Later).Events;
            events.AddRange(decided);
            dossier = decided.Aggregate(dossier, Dossier.Next);
        }

        var zone = WorkingTimeCalendar.Vietnam.Zone;
        var first = FactsEvidence.Of(events, 0, zone);
        var second = FactsEvidence.Of(events, 1, zone);

        first.Count.ShouldBe(events.Count);
        first[0].ShouldContain("receivedOn");
        first[0].ShouldContain("overdueOn");
        first[1].ShouldBeEmpty(); // an assignment says nothing a report reads
        first[2].ShouldContain("overdueOn"); // paused: no due while it waits
        first[3].ShouldContain("overdueOn"); // resumed: the due moved
        first[4].ShouldBe(["closedOn", "closure", "handedOverTo", "untilVersion"], ignoreOrder: true);
        first[5].ShouldNotContain("closedOn"); // B's resolution does not close A's part again
        first[5].ShouldNotContain("timeliness");
        second.Take(4).ShouldAllBe(changed => changed.Count == 0);
        second[4].ShouldContain("receivedOn");
        second[4].ShouldContain("handedInFrom");
        second[5].ShouldContain("closedOn");
        second[5].ShouldContain("timeliness");
    }
}
