using DossierLedger.Api.Http;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Units;

/// <summary>
/// One change of the body of <c>POST /api/admin/units/changes</c>. <c>change</c> is <c>establish</c> (code, name,
/// level, optional parentCode, kind, sector and address), <c>move</c> (code, parentCode: none for top level), <c>merge</c> (code: the unit
/// taking over, predecessors: the units merged into it), <c>split</c> (code, successors, allocation: where each of its pending
/// dossiers goes), <c>dissolve</c> (code) or <c>address</c> (code, address: where it sits from then on); each takes effect on
/// <c>effectiveFrom</c>.
/// </summary>
public sealed record UnitChangeRequest(
    string? Change, string? Code, string? Name, string? Level, string? ParentCode, IReadOnlyList<string>? Predecessors, string? EffectiveFrom,
    string? Kind = null, string? Sector = null, IReadOnlyList<string>? Successors = null, IReadOnlyList<AllocationRequest>? Allocation = null,
    string? Address = null);

/// <summary>One line of a split's allocation: a pending dossier, by <c>receiptNo</c> or <c>dossierId</c>, and the successor it goes <c>to</c>.</summary>
public sealed record AllocationRequest(string? ReceiptNo, string? DossierId, string? To);

/// <summary>Changes recorded together or not at all, checked in order (move communes before dissolving their district).</summary>
public sealed record UnitChangesRequest(IReadOnlyList<UnitChangeRequest>? Changes);

/// <summary>
/// Danh mục đơn vị hành chính: reading the registry (anyone who may read reports) and changing it (admins).
/// A change is never edited or removed: a later change supersedes it from its own date, so reports over
/// earlier ranges stay as they were.
/// </summary>
public static class UnitEndpoints
{
    public const int MaxChanges = 5000;

    /// <summary>The most lines one split's allocation may hold: a commune's open dossiers, with room to spare.</summary>
    public const int MaxAllocation = 20_000;

    /// <summary>The longest address: a street, a village, the commune and the province, with room to spare.</summary>
    public const int MaxAddress = 300;

    /// <summary><c>GET /api/units?asOf&amp;level&amp;kind&amp;parent</c>: the units existing on a day (today by default), by code.</summary>
    [ProducesResponseType<UnitListView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/units")]
    public static async Task<IResult> List(
        string? asOf, string? level, string? kind, string? parent, UnitDirectory units, IClock clock, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var day = errors.Date("asOf", asOf, required: false) ?? Today(clock);
        var onlyLevel = errors.Choice<UnitLevel>("level", level, required: false);
        var onlyKind = errors.Choice<UnitKind>("kind", kind, required: false);
        var parentCode = errors.Code("parent", parent, required: false);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var registry = await units.CurrentAsync(cancellation);
        var listed = registry.Units.Values
            .Where(u => u.IsActiveOn(day) && (onlyLevel is null || u.Level == onlyLevel) && (onlyKind is null || u.Kind == onlyKind)
                        && (parentCode is null || u.ParentOn(day) == parentCode))
            .OrderBy(u => u.Code, StringComparer.Ordinal)
            .Select(u => UnitView.Of(u, day));
        return Results.Ok(new UnitListView(day, [.. listed]));
    }

    /// <summary><c>GET /api/units/{code}</c>: one unit's whole history.</summary>
    [ProducesResponseType<UnitView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/units/{code}")]
    public static async Task<IResult> GetOne(string code, UnitDirectory units, IClock clock, CancellationToken cancellation) =>
        (await units.CurrentAsync(cancellation)).Find(code) is { } unit
            ? Results.Ok(UnitView.Of(unit, Today(clock)))
            : Results.Problem(Problems.Create(StatusCodes.Status404NotFound, "Unit not found.", $"No unit has code {code}.", "not-found"));

    /// <summary>
    /// Records registry changes, all or none: 200 with the touched units, 400 naming every bad field
    /// (<c>changes[2].effectiveFrom</c>), or 409 naming the rule the first offending change breaks and its <c>index</c>.
    /// A split hands its unit's pending dossiers over in the same transaction (<see cref="UnitSplits"/>).
    /// </summary>
    [ProducesResponseType<UnitChangesView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/admin/units/changes")]
    public static async Task<IResult> Change(
        UnitChangesRequest? request, IDocumentSession session, UnitSplits splits, IClock clock, HttpContext http,
        ILogger<UnitDirectory> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var allocations = new Dictionary<int, IReadOnlyList<AllocatedDossier>>();
        var changes = Read(errors, request, allocations);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var actor = RequestActor.Of(http);
        actor.Stamp(session);
        var (outcome, version) = await splits.RecordAsync(session, changes, allocations, actor.User, cancellation);
        if (outcome.Violation is { } violation)
        {
            var problem = Problems.Create(StatusCodes.Status409Conflict, "The change conflicts with the unit registry.", violation.Detail, violation.Rule);
            problem.Extensions["index"] = outcome.RejectedIndex;
            return Results.Problem(problem);
        }

        logger.LogInformation("Unit registry: recorded {Count} changes, now at version {Version}", changes.Count, version);

        var today = Today(clock);
        var touched = changes.SelectMany(c => c switch
        {
            UnitsMerged m => [m.Code, .. m.Predecessors],
            UnitSplit split => [split.Code, .. split.Successors],
            _ => new[] { c.Code },
        }).Distinct(StringComparer.Ordinal);
        return Results.Ok(new UnitChangesView(version, [.. touched.Select(code => UnitView.Of(outcome.Registry.Units[code], today))]));
    }

    private static List<IUnitEvent> Read(InputErrors errors, UnitChangesRequest? request, Dictionary<int, IReadOnlyList<AllocatedDossier>> allocations)
    {
        if (request?.Changes is not { Count: > 0 } list)
        {
            errors.Add("changes", "must list at least one change.");
            return [];
        }

        if (list.Count > MaxChanges)
        {
            errors.Add("changes", $"must list at most {MaxChanges} changes; send larger reorganisations in several batches.");
            return [];
        }

        var changes = new List<IUnitEvent>();
        for (var i = 0; i < list.Count; i++)
        {
            if (Read(errors, $"changes[{i}]", list[i]) is { } change)
            {
                changes.Add(change);
                if (change is UnitSplit)
                {
                    allocations[changes.Count - 1] = ReadAllocation(errors, $"changes[{i}]", list[i].Allocation);
                }
            }
        }

        return changes;
    }

    private static IUnitEvent? Read(InputErrors errors, string at, UnitChangeRequest? change)
    {
        if (change is null)
        {
            errors.Add(at, "must be a JSON object.");
            return null;
        }

        var code = errors.Code($"{at}.code", change.Code, required: true);
        var effectiveFrom = errors.Date($"{at}.effectiveFrom", change.EffectiveFrom, required: true);
        var parent = errors.Code($"{at}.parentCode", change.ParentCode, required: false);
        var kind = change.Change?.Trim();
        var allowed = kind switch
        {
            "establish" => new[] { "name", "level", "parentCode", "kind", "sector", "address" },
            "move" => ["parentCode"],
            "merge" => ["predecessors"],
            "split" => ["successors", "allocation"],
            "dissolve" => [],
            "address" => ["address"],
            _ => null,
        };
        if (allowed is null)
        {
            errors.Add($"{at}.change", "must be one of establish, move, merge, split, dissolve, address.");
            return null;
        }

        foreach (var (field, given) in new (string, bool)[]
                 {
                     ("name", change.Name is not null), ("level", change.Level is not null), ("parentCode", change.ParentCode is not null),
                     ("predecessors", change.Predecessors is not null), ("kind", change.Kind is not null), ("sector", change.Sector is not null),
                     ("successors", change.Successors is not null), ("allocation", change.Allocation is not null),
                     ("address", change.Address is not null),
                 })
        {
            if (given && !allowed.Contains(field))
            {
                errors.Add($"{at}.{field}", $"does not apply to a {kind} change.");
            }
        }

        IUnitEvent? result = kind switch
        {
            "establish" => errors.Required($"{at}.name", change.Name, 200) is { } name
                           && errors.Choice<UnitLevel>($"{at}.level", change.Level, required: true) is { } level
                ? new UnitEstablished(
                    code!, name, level, parent, effectiveFrom ?? default,
                    errors.Choice<UnitKind>($"{at}.kind", change.Kind, required: false), errors.Code($"{at}.sector", change.Sector, required: false),
                    errors.Optional($"{at}.address", change.Address, MaxAddress))
                : null,
            "move" => new UnitMoved(code!, parent, effectiveFrom ?? default),
            "merge" => ReadCodes(errors, $"{at}.predecessors", change.Predecessors, "the units merged into this one") is { } predecessors
                ? new UnitsMerged(code!, predecessors, effectiveFrom ?? default)
                : null,
            "split" => ReadCodes(errors, $"{at}.successors", change.Successors, "the units this one is split into") is { } successors
                ? new UnitSplit(code!, successors, effectiveFrom ?? default)
                : null,
            "address" => errors.Required($"{at}.address", change.Address, MaxAddress) is { } address
                ? new UnitAddressChanged(code!, address, effectiveFrom ?? default)
                : null,
            _ => new UnitDissolved(code!, effectiveFrom ?? default),
        };
        return errors.Any ? null : result;
    }

    private static List<string>? ReadCodes(InputErrors errors, string field, IReadOnlyList<string>? given, string what)
    {
        if (given is not { Count: > 0 })
        {
            errors.Add(field, $"must list {what}.");
            return null;
        }

        var codes = given.Select((p, j) => errors.Code($"{field}[{j}]", p, required: true)).ToList();
        return codes.Any(c => c is null) ? null : [.. codes.OfType<string>()];
    }

    /// <summary>A split's allocation; none given is an empty one, which suits a unit holding no open dossier.</summary>
    private static List<AllocatedDossier> ReadAllocation(InputErrors errors, string at, IReadOnlyList<AllocationRequest>? lines)
    {
        if (lines is null)
        {
            return [];
        }

        if (lines.Count > MaxAllocation)
        {
            errors.Add($"{at}.allocation", $"must list at most {MaxAllocation} dossiers.");
            return [];
        }

        var allocation = new List<AllocatedDossier>(lines.Count);
        for (var j = 0; j < lines.Count; j++)
        {
            var field = $"{at}.allocation[{j}]";
            if (lines[j] is not { } line)
            {
                errors.Add(field, "must be a JSON object.");
                continue;
            }

            var to = errors.Code($"{field}.to", line.To, required: true);
            var receiptNo = errors.Optional($"{field}.receiptNo", line.ReceiptNo, 64);
            Guid? dossierId = null;
            if (line.DossierId is not null)
            {
                dossierId = Guid.TryParse(line.DossierId, out var id) ? id : null;
                if (dossierId is null)
                {
                    errors.Add($"{field}.dossierId", "must be a dossier id (a UUID).");
                }
            }

            if ((receiptNo is null) == (line.DossierId is null))
            {
                errors.Add(field, "must name the dossier by receiptNo or by dossierId, not both.");
            }
            else if (to is not null && (receiptNo is not null || dossierId is not null))
            {
                allocation.Add(new AllocatedDossier(receiptNo, dossierId, to));
            }
        }

        return allocation;
    }

    private static LocalDate Today(IClock clock) => clock.GetCurrentInstant().InZone(WorkingTimeCalendar.Vietnam.Zone).Date;
}
