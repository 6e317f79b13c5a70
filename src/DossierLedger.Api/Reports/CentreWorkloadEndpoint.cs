using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Http;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;

namespace DossierLedger.Api.Reports;

/// <summary>A workload line as the HTTP contract shows it: the unit's name beside its code.</summary>
public sealed record WorkloadLineView(string? Key, string? Name, long Received, long ForOthers, long Online, long Direct, long Postal);

/// <summary>The centre's workload as the HTTP contract shows it.</summary>
public sealed record CentreWorkloadView(
    string From, string To, string Unit, string? UnitName, long Received, long ForOthers,
    IReadOnlyList<WorkloadLineView> ByAuthority, IReadOnlyList<WorkloadLineView> ByClerk)
{
    public string? Period { get; init; }

    public string? Window { get; init; }
}

/// <summary>
/// A receiving desk's workload (<see cref="CentreWorkload"/>), and the dossiers behind each of its lines. Read from the
/// dossier documents, by the desk where they were received and their receipt date, whatever happened to them since.
/// </summary>
public static class CentreWorkloadEndpoint
{
    /// <summary>The value of <c>clerk</c> that lists the dossiers with no receiving clerk recorded.</summary>
    private const string NoClerk = "-";

    /// <summary>
    /// <c>GET /api/reports/centre-workload?unit&amp;from&amp;to</c> (or <c>period</c>, <c>window</c>): what the desk
    /// <c>unit</c> received in the range, of which for other authorities, by authority and by clerk.
    /// </summary>
    [ProducesResponseType<CentreWorkloadView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/centre-workload")]
    public static async Task<IResult> Get(
        string? unit, string? from, string? to, string? period, string? window, IQuerySession session, UnitDirectory units,
        DossierDecider decider, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var range = ReportRange.Read(errors, from, to, period, window);
        var centre = errors.Code("unit", unit, required: true);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(centre) is { } denied)
        {
            return denied;
        }

        var receipts = await ReceivedAt(session, centre!, range!, decider.Calendar.Zone)
            .Select(d => new { d.UnitCode, d.ReceivedBy, d.Channel })
            .ToListAsync(cancellation);
        var workload = CentreWorkload.Of(centre!, [.. receipts.Select(r => new CentreReceipt(r.UnitCode, r.ReceivedBy, r.Channel))]);
        var registry = await units.CurrentAsync(cancellation);
        return Results.Ok(new CentreWorkloadView(
            LocalDatePattern.Iso.Format(range!.From), LocalDatePattern.Iso.Format(range.To), centre!, registry.Find(centre!)?.Name,
            workload.Received, workload.ForOthers,
            [.. workload.ByAuthority.Select(l => View(l, l.Key is { } code ? registry.Find(code)?.Name : null))],
            [.. workload.ByClerk.Select(l => View(l, null))])
        {
            Period = range.Period,
            Window = range.Window,
        });
    }

    /// <summary>
    /// <c>GET /api/reports/centre-workload/dossiers</c>: the dossiers behind the workload, by receipt time, narrowed to one
    /// <c>authority</c> (as named at receipt), one <c>clerk</c> (<c>-</c>: none recorded) or to those received
    /// <c>forOthers</c>; a line's figure is the <c>total</c> of the list its key narrows to.
    /// </summary>
    [ProducesResponseType<DossierPage>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/centre-workload/dossiers")]
    public static async Task<IResult> Dossiers(
        string? unit, string? from, string? to, string? period, string? window, string? authority, string? clerk, bool? forOthers,
        int? page, int? pageSize, IQuerySession session, DossierDecider decider, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var range = ReportRange.Read(errors, from, to, period, window);
        var centre = errors.Code("unit", unit, required: true);
        var authorityCode = errors.Code("authority", authority, required: false);
        var pageNumber = errors.Positive("page", page, 1, 100_000);
        var size = errors.Positive("pageSize", pageSize, 50, 500);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(centre) is { } denied)
        {
            return denied;
        }

        var query = ReceivedAt(session, centre!, range!, decider.Calendar.Zone);
        if (authorityCode is not null)
        {
            query = query.Where(d => d.UnitCode == authorityCode);
        }

        query = clerk switch
        {
            null => query,
            NoClerk => query.Where(d => d.ReceivedBy == null),
            _ => query.Where(d => d.ReceivedBy == clerk),
        };
        if (forOthers == true)
        {
            // CentreWorkload.IsForAnother, as the query can say it: the authority named at receipt is not this desk.
            query = query.Where(d => d.UnitCode != centre);
        }

        var items = await query.OrderBy(d => d.ReceivedAt).ThenBy(d => d.ReceiptNo).ToPagedListAsync(pageNumber, size, cancellation);
        return Results.Ok(new DossierPage([.. items.Select(d => DossierView.Of(d))], pageNumber, size, items.TotalItemCount));
    }

    /// <summary>The dossiers received at the desk on the range's local dates; refusals at intake and voided entries are not receipts.</summary>
    private static IQueryable<Dossier> ReceivedAt(IQuerySession session, string centre, ReportRange range, DateTimeZone zone)
    {
        return session.Query<Dossier>()
            .Where(d => d.ReceivingUnitCode == centre && d.Status != DossierStatus.Refused && !d.Voided)
            .OnDates("receivedAt", range.From, range.To, zone);
    }

    private static WorkloadLineView View(WorkloadLine line, string? name) =>
        new(line.Key, name, line.Received, line.ForOthers, line.Online, line.Direct, line.Postal);
}
