using DossierLedger.Benchmarks.Micro;
using DossierLedger.Benchmarks.Suite;

// dotnet run -c Release --project tests/DossierLedger.Benchmarks -- [--scales 15k,1m] [--reuse] [--no-micro] [--no-portal] [--only ingest|rebuild|import|builder|lookup|portal]
// Builds (or with --reuse, keeps) one synthetic ledger per scale, measures it, and writes docs/performance.md.
// --only ingest measures just the commands on ledgers an earlier run left; --only rebuild the rebuild beside the
// daemon, --only import the import beside Marten's bulk insert, each in --pairs alternating pairs (default 3), the
// import on --import-units units (default 13); --only lookup the public lookup beside the dossier view, on the ledger an
// earlier run left (loaded first if there is none); --only portal the national-portal feed on the demo commune (its
// backfill, and commands with the feed off and on in --pairs pairs). They write nothing.
var scales = Option("--scales", "15k,1m").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var reuse = args.Contains("--reuse");
var workspace = Workspace.Find();
void Say(string line) => Console.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {line}");

var pairs = int.Parse(Option("--pairs", "3"), System.Globalization.CultureInfo.InvariantCulture);
var importUnits = int.Parse(Option("--import-units", "13"), System.Globalization.CultureInfo.InvariantCulture);
switch (Option("--only", ""))
{
    case "ingest":
        foreach (var name in scales)
        {
            await new ScaleRun(workspace, Scale.Known[name], reuse: true, Say).IngestOnlyAsync();
        }

        return 0;
    case "rebuild":
        foreach (var name in scales)
        {
            await new ScaleRun(workspace, Scale.Known[name], reuse: true, Say).RebuildOnlyAsync(pairs);
        }

        return 0;
    case "builder":
        foreach (var name in scales)
        {
            await new ScaleRun(workspace, Scale.Known[name], reuse: true, Say).BuilderOnlyAsync();
        }

        return 0;
    case "lookup":
        foreach (var name in scales)
        {
            await new ScaleRun(workspace, Scale.Known[name], reuse: true, Say).LookupOnlyAsync();
        }

        return 0;
    case "import":
        await ImportBenchmark.RunAsync(workspace, importUnits, pairs, Say);
        return 0;
    case "portal":
        await PortalBenchmark.RunAsync(workspace, pairs, Say);
        return 0;
}

var micro = args.Contains("--no-micro") ? [] : MicroRunner.Run();
var results = new List<ScaleResult>();
foreach (var name in scales)
{
    if (!Scale.Known.TryGetValue(name, out var scale))
    {
        Console.Error.WriteLine($"Unknown scale {name}; known: {string.Join(", ", Scale.Known.Keys)}.");
        return 2;
    }

    results.Add(await new ScaleRun(workspace, scale, reuse, Say).RunAsync());
}

var loads = args.Contains("--no-import") ? [] : await ImportBenchmark.RunAsync(workspace, importUnits, 1, Say);
var portal = args.Contains("--no-portal") ? null : await PortalBenchmark.RunAsync(workspace, pairs, Say);
var command = $"./bench.sh{(args.Length == 0 ? "" : " " + string.Join(' ', args))}";
var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, the embedded PostgreSQL with default settings";
var document = PerformanceDocument.Render(command, DateTimeOffset.Now, machine, results, loads, portal, micro);
var path = Path.Combine(workspace.Root, "docs", "performance.md");
await File.WriteAllTextAsync(path, document);
Say($"wrote {path}");
return results.Any(r => r.Mismatches > 0) ? 1 : 0;

string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

/// <summary>The benchmark suite's entry point.</summary>
internal static partial class Program;
