namespace DossierLedger.Api.Tests.Integration;

/// <summary>The checkout the tests run from, for the files they compare the host with (docs, tools).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DossierLedger.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (DossierLedger.sln) was not found above the test binaries.");
    }
}
