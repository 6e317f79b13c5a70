using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.Import;

/// <summary>What one step of an imported history does: the lifecycle command it stands for.</summary>
public enum StepAction
{
    /// <summary>National status 1 (submitted online, not yet accepted): the portal's business, no event.</summary>
    Ignore,

    /// <summary>Status 2: received.</summary>
    Receive,

    /// <summary>Status 3: refused at intake.</summary>
    Refuse,

    /// <summary>Status 4 without a named action: a supplement received, a fee paid, or an assignment, whichever the dossier's state calls for.</summary>
    InProcess,

    Assign,
    Transfer,
    TransferReturn,

    /// <summary>Status 5.</summary>
    SupplementRequest,
    SupplementReceived,

    /// <summary>Status 6.</summary>
    PaymentRequest,
    PaymentReceived,

    /// <summary>Status 7.</summary>
    Withdraw,

    /// <summary>Status 8.</summary>
    Stop,

    /// <summary>Status 9.</summary>
    Resolve,

    /// <summary>Status 10.</summary>
    ResultReturn,

    /// <summary>No status change: an apology with a new appointment.</summary>
    Apology,

    /// <summary>No status change: digitization.</summary>
    Digitize,

    /// <summary>No status change: the applicant's rating or complaint.</summary>
    Feedback,
}

/// <summary>
/// One row of an imported dossier history, with its values already read and checked for form: the command it
/// stands for, when it happened, and what that command needs. <see cref="Line"/> is where it came from, for reports.
/// </summary>
public sealed record HistoryStep(long Line, StepAction Action, Instant At)
{
    public string? ProcedureCode { get; init; }

    public Channel? Channel { get; init; }

    public string? ApplicantName { get; init; }

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
