using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// A dossier (hồ sơ) as its events leave it. Immutable: each event gives a new state, so the
/// same fold serves the write side (deciding), the read side (the dossier view) and time travel.
/// </summary>
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

    /// <summary>The state a receipt starts. (Named apart from Marten's Create/Apply conventions so the
    /// domain stays free of the event store; the store's projection calls <see cref="Evolve"/>.)</summary>
    public static Dossier Start(DossierReceived e) => new(
        e.DossierId, e.ReceiptNo, e.UnitCode, e.ProcedureCode, e.FieldCode, e.Channel, e.ApplicantName,
        e.OccurredAt, e.DueAt, DossierStatus.Received)
    {
        Version = 1,
    };

    public Dossier On(DossierResolved e) => this with
    {
        Status = DossierStatus.Resolved,
        ClosedAt = e.OccurredAt,
        ResolvedAt = e.OccurredAt,
        Timeliness = e.Timeliness,
    };

    public Dossier On(DossierWithdrawn e) => this with
    {
        Status = DossierStatus.Withdrawn,
        ClosedAt = e.OccurredAt,
        ClosingReason = e.Reason,
    };

    public Dossier On(DossierStopped e) => this with
    {
        Status = DossierStatus.Stopped,
        ClosedAt = e.OccurredAt,
        ClosingReason = e.Reason,
    };

    public Dossier On(ResultReturned e) => this with
    {
        Status = DossierStatus.ResultReturned,
        ResultReturnedAt = e.OccurredAt,
        ResultReturnMethod = e.Method,
    };

    /// <summary>Folds one more event of this dossier's stream.</summary>
    public Dossier Evolve(IDossierEvent e) => (e switch
    {
        DossierResolved resolved => On(resolved),
        DossierWithdrawn withdrawn => On(withdrawn),
        DossierStopped stopped => On(stopped),
        ResultReturned returned => On(returned),
        DossierReceived => throw new InvalidOperationException("A dossier is received only once."),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown dossier event."),
    }) with
    {
        Version = Version + 1,
    };

    /// <summary>Builds the state from a whole stream, the first event being the receipt.</summary>
    public static Dossier Fold(IEnumerable<IDossierEvent> events)
    {
        Dossier? state = null;
        foreach (var e in events)
        {
            state = state is null
                ? Start(e as DossierReceived ?? throw new ArgumentException("A dossier stream starts with its receipt.", nameof(events)))
                : state.Evolve(e);
        }

        return state ?? throw new ArgumentException("A dossier stream starts with its receipt.", nameof(events));
    }
}
