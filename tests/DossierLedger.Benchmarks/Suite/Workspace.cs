using System.Diagnostics;
using System.Globalization;
using DossierLedger.Testing;

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

        // The benchmark keys its ledgers with a chain key of its own.
        return HostProcess.StartInfo(Path.GetDirectoryName(ApiDll)!, connectionString, "benchmark-chain-key", settings, arguments);
    }

    /// <summary>Runs an API command to its end, echoing its lines; returns its output and wall time, failing loudly when it fails.</summary>
    public Task<(string Output, TimeSpan Elapsed)> RunAsync(string connectionString, params string[] arguments) =>
        RunAsync(connectionString, new Dictionary<string, string>(), arguments);

    /// <summary>Runs an API command with <paramref name="settings"/> as environment variables (see the overload).</summary>
    public async Task<(string Output, TimeSpan Elapsed)> RunAsync(
        string connectionString, IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var watch = Stopwatch.StartNew();
        var (exitCode, output) = await HostProcess.RunAsync(Api(connectionString, settings, arguments), Timeout.InfiniteTimeSpan,
            line => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    | {line}")));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', arguments)}` failed ({exitCode}):\n{output}");
        }

        return (output, watch.Elapsed);
    }
}
