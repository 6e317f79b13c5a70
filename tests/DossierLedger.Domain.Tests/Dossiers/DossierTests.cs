using DossierLedger.Domain.Dossiers;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Dossiers;

public class DossierTests
{
    private static readonly Instant ReceivedAt = At("2025-03-10T09:00");
    private static readonly Instant DueAt = At("2025-03-13T09:00");
    private static readonly Instant ClosedAt = At("2025-03-12T15:00");
    private static readonly Instant ReturnedAt = At("2025-03-13T08:00");

    private static readonly DossierReceived Receipt = Received(ReceivedAt, DueAt, Channel.Online);
    private static readonly DossierResolved Resolution = new(DossierId, ClosedAt, Timeliness.Early);
    private static readonly DossierWithdrawn Withdrawal = new(DossierId, ClosedAt, "Công dân xin rút");
    private static readonly DossierStopped Stop = new(DossierId, ClosedAt, "Thiếu giấy tờ");
    private static readonly ResultReturned Return = new(DossierId, ReturnedAt, ResultReturnMethod.Postal);

    private sealed record UnknownEvent(Guid DossierId, Instant OccurredAt) : IDossierEvent;

    [Fact]
    public void A_received_dossier_is_open_and_copies_its_receipt()
    {
        var dossier = Dossier.Fold([Receipt]);

        dossier.ShouldSatisfyAllConditions(
            () => dossier.Id.ShouldBe(DossierId),
            () => dossier.ReceiptNo.ShouldBe(Receipt.ReceiptNo),
            () => dossier.UnitCode.ShouldBe("UBND-XA-01"),
            () => dossier.ProcedureCode.ShouldBe("1.001234"),
            () => dossier.FieldCode.ShouldBe("CT"),
            () => dossier.Channel.ShouldBe(Channel.Online),
            () => dossier.ApplicantName.ShouldBe("Nguyễn Văn A"),
            () => dossier.ReceivedAt.ShouldBe(ReceivedAt),
            () => dossier.DueAt.ShouldBe(DueAt),
            () => dossier.Status.ShouldBe(DossierStatus.Received),
            () => dossier.Status.IsClosed().ShouldBeFalse(),
            () => dossier.ClosedAt.ShouldBeNull(),
            () => dossier.ResolvedAt.ShouldBeNull(),
            () => dossier.Timeliness.ShouldBeNull(),
            () => dossier.ResultReturnedAt.ShouldBeNull(),
            () => dossier.ClosingReason.ShouldBeNull(),
            () => dossier.Version.ShouldBe(1));
    }

    [Fact]
    public void Resolution_closes_the_dossier_with_its_timeliness()
    {
        var dossier = Dossier.Fold([Receipt, Resolution]);

        dossier.Status.ShouldBe(DossierStatus.Resolved);
        dossier.Status.IsClosed().ShouldBeTrue();
        dossier.ClosedAt.ShouldBe(ClosedAt);
        dossier.ResolvedAt.ShouldBe(ClosedAt);
        dossier.Timeliness.ShouldBe(Timeliness.Early);
        dossier.ClosingReason.ShouldBeNull();
        dossier.Version.ShouldBe(2);
    }

    [Fact]
    public void Withdrawal_closes_the_dossier_without_resolving_it()
    {
        var dossier = Dossier.Fold([Receipt, Withdrawal]);

        dossier.Status.ShouldBe(DossierStatus.Withdrawn);
        dossier.ClosedAt.ShouldBe(ClosedAt);
        dossier.ClosingReason.ShouldBe("Công dân xin rút");
        dossier.ResolvedAt.ShouldBeNull();
        dossier.Timeliness.ShouldBeNull();
        dossier.Version.ShouldBe(2);
    }

    [Fact]
    public void Stop_closes_the_dossier_without_resolving_it()
    {
        var dossier = Dossier.Fold([Receipt, Stop]);

        dossier.Status.ShouldBe(DossierStatus.Stopped);
        dossier.ClosedAt.ShouldBe(ClosedAt);
        dossier.ClosingReason.ShouldBe("Thiếu giấy tờ");
        dossier.ResolvedAt.ShouldBeNull();
        dossier.Timeliness.ShouldBeNull();
        dossier.Version.ShouldBe(2);
    }

    [Fact]
    public void Result_return_keeps_the_resolution_as_the_closing_instant()
    {
        var dossier = Dossier.Fold([Receipt, Resolution, Return]);

        dossier.Status.ShouldBe(DossierStatus.ResultReturned);
        dossier.Status.IsClosed().ShouldBeTrue();
        dossier.ClosedAt.ShouldBe(ClosedAt);
        dossier.ResolvedAt.ShouldBe(ClosedAt);
        dossier.Timeliness.ShouldBe(Timeliness.Early);
        dossier.ResultReturnedAt.ShouldBe(ReturnedAt);
        dossier.ResultReturnMethod.ShouldBe(ResultReturnMethod.Postal);
        dossier.Version.ShouldBe(3);
    }

    [Fact]
    public void Version_counts_the_folded_events()
    {
        IDossierEvent[] stream = [Receipt, Resolution, Return];

        for (var length = 1; length <= stream.Length; length++)
        {
            Dossier.Fold(stream.Take(length)).Version.ShouldBe(length);
        }
    }

    [Fact]
    public void Evolve_is_the_matching_On_plus_the_versions_and_latest_instant()
    {
        var open = Dossier.Start(Receipt);
        var resolved = open.On(Resolution);

        // Each of these is a step of the national history and changes the portal's record (its status).
        open.Evolve(Resolution).ShouldBe(open.On(Resolution) with { Version = 2, HistoryVersion = 2, RecordVersion = 2, LastEventAt = Resolution.OccurredAt });
        open.Evolve(Withdrawal).ShouldBe(open.On(Withdrawal) with { Version = 2, HistoryVersion = 2, RecordVersion = 2, LastEventAt = Withdrawal.OccurredAt });
        open.Evolve(Stop).ShouldBe(open.On(Stop) with { Version = 2, HistoryVersion = 2, RecordVersion = 2, LastEventAt = Stop.OccurredAt });
        resolved.Evolve(Return).ShouldBe(resolved.On(Return) with { Version = 2, HistoryVersion = 2, RecordVersion = 2, LastEventAt = Return.OccurredAt });
    }

    [Fact]
    public void Fold_is_Start_then_Evolve()
    {
        var byHand = Dossier.Start(Receipt).Evolve(Resolution).Evolve(Return);
        var folded = Dossier.Fold([Receipt, Resolution, Return]);

        folded.ShouldBe(byHand);
        folded.Version.ShouldBe(3);
    }

    [Fact]
    public void On_never_mutates_the_previous_state()
    {
        var open = Dossier.Start(Receipt);
        var snapshot = open with { };

        var resolved = open.On(Resolution);
        var withdrawn = open.On(Withdrawal);
        var stopped = open.On(Stop);
        var returned = resolved.On(Return);

        open.ShouldBe(snapshot);
        open.Status.ShouldBe(DossierStatus.Received);
        open.ClosedAt.ShouldBeNull();
        resolved.ShouldNotBeSameAs(open);
        resolved.Status.ShouldBe(DossierStatus.Resolved);
        resolved.ResultReturnedAt.ShouldBeNull();
        withdrawn.Status.ShouldBe(DossierStatus.Withdrawn);
        stopped.Status.ShouldBe(DossierStatus.Stopped);
        returned.Status.ShouldBe(DossierStatus.ResultReturned);
    }

    [Fact]
    public void Folding_a_longer_stream_leaves_the_state_of_its_prefix_alone()
    {
        IDossierEvent[] stream = [Receipt, Resolution];
        var prefix = Dossier.Fold(stream.Take(1));
        var snapshot = prefix with { };

        _ = Dossier.Fold(stream);
        _ = prefix.Evolve(Resolution);

        prefix.ShouldBe(snapshot);
        prefix.Version.ShouldBe(1);
    }

    [Fact]
    public void A_dossier_is_received_only_once()
    {
        Should.Throw<InvalidOperationException>(() => Dossier.Start(Receipt).Evolve(Receipt));
        Should.Throw<InvalidOperationException>(() => Dossier.Fold([Receipt, Receipt]));
    }

    [Fact]
    public void An_empty_stream_has_no_dossier() =>
        Should.Throw<ArgumentException>(() => Dossier.Fold([]));

    [Fact]
    public void An_unknown_event_is_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Dossier.Start(Receipt).Evolve(new UnknownEvent(DossierId, ClosedAt)));
}
