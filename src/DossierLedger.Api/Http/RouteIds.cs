using System.Globalization;

namespace DossierLedger.Api.Http;

/// <summary>
/// A route's <c>{id}</c> (a dossier's, a token's) is a GUID other than the empty one: nothing has the empty GUID as
/// its id, and the event store refuses it as a stream id. Any other value names nothing, so it is answered 404 here,
/// before the endpoint reads the body: every route with an id answers a bad one the same way, whatever else the
/// request holds.
/// </summary>
public sealed class RouteIds(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetRouteValue("id") is string raw
            && !(Guid.TryParse(raw, CultureInfo.InvariantCulture, out var id) && id != Guid.Empty))
        {
            var shown = raw.Length > 64 ? raw[..64] + "…" : raw;
            await problems.WriteAsync(context, Problems.Create(StatusCodes.Status404NotFound, "Not found.",
                $"'{shown}' is not the id of anything: ids are GUIDs, never the empty one.", "not-found"));
            return;
        }

        await next(context);
    }
}
