using System.Diagnostics;
using System.Net;
using DossierLedger.Testing;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>The API served by a process of its own, as in production: started, timed to its first request, measured, stopped.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly HostProcess _host;

    private ApiProcess(HostProcess host, TimeSpan coldStart)
    {
        _host = host;
        ColdStart = coldStart;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = host.Address,
            Timeout = TimeSpan.FromMinutes(10),
        };
    }

    public Uri Address => _host.Address;

    /// <summary>From starting the process to the first answered authenticated request.</summary>
    public TimeSpan ColdStart { get; }

    public HttpClient Client { get; }

    /// <summary>Starts the API and waits until <paramref name="token"/> gets an answer from a database-backed endpoint.</summary>
    public static async Task<ApiProcess> StartAsync(Workspace workspace, string connectionString, string token, IReadOnlyDictionary<string, string>? settings = null)
    {
        var watch = Stopwatch.StartNew();
        var host = HostProcess.Serve(workspace.Api(connectionString, settings ?? new Dictionary<string, string>()));
        using var probe = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(5) };
        probe.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"The API exited with {host.ExitCode}:\n{host.Tail}");
            }

            try
            {
                using var response = await probe.GetAsync("/api/units/SYN");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
                {
                    return new ApiProcess(host, watch.Elapsed);
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

        await host.DisposeAsync();
        throw new TimeoutException("The API did not answer within two minutes.");
    }

    /// <summary>Resident memory now and at its peak, in MiB.</summary>
    public (double Resident, double Peak) Memory() => _host.Memory();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}
