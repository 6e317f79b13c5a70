using DossierLedger.Api.Http;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Units;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Security;

public sealed record MintTokenRequest(string? Name, string? Role, IReadOnlyList<string>? Units, int? Days);

/// <summary>What an administrator sees of a token; the secret only in the answer that mints it.</summary>
public sealed record TokenView(Guid Id, string Name, string Role, IReadOnlyList<string> Units, Instant CreatedAt, Instant ExpiresAt, Instant? RevokedAt, string? Token);

/// <summary>Administrators mint, list and revoke API tokens.</summary>
public static class TokenEndpoints
{
    public const int MaxDays = 3650;

    /// <summary>Mints a token for a name, a role and optionally units; its secret is in this answer only.</summary>
    [ProducesResponseType<TokenView>(StatusCodes.Status201Created)]
    [WolverinePost("/api/admin/tokens")]
    public static async Task<IResult> Mint(MintTokenRequest request, ApiTokens tokens, UnitDirectory directory, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        if (request is null)
        {
            errors.Add("body", "must be a JSON object.");
            return errors.ToResult();
        }

        var registry = await directory.CurrentAsync(cancellation);
        var (name, role, units, days) = Read(errors, directory, registry, request.Name, request.Role, request.Units, request.Days);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var minted = await tokens.MintAsync(name!, role!, units, Duration.FromDays(days), cancellation);
        return Results.Created($"/api/admin/tokens/{minted.Token.Id}", View(minted.Token, minted.Secret));
    }

    /// <summary>Every token, without its secret.</summary>
    [WolverineGet("/api/admin/tokens")]
    public static async Task<IReadOnlyList<TokenView>> List(ApiTokens tokens, CancellationToken cancellation) =>
        [.. (await tokens.ListAsync(cancellation)).Select(t => View(t, null))];

    /// <summary>Revokes a token: from now on it authenticates nothing.</summary>
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [WolverinePost("/api/admin/tokens/{id}/revocation")]
    public static async Task<IResult> Revoke(Guid id, ApiTokens tokens, CancellationToken cancellation) =>
        await tokens.RevokeAsync(id, cancellation)
            ? Results.NoContent()
            : Results.Problem(Problems.Create(StatusCodes.Status404NotFound, "Token not found.", $"No token has id {id}.", "not-found"));

    /// <summary>
    /// Validates a token's holder name, role, units and lifetime (shared by the endpoint and the CLI). The units must be
    /// known to <paramref name="registry"/> by the rule receipts follow (<see cref="UnitDirectory.CheckKnown"/>).
    /// </summary>
    public static (string? Name, string? Role, IReadOnlyList<string> Units, int Days) Read(
        InputErrors errors, UnitDirectory directory, UnitRegistry registry, string? name, string? role, IReadOnlyList<string>? units, int? days)
    {
        var holder = errors.Required("name", name, 128);
        var roleName = errors.Required("role", role, 32);
        if (roleName is not null && !Roles.All.Contains(roleName))
        {
            errors.Add("role", $"must be one of: {string.Join(", ", Roles.All)}.");
        }

        var unitCodes = new List<string>();
        foreach (var (unit, i) in (units ?? []).Select((u, i) => (u, i)))
        {
            if (errors.Code($"units[{i}]", unit, required: true) is { } code)
            {
                directory.CheckKnown(errors, registry, $"units[{i}]", code);
                unitCodes.Add(code);
            }
        }

        var lifetime = errors.Positive("days", days, 90, MaxDays);
        return (holder, roleName, unitCodes, lifetime);
    }

    private static TokenView View(ApiToken t, string? secret) => new(t.Id, t.Name, t.Role, t.Units, t.CreatedAt, t.ExpiresAt, t.RevokedAt, secret);
}
