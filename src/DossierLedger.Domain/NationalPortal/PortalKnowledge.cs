using NodaTime;

namespace DossierLedger.Domain.NationalPortal;

/// <summary>
/// What the national portal has been told of one dossier, folded from the deliveries recorded for it: the fingerprint of
/// the record it accepted last and the version of the last history step it accepted. The portal answers each call as a
/// whole, so only an accepted call moves either.
/// </summary>
/// <param name="RecordFingerprint">The payload hash of the record last accepted; null while the portal has none.</param>
/// <param name="HistoryVersion">The dossier version of the last step accepted; 0 while none was.</param>
/// <param name="Rejection">The portal's answer to the latest delivery when it refused it; null once a delivery is accepted.</param>
/// <param name="Id">The id of the dossier's delivery stream (<see cref="StreamIdOf"/>).</param>
public sealed record PortalKnowledge(Guid Id, Guid DossierId, string? RecordFingerprint, long HistoryVersion, PortalDeliveryRejected? Rejection)
{
    /// <summary>The namespace of delivery streams' ids (a fixed random UUID).</summary>
    private static readonly Guid StreamNamespace = new("0c8a4f2e-93d1-4b57-a6e0-5d2b7f914c38");

    /// <summary>The id of the stream the deliveries of dossier <paramref name="dossierId"/> are recorded in.</summary>
    public static Guid StreamIdOf(Guid dossierId) => NameBasedUuid.Create(StreamNamespace, dossierId.ToByteArray(bigEndian: true));

    public static PortalKnowledge None(Guid dossierId) => new(StreamIdOf(dossierId), dossierId, null, 0, null);

    public PortalKnowledge Evolve(IPortalDeliveryEvent e) => e switch
    {
        PortalRecordAccepted accepted => this with { RecordFingerprint = accepted.Fingerprint, Rejection = null },
        PortalStepsAccepted accepted => this with { HistoryVersion = Math.Max(HistoryVersion, accepted.ThroughVersion), Rejection = null },
        PortalDeliveryRejected rejected => this with { Rejection = rejected },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown delivery event."),
    };

    /// <summary>
    /// What the portal must still be told of a dossier whose record now has <paramref name="fingerprint"/> and whose history
    /// is <paramref name="history"/>: the record when it changed (an update once the portal has one), then the steps it
    /// lacks, oldest first.
    /// </summary>
    public PortalDue Due(PortalRecord record, string fingerprint, IReadOnlyList<PortalStep> history) => new(
        DossierId,
        fingerprint == RecordFingerprint ? null : record,
        fingerprint,
        IsUpdate: RecordFingerprint is not null,
        [.. history.Where(s => s.Version > HistoryVersion)]);

    /// <summary>
    /// Whether the portal is up to date with the dossier (đã đồng bộ): it accepted the record as it is now and every step of
    /// its history (<see cref="Dossiers.Dossier.HistoryVersion"/>).
    /// </summary>
    public bool IsSynchronised(string fingerprint, long historyVersion) =>
        RecordFingerprint == fingerprint && HistoryVersion >= historyVersion;
}

/// <summary>What one dossier's delivery must send: its record (null when the portal has it as it is) and the steps it lacks.</summary>
public sealed record PortalDue(Guid DossierId, PortalRecord? Record, string Fingerprint, bool IsUpdate, IReadOnlyList<PortalStep> Steps)
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
public sealed record PortalRecordAccepted(Guid DossierId, Instant AnsweredAt, string Fingerprint, bool Update, string Answer) : IPortalDeliveryEvent;

/// <summary>The portal accepted the dossier's history steps up to <paramref name="ThroughVersion"/> (<c>CapNhatTienDoHoSoMC</c>).</summary>
/// <param name="PayloadHash">The SHA-256 of the steps' JSON as sent.</param>
public sealed record PortalStepsAccepted(Guid DossierId, Instant AnsweredAt, long ThroughVersion, int Steps, string PayloadHash, string Answer) : IPortalDeliveryEvent;

/// <summary>The portal refused the dossier's delivery for good: it waits, dead-lettered, for an administrator to replay it.</summary>
/// <param name="Service">The call refused (<c>DongBoHoSoMC</c> or <c>CapNhatTienDoHoSoMC</c>).</param>
public sealed record PortalDeliveryRejected(Guid DossierId, Instant AnsweredAt, string Service, string PayloadHash, string Answer) : IPortalDeliveryEvent;
