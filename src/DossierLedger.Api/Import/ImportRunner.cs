using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Api.Import;

/// <summary>How to run an import.</summary>
/// <param name="BatchEvents">Events per transaction (a batch holds whole dossiers, so it may run a little over).</param>
/// <param name="Writers">Batches stored at the same time, each on its own connection.</param>
public sealed record ImportOptions(string Path, ImportFormat Format, string RejectsPath, bool DryRun = false, int BatchEvents = 5000, int Writers = 2);

/// <summary>What an import did.</summary>
public sealed record ImportSummary(
    long Rows, long Dossiers, long Imported, long AlreadyPresent, long Rejected, long Events, long IgnoredRows, double Seconds, bool DryRun)
{
    /// <summary>Columns of the file the import does not know (and ignored).</summary>
    public IReadOnlyCollection<string> IgnoredColumns { get; init; } = [];

    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : Events;
}

/// <summary>Progress of a running import, for the progress line.</summary>
public sealed record ImportProgress(string Phase, double Fraction, long Rows, long TotalRows, double RowsPerSecond, double EventsPerSecond, TimeSpan? Eta);

/// <summary>
/// Runs an import: a first pass over the file finds where each dossier's rows end (so rows of a dossier need not be
/// next to each other), a second pass gathers each dossier's rows, checks them, replays them through the decider
/// and hands whole dossiers in batches to the <see cref="ImportWriter"/>, which stores them while the next batch is
/// prepared. Bad dossiers go to the rejects file with their line numbers.
/// </summary>
public sealed class ImportRunner(HistoryReplay replay, ImportWriter writer, IClock clock)
{
    private long _rowsRead;
    private long _imported;
    private long _present;
    private long _rejected;
    private long _events;
    private long _ignoredRows;
    private long _dossiers;

    public async Task<ImportSummary> RunAsync(ImportOptions options, Action<ImportProgress>? progress, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetCurrentInstant();
        await using var rejects = new RejectsFile(options.RejectsPath);

        // Pass 1: where each dossier's last row is.
        var lastRow = new Dictionary<string, long>(StringComparer.Ordinal);
        long totalRows = 0;
        IReadOnlyCollection<string> ignoredColumns;
        using (var stream = Open(options.Path))
        using (var reader = OpenReader(stream, options.Format))
        using (new ProgressTimer(() => progress?.Invoke(new ImportProgress(
            "scan", stream.Length == 0 ? 1 : (double)stream.Position / stream.Length, Interlocked.Read(ref totalRows), 0, 0, 0, null))))
        {
            while (reader.Read() is { } row)
            {
                Interlocked.Increment(ref totalRows);
                if (Key(row) is { } key)
                {
                    lastRow[key] = row.Ordinal;
                }
            }

            ignoredColumns = [.. reader.IgnoredColumns];
        }

        // Pass 2: gather, check and replay each dossier; store in batches.
        var batches = Channel.CreateBounded<List<ReadyDossier>>(new BoundedChannelOptions(Math.Max(1, options.Writers)) { SingleWriter = true });
        // A writer that fails stops the reading too (it would otherwise wait for room in the queue forever).
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var writers = Enumerable.Range(0, Math.Max(1, options.Writers))
            .Select(_ => Task.Run(async () =>
            {
                try
                {
                    await StoreAsync(batches.Reader, options.DryRun, rejects, failed.Token);
                }
                catch
                {
                    await failed.CancelAsync();
                    throw;
                }
            }, cancellation))
            .ToList();
        var started = watch.Elapsed;
        using (new ProgressTimer(() => progress?.Invoke(Progress(totalRows, watch.Elapsed - started))))
        {
            try
            {
                await Task.Run(() => ProduceAsync(options, lastRow, now, batches.Writer, rejects, failed.Token), failed.Token);
            }
            finally
            {
                batches.Writer.TryComplete();
                await Task.WhenAll(writers);
            }

            if (!options.DryRun)
            {
                await writer.CompactCountersAsync(cancellation);
            }

            progress?.Invoke(Progress(totalRows, watch.Elapsed - started));
        }

        return new ImportSummary(totalRows, _dossiers, _imported, _present, _rejected, _events, _ignoredRows, watch.Elapsed.TotalSeconds, options.DryRun)
        {
            IgnoredColumns = ignoredColumns,
        };
    }

    private ImportProgress Progress(long totalRows, TimeSpan elapsed)
    {
        var rows = Interlocked.Read(ref _rowsRead);
        var seconds = Math.Max(0.001, elapsed.TotalSeconds);
        var fraction = totalRows == 0 ? 1 : (double)rows / totalRows;
        var rate = rows / seconds;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds((totalRows - rows) / rate) : null;
        return new ImportProgress("import", fraction, rows, totalRows, rate, Interlocked.Read(ref _events) / seconds, eta);
    }

    private async Task ProduceAsync(
        ImportOptions options, Dictionary<string, long> lastRow, Instant now, ChannelWriter<List<ReadyDossier>> batches, RejectsFile rejects,
        CancellationToken cancellation)
    {
        using var stream = Open(options.Path);
        using var reader = OpenReader(stream, options.Format);
        var open = new Dictionary<string, List<ImportRow>>(StringComparer.Ordinal);
        var batch = new List<ReadyDossier>();
        var batchEvents = 0;
        var errors = new List<StepRejection>();
        while (reader.Read() is { } row)
        {
            cancellation.ThrowIfCancellationRequested();
            Interlocked.Increment(ref _rowsRead);
            if (Key(row) is not { } key)
            {
                // A row that names no dossier cannot be placed: it alone is rejected.
                errors.Clear();
                ImportRowParser.Parse(row, errors);
                await rejects.WriteAsync(row.UnitCode, row.ReceiptNo, errors.Count > 0 ? errors : [new StepRejection(row.Line, "", ImportRules.InvalidValue, "Unreadable row.")]);
                continue;
            }

            if (!open.TryGetValue(key, out var rows))
            {
                open[key] = rows = [];
            }

            rows.Add(row);
            if (lastRow[key] != row.Ordinal)
            {
                continue;
            }

            open.Remove(key);
            Interlocked.Increment(ref _dossiers);
            if (await PrepareAsync(rows, now, rejects) is { } ready)
            {
                batch.Add(ready);
                batchEvents += ready.History.Events.Count;
                if (batchEvents >= options.BatchEvents)
                {
                    await batches.WriteAsync(batch, cancellation);
                    batch = [];
                    batchEvents = 0;
                }
            }
        }

        if (batch.Count > 0)
        {
            await batches.WriteAsync(batch, cancellation);
        }
    }

    /// <summary>Checks and replays one dossier's rows; null when it is rejected (and reported) or has nothing to store.</summary>
    private async Task<ReadyDossier?> PrepareAsync(List<ImportRow> rows, Instant now, RejectsFile rejects)
    {
        var errors = new List<StepRejection>();
        var steps = new List<HistoryStep>(rows.Count);
        foreach (var row in rows)
        {
            if (ImportRowParser.Parse(row, errors) is { } step)
            {
                steps.Add(step);
            }
        }

        var unit = rows[0].UnitCode!.Trim();
        var receiptNo = rows[0].ReceiptNo!.Trim();
        if (errors.Count > 0)
        {
            Interlocked.Increment(ref _rejected);
            await rejects.WriteAsync(unit, receiptNo, errors);
            return null;
        }

        Interlocked.Add(ref _ignoredRows, steps.Count(s => s.Action == StepAction.Ignore));
        var result = replay.Replay(ImportIds.StreamId(unit, receiptNo), unit, receiptNo, steps, now);
        if (result.Rejection is { } rejection)
        {
            Interlocked.Increment(ref _rejected);
            await rejects.WriteAsync(unit, receiptNo, [rejection]);
            return null;
        }

        if (result.History is not { } history)
        {
            return null;
        }

        var receipt = steps.Where(s => s.Action != StepAction.Ignore).OrderBy(s => s.At).First();
        return new ReadyDossier(history, unit, receiptNo, receipt.Line);
    }

    private async Task StoreAsync(ChannelReader<List<ReadyDossier>> batches, bool dryRun, RejectsFile rejects, CancellationToken cancellation)
    {
        await foreach (var batch in batches.ReadAllAsync(cancellation))
        {
            var outcome = await writer.WriteAsync(batch, dryRun, cancellation);
            Interlocked.Add(ref _imported, outcome.Imported);
            Interlocked.Add(ref _present, outcome.AlreadyPresent);
            Interlocked.Add(ref _events, outcome.Events);
            foreach (var duplicate in outcome.Duplicates)
            {
                Interlocked.Increment(ref _rejected);
                await rejects.WriteAsync(duplicate.UnitCode, duplicate.ReceiptNo,
                [
                    new StepRejection(duplicate.ReceiptLine, ImportColumns.ReceiptNo, Domain.Dossiers.DossierRules.DuplicateReceiptNo,
                        $"Unit {duplicate.UnitCode} already has another dossier with receipt number {duplicate.ReceiptNo}."),
                ]);
            }
        }
    }

    /// <summary>A dossier's identity in the file: unit and receipt number; null for a row lacking either.</summary>
    private static string? Key(ImportRow row) =>
        row.UnitCode?.Trim() is { Length: > 0 } unit && row.ReceiptNo?.Trim() is { Length: > 0 } receipt ? $"{unit}\u001f{receipt}" : null;

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    public static IImportRowReader OpenReader(Stream stream, ImportFormat format) =>
        format == ImportFormat.Csv ? new CsvRowReader(stream) : new NdjsonRowReader(stream);

    /// <summary>The format a file name suggests: <c>.ndjson</c> / <c>.jsonl</c> / <c>.json</c> are NDJSON, everything else CSV.</summary>
    public static ImportFormat FormatOf(string path) =>
        System.IO.Path.GetExtension(path).ToUpperInvariant() is ".NDJSON" or ".JSONL" or ".JSON" ? ImportFormat.Ndjson : ImportFormat.Csv;

    /// <summary>Calls an action every half second until disposed.</summary>
    private sealed class ProgressTimer : IDisposable
    {
        private readonly Timer _timer;

        private volatile bool _stopped;

        public ProgressTimer(Action tick) => _timer = new Timer(_ =>
        {
            try
            {
                if (!_stopped)
                {
                    tick();
                }
            }
            catch (ObjectDisposedException)
            {
                // The file closed while the tick ran: the pass is over.
            }
        }, null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));

        public void Dispose()
        {
            _stopped = true;
            _timer.Dispose();
        }
    }

    /// <summary>The rejects report: one CSV line per reason a dossier was turned away.</summary>
    private sealed class RejectsFile : IAsyncDisposable
    {
        private readonly StreamWriter _writer;
        private readonly SemaphoreSlim _gate = new(1, 1);

        public RejectsFile(string path)
        {
            _writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            _writer.WriteLine("line,unit_code,receipt_no,column,rule,message");
        }

        public async Task WriteAsync(string? unit, string? receiptNo, IEnumerable<StepRejection> rejections)
        {
            await _gate.WaitAsync();
            try
            {
                foreach (var r in rejections)
                {
                    await _writer.WriteLineAsync(string.Join(',',
                        r.Line.ToString(CultureInfo.InvariantCulture), Csv.Escape(unit), Csv.Escape(receiptNo), Csv.Escape(r.Column), Csv.Escape(r.Rule), Csv.Escape(r.Message)));
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _writer.DisposeAsync();
            _gate.Dispose();
        }
    }
}

/// <summary>CSV quoting for the files the import writes.</summary>
public static class Csv
{
    public static string Escape(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
