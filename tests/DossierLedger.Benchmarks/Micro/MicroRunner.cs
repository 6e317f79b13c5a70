using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DossierLedger.Benchmarks.Micro;

/// <summary>One in-process measurement of a BenchmarkDotNet benchmark.</summary>
public sealed record MicroResult(string Benchmark, double MedianNanoseconds, long? AllocatedBytes);

public static class MicroRunner
{
    /// <summary>Runs the domain benchmarks in this process (BenchmarkDotNet's short job) and returns their medians.</summary>
    public static IReadOnlyList<MicroResult> Run()
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        Summary summary = BenchmarkRunner.Run<DomainBenchmarks>(config);
        return [.. summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .Select(r => new MicroResult(
                r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                r.ResultStatistics!.Median,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))];
    }
}
