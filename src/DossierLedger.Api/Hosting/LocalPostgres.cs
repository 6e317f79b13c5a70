using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DossierLedger.Api.Hosting;

/// <summary>
/// The embedded default database: a PostgreSQL cluster the project starts for itself in an ignored
/// folder of the repository (<c>.pgdata/</c>), so a fresh clone runs with no manual set-up.
/// It uses the machine's PostgreSQL server binaries (installing the Debian packages when they are
/// missing and we may), runs the server as the unprivileged <c>postgres</c> user when started as root
/// (initdb refuses root), and reuses a running or initialised cluster on the next start.
/// </summary>
public static class LocalPostgres
{
    private const string ServiceUser = "postgres";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>
    /// Starts (or reuses) the local cluster and returns a connection string to <paramref name="database"/>,
    /// creating it if needed; <paramref name="fresh"/> drops an existing one first (test runs).
    /// </summary>
    public static async Task<string> EnsureDatabaseAsync(string database, bool fresh = false, CancellationToken cancellation = default)
    {
        await Gate.WaitAsync(cancellation);
        try
        {
            var cluster = Locate();
            await EnsureRunningAsync(cluster, cancellation);
            // Unpooled: a pooled connection outlives a restart of the cluster and fails its next use with 57P01.
            await using var connection = new NpgsqlConnection(ConnectionString(cluster, "postgres") + ";Pooling=false");
            await connection.OpenAsync(cancellation);
            if (fresh)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync(cancellation);
            }

            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(cancellation) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0", connection);
                await create.ExecuteNonQueryAsync(cancellation);
            }

            return ConnectionString(cluster, database);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the local cluster if it runs (fast shutdown: open sessions are cut).</summary>
    public static async Task StopAsync(CancellationToken cancellation = default)
    {
        var cluster = Locate();
        if (FindPgBinary("pg_ctl") is not null && await IsAcceptingAsync(cluster, cancellation))
        {
            await RunAsync(cluster, PgBinary("pg_ctl"), ["-D", cluster.DataDirectory, "-m", "fast", "-w", "stop"], cancellation);
        }
    }

    /// <summary>
    /// Stops the local cluster (fast shutdown: open sessions are cut) and starts it again after
    /// <paramref name="downFor"/>; used to check that the API rides out a database restart.
    /// </summary>
    public static async Task RestartAsync(TimeSpan downFor, CancellationToken cancellation = default)
    {
        var cluster = Locate();
        await RunAsync(cluster, PgBinary("pg_ctl"), ["-D", cluster.DataDirectory, "-m", "fast", "-w", "stop"], cancellation);
        await Task.Delay(downFor, cancellation);
        await EnsureRunningAsync(cluster, cancellation);
    }

    private sealed record Cluster(string DataDirectory, string SocketDirectory, int Port, bool AsServiceUser);

    private static string ConnectionString(Cluster cluster, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = cluster.Port,
        Username = ServiceUser,
        Database = database,
        // Marten's daemon and Wolverine hold a few connections each; tests run several hosts.
        MaxPoolSize = 40,
    }.ConnectionString;

    private static Cluster Locate()
    {
        var root = RepositoryRoot();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(root));
        var asServiceUser = Environment.IsPrivilegedProcess;
        var folder = Path.Combine(root, ".pgdata");
        if (asServiceUser && !TraversableByOthers(root))
        {
            // The server runs as another user, who must reach its data folder; a checkout under a
            // private home folder cannot host it, so the cluster lives in a per-checkout system folder.
            folder = Path.Combine(Path.GetTempPath(), "dossierledger-pg-" + Convert.ToHexStringLower(hash)[..12]);
        }

        return new Cluster(Path.Combine(folder, "cluster"), Path.Combine(folder, "run"), PortOf(folder, hash), asServiceUser);
    }

    /// <summary>
    /// The cluster's port, chosen once and kept in the folder: one per checkout (from its path), so two clones
    /// never share a cluster, in 25000–28999, below the range the system hands out to outgoing connections
    /// (which a test run uses by the thousand), and moved on past any port something else already listens on.
    /// </summary>
    private static int PortOf(string folder, byte[] hash)
    {
        var file = Path.Combine(folder, "port");
        if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var kept))
        {
            return kept;
        }

        var port = 25000 + (BitConverter.ToUInt16(hash, 0) % 4000);
        while (!IsFree(port))
        {
            port = port >= 28999 ? 25000 : port + 1;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(file, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static bool TraversableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (!dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The folder holding DossierLedger.sln, searched upwards from here and from the binaries.</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DossierLedger.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static async Task EnsureRunningAsync(Cluster cluster, CancellationToken cancellation)
    {
        // A running server is asked first: chown -R over a live data directory races with the files the
        // server itself removes (a dropped database, a truncated free-space map) and fails on them.
        if (await IsAcceptingAsync(cluster, cancellation))
        {
            return;
        }

        await EnsureInstalledAsync(cancellation);
        Directory.CreateDirectory(cluster.SocketDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(cluster.DataDirectory)!);
        if (cluster.AsServiceUser)
        {
            await RunAsync(cluster with { AsServiceUser = false }, "chown", ["-R", $"{ServiceUser}:{ServiceUser}", Path.GetDirectoryName(cluster.DataDirectory)!], cancellation);
        }

        if (!File.Exists(Path.Combine(cluster.DataDirectory, "PG_VERSION")))
        {
            await RunAsync(cluster, PgBinary("initdb"),
                ["-D", cluster.DataDirectory, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], cancellation);
        }

        var options = $"-p {cluster.Port} -k {cluster.SocketDirectory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on";
        var log = Path.Combine(cluster.DataDirectory, "server.log");
        try
        {
            await RunAsync(cluster, PgBinary("pg_ctl"), ["-D", cluster.DataDirectory, "-l", log, "-o", options, "-w", "-t", "60", "start"], cancellation);
        }
        catch (InvalidOperationException e) when (File.Exists(log))
        {
            // pg_ctl only says "could not start"; the reason (a port already taken, say) is in the server log.
            var reason = string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(5));
            throw new InvalidOperationException($"The local PostgreSQL on port {cluster.Port} did not start:{Environment.NewLine}{reason}", e);
        }
    }

    private static async Task<bool> IsAcceptingAsync(Cluster cluster, CancellationToken cancellation)
    {
        try
        {
            // Unpooled: a pooled connection would answer from the pool without asking the server.
            await using var connection = new NpgsqlConnection(ConnectionString(cluster, "postgres") + ";Timeout=2;Pooling=false");
            await connection.OpenAsync(cancellation);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellation)
    {
        if (FindPgBinary("initdb") is not null)
        {
            return;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install the 'postgresql' package, or set ConnectionStrings__DossierLedger.");
        }

        Console.Error.WriteLine("PostgreSQL server not found: installing the 'postgresql' package…");
        var root = new Cluster("", "", 0, AsServiceUser: false);
        await RunAsync(root, "apt-get", ["update", "-qq"], cancellation);
        await RunAsync(root, "apt-get", ["install", "-y", "-qq", "postgresql"], cancellation);
    }

    private static string PgBinary(string name) =>
        FindPgBinary(name) ?? throw new InvalidOperationException($"PostgreSQL's {name} was not found.");

    private static string? FindPgBinary(string name)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name));
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(dir => Path.Combine(dir, "bin", name))
            : [];
        return onPath.Concat(debian).FirstOrDefault(File.Exists);
    }

    private static async Task RunAsync(Cluster cluster, string program, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo
        {
            FileName = cluster.AsServiceUser ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (cluster.AsServiceUser)
        {
            foreach (var prefix in new[] { "-u", ServiceUser, "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} failed with exit code {process.ExitCode}: {await error}{await output}");
        }
    }
}
