using DossierLedger.Api.Hosting;
using DossierLedger.Api.Storage;
using JasperFx.CommandLine;

namespace DossierLedger.Api.Audit;

public sealed class VerifyChainInput : NetCoreInput
{
    [Description("A kept checkpoint to check against, as position:seqId:hash")]
    public string? CheckpointFlag { get; set; }
}

/// <summary><c>verify-chain</c>: recomputes the event chain, names the first broken link; prints the head to keep.</summary>
[Description("Verify the event log's hash chain (optionally against a kept checkpoint)", Name = "verify-chain")]
public sealed class VerifyChainCommand : JasperFxAsyncCommand<VerifyChainInput>
{
    public override async Task<bool> Execute(VerifyChainInput input)
    {
        ChainCheckpoint? checkpoint = null;
        if (input.CheckpointFlag is { } text)
        {
            var parts = text.Split(':');
            if (parts.Length != 3 || !long.TryParse(parts[0], out var position) || !long.TryParse(parts[1], out var seqId))
            {
                Console.Error.WriteLine("--checkpoint must be position:seqId:hash");
                return false;
            }

            checkpoint = new ChainCheckpoint(position, seqId, parts[2]);
        }

        // Verifying links what is pending first: a write, on the schema brought up to date.
        using var host = await CommandHost.BuildWithSchemaAsync(input);
        var result = await host.Services.GetRequiredService<ChainVerifier>().VerifyAsync(checkpoint, CancellationToken.None);
        Console.WriteLine($"Verified {result.Links:N0} links in {result.Seconds:F1} s.");
        if (result.FirstBrokenLink is { } broken)
        {
            Console.WriteLine($"BROKEN at position {broken.Position} (event {broken.SeqId}): {broken.Problem}");
        }

        foreach (var seq in result.UnchainedEvents)
        {
            Console.WriteLine($"UNCHAINED event {seq}: written outside the ledger");
        }

        if (result.CheckpointMatches is { } matches)
        {
            Console.WriteLine(matches ? "The kept checkpoint matches." : "The kept checkpoint does NOT match this ledger.");
        }

        if (result.Head is { } head)
        {
            Console.WriteLine($"Head checkpoint to keep: {head.Position}:{head.SeqId}:{head.Hash}");
        }

        Console.WriteLine(result.Intact ? "The chain is intact." : "The chain is NOT intact.");
        return result.Intact;
    }
}

/// <summary>
/// <c>rotate-chain-key</c>: hands the event chain over to the key in <c>Audit:NewChainKey</c> (an environment variable,
/// never a command-line argument), with every node stopped; prints what to configure before they start again.
/// </summary>
[Description("Rotate the event chain's key to Audit:NewChainKey (stop every node first)", Name = "rotate-chain-key")]
public sealed class RotateChainKeyCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var services = host.Services;
        if (services.GetRequiredService<IConfiguration>()["Audit:NewChainKey"] is not { Length: > 0 } newKey)
        {
            await Console.Error.WriteLineAsync("Set the new key in the environment variable Audit__NewChainKey (never on the command line).");
            return false;
        }

        await services.GetRequiredService<LedgerSchema>().ApplyAsync(CancellationToken.None);
        try
        {
            var rotation = await services.GetRequiredService<ChainKeyRotation>().RotateAsync(newKey, CancellationToken.None);
            Console.WriteLine($"Chain key rotated: links from position {rotation.FromPosition} on are made with the new key.");
            if (rotation.HeadBefore is { } head)
            {
                Console.WriteLine($"Head checkpoint at the rotation, to keep: {head.Position}:{head.SeqId}:{head.Hash}");
            }

            Console.WriteLine("Before starting any node: set Audit:ChainKey to the new key, and add the old one to Audit:PreviousChainKeys, on every node.");
            return true;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return false;
        }
    }
}
