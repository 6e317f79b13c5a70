using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Dossiers;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The ledger's direct paths into Marten's tables still fit the tables Marten makes: every column they name exists, no
/// column Marten requires is left out, what they write reads back through Marten's own API, and what they read is what
/// Marten's own API reads.
/// </summary>
public sealed class MartenTablesTests
{
    [Fact]
    public async Task The_columns_written_and_read_directly_are_those_of_the_tables_Marten_creates()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_marten_tables_columns");
        using var store = Store(database);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var documentTable = ((IDocumentStore)store).Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.Name;

        foreach (var (table, columns) in new[]
        {
            ("mt_events", MartenTables.EventColumns), ("mt_streams", MartenTables.StreamColumns),
            (documentTable, MartenTables.DocumentColumns), ("mt_event_progression", MartenTables.ProgressColumns),
        })
        {
            var existing = (await TestDatabases.TextAsync(database,
                $"SELECT string_agg(column_name, ',') FROM information_schema.columns WHERE table_name = '{table}'")).Split(',');
            columns.ShouldBeSubsetOf(existing, $"{table} no longer has a column MartenTables names");
        }

        // A column Marten added that must have a value (no default, not null) would be left out of the copied events.
        var required = (await TestDatabases.TextAsync(database,
            """
            SELECT coalesce(string_agg(column_name, ','), '') FROM information_schema.columns
            WHERE table_name IN ('mt_events') AND is_nullable = 'NO' AND column_default IS NULL
            """)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        required.ShouldBeSubsetOf(MartenTables.EventColumns);
    }

    [Fact]
    public async Task What_is_written_directly_reads_back_through_Marten_as_its_own()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_marten_tables_round_trip");
        using var store = Store(database);
        await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        var tables = new MartenTables(store);
        var streams = DemoHistories.Streams().Take(50).ToList();
        var appended = DateTimeOffset.UtcNow;

        await using (var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            tables.AppendStreams(connection, transaction, streams.Select(s => (s[0].DossierId, s)).ToList(), "tester", "round-trip");
            tables.CopyDocuments(connection, streams.Select(s => (Fold(s), (long)s.Count)));
            await MartenTables.SetPositionAsync(connection, transaction, ProjectionStatus.Shards, 7, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using var session = store.QuerySession();
        foreach (var stream in streams)
        {
            var id = stream[0].DossierId;
            var stored = await session.Events.FetchStreamAsync(id);
            stored.Select(e => e.Data).ShouldBe(stream.Cast<object>());
            stored.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stream.Count).Select(v => (long)v));
            stored.ShouldAllBe(e => e.UserName == "tester" && e.CorrelationId == "round-trip");
            stored.ShouldAllBe(e => e.Timestamp >= appended.AddSeconds(-1) && e.Timestamp <= DateTimeOffset.UtcNow && e.TenantId == JasperFx.StorageConstants.DefaultTenantId && !e.IsArchived && e.Id.Version == 7);
            stored.Select(e => e.EventTypeName).ShouldBe(stream.Select(e => tables.StoredName(e.GetType())));
            (await session.Events.FetchStreamStateAsync(id))!.Version.ShouldBe(stream.Count);
            (await session.LoadAsync<Dossier>(id)).ShouldBeEquivalentTo(Fold(stream));
            (await session.Events.AggregateStreamAsync<Dossier>(id)).ShouldBeEquivalentTo(Fold(stream));
        }

        var progress = await store.Storage.Database.AllProjectionProgress();
        progress.Single(p => p.ShardName == ProjectionStatus.ShardNames[0]).Sequence.ShouldBe(7);

        // And the direct read gives back Marten's events in stream order.
        await using (var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            var read = tables.EventsInStreamOrder(connection, long.MaxValue).ToList();

            // Each stream whole and in version order; PostgreSQL orders uuids as their text.
            read.Select(r => r.Item1).Distinct().Count().ShouldBe(streams.Count);
            read.Zip(read.Skip(1)).Count(p => p.First.Item1 != p.Second.Item1).ShouldBe(streams.Count - 1);
            read.OrderBy(r => r.Item1.ToString(), StringComparer.Ordinal).ThenBy(r => r.Item2).ShouldBe(read);
            read.OrderBy(r => r.Item1.ToString(), StringComparer.Ordinal).ThenBy(r => r.Item2).ToList().ShouldBe(
                streams.SelectMany(s => s.Select((e, i) => (s[0].DossierId, (long)i + 1, (IDossierEvent?)e))).OrderBy(r => r.Item1.ToString(), StringComparer.Ordinal).ThenBy(r => r.Item2).ToList());
        }
    }

    [Fact]
    public async Task The_audit_trail_reads_the_events_Marten_appended_as_Marten_reads_them()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_marten_tables_audit");
        using var store = Store(database);
        await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        var streams = DemoHistories.Streams().Take(30).ToList();
        await using (var session = store.LightweightSession())
        {
            session.CorrelationId = "audit-read";
            session.LastModifiedBy = "auditee";
            foreach (var stream in streams)
            {
                session.Events.StartStream<Dossier>(stream[0].DossierId, stream.Cast<object>().ToArray());
            }

            await session.SaveChangesAsync();
        }

        await using var query = store.QuerySession();
        var appended = await query.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        var tables = new MartenTables(store);
        var all = new AuditEventFilter(null, null, null, null, streams.Select(s => Fold(s).UnitCode).ToHashSet(), null, null, [], 0);
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var read = new List<AuditEvent>();
        await foreach (var e in tables.AuditEventsAsync(connection, all, null, CancellationToken.None))
        {
            read.Add(e);
        }

        // Metadata, the business time from the data and the data itself, through the dossier document's unit.
        read.Select(e => (e.Sequence, e.EventId, e.DossierId, e.Type, e.RecordedAt, e.User, e.CorrelationId)).ShouldBe(appended.Select(e =>
            (e.Sequence, e.Id, e.StreamId, AuditEventQuery.ApiTypeName(e.EventTypeName), Instant.FromDateTimeOffset(e.Timestamp), e.UserName, e.CorrelationId)));
        read.Select(e => e.OccurredAt).ShouldBe(appended.Select(e => (Instant?)((IDossierEvent)e.Data).OccurredAt));
        var serializer = store.Options.Serializer();
        read.Zip(appended).ShouldAllBe(p => serializer.FromJson(p.Second.Data.GetType(), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(p.First.DataJson))).Equals(p.Second.Data));

        // Filters on the document's procedure and the data's business time select what Marten's own reads do.
        var procedure = Fold(streams[0]).ProcedureCode;
        var middle = read[read.Count / 2].OccurredAt!.Value;
        (await tables.CountAuditEventsAsync(connection, all, CancellationToken.None)).ShouldBe(appended.Count);
        (await tables.CountAuditEventsAsync(connection, all with { Procedure = procedure }, CancellationToken.None))
            .ShouldBe(streams.Where(s => Fold(s).ProcedureCode == procedure).Sum(s => s.Count));
        (await tables.CountAuditEventsAsync(connection, all with { OccurredFrom = middle }, CancellationToken.None))
            .ShouldBe(appended.Count(e => ((IDossierEvent)e.Data).OccurredAt >= middle));
    }

    private static Dossier Fold(IReadOnlyList<IDossierEvent> stream) =>
        stream.Skip(1).Aggregate(Dossier.Start(stream[0]), (dossier, e) => dossier.Evolve(e));

    private static DocumentStore Store(string database) => DocumentStore.For(options =>
    {
        options.Connection(new ChainKey(NodeProcess.ChainKey).Apply(database));
        HostSetup.ConfigureStore(options);
    });
}
