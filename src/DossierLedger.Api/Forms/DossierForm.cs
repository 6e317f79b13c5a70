using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Forms;

/// <summary>A form of Phụ lục I as the endpoint knows it: its name in the URL, and whether a dossier has the document.</summary>
public abstract class DossierForm
{
    /// <summary>The form's name in <c>/api/dossiers/{id}/forms/{form}</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Its number in Phụ lục I (<c>01</c>…); null for a paper the appendix does not number.</summary>
    public abstract string? Number { get; }

    public abstract string Title { get; }

    /// <summary>Why the dossier has no such document (a 409), or null when it has one.</summary>
    public abstract RuleViolation? Lacks(FormSource source);

    /// <summary>The PDF of the form for a dossier that has the document.</summary>
    public abstract byte[] Render(FormSource source);
}

/// <summary>
/// A form printing one event of the dossier (the latest of its type): the shared layout around a body of its own. A
/// dossier without such an event has no such document.
/// </summary>
public abstract class DossierForm<TEvent> : DossierForm
    where TEvent : class, IDossierEvent
{
    /// <summary>The rule and detail of the 409 for a dossier without the event.</summary>
    protected abstract RuleViolation Missing(Dossier dossier);

    /// <summary>The unit the paper is issued in the name of, and whether its one-stop desk issues it.</summary>
    protected abstract (FormUnit Unit, bool ByDesk) Issuer(FormSource source, TEvent e);

    protected abstract void Body(FormPage page, FormSource source, TEvent e);

    /// <summary>The signature blocks under the date line (none on a paper signed row by row).</summary>
    protected abstract (Signature? Left, Signature Right)? Signatures(FormSource source, TEvent e);

    public override RuleViolation? Lacks(FormSource source) => Find(source) is null ? Missing(source.Dossier) : null;

    public override byte[] Render(FormSource source)
    {
        var e = Find(source) ?? throw new InvalidOperationException($"The dossier has no {typeof(TEvent).Name}: ask Lacks first.");
        var (unit, byDesk) = Issuer(source, e);
        return FormPage.Render(Title, page =>
        {
            page.Header(unit.Issuer(byDesk ? FormSource.Desk : null), Number);
            page.Title(Title);
            Body(page, source, e);
            page.PlaceAndDate(unit.Place, FormSource.Date(e.OccurredAt));
            if (Signatures(source, e) is var (left, right))
            {
                page.Signatures(left, right);
            }
        });
    }

    /// <summary>The lines every paper about a dossier starts its body with: which dossier, whose, of which procedure.</summary>
    protected static void Summary(FormPage page, FormSource source)
    {
        page.Field("Số hồ sơ (mã biên nhận):", source.Dossier.ReceiptNo);
        page.Field("Người nộp hồ sơ:", source.Applicant);
        page.Field("Thủ tục hành chính:", source.ProcedureLine);
    }

    private static TEvent? Find(FormSource source) => source.Events.OfType<TEvent>().LastOrDefault();
}
