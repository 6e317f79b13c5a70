using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Storage;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The ledger's schema comes from numbered migrations, each run once: a database the earlier scripts set up is adopted
/// at the baseline and ends up with exactly the objects of a new one, and an edited or unknown migration stops the start.
/// </summary>
public sealed class SchemaMigrationTests
{
    /// <summary>The ledger's own objects as the catalogue describes them, in a stable order (the migration history left out).</summary>
    private const string Catalogue = """
        SELECT string_agg(line, E'\n' ORDER BY line) FROM (
            SELECT format('column %s.%s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                          pg_get_expr(d.adbin, d.adrelid)) AS line
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE c.relname LIKE 'dl\_%' AND c.relname <> 'dl_schema_migrations' AND c.relkind IN ('r', 'S')
            UNION ALL
            SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'dl\_%' AND tablename <> 'dl_schema_migrations'
            UNION ALL
            SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid)) FROM pg_constraint
            WHERE conname LIKE 'dl\_%' AND conname NOT LIKE 'dl_schema_migrations%'
            UNION ALL
            SELECT format('trigger %s', pg_get_triggerdef(oid)) FROM pg_trigger WHERE tgname LIKE 'dl\_%'
            UNION ALL
            SELECT format('function %s', pg_get_functiondef(p.oid)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
            WHERE p.proname LIKE 'dl\_%'
        ) objects
        """;

    [Fact]
    public async Task A_new_database_gets_every_migration_once_in_order_with_its_hash()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_migrations_new");
        using var store = Store(database);
        var schema = new LedgerSchema(store, NullLogger<LedgerSchema>.Instance);

        await schema.ApplyAsync(CancellationToken.None);
        await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);

        (await TestDatabases.TextAsync(database, $"SELECT string_agg(version || ' ' || name || ' ' || sha256, ',' ORDER BY version) FROM {LedgerSchema.History}"))
            .ShouldBe(string.Join(",", LedgerSchema.Migrations.Select(m => $"{m.Version} {m.Name} {m.Sha256}")));
        LedgerSchema.Migrations[0].Name.ShouldBe("baseline");
        (await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'dl_ledger_schema'")).ShouldBe(0);
        await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    [Fact]
    public async Task A_database_the_earlier_scripts_set_up_is_recorded_at_the_baseline_without_running_it_and_matches_a_new_one()
    {
        var fresh = await TestDatabases.FreshAsync("dossierledger_migrations_reference");
        using (var store = Store(fresh))
        {
            await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        }

        var legacy = await TestDatabases.FreshAsync("dossierledger_migrations_legacy");
        using (var store = Store(legacy))
        {
            await SetUpAsTheEarlierScriptsDidAsync(store, legacy, LedgerSchema.LegacyChecksum);
            var trigger = await TestDatabases.TextAsync(legacy, "SELECT oid FROM pg_trigger WHERE tgname = 'dl_mt_events_chain'");

            await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);

            // Not run again: the chain's trigger is the one the scripts made.
            (await TestDatabases.TextAsync(legacy, "SELECT oid FROM pg_trigger WHERE tgname = 'dl_mt_events_chain'")).ShouldBe(trigger);
            (await TestDatabases.TextAsync(legacy, $"SELECT string_agg(version::text, ',' ORDER BY version) FROM {LedgerSchema.History}"))
                .ShouldBe(string.Join(",", LedgerSchema.Migrations.Select(m => m.Version)));
            (await TestDatabases.ScalarAsync(legacy, "SELECT count(*) FROM pg_tables WHERE tablename = 'dl_ledger_schema'")).ShouldBe(0);
        }

        (await TestDatabases.TextAsync(legacy, Catalogue)).ShouldBe(await TestDatabases.TextAsync(fresh, Catalogue));
    }

    [Fact]
    public async Task A_database_the_earlier_scripts_left_at_an_older_state_is_brought_to_their_last_one_then_recorded_at_the_baseline()
    {
        var fresh = await TestDatabases.FreshAsync("dossierledger_migrations_reference_older");
        using (var store = Store(fresh))
        {
            await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        }

        var older = await TestDatabases.FreshAsync("dossierledger_migrations_older");
        using (var store = Store(older))
        {
            await SetUpAsTheEarlierScriptsDidAsync(store, older, "older");
            // What an older version of the scripts lacked: a later counter column and the per-unit counters.
            await TestDatabases.TextAsync(older, "ALTER TABLE dl_report_buckets DROP COLUMN multi_supplement_overdue_ended; DROP TABLE dl_report_unit_buckets");

            await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        }

        (await TestDatabases.TextAsync(older, Catalogue)).ShouldBe(await TestDatabases.TextAsync(fresh, Catalogue));
    }

    [Fact]
    public async Task A_migration_edited_after_it_ran_or_unknown_to_the_build_stops_the_start_with_a_message_saying_so()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_migrations_edited");
        using var store = Store(database);
        await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);

        await TestDatabases.TextAsync(database, $"UPDATE {LedgerSchema.History} SET sha256 = repeat('0', 64) WHERE version = 1");
        var edited = await Should.ThrowAsync<StartupRefusedException>(
            () => new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None));
        edited.Message.ShouldContain("schema migration 1 (baseline) was edited after it was applied");

        await TestDatabases.TextAsync(database, $"""
            UPDATE {LedgerSchema.History} SET sha256 = '{LedgerSchema.Migrations[0].Sha256}' WHERE version = 1;
            INSERT INTO {LedgerSchema.History} (version, name, sha256) VALUES (9999, 'from_the_future', 'abc');
            """);
        var unknown = await Should.ThrowAsync<StartupRefusedException>(
            () => new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None));
        unknown.Message.ShouldContain("schema migration 9999 (from_the_future), which this build does not know");
    }

    /// <summary>Marten's schema, then the earlier scripts exactly as they last ran, with the checksum they recorded.</summary>
    private static async Task SetUpAsTheEarlierScriptsDidAsync(DocumentStore store, string database, string checksum)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await TestDatabases.TextAsync(new ChainKey(NodeProcess.ChainKey).Apply(database), LedgerSchema.LegacyScripts);
        await TestDatabases.TextAsync(database, $"""
            CREATE TABLE dl_ledger_schema (id int PRIMARY KEY CHECK (id = 1), checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO dl_ledger_schema (id, checksum) VALUES (1, '{checksum}');
            """);
    }

    private static DocumentStore Store(string database) => DocumentStore.For(options =>
    {
        options.Connection(new ChainKey(NodeProcess.ChainKey).Apply(database));
        HostSetup.ConfigureStore(options);
    });
}
