using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>
/// Each event type is handled by the fold (a stream's first event starts a dossier, any other evolves one) and the
/// state it leaves has report facts, and it is a step of a national history (or a correction): a new event type that one of them does not know fails here, not in production.
/// </summary>
public class EveryEventTypeTests
{
    private static Dossier Received(Guid id) => Dossier.Start(EveryEventType.Sample(typeof(DossierReceived), id));

    [Fact]
    public void Event_types_are_found() => EveryEventType.All.Count.ShouldBeGreaterThanOrEqualTo(19);

    [Theory]
    [MemberData(nameof(EveryEventType.Names), MemberType = typeof(EveryEventType))]
    public void The_fold_and_the_report_facts_handle_it(string name)
    {
        var id = Guid.NewGuid();
        var e = EveryEventType.Sample(EveryEventType.Named(name), id);

        var state = Dossier.Opens(e) ? Dossier.Start(e) : Received(id).Evolve(e);

        state.Id.ShouldBe(id);
        Should.NotThrow(() => DossierFacts.Of(state, WorkingTimeCalendar.Vietnam.Zone));
    }

    [Theory]
    [MemberData(nameof(EveryEventType.Names), MemberType = typeof(EveryEventType))]
    public void A_stream_opens_with_a_receipt_or_a_refusal_only(string name)
    {
        var e = EveryEventType.Sample(EveryEventType.Named(name), Guid.NewGuid());
        if (Dossier.Opens(e))
        {
            Should.Throw<InvalidOperationException>(() => Received(e.DossierId).Evolve(e));
        }
        else
        {
            Should.Throw<ArgumentException>(() => Dossier.Start(e));
        }
    }

    [Theory]
    [MemberData(nameof(EveryEventType.Names), MemberType = typeof(EveryEventType))]
    public void It_is_a_national_step_unless_it_corrects_one(string name)
    {
        var e = EveryEventType.Sample(EveryEventType.Named(name), Guid.NewGuid());

        var step = NationalCodes.StepOf(e);

        if (e is ICorrection)
        {
            step.ShouldBeNull();
        }
        else
        {
            // A status code or an action name says it in a file: the status for the steps that set one, else the name.
            var status = step.ShouldNotBeNull().Status;
            (status is not null || NationalCodes.Actions.Values.Contains(step)).ShouldBeTrue();
        }
    }
}

/// <summary>Every status is placed by the switches over statuses: open or closed, its wire name, how it is counted.</summary>
public class EveryStatusTests
{
    public static TheoryData<DossierStatus> Statuses => new(Enum.GetValues<DossierStatus>());

    [Theory]
    [MemberData(nameof(Statuses))]
    public void It_is_open_or_closed_named_and_counted(DossierStatus status)
    {
        var received = Dossier.Start(EveryEventType.Sample(typeof(DossierReceived), Guid.NewGuid()));
        var closed = status.IsClosed();
        var dossier = received with { Status = status, ClosedAt = closed ? received.ReceivedAt.Plus(Duration.FromDays(1)) : null };

        status.ToApiName().ShouldNotBeNullOrEmpty();
        var facts = DossierFacts.Of(dossier, WorkingTimeCalendar.Vietnam.Zone);
        if (status == DossierStatus.Refused)
        {
            facts.ShouldBeEmpty(); // never counted
        }
        else
        {
            (facts.ShouldHaveSingleItem().Closure is not null).ShouldBe(closed);
        }
    }
}

/// <summary>
/// Every command decides one event type and every event type is decided by one command; the test kit's lifecycle commands
/// are every lifecycle command the domain declares, and the decider rules on each with the event it declares.
/// </summary>
public class EveryCommandTests
{
    [Fact]
    public void Every_command_decides_one_event_type_and_every_event_type_has_its_command()
    {
        DossierCommandTypes.All.Count.ShouldBeGreaterThanOrEqualTo(19);
        foreach (var command in DossierCommandTypes.All)
        {
            DossierCommandTypes.EventsOf(command).ShouldHaveSingleItem($"{command.Name} declares the event it decides (IDecides<TEvent>)");
        }

        var decided = DossierCommandTypes.All.SelectMany(DossierCommandTypes.EventsOf).ToList();
        foreach (var type in EveryEventType.All)
        {
            decided.Count(t => t == type).ShouldBe(1, $"{type.Name} is decided by one command: without one it is never written");
        }
    }

    [Fact]
    public void The_kit_holds_every_lifecycle_command_and_the_decider_knows_each()
    {
        var declared = DossierCommandTypes.All.Where(t => t.IsAssignableTo(typeof(DossierChange)));
        var kit = LifecycleTestKit.LifecycleCommands(EveryEventType.At.Plus(Duration.FromHours(1)));

        kit.Select(c => c.Command.GetType()).ShouldBe(declared, ignoreOrder: true);
        var received = Dossier.Start(EveryEventType.Sample(typeof(DossierReceived), Guid.NewGuid()));
        var decider = new DossierDecider(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
        foreach (var (name, command) in kit)
        {
            var decision = decider.Decide(received, command, EveryEventType.At.Plus(Duration.FromDays(30)));
            decision.Events.Select(e => e.GetType()).ShouldAllBe(t => DossierCommandTypes.EventsOf(command.GetType()).Contains(t), name);
        }
    }
}
