using System.Collections.Immutable;
using DossierLedger.Domain.Import;
using DossierLedger.Domain.NationalPortal;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// A dossier (hồ sơ) as its events leave it. Immutable: each event gives a new state, so the
/// same fold serves the write side (deciding), the read side (the dossier view) and time travel.
/// </summary>
/// <param name="DueAt">The effective due instant: the one at receipt, moved by every pause of the clock.</param>
public sealed record Dossier(
    Guid Id,
    string ReceiptNo,
    string UnitCode,
    string ProcedureCode,
    string FieldCode,
    Channel Channel,
    string? ApplicantName,
    Instant ReceivedAt,
    Instant DueAt,
    DossierStatus Status,
    Instant? ClosedAt = null,
    Instant? ResolvedAt = null,
    Timeliness? Timeliness = null,
    Instant? ResultReturnedAt = null,
    ResultReturnMethod? ResultReturnMethod = null,
    string? ClosingReason = null)
{
    /// <summary>The stream version: how many events made this state.</summary>
    public long Version { get; init; }

    /// <summary>
    /// Where it was received (nơi tiếp nhận): a service centre receiving for <see cref="UnitCode"/>, or the authority
    /// itself. Its office hours run the dossier's clock; the result may be handed back there.
    /// </summary>
    public string ReceivingUnitCode { get; init; } = UnitCode;

    /// <summary>The clerk who received it, when known.</summary>
    public string? ReceivedBy { get; init; }

    /// <summary>The documents received (thành phần hồ sơ), when the receipt listed them.</summary>
    public IReadOnlyList<string>? Components { get; init; }

    /// <summary>The secret on the receipt slip that opens the public lookup; null when the slip had none.</summary>
    public string? LookupSecret { get; init; }

    /// <summary>The procedure version's other deadline rules at receipt; null when it had none.</summary>
    public ProcedureDeadlines? Deadlines { get; init; }

    /// <summary>The latest supplement request's deadline (thời hạn bổ sung), when it had one.</summary>
    public Instant? SupplementDueAt { get; init; }

    /// <summary>When the current step is due (its assignee's personal deadline), when it has a deadline.</summary>
    public Instant? StepDueAt { get; init; }

    /// <summary>Who may resolve it, as the procedure version at receipt said; null when it did not say.</summary>
    public Competence? Competence { get; init; }

    /// <summary>What the QĐ 766 indicators need of the procedure version at receipt; null for receipts from before it was kept.</summary>
    public ProcedureTraits? Traits { get; init; }

    /// <summary>How long its resolution took, pauses excluded, in its procedure's unit (<see cref="DossierResolved.ProcessingTime"/>).</summary>
    public decimal? ProcessingTime { get; init; }

    /// <summary>
    /// The authority that holds it now (cơ quan đang giải quyết): <see cref="UnitCode"/>, the one named at receipt,
    /// until a hand-over gives it to another. Its queue shows the dossier, its clerks act on it, its reports count it.
    /// </summary>
    public string AuthorityCode { get; init; } = UnitCode;

    /// <summary>The authorities that held it before, each with the dossier as it stood when handed over, oldest first.</summary>
    public ImmutableList<HandOver> HandOvers { get; init; } = [];

    /// <summary>The due instant computed at receipt (ngày hẹn trả ban đầu), kept apart from the effective one.</summary>
    public Instant OriginalDueAt { get; init; }

    /// <summary>
    /// The version of its latest step in the national processing history (a step with a <see cref="NationalStepAttribute.History"/>
    /// title): the national portal is up to date with its history once it has every step to this one. 0 in a document
    /// projected before it was kept, until the projection is rebuilt.
    /// </summary>
    public long HistoryVersion { get; init; }

    /// <summary>
    /// The version of the latest event that changed what the national portal keeps of it (its <see cref="PortalRecord"/>):
    /// the portal is up to date with its record once it accepted the record of this version or a later one. 0 in a
    /// document projected before it was kept, until the projection is rebuilt.
    /// </summary>
    public long RecordVersion { get; init; }

    /// <summary>The business instant of the latest event: nothing may be recorded before it.</summary>
    public Instant LastEventAt { get; init; }

    /// <summary>When the clock stopped, while it is stopped.</summary>
    public Instant? PausedAt { get; init; }

    /// <summary>
    /// Working time that was left before the due instant when the clock stopped; null while paused means the
    /// dossier was already overdue then. Kept when a paused dossier is closed: its clock never ran out.
    /// </summary>
    public Duration? RemainingAtPause { get; init; }

    /// <summary>How many supplement requests were made (more than one counts as late under QĐ 766).</summary>
    public int SupplementRequests { get; init; }

    /// <summary>What the latest supplement request asked the applicant to bring; null when none was made.</summary>
    public string? SupplementItems { get; init; }

    public string? CurrentStep { get; init; }

    public string? Assignee { get; init; }

    /// <summary>The agency holding the dossier for joint processing (liên thông), while it is away.</summary>
    public string? TransferredTo { get; init; }

    /// <summary>The new appointment an apology gave; timeliness is still judged on <see cref="DueAt"/>.</summary>
    public Instant? ApologyAppointmentAt { get; init; }

    /// <summary>The apology drafted and not sent yet, approved or not.</summary>
    public ApologyDraft? PendingApology { get; init; }

    public decimal? FeeRequested { get; init; }

    public Instant? PaidAt { get; init; }

    public PaymentMethod? PaymentMethod { get; init; }

    public int ComponentsDigitized { get; init; }

    public bool ReusedData { get; init; }

    public bool ElectronicResult { get; init; }

    public FeedbackRating? Feedback { get; init; }

    /// <summary>Voided by a correction (entered twice, say): in no view or figure, and nothing more happens to it.</summary>
    public bool Voided { get; init; }

    public bool IsPaused => PausedAt is not null;

    /// <summary>Paused before its due instant: no due is known until the clock resumes.</summary>
    public bool IsPausedInTime => IsPaused && RemainingAtPause is not null;

    /// <summary>The state a receipt starts. (Named apart from Marten's Create/Apply conventions so the
    /// domain stays free of the event store; the store's projection calls <see cref="Evolve"/>.)</summary>
    public static Dossier Start(DossierReceived e) => new(
        e.DossierId, e.ReceiptNo, e.UnitCode, e.ProcedureCode, e.FieldCode, e.Channel, e.ApplicantName,
        e.OccurredAt, e.DueAt, DossierStatus.Received)
    {
        ReceivingUnitCode = e.ReceivingUnitCode ?? e.UnitCode,
        ReceivedBy = e.ReceivedBy,
        Competence = e.Competence,
        Traits = e.Traits,
        Components = e.Components,
        LookupSecret = e.LookupSecret,
        Deadlines = e.Deadlines,
        Version = 1,
        HistoryVersion = 1,
        RecordVersion = 1,
        OriginalDueAt = e.DueAt,
        LastEventAt = e.OccurredAt,
    };

    /// <summary>A refusal at intake also starts a stream: closed from the start, never received.</summary>
    public static Dossier Start(IntakeRefused e) => new(
        e.DossierId, e.ReceiptNo, e.UnitCode, e.ProcedureCode, e.FieldCode, e.Channel, e.ApplicantName,
        e.OccurredAt, e.OccurredAt, DossierStatus.Refused, ClosedAt: e.OccurredAt, ClosingReason: e.Reason)
    {
        ReceivingUnitCode = e.ReceivingUnitCode ?? e.UnitCode,
        ReceivedBy = e.ReceivedBy,
        Version = 1,
        HistoryVersion = 1,
        RecordVersion = 1,
        OriginalDueAt = e.OccurredAt,
        LastEventAt = e.OccurredAt,
    };

    public Dossier On(DossierResolved e) => this with
    {
        Status = DossierStatus.Resolved,
        ClosedAt = e.OccurredAt,
        ResolvedAt = e.OccurredAt,
        Timeliness = e.Timeliness,
        ProcessingTime = e.ProcessingTime,
    };

    public Dossier On(DossierWithdrawn e) => Close(DossierStatus.Withdrawn, e.OccurredAt, e.Reason);

    public Dossier On(DossierStopped e) => Close(DossierStatus.Stopped, e.OccurredAt, e.Reason);

    public Dossier On(ResultReturned e) => this with
    {
        Status = DossierStatus.ResultReturned,
        ResultReturnedAt = e.OccurredAt,
        ResultReturnMethod = e.Method,
    };

    public Dossier On(DossierAssigned e) => this with
    {
        Status = DossierStatus.InProcess,
        CurrentStep = e.Step,
        Assignee = e.Assignee,
        StepDueAt = e.StepDueAt,
    };

    public Dossier On(SupplementRequested e) => this with
    {
        Status = DossierStatus.AwaitingSupplement,
        PausedAt = e.OccurredAt,
        RemainingAtPause = e.RemainingWorkingTime,
        SupplementRequests = SupplementRequests + 1,
        SupplementDueAt = e.RespondBy,
        SupplementItems = e.Items,
    };

    public Dossier On(SupplementReceived e) => Resume(e.NewDueAt) with { StepDueAt = e.NewStepDueAt ?? StepDueAt };

    public Dossier On(PaymentRequested e) => this with
    {
        Status = DossierStatus.AwaitingPayment,
        FeeRequested = e.Amount,
        PausedAt = e.PausesClock ? e.OccurredAt : null,
        RemainingAtPause = e.PausesClock ? e.RemainingWorkingTime : null,
    };

    public Dossier On(PaymentReceived e) => (e.NewDueAt is { } newDue ? Resume(newDue) : this with { Status = DossierStatus.InProcess }) with
    {
        PaidAt = e.OccurredAt,
        PaymentMethod = e.Method,
        StepDueAt = e.NewStepDueAt ?? StepDueAt,
    };

    /// <summary>The authority changes; the clock, the status and everything else carry over.</summary>
    public Dossier On(DossierHandedOver e) => this with
    {
        AuthorityCode = e.ToUnitCode,
        HandOvers = HandOvers.Add(new HandOver(e.OccurredAt, e.ToUnitCode, e.Reason, Version + 1, this with { HandOvers = [] })),
    };

    public Dossier On(DossierTransferred e) => this with { Status = DossierStatus.InProcess, TransferredTo = e.Agency };

    public Dossier On(TransferReturned e) => this with { TransferredTo = null };

    public Dossier On(ApologyIssued e) => this with { ApologyAppointmentAt = e.NewAppointmentAt, PendingApology = null };

    public Dossier On(ApologyDrafted e) => this with { PendingApology = new ApologyDraft(e.NewAppointmentAt, e.Reason, Approved: false) };

    /// <summary>The decider approves only a pending draft; a fold of an approval without one (a corrupt stream) keeps none.</summary>
    public Dossier On(ApologyApproved e) => this with { PendingApology = PendingApology is { } draft ? draft with { Approved = true } : null };

    /// <summary>Digitization adds up: a later record never un-digitizes what an earlier one did.</summary>
    public Dossier On(DossierDigitized e) => this with
    {
        ComponentsDigitized = Math.Max(ComponentsDigitized, e.ComponentsDigitized),
        ReusedData = ReusedData || e.ReusedData,
        ElectronicResult = ElectronicResult || e.ElectronicResult,
    };

    public Dossier On(FeedbackGiven e) => this with { Feedback = e.Rating };

    /// <summary>The channel of the receipt, for every authority that held the dossier.</summary>
    public Dossier On(ChannelCorrected e) => this with
    {
        Channel = e.Channel,
        HandOvers = [.. HandOvers.Select(h => h with { AsHandedOver = h.AsHandedOver with { Channel = e.Channel } })],
    };

    public Dossier On(ResolutionCorrected e) =>
        this with { ResolvedAt = e.ResolvedAt, ClosedAt = e.ResolvedAt, Timeliness = e.Timeliness, ProcessingTime = e.ProcessingTime };

    public Dossier On(DossierVoided e) => this with { Voided = true };

    private Dossier Close(DossierStatus status, Instant at, string? reason) => this with
    {
        Status = status,
        ClosedAt = at,
        ClosingReason = reason,
    };

    private Dossier Resume(Instant newDue) => this with
    {
        Status = DossierStatus.InProcess,
        DueAt = newDue,
        PausedAt = null,
        RemainingAtPause = null,
    };

    /// <summary>Folds one more event of this dossier's stream.</summary>
    public Dossier Evolve(IDossierEvent e)
    {
        var after = Changed(e);
        return PortalRecord.Of(after).SameAs(PortalRecord.Of(this)) ? after : after with { RecordVersion = after.Version };
    }

    /// <summary>
    /// The event's own change, the version and the instants; <see cref="Evolve"/> adds the record version. (Not named
    /// Apply: Marten would read that as a conventional projection method.)
    /// </summary>
    private Dossier Changed(IDossierEvent e) => (e switch
    {
        DossierResolved resolved => On(resolved),
        DossierWithdrawn withdrawn => On(withdrawn),
        DossierStopped stopped => On(stopped),
        ResultReturned returned => On(returned),
        DossierAssigned assigned => On(assigned),
        SupplementRequested requested => On(requested),
        SupplementReceived supplied => On(supplied),
        PaymentRequested requested => On(requested),
        PaymentReceived paid => On(paid),
        DossierHandedOver handedOver => On(handedOver),
        DossierTransferred transferred => On(transferred),
        TransferReturned returned => On(returned),
        ApologyIssued apology => On(apology),
        ApologyDrafted drafted => On(drafted),
        ApologyApproved approved => On(approved),
        DossierDigitized digitized => On(digitized),
        FeedbackGiven feedback => On(feedback),
        ChannelCorrected corrected => On(corrected),
        ResolutionCorrected corrected => On(corrected),
        DossierVoided voided => On(voided),
        DossierReceived or IntakeRefused => throw new InvalidOperationException("A dossier stream starts only once."),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown dossier event."),
    }) with
    {
        Version = Version + 1,
        HistoryVersion = NationalCodes.StepOf(e)?.History is null ? HistoryVersion : Version + 1,
        // A correction is made later but says nothing new about when things happened.
        LastEventAt = e is ICorrection ? LastEventAt : Instant.Max(LastEventAt, e.OccurredAt),
    };

    /// <summary>Whether <paramref name="e"/> opens a dossier's stream (its receipt, or its refusal at intake).</summary>
    public static bool Opens(IDossierEvent e) => e is DossierReceived or IntakeRefused;

    /// <summary>The state a stream's first event starts.</summary>
    public static Dossier Start(IDossierEvent first) => first switch
    {
        DossierReceived received => Start(received),
        IntakeRefused refused => Start(refused),
        _ => throw new ArgumentException("A dossier stream starts with its receipt or its refusal at intake.", nameof(first)),
    };

    /// <summary>One step of the fold: the state <paramref name="e"/> starts, or leads <paramref name="state"/> to.</summary>
    public static Dossier Next(Dossier? state, IDossierEvent e) => state is null ? Start(e) : state.Evolve(e);

    /// <summary>Builds the state from a whole stream.</summary>
    public static Dossier Fold(IEnumerable<IDossierEvent> events)
    {
        Dossier? state = null;
        foreach (var e in events)
        {
            state = Next(state, e);
        }

        return state ?? throw new ArgumentException("A dossier stream starts with its receipt.", nameof(events));
    }
}

/// <summary>An apology drafted and not sent: its new appointment, its reason, and whether a leader approved it.</summary>
public sealed record ApologyDraft(Instant NewAppointmentAt, string Reason, bool Approved);

/// <summary>A hand-over as the dossier remembers it: when, to whom, why, and the dossier as its authority left it.</summary>
/// <param name="Version">The stream version of the hand-over event: the last event of the authority before, the first of the next.</param>
/// <param name="AsHandedOver">The state at the hand-over, of the authority that handed it over (its own hand-overs left out).</param>
public sealed record HandOver(Instant At, string ToUnitCode, string Reason, long Version, Dossier AsHandedOver)
{
    /// <summary>The authority that handed it over.</summary>
    public string FromUnitCode => AsHandedOver.AuthorityCode;
}
