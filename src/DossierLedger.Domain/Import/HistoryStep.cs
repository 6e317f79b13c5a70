using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.Import;

/// <summary>
/// One row of an imported dossier history, with its values already read and checked for form: the command it
/// stands for, when it happened, and what that command needs. <see cref="Line"/> is where it came from, for reports.
/// </summary>
public sealed record HistoryStep(long Line, StepAction Action, Instant At)
{
    public string? ProcedureCode { get; init; }

    public Channel? Channel { get; init; }

    public string? ApplicantName { get; init; }

    /// <summary>The unit that received the dossier for its authority; none when the authority received it itself.</summary>
    public string? ReceivingUnitCode { get; init; }

    public string? ReceivedBy { get; init; }

    /// <summary>The authority a hand-over gives the dossier to.</summary>
    public string? ToUnitCode { get; init; }

    public string? HandedOverBy { get; init; }

    public string? Step { get; init; }

    public string? Assignee { get; init; }

    public string? Agency { get; init; }

    public string? Items { get; init; }

    public decimal? Amount { get; init; }

    public PaymentMethod? PaymentMethod { get; init; }

    public Instant? NewAppointmentAt { get; init; }

    public string? Reason { get; init; }

    public ResultReturnMethod? ReturnMethod { get; init; }

    public int ComponentsDigitized { get; init; }

    public bool ReusedData { get; init; }

    public bool ElectronicResult { get; init; }

    public FeedbackRating? Rating { get; init; }

    public string? Comment { get; init; }
}

/// <summary>Why an imported dossier was turned away: the row (its line in the file), the column at fault, the rule and a message.</summary>
public sealed record StepRejection(long Line, string Column, string Rule, string Message);
