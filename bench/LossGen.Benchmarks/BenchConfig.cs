using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LossGen.Benchmarks;

public static class BenchConfig
{
    /// <summary>
    /// The default job: one launch, 3 warm-up and 5 measured iterations of ~200 ms. Enough to rank variants that
    /// differ by 1.5× or more on a quiet machine and keep `--filter '*'` (68 cases, 85 with the generated variant)
    /// short: 5–6.5 minutes measured on 2 cores (most of it process start-up and data set-up for the large cases).
    /// Pass BenchmarkDotNet's own `--job short|medium|long|dry` to replace it.
    /// </summary>
    public static Job DefaultJob
    {
        get
        {
            Job job = Job.Default
                .WithId("Quick")
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(5)
                .WithIterationTime(TimeInterval.FromMilliseconds(200));
#if LOSSGEN_GENERATED
            // BenchmarkDotNet rebuilds this project for its child processes; make sure the rebuild includes the
            // generator even when UseLossGen was only passed on the command line.
            job = job.WithArguments([new MsBuildArgument("/p:UseLossGen=true")]);
#endif
            return job;
        }
    }

    /// <summary>Set by Program.cs when <c>--thread-cpu-clock</c> is passed (see <see cref="ThreadCpuClock"/>).</summary>
    public static bool ThreadCpuClockRequested { get; set; }

    public static IConfig Create(string[] args)
    {
        bool userJob = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
        ManualConfig config = ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new GbPerSecondColumn())
#if LOSSGEN_GENERATED
            .AddColumn(new GflopsColumn())
#endif
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
            .WithArtifactsPath(ArtifactsPath());
        // --thread-cpu-clock (Program.cs strips it from the arguments): measure the thread's CPU time, not wall time.
        if (!userJob) config.AddJob((ThreadCpuClockRequested ? DefaultJob.WithClock(new ThreadCpuClock()) : DefaultJob).AsDefault());
        return config;
    }

    /// <summary>BenchmarkDotNet.Artifacts next to the project file (not in whatever directory it was started from).</summary>
    private static string ArtifactsPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LossGen.Benchmarks.csproj")))
                return Path.Combine(dir.FullName, "BenchmarkDotNet.Artifacts");
        return Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
    }
}

/// <summary>
/// "GB/s": the bytes a kernel must move (every input element read once, every gradient element written once; no
/// scratch traffic, no write-allocate) divided by the mean time. Every benchmark class has a public static
/// <c>long BytesMoved(ParameterInstances)</c>; all methods of a class (including <c>Copy</c>, which is sized to move
/// exactly that many bytes: half read, half written) share the count, so the Copy row is the bandwidth ceiling for
/// the other rows of the same size.
/// </summary>
public sealed class GbPerSecondColumn : IColumn
{
    public string Id => nameof(GbPerSecondColumn);
    public string ColumnName => "GB/s";
    public string Legend => "Effective bandwidth: (input bytes read + gradient bytes written) / mean time, 1 GB = 1e9 B";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long? bytes = BytesMoved(benchmarkCase);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (bytes is null || stats is null || stats.Mean <= 0) return "NA";
        return (bytes.Value / stats.Mean).ToString("F2", CultureInfo.InvariantCulture); // bytes per ns = GB/s
    }

    public static long? BytesMoved(BenchmarkCase benchmarkCase)
    {
        MethodInfo? m = benchmarkCase.Descriptor.Type.GetMethod("BytesMoved", BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy,
            [typeof(ParameterInstances)]);
        return m?.Invoke(null, [benchmarkCase.Parameters]) as long?;
    }

    public override string ToString() => ColumnName;
}
