using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Http;
using DossierLedger.Api.PublicLookup;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace DossierLedger.Api.Forms;

/// <summary>The desk's printed forms (Thông tư 03/2025/TT-VPCP, Phụ lục I) of one dossier, as PDF. Reading only: nothing is written.</summary>
public static class FormEndpoints
{
    public const string MediaType = "application/pdf";

    /// <summary>Every form by its name in the URL.</summary>
    public static readonly IReadOnlyDictionary<string, DossierForm> Forms = new DossierForm[]
    {
        new ReceiptForm(), new SupplementRequestForm(), new IntakeRefusalForm(), new ApologyForm(), new StopNoticeForm(), new ControlSlipForm(),
        new ResultHandoverForm(),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>
    /// <c>GET /api/dossiers/{id}/forms/{form}</c>: the form filled from the dossier's events, shown inline as
    /// <c>{receiptNo}-{form}.pdf</c>. Seen by whoever may read the dossier; 404 for an unknown dossier or form, 409 when the
    /// dossier has no such document (a supplement request form of a dossier never asked for one).
    /// </summary>
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, MediaType)]
    [WolverineGet("/api/dossiers/{id}/forms/{form}")]
    public static async Task<IResult> Get(
        Guid id, string form, IQuerySession session, UnitDirectory units, ProcedureCatalogue catalogue, PublicLookupLink lookup,
        HttpContext http, CancellationToken cancellation)
    {
        if (!Forms.TryGetValue(form, out var paper))
        {
            return Results.Problem(Problems.Create(StatusCodes.Status404NotFound, "Form not found.",
                $"No form is named '{form}': one of {string.Join(", ", Forms.Keys)}.", "not-found"));
        }

        // The stream itself, folded by the domain: current on any node whatever the projections' lag.
        var events = (await session.Events.FetchStreamAsync(id, token: cancellation)).Select(e => e.Data).OfType<IDossierEvent>().ToList();
        if (events.Count == 0)
        {
            return Problems.DossierNotFound(id);
        }

        var dossier = Dossier.Fold(events);
        if (DossierQueries.Visible(http, dossier) is { } denied)
        {
            return denied;
        }

        if (dossier.Voided)
        {
            return Problems.Conflict("dossier-voided", $"Dossier {dossier.ReceiptNo} was voided: it has no papers.");
        }

        var source = new FormSource(
            dossier, events, await units.CurrentAsync(cancellation), catalogue.VersionAt(dossier.ProcedureCode, dossier.ReceivedAt),
            dossier.LookupSecret is { } secret ? lookup.For(http.Request, dossier.ReceiptNo, secret) : null);
        if (paper.Lacks(source) is { } missing)
        {
            return Problems.RuleViolated(missing);
        }

        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName($"{dossier.ReceiptNo}-{paper.Name}.pdf");
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.File(paper.Render(source), MediaType);
    }
}
