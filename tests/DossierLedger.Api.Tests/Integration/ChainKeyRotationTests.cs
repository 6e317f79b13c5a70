using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Dossiers;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Rotating the chain key: the chain goes on under the new key, the links made before verify with the old key kept as
/// a previous one, a node left on the old key is refused, and a chain that does not verify is not rotated.
/// </summary>
public sealed class ChainKeyRotationTests
{
    private const string OldKey = "rotation-test-old-key";
    private const string NewKey = "rotation-test-new-key";

    [Fact]
    public async Task After_a_rotation_the_chain_goes_on_under_the_new_key_and_verifies_with_the_old_one_kept()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_rotation");
        var streams = DemoHistories.Streams().Take(40).ToList();
        using var before = await Node.StartAsync(database, new ChainKey(OldKey));
        await before.AppendAsync(streams.Take(20));
        (await before.Verifier.VerifyAsync(null, CancellationToken.None)).Intact.ShouldBeTrue();

        var rotation = await before.Rotation.RotateAsync(NewKey, CancellationToken.None);

        var linkedBefore = await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM dl_event_chain");
        rotation.FromPosition.ShouldBe(linkedBefore + 1);
        rotation.HeadBefore.ShouldNotBeNull().Position.ShouldBe(linkedBefore);
        using var after = await Node.StartAsync(database, new ChainKey(NewKey) { Previous = [OldKey] });
        await after.AppendAsync(streams.Skip(20));
        var verified = await after.Verifier.VerifyAsync(rotation.HeadBefore, CancellationToken.None);
        verified.Intact.ShouldBeTrue(verified.FirstBrokenLink?.Problem);
        verified.CheckpointMatches.ShouldBe(true);
        verified.Links.ShouldBe(await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM mt_events"));
        verified.Links.ShouldBeGreaterThan(linkedBefore);

        // Without the old key, the links it made cannot be checked, and verification says which setting is missing.
        using var forgetful = Node.Of(database, new ChainKey(NewKey));
        var unverifiable = await forgetful.Verifier.VerifyAsync(null, CancellationToken.None);
        unverifiable.FirstBrokenLink.ShouldNotBeNull().Position.ShouldBe(1);
        unverifiable.FirstBrokenLink.Problem.ShouldContain("Audit:PreviousChainKeys");

        // A node still on the old key does not start, and the new key cannot be an earlier one.
        using var stale = Node.Of(database, new ChainKey(OldKey));
        (await Should.ThrowAsync<StartupRefusedException>(() => stale.Schema.ApplyAsync(CancellationToken.None)))
            .Message.ShouldContain("rotated");
        (await Should.ThrowAsync<InvalidOperationException>(() => after.Rotation.RotateAsync(OldKey, CancellationToken.None)))
            .Message.ShouldContain("differ");
    }

    [Fact]
    public async Task A_chain_that_does_not_verify_is_not_rotated()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_rotation_refused");
        var streams = DemoHistories.Streams().Take(5).ToList();
        using var node = await Node.StartAsync(database, new ChainKey(OldKey));
        await node.AppendAsync(streams);
        await node.Linker.LinkPendingAsync(wait: true, CancellationToken.None);
        // Someone with database access rewrites an event, triggers off.
        await TestDatabases.TextAsync(database,
            "SET session_replication_role = replica; UPDATE mt_events SET data = jsonb_set(data, '{channel}', '\"online\"') WHERE seq_id = 3");

        (await Should.ThrowAsync<InvalidOperationException>(() => node.Rotation.RotateAsync(NewKey, CancellationToken.None)))
            .Message.ShouldContain("verify");
        (await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM dl_chain_key_epochs")).ShouldBe(1);
    }

    /// <summary>What a node of the ledger holds for its chain key, built by hand as the host would.</summary>
    private sealed class Node : IDisposable
    {
        private Node(string database, ChainKey key)
        {
            Store = DocumentStore.For(options =>
            {
                options.Connection(key.Apply(database));
                HostSetup.ConfigureStore(options);
            });
            Schema = new LedgerSchema(Store, NullLogger<LedgerSchema>.Instance);
            Linker = new ChainLinker(Store, Schema, NullLogger<ChainLinker>.Instance);
            Verifier = new ChainVerifier(Store, key, Linker);
            Rotation = new ChainKeyRotation(Store, key, Linker, Verifier);
        }

        public DocumentStore Store { get; }

        public LedgerSchema Schema { get; }

        public ChainLinker Linker { get; }

        public ChainVerifier Verifier { get; }

        public ChainKeyRotation Rotation { get; }

        public static Node Of(string database, ChainKey key) => new(database, key);

        public static async Task<Node> StartAsync(string database, ChainKey key)
        {
            var node = new Node(database, key);
            await node.Schema.ApplyAsync(CancellationToken.None);
            return node;
        }

        public async Task AppendAsync(IEnumerable<IReadOnlyList<IDossierEvent>> streams)
        {
            await using var session = Store.LightweightSession();
            foreach (var stream in streams)
            {
                session.Events.StartStream<Dossier>(stream[0].DossierId, stream.Cast<object>().ToArray());
            }

            await session.SaveChangesAsync();
        }

        public void Dispose() => Store.Dispose();
    }
}
