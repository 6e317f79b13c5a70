using DossierLedger.Api.Hosting;
using DossierLedger.Api.Http;
using DossierLedger.Api.Units;
using JasperFx.CommandLine;
using NodaTime;

namespace DossierLedger.Api.Security;

public sealed class TokenInput : NetCoreInput
{
    [Description("Who holds the token (recorded as the acting user)")]
    public string NameFlag { get; set; } = "admin";

    [Description("clerk, auditor, reporter or admin")]
    public string RoleFlag { get; set; } = Roles.Admin;

    [Description("Comma-separated unit codes the token is for")]
    public string? UnitsFlag { get; set; }

    [Description("Days until it expires")]
    public int DaysFlag { get; set; } = 90;
}

/// <summary><c>token</c>: mints an API token and prints it once (the way to the first admin token on a fresh install).</summary>
[Description("Mint an API token and print it once", Name = "token")]
public sealed class TokenCommand : JasperFxAsyncCommand<TokenInput>
{
    public override async Task<bool> Execute(TokenInput input)
    {
        using var host = await CommandHost.BuildWithSchemaAsync(input);
        var services = host.Services;

        // The units are checked against the registry, as the endpoint checks them.
        var directory = services.GetRequiredService<UnitDirectory>();
        var registry = await directory.CurrentAsync(CancellationToken.None);
        var errors = new InputErrors();
        var units = input.UnitsFlag?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var (name, role, unitCodes, days) = TokenEndpoints.Read(errors, directory, registry, input.NameFlag, input.RoleFlag, units, input.DaysFlag);
        if (errors.Any)
        {
            Console.Error.WriteLine($"The token's name, role, units or days are not valid:\n{errors}");
            return false;
        }

        var minted = await services.GetRequiredService<ApiTokens>().MintAsync(name!, role!, unitCodes, Duration.FromDays(days), CancellationToken.None);
        Console.WriteLine($"Token for {name} ({role}), expires {minted.Token.ExpiresAt}; shown only now:");
        Console.WriteLine(minted.Secret);
        return true;
    }
}
