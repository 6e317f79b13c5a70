namespace DossierLedger.Domain.Dossiers;

/// <summary>What the applicant has to do for their dossier to move on, as the public lookup tells them.</summary>
public enum ApplicantAction
{
    /// <summary>Nothing to do yet: the authority is working on it.</summary>
    Wait = 1,

    /// <summary>Bring the supplementary documents the desk asked for.</summary>
    BringSupplement = 2,

    /// <summary>Pay the fee or charge (nghĩa vụ tài chính).</summary>
    PayFee = 3,

    /// <summary>The result is ready: collect it where the dossier was received.</summary>
    CollectResult = 4,

    /// <summary>Nothing more: the result was handed over, or the dossier was withdrawn, stopped or refused.</summary>
    None = 5,
}

/// <summary>The applicant's next step, with what it needs.</summary>
/// <param name="SupplementItems">What to bring, for <see cref="ApplicantAction.BringSupplement"/>, when the request said.</param>
/// <param name="Fee">How much to pay, for <see cref="ApplicantAction.PayFee"/>.</param>
/// <param name="BringBy">The supplement's deadline, for <see cref="ApplicantAction.BringSupplement"/>, when the request set one.</param>
public sealed record ApplicantNextStep(ApplicantAction Action, string? SupplementItems = null, decimal? Fee = null, NodaTime.Instant? BringBy = null)
{
    /// <summary>The step a dossier's status leaves the applicant. Every status is named: a new one must say what it asks of them.</summary>
    public static ApplicantNextStep Of(Dossier dossier) => dossier.Status switch
    {
        DossierStatus.Received or DossierStatus.InProcess => new(ApplicantAction.Wait),
        DossierStatus.AwaitingSupplement => new(ApplicantAction.BringSupplement, SupplementItems: dossier.SupplementItems, BringBy: dossier.SupplementDueAt),
        DossierStatus.AwaitingPayment => new(ApplicantAction.PayFee, Fee: dossier.FeeRequested),
        DossierStatus.Resolved => new(ApplicantAction.CollectResult),
        DossierStatus.ResultReturned or DossierStatus.Withdrawn or DossierStatus.Stopped or DossierStatus.Refused => new(ApplicantAction.None),
        _ => throw new ArgumentOutOfRangeException(nameof(dossier), dossier.Status, "Unknown dossier status."),
    };
}
