using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DossierLedger.Testing;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The API as a node of its own: a separate operating-system process running the built host (the copy next to the
/// tests), in async projection mode, on a given database. Killing it is what a crash or a pulled plug does.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly HostProcess _host;

    private NodeProcess(string name, HostProcess host, string token)
    {
        Name = name;
        _host = host;
        Client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The chain key of every node and command the tests run as a process (production refuses the development key).</summary>
    public const string ChainKey = "test-nodes-chain-key";

    public string Name { get; }

    public Uri Address => _host.Address;

    /// <summary>A client that sends the given admin token.</summary>
    public HttpClient Client { get; }

    public bool HasExited => _host.HasExited;

    /// <summary>The node's first exception lines and last lines of output, for a failure message.</summary>
    public string Tail => _host.Tail;

    /// <summary>Starts the API on <paramref name="connectionString"/> with <paramref name="settings"/> as environment variables.</summary>
    public static NodeProcess Start(string name, string connectionString, string token, IReadOnlyDictionary<string, string> settings) =>
        new(name, HostProcess.Serve(HostProcess.StartInfo(HostFolder, connectionString, ChainKey, settings)), token);

    /// <summary>Runs one of the API's commands on <paramref name="connectionString"/> to its end, failing with its output unless it succeeds.</summary>
    public static async Task RunCommandAsync(string connectionString, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(connectionString, new Dictionary<string, string>(), arguments);
        exitCode.ShouldBe(0, $"`{string.Join(' ', arguments)}` failed:\n{output}");
    }

    /// <summary>Runs the host with <paramref name="arguments"/> to its end; returns its exit code and everything it printed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(
        string connectionString, IReadOnlyDictionary<string, string> settings, params string[] arguments) =>
        HostProcess.RunAsync(HostProcess.StartInfo(HostFolder, connectionString, ChainKey, settings, arguments), TimeSpan.FromMinutes(3));

    /// <summary>
    /// The host as its own build left it (built with the tests, in the same configuration): not the copy in the tests'
    /// folder, beside assemblies (FsCheck's F# runtime) that the host's dependency list does not name.
    /// </summary>
    private static readonly string HostFolder = Path.GetFullPath(Path.Combine(
        AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "DossierLedger.Api", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0"));

    /// <summary>Waits until the node answers <c>/health</c>.</summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_host.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with {_host.ExitCode}:\n{Tail}");
            }

            try
            {
                using var response = await Client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // still starting
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Node {Name} did not answer /health within {timeout.TotalSeconds:F0} s:\n{Tail}");
    }

    /// <summary>GET <paramref name="path"/> as JSON, failing with the node's output unless it answers 200.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{Name} GET {path}: {text}\n{Tail}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>POST <paramref name="json"/> to <paramref name="path"/>; the status and the JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The end of the process, without warning: no shutdown, no drain, its open transactions cut.</summary>
    public Task KillAsync() => _host.KillAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}
