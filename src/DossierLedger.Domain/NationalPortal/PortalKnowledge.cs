using NodaTime;

namespace DossierLedger.Domain.NationalPortal;

/// <summary>
/// What the national portal has been told of one dossier, folded from the deliveries recorded for it: the record it
/// accepted last (its fingerprint and the dossier version it was read at) and the version of the last history step it
/// accepted. The portal answers each call as a whole, so only an accepted call moves any of them.
/// </summary>
/// <param name="RecordFingerprint">The payload hash of the record last accepted; null while the portal has none.</param>
/// <param name="RecordVersion">The dossier version the record last accepted was read at; 0 while the portal has none.</param>
/// <param name="HistoryVersion">The dossier version of the last step accepted; 0 while none was.</param>
/// <param name="Rejection">The portal's answer to the latest delivery when it refused it; null once a delivery is accepted.</param>
/// <param name="Id">The id of the dossier's delivery stream (<see cref="StreamIdOf"/>).</param>
public sealed record PortalKnowledge(Guid Id, Guid DossierId, string? RecordFingerprint, long RecordVersion, long HistoryVersion, PortalDeliveryRejected? Rejection)
{
    /// <summary>The namespace of delivery streams' ids (a fixed random UUID).</summary>
    private static readonly Guid StreamNamespace = new("0c8a4f2e-93d1-4b57-a6e0-5d2b7f914c38");

    /// <summary>The id of the stream the deliveries of dossier <paramref name="dossierId"/> are recorded in.</summary>
    public static Guid StreamIdOf(Guid dossierId) => NameBasedUuid.Create(StreamNamespace, dossierId.ToByteArray(bigEndian: true));

    public static PortalKnowledge None(Guid dossierId) => new(StreamIdOf(dossierId), dossierId, null, 0, 0, null);

    public PortalKnowledge Evolve(IPortalDeliveryEvent e) => e switch
    {
        PortalRecordAccepted accepted => this with
        {
            RecordFingerprint = accepted.Fingerprint,
            RecordVersion = Math.Max(RecordVersion, accepted.DossierVersion),
            Rejection = null,
        },
        PortalStepsAccepted accepted => this with { HistoryVersion = Math.Max(HistoryVersion, accepted.ThroughVersion), Rejection = null },
        PortalDeliveryRejected rejected => this with { Rejection = rejected },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown delivery event."),
    };

    /// <summary>
    /// What the portal must still be told of <paramref name="dossier"/>, whose record is <paramref name="record"/> with
    /// <paramref name="fingerprint"/> and whose history is <paramref name="history"/>: the record when the portal lacks it
    /// as it stands (an update once the portal has one), then the steps it lacks, oldest first.
    /// </summary>
    public PortalDue Due(Dossiers.Dossier dossier, PortalRecord record, string fingerprint, IReadOnlyList<PortalStep> history) => new(
        DossierId,
        fingerprint == RecordFingerprint && RecordVersion >= dossier.RecordVersion ? null : record,
        fingerprint,
        dossier.Version,
        IsUpdate: RecordFingerprint is not null,
        [.. history.Where(s => s.Version > HistoryVersion)]);

    /// <summary>
    /// Whether the portal is up to date with a dossier (đã đồng bộ): it accepted its record as it stands (read at
    /// <paramref name="recordVersion"/>, the dossier's <see cref="Dossiers.Dossier.RecordVersion"/> or later) and every step
    /// of its history (to <paramref name="historyVersion"/>, its <see cref="Dossiers.Dossier.HistoryVersion"/>).
    /// </summary>
    public bool IsSynchronised(long recordVersion, long historyVersion) =>
        RecordFingerprint is not null && RecordVersion >= recordVersion && HistoryVersion >= historyVersion;
}

/// <summary>What one dossier's delivery must send: its record (null when the portal has it as it is) and the steps it lacks.</summary>
/// <param name="DossierVersion">The dossier version the record was read at.</param>
public sealed record PortalDue(Guid DossierId, PortalRecord? Record, string Fingerprint, long DossierVersion, bool IsUpdate, IReadOnlyList<PortalStep> Steps)
{
    public bool IsEmpty => Record is null && Steps.Count == 0;
}

/// <summary>A delivery to the national portal, recorded in the dossier's delivery stream (apart from its own stream).</summary>
public interface IPortalDeliveryEvent
{
    Guid DossierId { get; }

    /// <summary>When the portal answered.</summary>
    Instant AnsweredAt { get; }
}

/// <summary>The portal accepted the dossier's record (<c>DongBoHoSoMC</c>).</summary>
/// <param name="Fingerprint">The SHA-256 of the record's JSON as sent: what an auditor recomputes to see what the portal was told.</param>
/// <param name="Update">Sent as an update (<c>isUpdating</c>) of a record the portal had.</param>
/// <param name="Answer">The portal's answer, as it gave it (<c>error_code</c>: <c>message</c>).</param>
/// <param name="DossierVersion">The dossier version the record was read at.</param>
public sealed record PortalRecordAccepted(Guid DossierId, Instant AnsweredAt, string Fingerprint, bool Update, string Answer, long DossierVersion)
    : IPortalDeliveryEvent;

/// <summary>The portal accepted the dossier's history steps up to <paramref name="ThroughVersion"/> (<c>CapNhatTienDoHoSoMC</c>).</summary>
/// <param name="PayloadHash">The SHA-256 of the steps' JSON as sent.</param>
public sealed record PortalStepsAccepted(Guid DossierId, Instant AnsweredAt, long ThroughVersion, int Steps, string PayloadHash, string Answer) : IPortalDeliveryEvent;

/// <summary>The portal refused the dossier's delivery for good: it waits, dead-lettered, for an administrator to replay it.</summary>
/// <param name="Service">The call refused (<c>DongBoHoSoMC</c> or <c>CapNhatTienDoHoSoMC</c>).</param>
public sealed record PortalDeliveryRejected(Guid DossierId, Instant AnsweredAt, string Service, string PayloadHash, string Answer) : IPortalDeliveryEvent;
