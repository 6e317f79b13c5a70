using System.Security.Cryptography;
using System.Text.Json;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Http;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reconciliation;
using DossierLedger.Domain.Reports;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace DossierLedger.Api.Reports;

public sealed record TypedFigureRequest(string? Figure, decimal? Value, string? Where);

/// <summary>A hand-typed report to reconcile: the unit and dates it covers (as the period report takes them) and its figures.</summary>
public sealed record ReconciliationRequest(
    string? Unit, string? From, string? To, string? Period, string? Window, IReadOnlyList<TypedFigureRequest>? Figures);

/// <summary>A submission beside the ledger: each figure compared, and the identities the typed report breaks by itself.</summary>
public sealed record ReconciliationView(
    Guid Id, string? Unit, string From, string To, string SubmittedBy, OffsetDateTime SubmittedAt, string Hash,
    IReadOnlyList<FigureComparison> Figures, IReadOnlyList<BrokenIdentity> BrokenIdentities, OffsetDateTime AsKnownAt);

/// <summary>
/// Reconciliation of hand-typed reports (đối chiếu báo cáo nhập tay): a report builder submits the figures as typed; the
/// answer puts each beside the ledger's period report (a figure is named by its JSON path there) and lists the
/// identities the typed report breaks by itself (<see cref="TypedReport"/>). Each submission is kept as an event.
/// </summary>
public static class ReconciliationEndpoints
{
    private const int MaxFigures = 2_000;

    /// <summary><c>POST /api/reports/reconciliations</c>: keeps the submission and answers how it compares now.</summary>
    [ProducesResponseType<ReconciliationView>(StatusCodes.Status201Created)]
    [WolverinePost("/api/reports/reconciliations")]
    public static async Task<IResult> Submit(
        ReconciliationRequest? request, IDocumentSession session, PeriodReportQuery query, UnitDirectory units, ProcedureCatalogue catalogue,
        IndicatorTargets targets, IOptions<JsonOptions> json, DossierDecider decider, IClock clock, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var range = ReportRange.Read(errors, request?.From, request?.To, request?.Period, request?.Window);
        var unit = errors.Code("unit", request?.Unit, required: false);
        var figures = Figures(errors, request?.Figures);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var actor = RequestActor.Of(http);
        if (actor.CheckRead(unit) is { } denied)
        {
            return denied;
        }

        var now = clock.GetCurrentInstant();
        var id = Guid.CreateVersion7();
        var submitted = new TypedReportSubmitted(
            id, unit, range!.From, range.To, figures, actor.User, now, Hash(unit, range.From, range.To, figures, json.Value.SerializerOptions));
        actor.Stamp(session);
        session.Events.StartStream(id, submitted);
        await session.SaveChangesAsync(cancellation);

        var covered = await units.CoverageAsync(unit, range.From, range.To, null, cancellation);
        var report = await PeriodReportEndpoint.BuildAsync(query, catalogue, targets, unit, covered, range.From, range.To, ReportGrouping.None, cancellation);
        return Results.Created($"/api/reports/reconciliations/{id}", View(submitted, report, now, json.Value.SerializerOptions, decider.Calendar.Zone));
    }

    /// <summary>
    /// <c>GET /api/reports/reconciliations/{id}</c>: a kept submission, compared with the ledger as it was known when it
    /// was submitted (the events recorded by then), so the comparison reads as it did.
    /// </summary>
    [ProducesResponseType<ReconciliationView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/reconciliations/{id}")]
    public static async Task<IResult> Get(
        Guid id, IQuerySession session, KnownReportQuery known, UnitDirectory units, ProcedureCatalogue catalogue, IndicatorTargets targets,
        IOptions<JsonOptions> json, DossierDecider decider, HttpContext http, CancellationToken cancellation)
    {
        var stream = await session.Events.FetchStreamAsync(id, token: cancellation);
        if (stream is not [{ Data: TypedReportSubmitted submitted } recorded, ..])
        {
            return Results.Problem(Problems.Create(StatusCodes.Status404NotFound, "Submission not found.", $"No reconciliation has id {id}.", "not-found"));
        }

        if (RequestActor.Of(http).CheckRead(submitted.UnitCode) is { } denied)
        {
            return denied;
        }

        var knownAt = Instant.FromDateTimeOffset(recorded.Timestamp);
        var zone = decider.Calendar.Zone;
        var covered = await units.CoverageAsync(submitted.UnitCode, submitted.From, submitted.To, knownAt, cancellation);
        var result = await known.RunAsync(covered, submitted.From, submitted.To, ReportGrouping.None, knownAt, zone, cancellation);
        var report = PeriodReportEndpoint.Compose(result, catalogue, targets, submitted.UnitCode, covered, submitted.From, submitted.To, ReportGrouping.None);
        return Results.Ok(View(submitted, report, knownAt, json.Value.SerializerOptions, zone));
    }

    private static List<TypedFigure> Figures(InputErrors errors, IReadOnlyList<TypedFigureRequest>? figures)
    {
        if (figures is null || figures.Count is 0 or > MaxFigures)
        {
            errors.Add("figures", $"must list 1 to {MaxFigures:N0} typed figures.");
            return [];
        }

        var typed = new List<TypedFigure>();
        for (var i = 0; i < figures.Count; i++)
        {
            var name = errors.Required($"figures[{i}].figure", figures[i]?.Figure, 100);
            var where = errors.Optional($"figures[{i}].where", figures[i]?.Where, 200);
            if (figures[i]?.Value is not { } value || value < 0)
            {
                errors.Add($"figures[{i}].value", "must be a number of at least 0, as typed (a rate in percent).");
            }
            else if (name is not null)
            {
                typed.Add(new TypedFigure(name, value, where));
            }
        }

        return typed;
    }

    /// <summary>SHA-256 of the submission's canonical JSON (the web defaults, in the order submitted).</summary>
    private static string Hash(string? unit, LocalDate from, LocalDate to, IReadOnlyList<TypedFigure> figures, JsonSerializerOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new
        {
            unit,
            from = LocalDatePattern.Iso.Format(from),
            to = LocalDatePattern.Iso.Format(to),
            figures,
        }, options)));

    private static ReconciliationView View(
        TypedReportSubmitted submitted, PeriodReportView report, Instant knownAt, JsonSerializerOptions options, DateTimeZone zone)
    {
        var ledger = JsonSerializer.SerializeToElement(report, options);
        return new ReconciliationView(
            submitted.SubmissionId, submitted.UnitCode, LocalDatePattern.Iso.Format(submitted.From), LocalDatePattern.Iso.Format(submitted.To),
            submitted.SubmittedBy, submitted.SubmittedAt.InZone(zone).ToOffsetDateTime(), submitted.Hash,
            TypedReport.Compare(submitted.Figures, figure => ValueAt(ledger, figure)), TypedReport.Check(submitted.Figures),
            knownAt.InZone(zone).ToOffsetDateTime());
    }

    /// <summary>The number at a JSON path of the period report (<c>received.online</c>), or null when there is none.</summary>
    private static decimal? ValueAt(JsonElement report, string path)
    {
        var at = report;
        foreach (var name in path.Split('.'))
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(name, out at))
            {
                return null;
            }
        }

        return at.ValueKind == JsonValueKind.Number ? at.GetDecimal() : null;
    }
}
