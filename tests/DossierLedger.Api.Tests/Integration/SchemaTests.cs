namespace DossierLedger.Api.Tests.Integration;

/// <summary>A started host leaves nothing for the next start to change: no index dropped and built again over the whole log.</summary>
[Collection(LedgerCollection.Name)]
public sealed class SchemaTests(LedgerFixture ledger)
{
    [Fact]
    public async Task The_database_matches_the_configuration_after_start_including_the_ledgers_own_objects()
    {
        await ledger.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();

        await using var session = ledger.Store.QuerySession();
        var indexes = await session.QueryAsync<string>("SELECT indexname FROM pg_indexes WHERE tablename = 'mt_events'");
        indexes.ShouldContain("dl_mt_events_timestamp");
    }
}
