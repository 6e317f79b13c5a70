using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>Where the repository is, and how to run the API's own command line (built in Release) against a database.</summary>
public sealed class Workspace(string root)
{
    public string Root { get; } = root;

    public string ApiDll => Path.Combine(Root, "src", "DossierLedger.Api", "bin", "Release", "net10.0", "DossierLedger.Api.dll");

    public static Workspace Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DossierLedger.sln")))
            {
                return new Workspace(dir.FullName);
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }

    /// <summary>A process of the API (the server, or one of its commands) with the given settings as environment variables.</summary>
    public ProcessStartInfo Api(string connectionString, IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        if (!File.Exists(ApiDll))
        {
            throw new InvalidOperationException($"Build the API in Release first (dotnet build -c Release): {ApiDll} is missing.");
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(ApiDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ApiDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__DossierLedger"] = connectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // A production host refuses the public development chain key: the benchmark keys its ledgers with its own.
        start.Environment["Audit__ChainKey"] = "benchmark-chain-key";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs an API command to its end; returns its output and wall time, failing loudly when it fails.</summary>
    public async Task<(string Output, TimeSpan Elapsed)> RunAsync(string connectionString, params string[] arguments)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(Api(connectionString, new Dictionary<string, string>(), arguments))!;
        var output = new StringBuilder();
        var reading = Task.WhenAll(
            Pump(process.StandardOutput, output),
            Pump(process.StandardError, output));
        await process.WaitForExitAsync();
        await reading;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', arguments)}` failed ({process.ExitCode}):\n{output}");
        }

        return (output.ToString(), watch.Elapsed);
    }

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    | {line}"));
        }
    }
}
