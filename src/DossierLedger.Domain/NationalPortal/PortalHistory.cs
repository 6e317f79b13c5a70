using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.NationalPortal;

/// <summary>
/// One step of a dossier's processing history as the national portal keeps it (<c>CapNhatTienDoHoSoMC</c>): an event
/// whose national step has a <see cref="NationalStepAttribute.History"/> title.
/// </summary>
/// <param name="Version">The event's version in the dossier's stream: the step's identity, so each is told once.</param>
/// <param name="Status">Trạng thái: the dossier's status after the step.</param>
/// <param name="Content">Nội dung xử lý: what the step did.</param>
/// <param name="UnitCode">Phòng ban xử lý: the authority holding the dossier after the step.</param>
/// <param name="StartedAt">Ngày bắt đầu: when the dossier came to this step (the previous step's instant; its own for the first).</param>
/// <param name="DueBy">Ngày kết thúc theo quy định: the step's deadline after it, else the dossier's due instant.</param>
public sealed record PortalStep(long Version, Instant At, DossierStatus Status, string Content, string UnitCode, Instant StartedAt, Instant DueBy);

/// <summary>A dossier as the portal is told of it: its state (whose <see cref="PortalRecord"/> is sent) and its history.</summary>
public sealed record PortalHistory(Dossier Dossier, IReadOnlyList<PortalStep> Steps)
{
    /// <summary>The state and steps of a whole stream (its events with their versions, oldest first); null for an empty one.</summary>
    public static PortalHistory? Of(IEnumerable<(long Version, IDossierEvent Event)> stream)
    {
        var steps = new List<PortalStep>();
        Dossier? state = null;
        foreach (var (version, e) in stream)
        {
            state = Dossier.Next(state, e);
            if (NationalCodes.StepOf(e)?.History is { } content)
            {
                var startedAt = steps.Count == 0 ? e.OccurredAt : steps[^1].At;
                steps.Add(new PortalStep(version, e.OccurredAt, state.Status, content, state.AuthorityCode, startedAt, state.StepDueAt ?? state.DueAt));
            }
        }

        return state is null ? null : new PortalHistory(state, steps);
    }
}
