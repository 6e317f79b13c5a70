namespace DossierLedger.Domain.Procedures;

/// <summary>The procedures a desk can receive dossiers for, looked up by code.</summary>
public sealed class ProcedureCatalogue
{
    private readonly Dictionary<string, Procedure> _byCode;

    public ProcedureCatalogue(IEnumerable<Procedure> procedures)
    {
        All = [.. procedures.OrderBy(p => p.FieldCode, StringComparer.Ordinal).ThenBy(p => p.Code, StringComparer.Ordinal)];
        _byCode = new Dictionary<string, Procedure>(StringComparer.Ordinal);
        foreach (var procedure in All)
        {
            if (!_byCode.TryAdd(procedure.Code, procedure))
            {
                throw new ArgumentException($"Procedure code {procedure.Code} appears twice.", nameof(procedures));
            }
        }
    }

    public IReadOnlyList<Procedure> All { get; }

    public Procedure? Find(string code) => _byCode.GetValueOrDefault(code);
}
