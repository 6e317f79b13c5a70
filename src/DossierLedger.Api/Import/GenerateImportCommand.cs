using System.Diagnostics;
using System.Text;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Procedures;
using DossierLedger.Domain.Dossiers;
using JasperFx.CommandLine;
using NodaTime;

namespace DossierLedger.Api.Import;

public sealed class GenerateImportInput : NetCoreInput
{
    [Description("The file to write (.csv, or .ndjson / .jsonl for NDJSON)")]
    public string File { get; set; } = "";

    [Description("How many units to generate, each a demo-commune-sized history (about 15,000 dossiers, 80,600 rows)")]
    public int UnitsFlag { get; set; } = 1;

    [Description("Prefix of the generated unit codes (default IMP: IMP001, IMP002, …)")]
    public string PrefixFlag { get; set; } = "IMP";
}

/// <summary>
/// <c>generate-import &lt;file&gt;</c>: writes synthetic dossier histories in the import format — the demo commune's
/// kind of history under units IMP001, IMP002, … — to try and measure <c>import</c>. Needs no database.
/// </summary>
[Description("Write a synthetic import file (demo-commune histories under generated units)", Name = "generate-import")]
public sealed class GenerateImportCommand : JasperFxAsyncCommand<GenerateImportInput>
{
    public override async Task<bool> Execute(GenerateImportInput input)
    {
        var path = Path.GetFullPath(input.File);
        var format = ImportRunner.FormatOf(path);
        var catalogue = ProcedureCatalogueFile.Load();
        // The default calendar (no stored amendments): the file is data, and import recomputes every deadline.
        var decider = new DossierDecider(Domain.Calendar.WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
        var now = SystemClock.Instance.GetCurrentInstant();
        var watch = Stopwatch.StartNew();
        long dossiers = 0, rows = 0;
        await using (var output = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16))
        {
            var writer = new ImportFileWriter(output, format);
            for (var unit = 1; unit <= input.UnitsFlag; unit++)
            {
                foreach (var stream in new DemoCommune(catalogue, decider, $"{input.PrefixFlag}{unit:D3}").Generate(unit, now))
                {
                    writer.Write(stream);
                    dossiers++;
                    rows += stream.Count;
                }
            }
        }

        Console.WriteLine($"Wrote {dossiers:N0} dossiers ({rows:N0} rows) to {input.File} in {watch.Elapsed.TotalSeconds:F1} s.");
        return true;
    }
}
