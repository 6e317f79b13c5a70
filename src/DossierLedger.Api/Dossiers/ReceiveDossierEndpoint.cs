using DossierLedger.Api.Http;
using DossierLedger.Api.Projections;
using DossierLedger.Api.PublicLookup;
using DossierLedger.Api.Telemetry;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Serilog;
using Wolverine.Http;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// The body of <c>POST /api/dossiers</c>. Text fields are parsed by the endpoint so every bad value gets a field error.
/// <c>unitCode</c> is the resolving authority; <c>receivingUnitCode</c> the unit receiving for it (default: the same);
/// <c>components</c> the documents received, as the receipt slip lists them.
/// </summary>
public sealed record ReceiveDossierRequest(
    string? UnitCode,
    string? ProcedureCode,
    string? Channel,
    string? ReceivedAt,
    string? ReceiptNo,
    ApplicantRequest? Applicant,
    string? ReceivingUnitCode = null,
    IReadOnlyList<string?>? Components = null);

public sealed record ApplicantRequest(string? Name);

/// <summary>The body of <c>POST /api/intake-refusals</c>: the dossier as it was presented, and why it was refused.</summary>
public sealed record IntakeRefusalRequest(
    string? UnitCode,
    string? ProcedureCode,
    string? Channel,
    string? ReceivedAt,
    string? ReceiptNo,
    ApplicantRequest? Applicant,
    string? Reason,
    string? ReceivingUnitCode = null)
{
    public ReceiveDossierRequest Dossier => new(UnitCode, ProcedureCode, Channel, ReceivedAt, ReceiptNo, Applicant, ReceivingUnitCode);
}

/// <summary>Tiếp nhận hồ sơ: receive a dossier, computing its due date from the procedure's time limit.</summary>
public static class ReceiveDossierEndpoint
{
    /// <summary>Tiếp nhận: receives a dossier, its due date computed from the procedure's time limit and the unit's calendar.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status201Created)]
    [WolverinePost("/api/dossiers")]
    [Decides(typeof(ReceiveDossier))]
    public static Task<IResult> Post(
        ReceiveDossierRequest request, IDocumentSession session, DossierIntake intake, HttpContext http, IDiagnosticContext requestLine,
        CancellationToken cancellation) =>
        intake.StartAsync(request, new InputErrors(), session, RequestActor.Of(http), requestLine, Receipt, cancellation);

    /// <summary>
    /// Từ chối tiếp nhận: a refusal at intake, recorded as a stream of its own (status 3) that never counts
    /// as received. <c>receivedAt</c> is when it was refused.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status201Created)]
    [WolverinePost("/api/intake-refusals")]
    [Decides(typeof(RefuseIntake))]
    public static Task<IResult> Refuse(
        IntakeRefusalRequest request, IDocumentSession session, DossierIntake intake, HttpContext http, IDiagnosticContext requestLine,
        CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var reason = request is null ? null : errors.Required("reason", request.Reason, 2000);
        return intake.StartAsync(request?.Dossier, errors, session, RequestActor.Of(http), requestLine,
            receipt => Refusal(receipt, reason!), cancellation);
    }

    /// <summary>What a receipt asks the decider: the dossier as presented.</summary>
    private static DossierCommand Receipt(ReceiveDossier receipt) => receipt;

    /// <summary>What a refusal at intake asks the decider: the dossier as presented, refused for <paramref name="reason"/>.</summary>
    private static RefuseIntake Refusal(ReceiveDossier receipt, string reason) => new(receipt, reason);
}

/// <summary>
/// What receiving a dossier and refusing one at intake share: reading the presented dossier, numbering it, letting the
/// decider rule on it, and starting its stream with what it decided.
/// </summary>
public sealed class DossierIntake(
    ProcedureCatalogue catalogue, UnitDirectory units, DossierDecider decider, ProjectionSettings projections, ReceiptNumbers numbers, IClock clock)
{
    /// <summary>How many generated numbers a receipt tries before a number taken at commit is answered 409.</summary>
    private const int GeneratedNumberAttempts = 3;

    /// <summary>A receipt's fields once read: every one valid, the procedure the version in force at <see cref="At"/>.</summary>
    private sealed record Presented(
        string Unit, string ReceivingUnit, Channel Channel, Instant At, Procedure Procedure, string? ReceiptNo, string? ApplicantName,
        IReadOnlyList<string>? Components);

    /// <summary>How many documents a receipt may list, and how long each name may be.</summary>
    private const int MaxComponents = 100;

    private const int MaxComponentLength = 500;

    /// <summary>
    /// Numbers the dossier, lets the decider rule on <paramref name="command"/> and starts its stream with what it
    /// decided; what it appended goes on the request's log line once committed. A dossier numbered here is committed
    /// here, so that a number found taken at commit can be replaced by the next; one numbered by the client is
    /// committed by Wolverine after the endpoint.
    /// </summary>
    public async Task<IResult> StartAsync(
        ReceiveDossierRequest? request, InputErrors errors, IDocumentSession session, RequestActor actor, IDiagnosticContext requestLine,
        Func<ReceiveDossier, DossierCommand> command, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var (presented, refusal) = await CheckAsync(request, errors, session, actor, now, cancellation);
        if (presented is null)
        {
            return refusal!;
        }

        var id = Guid.CreateVersion7();
        var day = decider.Calendar.LocalDate(presented.At);
        var secret = LookupSecret.New();
        actor.Stamp(session);
        DossierWrites.NoteWhenCommitted(session, requestLine, id);
        for (var attempt = 1; ; attempt++)
        {
            var receiptNo = presented.ReceiptNo ?? await numbers.NextAsync(presented.Unit, day, cancellation);
            var receipt = new ReceiveDossier(
                id, receiptNo, presented.Unit, presented.Procedure, presented.Channel, presented.At, presented.ApplicantName,
                presented.ReceivingUnit, actor.User, presented.Components, secret);
            var decision = decider.Decide(null, command(receipt), now);
            if (decision.Violation is { } violation)
            {
                return Problems.RuleViolated(violation);
            }

            if (projections.IsAsync)
            {
                // A second claim of the number fails this transaction (unique key): 409, nothing appended (dl_receipt_claims, Storage/Schema).
                session.QueueSqlCommand($"INSERT INTO {ReceiptNumbers.ClaimsTable} (unit_code, receipt_no) VALUES (?, ?)", presented.Unit, receiptNo);
            }

            UnitSplits.GuardTaking(session, presented.Unit);
            session.Events.StartStream<Dossier>(id, decision.Events.Cast<object>().ToArray());
            if (presented.ReceiptNo is not null || await CommittedAsync(session, attempt, cancellation))
            {
                return Results.Created($"/api/dossiers/{id}", DossierView.Of(Dossier.Fold(decision.Events)));
            }
        }
    }

    /// <summary>
    /// The presented dossier, checked against the registry and the acting clerk's units, with the number it brings not
    /// yet used; otherwise the problem to answer.
    /// </summary>
    private async Task<(Presented? Presented, IResult? Refusal)> CheckAsync(
        ReceiveDossierRequest? request, InputErrors errors, IDocumentSession session, RequestActor actor, Instant now, CancellationToken cancellation)
    {
        var registry = await units.CurrentAsync(cancellation);
        if (Read(request, errors, registry, now) is not { } presented)
        {
            return (null, errors.ToResult());
        }

        // The clerk acts for the unit where the dossier is received, which may receive for other authorities.
        if (!actor.MayActFor(presented.ReceivingUnit))
        {
            return (null, Problems.OtherUnit(presented.ReceivingUnit));
        }

        var day = decider.Calendar.LocalDate(presented.At);
        if (Jurisdiction.CheckReceipt(registry, presented.Procedure.Competence, presented.Unit, presented.ReceivingUnit, day) is { } outside)
        {
            return (null, Problems.RuleViolated(outside));
        }

        // In async mode the documents may not show the latest receipts yet: the claim at commit is what refuses a race.
        if (presented.ReceiptNo is { } taken && await session.Query<Dossier>().AnyAsync(d => d.UnitCode == presented.Unit && d.ReceiptNo == taken, cancellation))
        {
            return (null, Problems.Conflict(DossierRules.DuplicateReceiptNo, $"Unit {presented.Unit} already has a dossier with receipt number {taken}."));
        }

        return (presented, null);
    }

    /// <summary>
    /// Commits a receipt numbered here. A generated number may have gone to another dossier since this node drew it
    /// (typed in by a clerk, imported): false, the session emptied, so the receipt takes the next number rather than
    /// answer 409 for a number the client never chose — up to <see cref="GeneratedNumberAttempts"/> times.
    /// </summary>
    private async Task<bool> CommittedAsync(IDocumentSession session, int attempt, CancellationToken cancellation)
    {
        try
        {
            await session.SaveChangesAsync(cancellation);
            return true;
        }
        catch (Exception failure) when (attempt < GeneratedNumberAttempts && numbers.AreDuplicatedBy(failure))
        {
            session.EjectAllPendingChanges();
            return false;
        }
    }

    /// <summary>The intake fields, each checked, the procedure found as it stood at receipt; null with every problem in <paramref name="errors"/>.</summary>
    private Presented? Read(ReceiveDossierRequest? request, InputErrors errors, UnitRegistry registry, Instant now)
    {
        if (request is null)
        {
            errors.Add("body", "must be a JSON object.");
            return null;
        }

        var unit = errors.Code("unitCode", request.UnitCode, required: true);
        var channel = errors.Choice<Channel>("channel", request.Channel, required: true);
        var at = errors.Instant("receivedAt", request.ReceivedAt) ?? now;

        // The procedure as it stood at receipt: a later version never changes this dossier's deadline.
        var procedureCode = errors.Required("procedureCode", request.ProcedureCode, 32);
        var procedure = procedureCode is null ? null : catalogue.FindAt(procedureCode, at);
        if (procedureCode is not null && procedure is null)
        {
            errors.Add("procedureCode", catalogue.Find(procedureCode) is null
                ? $"'{procedureCode}' is not in the procedure catalogue (GET /api/procedures)."
                : $"'{procedureCode}' was not yet in force at {at}.");
        }

        var receivingUnit = errors.Code("receivingUnitCode", request.ReceivingUnitCode, required: false) ?? unit;
        if (unit is not null)
        {
            units.CheckKnown(errors, registry, "unitCode", unit);
        }

        if (receivingUnit is not null && receivingUnit != unit)
        {
            units.CheckKnown(errors, registry, "receivingUnitCode", receivingUnit);
        }

        var receiptNo = errors.Optional("receiptNo", request.ReceiptNo, 64);
        var applicantName = errors.Optional("applicant.name", request.Applicant?.Name, 200);
        var components = ReadComponents(request.Components, errors);
        return errors.Any ? null : new Presented(unit!, receivingUnit!, channel!.Value, at, procedure!, receiptNo, applicantName, components);
    }

    private static string[]? ReadComponents(IReadOnlyList<string?>? components, InputErrors errors)
    {
        if (components is null)
        {
            return null;
        }

        if (components.Count > MaxComponents)
        {
            errors.Add("components", $"must list at most {MaxComponents} documents.");
            return null;
        }

        var read = components.Select((c, i) => errors.Required($"components[{i}]", c, MaxComponentLength)).OfType<string>().ToArray();
        return read.Length == components.Count ? read : null;
    }
}
