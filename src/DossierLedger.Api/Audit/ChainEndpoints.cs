using DossierLedger.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DossierLedger.Api.Audit;

/// <summary>The event chain over HTTP: its head as a checkpoint to keep, and its verification.</summary>
public static class ChainEndpoints
{
    /// <summary>The chain's head: a small checkpoint an auditor keeps outside the system.</summary>
    [ProducesResponseType<ChainCheckpoint>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [WolverineGet("/api/audit/checkpoint")]
    public static async Task<IResult> Checkpoint(ChainVerifier chain, CancellationToken cancellation) =>
        await chain.HeadAsync(cancellation) is { } head
            ? Results.Ok(head)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The ledger has no events yet.");

    /// <summary>
    /// Verifies the whole chain and names the first broken link; with <c>position</c> and <c>hash</c> of a kept
    /// checkpoint, also whether the ledger still holds exactly that history.
    /// </summary>
    [ProducesResponseType<ChainVerification>(StatusCodes.Status200OK)]
    [WolverineGet("/api/audit/chain")]
    public static async Task<IResult> VerifyChain(long? position, long? seqId, string? hash, ChainVerifier chain, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        ChainCheckpoint? checkpoint = null;
        if (position is not null || seqId is not null || hash is not null)
        {
            if (position is null or < 1 || seqId is null or < 1)
            {
                errors.Add("position", "a checkpoint needs its position and seqId (positive numbers) and its hash.");
            }

            if (hash is null || hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            {
                errors.Add("hash", "must be the checkpoint's 64 hexadecimal digits.");
            }

            checkpoint = errors.Any ? null : new ChainCheckpoint(position!.Value, seqId!.Value, hash!);
        }

        return errors.Any ? errors.ToResult() : Results.Ok(await chain.VerifyAsync(checkpoint, cancellation));
    }
}
