using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The API as a node of its own: a separate operating-system process running the built host (the copy next to the
/// tests), in async projection mode, on a given database. Killing it is what a crash or a pulled plug does.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Task _draining;

    private NodeProcess(string name, Process process, Uri address, string token)
    {
        Name = name;
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _draining = Task.WhenAll(Drain(process.StandardOutput), Drain(process.StandardError));
    }

    /// <summary>The chain key of every node and command the tests run as a process (production refuses the development key).</summary>
    public const string ChainKey = "test-nodes-chain-key";

    public string Name { get; }

    public Uri Address { get; }

    /// <summary>A client that sends the given admin token.</summary>
    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The node's first exception lines and last lines of output, for a failure message.</summary>
    public string Tail => string.Join('\n', _output.Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(5).Concat(_output.TakeLast(40)));

    /// <summary>Starts the API on <paramref name="connectionString"/> with <paramref name="settings"/> as environment variables.</summary>
    public static NodeProcess Start(string name, string connectionString, string token, IReadOnlyDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = StartInfo(connectionString);
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return new NodeProcess(name, Process.Start(start)!, address, token);
    }

    /// <summary>Runs one of the API's commands on <paramref name="connectionString"/> to its end, failing with its output unless it succeeds.</summary>
    public static async Task RunCommandAsync(string connectionString, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(connectionString, new Dictionary<string, string>(), arguments);
        exitCode.ShouldBe(0, $"`{string.Join(' ', arguments)}` failed:\n{output}");
    }

    /// <summary>Runs the host with <paramref name="arguments"/> to its end; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string connectionString, IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var start = StartInfo(connectionString);
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, string.Concat(await output));
    }

    /// <summary>
    /// The host as its own build left it (built with the tests, in the same configuration): not the copy in the tests'
    /// folder, beside assemblies (FsCheck's F# runtime) that the host's dependency list does not name.
    /// </summary>
    private static readonly string HostFolder = Path.GetFullPath(Path.Combine(
        AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "DossierLedger.Api", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0"));

    /// <summary>The built host on <paramref name="connectionString"/>, as in production.</summary>
    private static ProcessStartInfo StartInfo(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = HostFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(HostFolder, "DossierLedger.Api.dll"));
        start.Environment["ConnectionStrings__DossierLedger"] = connectionString;
        start.Environment["Audit__ChainKey"] = ChainKey;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    /// <summary>Waits until the node answers <c>/health</c>.</summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode}:\n{Tail}");
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
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _draining;
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task Drain(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            _output.Enqueue(line);
            while (_output.Count > 400 && _output.TryDequeue(out _))
            {
                // keep the tail only
            }
        }
    }
}
