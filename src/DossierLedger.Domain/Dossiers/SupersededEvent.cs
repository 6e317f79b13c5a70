namespace DossierLedger.Domain.Dossiers;

/// <summary>The event a correction names, as found in the dossier's stream (null when it is not there).</summary>
public sealed record SupersededEvent(Guid Id, IDossierEvent? Event);
