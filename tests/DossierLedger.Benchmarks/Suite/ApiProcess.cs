using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>The API served by a process of its own, as in production: started, timed to its first request, measured, stopped.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _draining;
    private bool _disposed;

    private ApiProcess(Process process, Task draining, Uri address, TimeSpan coldStart)
    {
        _process = process;
        _draining = draining;
        Address = address;
        ColdStart = coldStart;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(10),
        };
    }

    public Uri Address { get; }

    /// <summary>From starting the process to the first answered authenticated request.</summary>
    public TimeSpan ColdStart { get; }

    public HttpClient Client { get; }

    /// <summary>Starts the API and waits until <paramref name="token"/> gets an answer from a database-backed endpoint.</summary>
    public static async Task<ApiProcess> StartAsync(Workspace workspace, string connectionString, string token, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["ASPNETCORE_URLS"] = address.ToString() };
        var watch = Stopwatch.StartNew();
        var process = Process.Start(workspace.Api(connectionString, all))!;
        // Read from the start: a full pipe would stall the server's start-up logging.
        var draining = Task.WhenAll(Drain(process.StandardOutput), Drain(process.StandardError));
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        probe.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with {process.ExitCode}.");
            }

            try
            {
                using var response = await probe.GetAsync("/api/units/SYN");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
                {
                    return new ApiProcess(process, draining, address, watch.Elapsed);
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

            await Task.Delay(20);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The API did not answer within two minutes.");
    }

    /// <summary>Resident memory now and at its peak, in MiB (from /proc).</summary>
    public (double Resident, double Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        double Read(string key) => double.Parse(
            status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
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

    private static async Task Drain(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
            // The API's request log is read and dropped: writing it costs what it costs in production.
        }
    }
}
