using DossierLedger.Api.Telemetry;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.NationalPortal;
using Marten;
using NodaTime;
using Npgsql;

namespace DossierLedger.Api.NationalPortal;

/// <summary>What one dossier's delivery came to.</summary>
public enum PortalOutcomeKind
{
    /// <summary>The portal had everything already: nothing was sent.</summary>
    UpToDate,

    /// <summary>What it lacked was sent and accepted.</summary>
    Delivered,

    /// <summary>The portal refused it (<see cref="PortalOutcome.Refusal"/>); nothing more of it is sent until it is replayed.</summary>
    Refused,
}

public sealed record PortalOutcome(Guid DossierId, string? ReceiptNo, PortalOutcomeKind Kind, string? Service = null, PortalAnswer? Refusal = null);

/// <summary>
/// Tells the national portal what it lacks of some dossiers, and records each answer in the dossier's delivery stream
/// (<see cref="IPortalDeliveryEvent"/>). What is sent is derived from the dossier's events each time, against what the
/// portal accepted before (<see cref="PortalKnowledge"/>): the record when it changed, then the history steps it lacks,
/// oldest first, and those only once the portal has the record. So a delivery can run any number of times, on any node,
/// in any order, and never sends a later status before an earlier one. Deliveries of the same dossier take turns
/// (a transaction-scoped advisory lock held until the answers are recorded), so no node sends what another is sending.
/// </summary>
public sealed class PortalDelivery(
    IDocumentStore store, PortalClient client, PortalWire wire, NationalPortalSettings settings, PortalDeliveryMetrics metrics, IClock clock)
{
    /// <summary>Delivers what the portal lacks of <paramref name="dossierIds"/>; unknown ids come back up to date.</summary>
    public async Task<IReadOnlyList<PortalOutcome>> DeliverAsync(IReadOnlyCollection<Guid> dossierIds, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellation);
        await TakeTurnsAsync(session, dossierIds, cancellation);
        var dossiers = await ReadAsync(session, dossierIds, cancellation);
        try
        {
            // New records and updates travel apart: one record the portal has already would have it refuse a whole call of new ones.
            foreach (var group in dossiers.Where(d => d.Due.Record is not null).GroupBy(d => (Unit: settings.UnitIdOf(d.UnitCode), d.Due.IsUpdate)))
            {
                foreach (var chunk in group.Chunk(settings.RecordsPerCall))
                {
                    await SendRecordsAsync(group.Key.Unit, chunk, group.Key.IsUpdate, cancellation);
                }
            }

            foreach (var group in dossiers.Where(d => d.PortalHasRecord && d.Due.Steps.Count > 0).GroupBy(d => settings.UnitIdOf(d.UnitCode)))
            {
                await SendHistoryAsync(group.Key, [.. group], cancellation);
            }
        }
        finally
        {
            // What the portal accepted before a failure is recorded all the same: the retry then sends only the rest.
            foreach (var dossier in dossiers.Where(d => d.Recorded.Count > 0))
            {
                session.Events.Append(PortalKnowledge.StreamIdOf(dossier.Id), dossier.Recorded.ToArray());
            }

            await session.SaveChangesAsync(CancellationToken.None);
        }

        var outcomes = dossiers.ToDictionary(d => d.Id, d => d.Outcome);
        return [.. dossierIds.Select(id => outcomes.GetValueOrDefault(id) ?? new PortalOutcome(id, null, PortalOutcomeKind.UpToDate))];
    }

    /// <summary>
    /// Waits for any other delivery of these dossiers to finish, locking them (in a fixed order, so two deliveries of
    /// overlapping sets cannot deadlock) until this transaction ends.
    /// </summary>
    private static async Task TakeTurnsAsync(IDocumentSession session, IReadOnlyCollection<Guid> ids, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT hashtextextended('national-portal:' || id::text, 0) AS k FROM unnest(@ids) AS id ORDER BY 1) AS keys",
            session.Connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.ExecuteScalarAsync(cancellation);
    }

    private async Task<List<DossierDelivery>> ReadAsync(IDocumentSession session, IReadOnlyCollection<Guid> ids, CancellationToken cancellation)
    {
        // One round trip of stream reads: a LINQ query over the ids would have Marten compile a delegate for each batch.
        var batch = session.CreateBatchQuery();
        var streams = ids.Select(id => batch.Events.FetchStream(id)).ToList();
        var accepted = batch.LoadMany<PortalKnowledge>().ById(ids.Select(PortalKnowledge.StreamIdOf).ToArray());
        await batch.Execute(cancellation);
        var known = (await accepted).ToDictionary(k => k.DossierId);
        var dossiers = new List<DossierDelivery>();
        foreach (var stream in (await Task.WhenAll(streams)).Where(s => s.Count > 0 && s[0].Data is IDossierEvent))
        {
            if (PortalHistory.Of(stream.Select(e => (e.Version, (IDossierEvent)e.Data))) is not { } history
                || !PortalRecord.MustBeSynchronised(history.Dossier))
            {
                continue;
            }

            var id = stream[0].StreamId;
            var knowledge = known.GetValueOrDefault(id) ?? PortalKnowledge.None(id);
            var portalRecord = PortalRecord.Of(history.Dossier);
            var record = wire.Record(portalRecord);
            var due = knowledge.Due(history.Dossier, portalRecord, PortalWire.Fingerprint(record), history.Steps);
            if (!due.IsEmpty)
            {
                var recorded = stream.ToDictionary(e => e.Version, e => new RecordedEvent(e.UserName, Instant.FromDateTimeOffset(e.Timestamp)));
                dossiers.Add(new DossierDelivery(history.Dossier, due, record, recorded, knowledge.RecordFingerprint is not null));
            }
        }

        return dossiers;
    }

    /// <summary>
    /// One <c>DongBoHoSoMC</c> call for <paramref name="chunk"/>, as new records or as updates. A record the portal has
    /// already is sent again as an update; a call refused for several dossiers is made again for each alone, so one bad
    /// record parks only itself.
    /// </summary>
    private async Task SendRecordsAsync(string unitId, DossierDelivery[] chunk, bool isUpdate, CancellationToken cancellation)
    {
        var answer = await client.CallAsync(PortalWire.RecordService, unitId, w =>
        {
            w.WriteString("isUpdating", isUpdate ? "True" : "False");
            w.WriteStartArray("data");
            foreach (var dossier in chunk)
            {
                w.WriteRawValue(dossier.RecordJson, skipInputValidation: true);
            }

            w.WriteEndArray();
        }, cancellation);
        metrics.PortalDelivered(RecordKind, OutcomeOf(answer), chunk.Length);
        switch (answer.Kind)
        {
            case PortalAnswerKind.Accepted:
                var acceptedAt = clock.GetCurrentInstant();
                foreach (var dossier in chunk)
                {
                    dossier.Accepted(new PortalRecordAccepted(dossier.Id, acceptedAt, dossier.Due.Fingerprint, isUpdate, answer.ToString(), dossier.Due.DossierVersion));
                    metrics.PortalAccepted(RecordKind, acceptedAt - dossier.LastRecordedAt);
                }

                break;
            case PortalAnswerKind.AlreadyExists or PortalAnswerKind.Refused when chunk.Length > 1:
                foreach (var dossier in chunk)
                {
                    await SendRecordsAsync(unitId, [dossier], isUpdate, cancellation);
                }

                break;
            case PortalAnswerKind.AlreadyExists when !isUpdate:
                await SendRecordsAsync(unitId, chunk, isUpdate: true, cancellation);
                break;
            case PortalAnswerKind.AlreadyExists or PortalAnswerKind.Refused:
                chunk[0].Refused(PortalWire.RecordService, PortalWire.Fingerprint(chunk[0].RecordJson), answer, clock.GetCurrentInstant());
                break;
            case PortalAnswerKind.SessionExpired:
                throw new PortalUnavailableException(PortalFailure.NoSession, $"The portal's session expired again: {answer}.");
            default:
                throw new InvalidOperationException($"Unknown portal answer {answer.Kind}.");
        }
    }

    /// <summary>
    /// The history steps the portal lacks, oldest first per dossier, in <c>CapNhatTienDoHoSoMC</c> calls of at most
    /// <see cref="NationalPortalSettings.StepsPerCall"/> steps. A call refused for several dossiers is made again for each
    /// alone; a dossier refused is sent no later step.
    /// </summary>
    private async Task SendHistoryAsync(string unitId, IReadOnlyList<DossierDelivery> dossiers, CancellationToken cancellation)
    {
        var steps = dossiers.SelectMany(d => d.Due.Steps.Select(s => new StepToSend(d, s, wire.Step(d.ReceiptNo, s, d.ActorOf(s.Version)))));
        foreach (var chunk in steps.Chunk(settings.StepsPerCall))
        {
            await SendStepsAsync(unitId, chunk, cancellation);
        }
    }

    private async Task SendStepsAsync(string unitId, IReadOnlyList<StepToSend> steps, CancellationToken cancellation)
    {
        var pending = steps.Where(s => s.Dossier.Outcome.Kind != PortalOutcomeKind.Refused).ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        var answer = await client.CallAsync(PortalWire.HistoryService, unitId, w =>
        {
            w.WriteStartArray("data");
            foreach (var step in pending)
            {
                w.WriteRawValue(step.Json, skipInputValidation: true);
            }

            w.WriteEndArray();
        }, cancellation);
        var byDossier = pending.GroupBy(s => s.Dossier).ToArray();
        metrics.PortalDelivered(StepKind, OutcomeOf(answer), pending.Length);
        switch (answer.Kind)
        {
            case PortalAnswerKind.Accepted:
                var acceptedAt = clock.GetCurrentInstant();
                foreach (var sent in byDossier)
                {
                    sent.Key.Accepted(new PortalStepsAccepted(sent.Key.Id, acceptedAt, sent.Last().Step.Version, sent.Count(),
                        PortalWire.Fingerprint(sent.Select(s => s.Json)), answer.ToString()));
                    foreach (var step in sent)
                    {
                        metrics.PortalAccepted(StepKind, acceptedAt - sent.Key.RecordedAt(step.Step.Version));
                    }
                }

                break;
            case PortalAnswerKind.AlreadyExists or PortalAnswerKind.Refused when byDossier.Length > 1:
                foreach (var sent in byDossier)
                {
                    await SendStepsAsync(unitId, [.. sent], cancellation);
                }

                break;
            case PortalAnswerKind.AlreadyExists or PortalAnswerKind.Refused:
                byDossier[0].Key.Refused(PortalWire.HistoryService, PortalWire.Fingerprint(pending.Select(s => s.Json)), answer, clock.GetCurrentInstant());
                break;
            case PortalAnswerKind.SessionExpired:
                throw new PortalUnavailableException(PortalFailure.NoSession, $"The portal's session expired again: {answer}.");
            default:
                throw new InvalidOperationException($"Unknown portal answer {answer.Kind}.");
        }
    }

    private const string RecordKind = "record";
    private const string StepKind = "step";

    /// <summary>The answer as the deliveries metric names it.</summary>
    private static string OutcomeOf(PortalAnswer answer) => answer.Kind switch
    {
        PortalAnswerKind.Accepted => "accepted",
        PortalAnswerKind.AlreadyExists => "already-exists",
        PortalAnswerKind.Refused => "refused",
        PortalAnswerKind.SessionExpired => "session-expired",
        _ => throw new InvalidOperationException($"Unknown portal answer {answer.Kind}."),
    };

    private sealed record StepToSend(DossierDelivery Dossier, PortalStep Step, byte[] Json);

    /// <summary>Who recorded an event of the dossier, and when.</summary>
    private sealed record RecordedEvent(string? User, Instant At);

    /// <summary>One dossier in a delivery: what is due, and what the portal's answers made of it so far.</summary>
    private sealed class DossierDelivery(Dossier dossier, PortalDue due, byte[] recordJson, IReadOnlyDictionary<long, RecordedEvent> events, bool portalHasRecord)
    {
        public Guid Id => dossier.Id;

        public string ReceiptNo => dossier.ReceiptNo;

        /// <summary>The unit whose id (<c>madonvi</c>) the calls carry: the authority whose receipt number the dossier has.</summary>
        public string UnitCode => dossier.UnitCode;

        public PortalDue Due => due;

        public byte[] RecordJson => recordJson;

        /// <summary>Whether the portal has the dossier's record, so that its history may follow.</summary>
        public bool PortalHasRecord { get; private set; } = portalHasRecord;

        public List<IPortalDeliveryEvent> Recorded { get; } = [];

        public PortalOutcome Outcome { get; private set; } = new(dossier.Id, dossier.ReceiptNo, PortalOutcomeKind.UpToDate);

        public string? ActorOf(long version) => events.GetValueOrDefault(version)?.User;

        /// <summary>When the event of <paramref name="version"/> was recorded.</summary>
        public Instant RecordedAt(long version) => events[version].At;

        /// <summary>When its latest event was recorded: the change a record delivery carries is at the latest that old.</summary>
        public Instant LastRecordedAt => events.Values.Max(e => e.At);

        public void Accepted(IPortalDeliveryEvent accepted)
        {
            Recorded.Add(accepted);
            PortalHasRecord |= accepted is PortalRecordAccepted;
            Outcome = Outcome with { Kind = PortalOutcomeKind.Delivered };
        }

        public void Refused(string service, string payloadHash, PortalAnswer answer, Instant at)
        {
            Recorded.Add(new PortalDeliveryRejected(Id, at, service, payloadHash, answer.ToString()));
            Outcome = Outcome with { Kind = PortalOutcomeKind.Refused, Service = service, Refusal = answer };
        }
    }
}
