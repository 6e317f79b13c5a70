using DossierLedger.Api.Http;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Marten;

namespace DossierLedger.Api.Dossiers;

/// <summary>The body of <c>POST /api/dossiers/{id}/hand-overs</c>: to which authority, and why.</summary>
public sealed record HandOverRequest(string? At, long? Version, string? ToUnitCode, string? Reason) : ILifecycleRequest;

public static class HandOverEndpoint
{
    public static async Task<(HandOverDossier?, IResult)> ValidateAsync(
        HandOverRequest? request, Instant now, UnitDirectory units, HttpContext http, CancellationToken cancellation)
    {
        var registry = await units.CurrentAsync(cancellation);
        return DossierWrites.Read(request, now,
            (body, errors) =>
            {
                var to = errors.Code("toUnitCode", body.ToUnitCode, required: true);
                if (to is not null)
                {
                    units.CheckKnown(errors, registry, "toUnitCode", to);
                }

                return (To: to, Reason: errors.Required("reason", body.Reason, 2000));
            },
            (fields, at) => new HandOverDossier(at, fields.To!, fields.Reason!, RequestActor.Of(http).User, registry));
    }

    /// <summary>
    /// Chuyển hồ sơ: hands the dossier over to another competent authority, which holds, acts on and reports it from
    /// then on; the clock carries over.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/hand-overs")]
    public static (IResult, Events) Post(HandOverRequest request, [NotBody] HandOverDossier command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now, IDocumentSession session)
    {
        var (result, events) = DossierWrites.Decide(dossier, command, decider, now);
        if (events.Count > 0)
        {
            UnitSplits.GuardTaking(session, command.ToUnitCode);
        }

        return (result, events);
    }
}
