using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// A start records the current report model on a ledger with no dossier events (nothing in it is derived yet), and
/// leaves an upgraded ledger that holds dossiers at the model it had, for the rebuild to bring up.
/// </summary>
public sealed class ReportModelStampTests
{
    [Fact]
    public async Task A_start_records_the_model_on_a_ledger_without_dossiers_and_not_on_one_with_them()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_report_model");
        using var store = DocumentStore.For(options =>
        {
            options.Connection(new ChainKey(NodeProcess.ChainKey).Apply(database));
            HostSetup.ConfigureStore(options);
        });
        Task StartAsync() => new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        Task<long> RecordedAsync() => TestDatabases.ScalarAsync(database, ReportModelStamp.RecordedSql);
        const string Upgraded = $"DELETE FROM {ReportModelStamp.Table}"; // as an upgrade from before the model was recorded leaves it

        await StartAsync();
        (await RecordedAsync()).ShouldBe(ReportModel.Version);

        // The unit registry's events are not dossiers: nothing is derived from them.
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(UnitDirectory.StreamId, new UnitEstablished("X", "Xã X", UnitLevel.Commune, null, new LocalDate(2020, 1, 1)));
            await session.SaveChangesAsync();
        }

        await TestDatabases.TextAsync(database, Upgraded);
        await StartAsync();
        (await RecordedAsync()).ShouldBe(ReportModel.Version);

        await using (var session = store.LightweightSession())
        {
            var (id, at) = (Guid.NewGuid(), Instant.FromUtc(2025, 3, 3, 1, 0));
            session.Events.StartStream(id, new DossierReceived(
                id, "X-250303-0001", "X", "1.004873", "HT", Channel.Direct, at, at.Plus(Duration.FromDays(3)), null));
            await session.SaveChangesAsync();
        }

        await TestDatabases.TextAsync(database, Upgraded);
        await StartAsync();
        (await RecordedAsync()).ShouldBe(1);
    }
}
