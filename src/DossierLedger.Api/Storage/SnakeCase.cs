using System.Text.RegularExpressions;

namespace DossierLedger.Api.Storage;

/// <summary>
/// PascalCase to snake_case (DossierReceived → dossier_received), the naming PostgreSQL objects follow here:
/// the event store's type names and the report counter columns.
/// </summary>
public static partial class SnakeCase
{
    public static string Of(string pascalCase) => WordStart().Replace(pascalCase, "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
