using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DossierLedger.Testing;

/// <summary>
/// The API's built host as an operating-system process of its own, the way production runs it (environment Production,
/// a chain key of its own): a server on a free port, or one of its commands run to its end. The integration tests' nodes
/// and the benchmarks' servers and commands are all started here.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int TailLines = 400;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Task _draining;
    private bool _disposed;

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        // Read from the start: a full pipe would stall the server's logging, and with it the server.
        _draining = Task.WhenAll(Drain(process.StandardOutput), Drain(process.StandardError));
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The first exception lines and the last lines the process printed, for a failure message.</summary>
    public string Tail => string.Join('\n', _output.Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(5).Concat(_output.TakeLast(40)));

    /// <summary>The host in <paramref name="hostFolder"/> on <paramref name="connectionString"/>, with <paramref name="settings"/> as environment variables.</summary>
    public static ProcessStartInfo StartInfo(
        string hostFolder, string connectionString, string chainKey, IReadOnlyDictionary<string, string>? settings = null, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = hostFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(hostFolder, "DossierLedger.Api.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__DossierLedger"] = connectionString;
        // A production host refuses the public development chain key.
        start.Environment["Audit__ChainKey"] = chainKey;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Starts the host as a server on a free local port.</summary>
    public static HostProcess Serve(ProcessStartInfo start)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        return new HostProcess(Process.Start(start)!, address);
    }

    /// <summary>Runs a command of the host to its end; its exit code and everything it printed, each line also given to <paramref name="echo"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout, Action<string>? echo = null)
    {
        using var process = Process.Start(start)!;
        var lines = new ConcurrentQueue<string>();
        async Task Read(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Enqueue(line);
                echo?.Invoke(line);
            }
        }

        var reading = Task.WhenAll(Read(process.StandardOutput), Read(process.StandardError));
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Past its time: stopped, so no host outlives the test or benchmark that started it.
            process.Kill(entireProcessTree: true);
            throw;
        }

        await reading;
        return (process.ExitCode, string.Join('\n', lines));
    }

    /// <summary>Resident memory now and at its peak, in MiB (from /proc).</summary>
    public (double Resident, double Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        double Read(string key) => double.Parse(
            status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>The end of the process, without warning: no shutdown, no drain, its open transactions cut.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync();
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
            while (_output.Count > TailLines && _output.TryDequeue(out _))
            {
                // keep the tail only
            }
        }
    }
}
