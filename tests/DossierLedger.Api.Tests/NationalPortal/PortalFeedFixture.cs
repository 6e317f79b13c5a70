using DossierLedger.Api.Tests.Integration;
using Microsoft.AspNetCore.Hosting;

namespace DossierLedger.Api.Tests.NationalPortal;

/// <summary>
/// A host with the national-portal feed on, delivering to a stand-in portal, on a database of its own (no demo), with
/// retries short enough for a test to see the portal come back.
/// </summary>
public sealed class PortalFeedFixture : LedgerFixture
{
    public StandInPortal.StandInPortal Portal { get; private set; } = null!;

    protected override string DatabaseName => "dossierledger_portal_tests";

    protected override bool LoadsDemo => false;

    public override async Task InitializeAsync()
    {
        Portal = await StandInPortal.StandInPortal.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Portal.LedgerSettings())
        {
            builder.UseSetting(key, value);
        }

        // The key the commands run as processes (NodeProcess) extend the chain with.
        builder.UseSetting("Audit:ChainKey", NodeProcess.ChainKey);
        builder.UseSetting("NationalPortal:Timeout", "00:00:02");
        builder.UseSetting("NationalPortal:Cooldown", "00:00:00.2");
        builder.UseSetting("NationalPortal:Backoff", "00:00:00.5,00:00:01");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Portal.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalFeedCollection : ICollectionFixture<PortalFeedFixture>
{
    public const string Name = "national portal feed";
}
