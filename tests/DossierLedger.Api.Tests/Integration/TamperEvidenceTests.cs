using System.Net;
using System.Text.Json;
using Npgsql;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Tampering with the log directly in SQL, as someone with database access would: every kind is found and
/// named, and the application itself cannot change or remove an event. Each test undoes its tampering.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TamperEvidenceTests(LedgerFixture ledger)
{
    /// <summary>Runs SQL on a connection without the chain key; "replica" switches the triggers off, as a superuser can.</summary>
    private async Task DirectSqlAsync(string sql, bool triggersOff = true)
    {
        await using var connection = new NpgsqlConnection(ledger.DirectSqlConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand((triggersOff ? "SET session_replication_role = replica; " : "") + sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonElement> VerifyAsync(string query = "")
    {
        var (status, body, _) = await ledger.GetAsync("/api/audit/chain" + query);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    private async Task<long> SomeKpEventAsync()
    {
        var (_, page, _) = await ledger.GetAsync("/api/audit/events?unit=KP&limit=200");
        return page.GetProperty("items")[150].GetProperty("sequence").GetInt64();
    }

    [Fact]
    public async Task The_chain_is_intact_and_a_kept_checkpoint_still_matches_after_new_appends()
    {
        var (_, checkpoint, _) = await ledger.GetAsync("/api/audit/checkpoint");
        var kept = $"?position={checkpoint.GetProperty("position")}&seqId={checkpoint.GetProperty("seqId")}&hash={checkpoint.GetProperty("hash").GetString()}";

        await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        // The head waits for everything committed to be linked; verification does not wait for a linker at work.
        (await ledger.GetAsync("/api/audit/checkpoint")).Status.ShouldBe(HttpStatusCode.OK);
        var verified = await VerifyAsync(kept);

        verified.GetProperty("intact").GetBoolean().ShouldBeTrue(verified.ToString());
        verified.GetProperty("checkpointMatches").GetBoolean().ShouldBeTrue();
        verified.GetProperty("head").GetProperty("position").GetInt64().ShouldBeGreaterThan(checkpoint.GetProperty("position").GetInt64());
        var forged = kept[..^8] + "00000000";
        (await VerifyAsync(forged)).GetProperty("checkpointMatches").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Appends_are_linked_by_the_background_linker_and_a_change_before_linking_is_caught_by_the_fingerprint()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        await using var session = ledger.Store.QuerySession();
        var seq = (await session.Events.FetchStreamAsync(id)).Single().Sequence;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await PendingAsync(seq) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        (await PendingAsync(seq)).ShouldBeFalse("the linker chains an append within a fraction of a second");

        // Hold the linker off (as a busy linker elsewhere would), append, and change the event before it is linked.
        await using var holder = new NpgsqlConnection(ledger.DirectSqlConnectionString);
        await holder.OpenAsync();
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(4242002)", holder))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var held = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        var heldSeq = (await session.Events.FetchStreamAsync(held)).Single().Sequence;
        (await PendingAsync(heldSeq)).ShouldBeTrue();
        await DirectSqlAsync($"UPDATE mt_events SET data = jsonb_set(data, '{{channel}}', '\"Online\"') WHERE seq_id = {heldSeq}");
        var broken = (await VerifyAsync()).GetProperty("firstBrokenLink");
        broken.GetProperty("seqId").GetInt64().ShouldBe(heldSeq);
        broken.GetProperty("problem").GetString()!.ShouldContain("before it was linked");

        // Put it back and let the linker go: the event is linked and the chain is whole.
        await DirectSqlAsync($"UPDATE mt_events SET data = jsonb_set(data, '{{channel}}', '\"Direct\"') WHERE seq_id = {heldSeq}");
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(4242002)", holder))
        {
            await release.ExecuteNonQueryAsync();
        }

        (await VerifyAsync()).GetProperty("intact").GetBoolean().ShouldBeTrue();
        (await PendingAsync(heldSeq)).ShouldBeFalse();
    }

    private async Task<bool> PendingAsync(long seq)
    {
        await using var connection = new NpgsqlConnection(ledger.DirectSqlConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM dl_chain_pending WHERE seq_id = {seq})", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_row_changed_in_SQL_is_named_as_the_first_broken_link()
    {
        var seq = await SomeKpEventAsync();
        await DirectSqlAsync($"CREATE TABLE tamper_changed AS SELECT seq_id, data FROM mt_events WHERE seq_id = {seq}; " +
            $"UPDATE mt_events SET data = jsonb_set(data, '{{occurredAt}}', '\"2025-01-01T00:00:00Z\"') WHERE seq_id = {seq};");
        try
        {
            var broken = (await VerifyAsync()).GetProperty("firstBrokenLink");
            broken.GetProperty("seqId").GetInt64().ShouldBe(seq);
            broken.GetProperty("problem").GetString()!.ShouldContain("changed");
        }
        finally
        {
            // Put the original value back: the chain vouches for it again.
            await DirectSqlAsync("UPDATE mt_events e SET data = t.data FROM tamper_changed t WHERE e.seq_id = t.seq_id; DROP TABLE tamper_changed;");
        }
    }

    [Fact]
    public async Task A_removed_row_and_an_inserted_row_are_found_and_the_application_cannot_do_either()
    {
        var seq = await SomeKpEventAsync();
        await DirectSqlAsync($"CREATE TABLE tamper_removed AS SELECT * FROM mt_events WHERE seq_id = {seq}; DELETE FROM mt_events WHERE seq_id = {seq};");
        try
        {
            var broken = (await VerifyAsync()).GetProperty("firstBrokenLink");
            broken.GetProperty("seqId").GetInt64().ShouldBe(seq);
            broken.GetProperty("problem").GetString()!.ShouldContain("removed");
        }
        finally
        {
            await DirectSqlAsync("INSERT INTO mt_events SELECT * FROM tamper_removed; DROP TABLE tamper_removed;");
        }

        await DirectSqlAsync(
            $"INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type) " +
            $"SELECT 999999999, gen_random_uuid(), stream_id, 999, data, type, timestamp, tenant_id, mt_dotnet_type FROM mt_events WHERE seq_id = {seq}");
        try
        {
            (await VerifyAsync()).GetProperty("unchainedEvents").EnumerateArray().Select(e => e.GetInt64()).ShouldContain(999999999);
        }
        finally
        {
            await DirectSqlAsync("DELETE FROM mt_events WHERE seq_id = 999999999");
        }

        (await VerifyAsync()).GetProperty("intact").GetBoolean().ShouldBeTrue();

        // With the triggers on, a connection without the key cannot append, and nobody can update or delete.
        await Should.ThrowAsync<PostgresException>(() => DirectSqlAsync(
            $"INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type) " +
            $"SELECT 999999998, gen_random_uuid(), stream_id, 998, data, type, timestamp, tenant_id, mt_dotnet_type FROM mt_events WHERE seq_id = {seq}",
            triggersOff: false));
        await Should.ThrowAsync<PostgresException>(async () =>
        {
            await using var connection = (NpgsqlConnection)ledger.Store.Storage.Database.CreateConnection();
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DELETE FROM mt_events WHERE seq_id = {seq}", connection);
            await command.ExecuteNonQueryAsync();
        });
    }
}
