using DossierLedger.Api.Http;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DossierLedger.Api.Dossiers;

/// <summary>One page of a work queue.</summary>
public sealed record DossierPage(IReadOnlyList<DossierView> Items, int Page, int PageSize, long Total);

/// <summary>Reading dossiers: one dossier (now or as of an instant) and the desk's work queues.</summary>
public static class DossierQueries
{
    /// <summary>A queue's <c>status</c>: <c>open</c> (every status not closed) or one status, by its name on the wire.</summary>
    private static readonly IReadOnlyDictionary<string, DossierStatus?> Statuses =
        new[] { KeyValuePair.Create("open", (DossierStatus?)null) }
            .Concat(InputErrors.WireNames<DossierStatus>().Select(s => KeyValuePair.Create(s.Key, (DossierStatus?)s.Value)))
            .ToDictionary();

    private static readonly DossierStatus[] OpenStatuses = [.. DossierStatusExtensions.Open];

    /// <summary>
    /// The dossier view; with <c>asOf</c> its state at that business instant, folded from the events
    /// that had happened by then.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/dossiers/{id}")]
    public static async Task<IResult> Get(
        Guid id, string? asOf, IQuerySession session, ProjectionSettings projections, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var at = errors.Instant("asOf", asOf);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (at is null)
        {
            var dossier = await CurrentAsync(session, projections, id, cancellation);
            return dossier is null ? Problems.DossierNotFound(id) : Visible(http, dossier) ?? Results.Ok(DossierView.Of(dossier));
        }

        var events = (await session.Events.FetchStreamAsync(id, token: cancellation))
            .Select(e => e.Data).OfType<IDossierEvent>()
            .Where(e => e.OccurredAt <= at)
            .ToList();
        if (events.Count == 0)
        {
            return Problems.DossierNotFound(id);
        }

        var state = Dossier.Fold(events);
        return Visible(http, state) ?? Results.Ok(DossierView.Of(state));
    }

    /// <summary>
    /// The dossier as its latest event left it. Async projections may lag behind the writes: then the stream itself is
    /// folded (a few events), so a dossier just received or changed reads back at once on any node.
    /// </summary>
    public static async Task<Dossier?> CurrentAsync(IQuerySession session, ProjectionSettings projections, Guid id, CancellationToken cancellation) =>
        projections.IsAsync
            ? await session.Events.AggregateStreamAsync<Dossier>(id, token: cancellation)
            : await session.LoadAsync<Dossier>(id, cancellation);

    /// <summary>
    /// A token limited to units sees only their dossiers — those they hold, and those they received for another
    /// authority; null when this one is visible. An authority that handed a dossier over sees it as it stood before
    /// (<c>asOf</c>), when it still held it.
    /// </summary>
    internal static IResult? Visible(HttpContext http, Dossier dossier)
    {
        var actor = RequestActor.Of(http);
        return actor.MayActFor(dossier.AuthorityCode) || actor.MayActFor(dossier.ReceivingUnitCode) ? null : Problems.OtherUnit(dossier.AuthorityCode);
    }

    /// <summary>
    /// Work queue: dossiers of a unit by due date, soonest (so overdue) first. <c>status</c> defaults to
    /// <c>open</c> (received, in process, or waiting for a supplement or payment); <c>dueBefore</c> narrows to what is due by an instant,
    /// <c>supplementDueBefore</c> to supplements due by then (lapsed, with now), <c>stepDueBefore</c> to steps due by then
    /// (past their budget, with now), <c>assignee</c> to one official's work.
    /// </summary>
    [ProducesResponseType<DossierPage>(StatusCodes.Status200OK)]
    [WolverineGet("/api/dossiers")]
    public static async Task<IResult> Queue(
        string? unit, string? status, string? dueBefore, string? supplementDueBefore, string? stepDueBefore, string? assignee,
        int? page, int? pageSize, IQuerySession session, UnitDirectory units, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var unitCode = errors.Code("unit", unit, required: true);
        var due = errors.Instant("dueBefore", dueBefore);
        var supplementDue = errors.Instant("supplementDueBefore", supplementDueBefore);
        var stepDue = errors.Instant("stepDueBefore", stepDueBefore);
        var official = errors.Optional("assignee", assignee, 200);
        DossierStatus? wanted = null;
        if (status is not null && !Statuses.TryGetValue(status, out wanted))
        {
            errors.Add("status", $"must be one of: {string.Join(", ", Statuses.Keys)}.");
        }

        var pageNumber = errors.Positive("page", page, 1, 100_000);
        var size = errors.Positive("pageSize", pageSize, 50, 500);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(unitCode) is { } denied)
        {
            return denied;
        }

        // A merged commune's queue holds its predecessors' dossiers too: it took over their pending work. A dossier is in
        // the queue of the authority holding it, which a hand-over changes.
        var covered = (await units.CurrentAsync(cancellation)).Scope([unitCode!]).ToArray();
        var query = session.Query<Dossier>().Where(d => covered.Contains(d.AuthorityCode) && !d.Voided);
        query = wanted is { } target
            ? query.Where(d => d.Status == target)
            : query.Where(d => OpenStatuses.Contains(d.Status));
        if (due is { } dueLimit)
        {
            query = query.Before("dueAt", dueLimit);
        }

        if (supplementDue is { } supplementLimit)
        {
            query = query.Where(d => d.Status == DossierStatus.AwaitingSupplement).Before("supplementDueAt", supplementLimit);
        }

        if (stepDue is { } stepLimit)
        {
            query = query.Before("stepDueAt", stepLimit);
        }

        if (official is not null)
        {
            query = query.Where(d => d.Assignee == official);
        }

        var items = await query.OrderBy(d => d.DueAt).ThenBy(d => d.ReceiptNo).ToPagedListAsync(pageNumber, size, cancellation);
        return Results.Ok(new DossierPage([.. items.Select(d => DossierView.Of(d))], pageNumber, size, items.TotalItemCount));
    }
}
