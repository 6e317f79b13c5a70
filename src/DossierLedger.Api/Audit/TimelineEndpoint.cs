using DossierLedger.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DossierLedger.Api.Audit;

/// <summary>
/// <c>GET /api/dossiers/{id}/timeline[?asOf=]</c>: a dossier's full history as the audit trail shows it, every
/// event with when it happened, when it was recorded and by whom; with <c>asOf</c>, the events that had
/// happened by that business instant (as <c>GET /api/dossiers/{id}?asOf=</c> folds them).
/// </summary>
public static class TimelineEndpoint
{
    /// <summary>A dossier's whole history as the audit trail shows it; with <c>asOf</c>, the events that had happened by then.</summary>
    [ProducesResponseType<IReadOnlyList<AuditEventView>>(StatusCodes.Status200OK)]
    [WolverineGet("/api/dossiers/{id}/timeline")]
    public static async Task<IResult> Get(
        Guid id, string? asOf, AuditEventQuery query, Marten.IQuerySession session, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var at = errors.Instant("asOf", asOf);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (await session.LoadAsync<DossierLedger.Domain.Dossiers.Dossier>(id, cancellation) is { } dossier
            && Dossiers.DossierQueries.Visible(http, dossier) is { } hidden)
        {
            return hidden;
        }

        var filter = new AuditEventFilter(null, null, null, null, null, null, id, [], 0);
        var events = new List<AuditEventView>();
        await foreach (var e in query.ReadAsync(filter, null, cancellation))
        {
            if (at is null || e.OccurredAt <= at)
            {
                events.Add(AuditEventView.Of(e));
            }
        }

        return events.Count == 0 ? Problems.DossierNotFound(id) : Results.Ok(events);
    }
}
