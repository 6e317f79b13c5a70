using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// What someone asks of a dossier, with its values already read and checked for form: the HTTP endpoints, the
/// import and the demo build these and hand them to <see cref="DossierDecider.Decide"/>, which rules on them.
/// </summary>
public abstract record DossierCommand;

/// <summary>Tiếp nhận: receive a dossier, its procedure found as it stood at <see cref="ReceivedAt"/>.</summary>
public sealed record ReceiveDossier(
    Guid DossierId,
    string ReceiptNo,
    string UnitCode,
    Procedure Procedure,
    Channel Channel,
    Instant ReceivedAt,
    string? ApplicantName) : DossierCommand;

/// <summary>Từ chối tiếp nhận: the dossier as it was presented, and why it was refused.</summary>
public sealed record RefuseIntake(ReceiveDossier Dossier, string Reason) : DossierCommand;

// The lifecycle: each happened at At (business time), on a dossier that was received.
public sealed record ResolveDossier(Instant At) : DossierCommand;

public sealed record WithdrawDossier(Instant At, string? Reason) : DossierCommand;

public sealed record StopDossier(Instant At, string Reason) : DossierCommand;

public sealed record ReturnResult(Instant At, ResultReturnMethod Method) : DossierCommand;

public sealed record AssignDossier(Instant At, string Step, string? Assignee) : DossierCommand;

public sealed record RequestSupplement(Instant At, string Items) : DossierCommand;

public sealed record ReceiveSupplement(Instant At) : DossierCommand;

/// <summary>A fee requested; <see cref="PausesClock"/> is the rule of the procedure version the dossier was received under.</summary>
public sealed record RequestPayment(Instant At, decimal Amount, bool PausesClock) : DossierCommand
{
    /// <summary>The request under <paramref name="procedure"/>'s terms: its fee unless an amount is given, and its pause rule.</summary>
    public static RequestPayment Under(Procedure? procedure, Instant at, decimal? amount) =>
        new(at, amount ?? procedure?.Fee ?? 0, procedure?.PaymentPausesClock ?? false);
}

public sealed record ReceivePayment(Instant At, decimal Amount, PaymentMethod Method) : DossierCommand;

public sealed record TransferDossier(Instant At, string Agency) : DossierCommand;

public sealed record ReturnTransfer(Instant At) : DossierCommand;

public sealed record IssueApology(Instant At, Instant NewAppointmentAt, string Reason) : DossierCommand;

public sealed record DigitizeDossier(Instant At, int ComponentsDigitized, bool ReusedData, bool ElectronicResult) : DossierCommand;

public sealed record GiveFeedback(Instant At, FeedbackRating Rating, string? Comment) : DossierCommand;

// Corrections: each names the event it supersedes (as found in the dossier's stream) and why; it happens when it is recorded.
public sealed record CorrectChannel(SupersededEvent Superseded, Channel Channel, string Reason) : DossierCommand;

public sealed record CorrectResolution(SupersededEvent Superseded, Instant ResolvedAt, string Reason) : DossierCommand;

public sealed record VoidDossier(SupersededEvent Superseded, string Reason) : DossierCommand;
