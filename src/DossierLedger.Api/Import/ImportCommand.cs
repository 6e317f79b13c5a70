using System.Globalization;
using DossierLedger.Api.Calendar;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Procedures;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using DossierLedger.Domain.Procedures;
using JasperFx.CommandLine;
using Marten;
using NodaTime;

namespace DossierLedger.Api.Import;

public sealed class ImportInput : NetCoreInput
{
    [Description("The file to import (CSV with a header row, or NDJSON)")]
    public string File { get; set; } = "";

    [Description("csv or ndjson (default: from the file name; .ndjson, .jsonl and .json are NDJSON)")]
    public string? FormatFlag { get; set; }

    [Description("Check every row and report, without storing anything")]
    public bool DryRunFlag { get; set; }

    [Description("Events per transaction (whole dossiers; default 5000)")]
    public int BatchFlag { get; set; } = 5000;

    [Description("Transactions written at the same time, each on its own connection (default 2)")]
    public int WritersFlag { get; set; } = 2;

    [Description("Where to write the rejects report (default: <file>.rejects.csv next to the input)")]
    public string? RejectsFlag { get; set; }

    [Description("The user name stored with the imported events (default: import)")]
    public string UserFlag { get; set; } = "import";
}

/// <summary>
/// <c>import &lt;file&gt;</c>: imports dossier histories exported by another one-stop system (docs/import.md). Every
/// row goes through the decider; a dossier with a bad row is left out whole and listed in the rejects report. Running
/// the same file again stores nothing twice. Progress on stderr, a summary on stdout; exit code 1 if any dossier
/// was rejected.
/// </summary>
[Description("Import dossier histories from a CSV or NDJSON file (see docs/import.md)", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        var path = Path.GetFullPath(input.File);
        if (!System.IO.File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"No such file: {input.File}");
            return false;
        }

        if (FormatOf(input.FormatFlag, path) is not { } format)
        {
            await Console.Error.WriteLineAsync("--format must be csv or ndjson.");
            return false;
        }

        using var host = await CommandHost.BuildWithSchemaAsync(input);
        var rejectsPath = input.RejectsFlag is { } r ? Path.GetFullPath(r) : path + ".rejects.csv";
        var options = new ImportOptions(path, format, rejectsPath, input.DryRunFlag, Math.Max(1, input.BatchFlag), Math.Clamp(input.WritersFlag, 1, 8));
        var runner = await RunnerAsync(host.Services, input.UserFlag, path);

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Stop: the batches in flight roll back, what committed stays, and the next run imports the rest.
            e.Cancel = true;
            cancel.Cancel();
        };

        var line = new ProgressLine(Console.Error);
        ImportSummary summary;
        try
        {
            summary = await runner.RunAsync(options, p => Show(line, p), cancel.Token);
        }
        catch (ImportFormatException e)
        {
            line.Done();
            await Console.Error.WriteLineAsync(e.Message);
            return false;
        }
        catch (OperationCanceledException)
        {
            line.Done();
            await Console.Error.WriteLineAsync("Interrupted. Committed batches stay; run the same command again to import the rest.");
            return false;
        }

        line.Done();
        Report(summary, rejectsPath);
        return summary.Rejected == 0;
    }

    /// <summary>The file's format: as <c>--format</c> names it, else from its extension; null for an unknown name.</summary>
    private static ImportFormat? FormatOf(string? flag, string path) => flag?.ToUpperInvariant() switch
    {
        null => ImportRunner.FormatOf(path),
        "CSV" => ImportFormat.Csv,
        "NDJSON" => ImportFormat.Ndjson,
        _ => null,
    };

    /// <summary>The import on the host's services, the reference data loaded as a running API has them.</summary>
    private static async Task<ImportRunner> RunnerAsync(IServiceProvider services, string user, string path)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await services.GetRequiredService<CalendarSchedules>().StartAsync(CancellationToken.None);
        await services.GetRequiredService<ProcedureCatalogueStore>().LoadAsync(CancellationToken.None);
        return new ImportRunner(
            new HistoryReplay(services.GetRequiredService<DossierDecider>(), services.GetRequiredService<ProcedureCatalogue>()),
            new ImportWriter(store, user, $"import-{Path.GetFileName(path)}"),
            services.GetRequiredService<IClock>());
    }

    private static void Report(ImportSummary summary, string rejectsPath)
    {
        var verb = summary.DryRun ? "Would import" : "Imported";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{verb} {summary.Imported:N0} dossiers ({summary.Events:N0} events) from {summary.Rows:N0} rows in {summary.Seconds:F1} s, {summary.EventsPerSecond:N0} events/s."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dossiers in the file: {summary.Dossiers:N0}; already present (skipped): {summary.AlreadyPresent:N0}; rejected: {summary.Rejected:N0}; status-1 rows ignored: {summary.IgnoredRows:N0}."));
        if (summary.IgnoredColumns.Count > 0)
        {
            Console.WriteLine($"Columns ignored (not import columns): {string.Join(", ", summary.IgnoredColumns)}.");
        }

        Console.WriteLine(summary.Rejected > 0 ? $"Rejects: {rejectsPath}" : "No dossier was rejected.");
    }

    private static void Show(ProgressLine line, ImportProgress p) => line.Show(p.Fraction, p.Phase == "scan"
        ? string.Create(CultureInfo.InvariantCulture, $"scanning: {p.Rows:N0} rows")
        : string.Create(CultureInfo.InvariantCulture,
            $"{p.Rows:N0}/{p.TotalRows:N0} rows, {p.RowsPerSecond:N0} rows/s, {p.EventsPerSecond:N0} events/s, ETA {(p.Eta is { } eta ? eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?")}"));
}
