using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The host loads its Wolverine handlers from committed code (TypeLoadMode.Static, no run-time compiler).
/// This regenerates that code from the current endpoints and fails when the committed files differ:
/// run <c>dotnet run --project src/DossierLedger.Api -- codegen write</c> and commit the result.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class GeneratedCodeTests(LedgerFixture ledger)
{
    [Fact]
    public void The_committed_generated_code_is_current()
    {
        var services = ledger.Host.Services;
        var collections = services.GetServices<ICodeFileCollection>().ToArray();
        var committed = collections.First().Rules.GeneratedCodeOutputPath;
        var fresh = Path.Combine(Path.GetTempPath(), "dossierledger-codegen-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var collection in collections)
            {
                collection.Rules.GeneratedCodeOutputPath = fresh;
            }

            DynamicCodeBuilder.WithinCodegenCommand = true;
            new DynamicCodeBuilder(services, collections) { ServiceVariableSource = services.GetService<IServiceVariableSource>() }
                .WriteGeneratedCode(_ => { });

            var expected = Files(fresh);
            var actual = Files(committed);
            actual.Keys.Order().ShouldBe(expected.Keys.Order(), "generated files differ: run codegen write");
            foreach (var (file, text) in expected)
            {
                actual[file].ShouldBe(text, $"{file} is stale: run codegen write");
            }
        }
        finally
        {
            DynamicCodeBuilder.WithinCodegenCommand = false;
            foreach (var collection in collections)
            {
                collection.Rules.GeneratedCodeOutputPath = committed;
            }

            if (Directory.Exists(fresh))
            {
                Directory.Delete(fresh, recursive: true);
            }
        }
    }

    private static Dictionary<string, string> Files(string folder) =>
        Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText);
}
