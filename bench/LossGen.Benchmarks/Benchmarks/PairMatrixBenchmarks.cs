#if LOSSGEN_GENERATED
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using LossGen.Runtime.Tests.PairMatrix;

namespace LossGen.Benchmarks;

/// <summary>
/// One core's FMA peak: a loop of fused multiply-adds on 16 independent vector registers (Vector512 when
/// accelerated, else Vector256), no memory traffic. 16 chains cover 2 FMA pipes × 4 cycles of latency with room to
/// spare, so the loop is limited by FMA throughput alone. The GFLOP/s column of this class is the peak that the
/// GEMM rows are compared with (2 flops per lane per FMA).
/// </summary>
public class FmaPeakBenchmarks
{
    public const int Iterations = 1 << 20;
    private const int Chains = 16;

    public static double Flops(BenchmarkCase c)
    {
        int lanes = c.Descriptor.WorkloadMethod.Name.Contains("Double")
            ? (Vector512.IsHardwareAccelerated ? 8 : 4)
            : (Vector512.IsHardwareAccelerated ? 16 : 8);
        return 2.0 * Iterations * Chains * lanes;
    }

    [Benchmark] public float FmaPeakFloat() => Vector512.IsHardwareAccelerated ? Peak512(0.999999f, 1e-7f) : Peak256(0.999999f, 1e-7f);
    [Benchmark] public double FmaPeakDouble() => Vector512.IsHardwareAccelerated ? Peak512(0.999999999, 1e-10) : Peak256(0.999999999, 1e-10);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Peak512<T>(T factor, T addend) where T : unmanaged
    {
        Vector512<T> x = Vector512.Create(factor), y = Vector512.Create(addend);
        Vector512<T> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y, a6 = x, a7 = y;
        Vector512<T> a8 = x, a9 = y, a10 = x, a11 = y, a12 = x, a13 = y, a14 = x, a15 = y;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Fma(a0, x, y); a1 = Fma(a1, x, y); a2 = Fma(a2, x, y); a3 = Fma(a3, x, y);
            a4 = Fma(a4, x, y); a5 = Fma(a5, x, y); a6 = Fma(a6, x, y); a7 = Fma(a7, x, y);
            a8 = Fma(a8, x, y); a9 = Fma(a9, x, y); a10 = Fma(a10, x, y); a11 = Fma(a11, x, y);
            a12 = Fma(a12, x, y); a13 = Fma(a13, x, y); a14 = Fma(a14, x, y); a15 = Fma(a15, x, y);
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c)
            => typeof(T) == typeof(float)
                ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Peak256<T>(T factor, T addend) where T : unmanaged
    {
        Vector256<T> x = Vector256.Create(factor), y = Vector256.Create(addend);
        Vector256<T> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y, a6 = x, a7 = y;
        Vector256<T> a8 = x, a9 = y, a10 = x, a11 = y, a12 = x, a13 = y, a14 = x, a15 = y;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Fma(a0, x, y); a1 = Fma(a1, x, y); a2 = Fma(a2, x, y); a3 = Fma(a3, x, y);
            a4 = Fma(a4, x, y); a5 = Fma(a5, x, y); a6 = Fma(a6, x, y); a7 = Fma(a7, x, y);
            a8 = Fma(a8, x, y); a9 = Fma(a9, x, y); a10 = Fma(a10, x, y); a11 = Fma(a11, x, y);
            a12 = Fma(a12, x, y); a13 = Fma(a13, x, y); a14 = Fma(a14, x, y); a15 = Fma(a15, x, y);
        }
        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
            => typeof(T) == typeof(float)
                ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}

/// <summary>
/// The pair-matrix GEMMs of InfoNCE at the shapes (float; a, b [B, D]; S [B, B]): <c>Forward</c> is S = a·bᵀ
/// with an epilogue that only copies each tile out (the pure GEMM), <c>ForwardLogSumExp</c> the InfoNCE epilogue
/// (scale, store s, running row logsumexp, diagonal), <c>AddProduct</c> ā += S̄·b, <c>AddTransposedProduct</c>
/// b̄ += S̄ᵀ·a. 2·B²·D flops each. <c>Threads</c> 1 is one core; 0 is all cores (LossParallel's default).
/// </summary>
public unsafe class PairGemmBenchmarks
{
    [Params("128x128", "1024x256", "4096x256")]
    public string Shape = "128x128";

    [Params(1, 0)]
    public int Threads;

    private int _b, _d;
    private Aligned<float> _a = null!, _bm = null!, _s = null!, _sBar = null!, _aBar = null!, _bBar = null!;
    private Aligned<float> _rowMax = null!, _rowSum = null!, _diagonal = null!;

    public static double Flops(BenchmarkCase c)
    {
        (int b, int d) = Parse((string)c.Parameters["Shape"]);
        return 2.0 * b * b * d;
    }

    private static (int B, int D) Parse(string shape)
    {
        string[] parts = shape.Split('x');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    [GlobalSetup]
    public void Setup()
    {
        (_b, _d) = Parse(Shape);
        LossParallel.MaxDegreeOfParallelism = Threads == 0 ? Environment.ProcessorCount : Threads;
        var random = new Random(1);
        _a = Fill(_b * _d, random); _bm = Fill(_b * _d, random); _sBar = Fill(_b * _b, random);
        _s = new Aligned<float>(_b * _b); _aBar = new Aligned<float>(_b * _d); _bBar = new Aligned<float>(_b * _d);
        _rowMax = new Aligned<float>(_b); _rowSum = new Aligned<float>(_b); _diagonal = new Aligned<float>(_b);
    }

    private static Aligned<float> Fill(int length, Random random)
    {
        var buffer = new Aligned<float>(length);
        foreach (ref float x in buffer.Span) x = (float)(random.NextDouble() * 2 - 1) / 16;
        return buffer;
    }

    private unsafe struct CopyOut : IPairEpilogue<float>
    {
        public float* Output;
        public int Stride;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TL, TV>(int chunk, int row, int column, float* values, int count)
            where TL : struct, IPairLanes<float, TV>
            where TV : struct
            => PairEpilogues.StoreSegment<float, TL, TV>(Output + (long)row * Stride + column, values, count);
    }

    [Benchmark]
    public void Forward()
    {
        fixed (float* s = _s.Span)
        {
            var epilogue = new CopyOut { Output = s, Stride = _b };
            PairGemm.Forward<float, CopyOut>(_a, _b, _d, _bm, _b, _d, _d, ref epilogue);
        }
    }

    [Benchmark]
    public void ForwardLogSumExp()
    {
        PairEpilogues.ResetLogSumExp<float>(_rowMax, _rowSum);
        fixed (float* s = _s.Span, max = _rowMax.Span, sum = _rowSum.Span, diagonal = _diagonal.Span)
        {
            var epilogue = new LogSumExpEpilogue<float> { Scale = 1 / 0.07f, Store = s, StoreStride = _b, RowMax = max, RowSum = sum, Diagonal = diagonal };
            PairGemm.Forward<float, LogSumExpEpilogue<float>>(_a, _b, _d, _bm, _b, _d, _d, ref epilogue);
        }
    }

    [Benchmark]
    public void AddProduct() => PairGemm.AddProduct<float>(_sBar, _b, _bm, _d, _aBar, _d, _b, _b, _d);

    [Benchmark]
    public void AddTransposedProduct() => PairGemm.AddTransposedProduct<float>(_sBar, _b, _a, _d, _bBar, _d, _b, _b, _d);
}

/// <summary>
/// InfoNCE forward + backward in float, hand-composed from the pair-matrix kernels (HandComposedInfoNce, the target
/// for the generated code), at the shapes; libtorch on one thread measured 0.37 ms, 35.7 ms and 1,641 ms.
/// Flops: the three GEMMs (6·B²·D).
/// </summary>
public class InfoNceBenchmarks
{
    [Params("128x128", "1024x256", "4096x256")]
    public string Shape = "128x128";

    [Params(1, 0)]
    public int Threads;

    private int _b, _d;
    private Aligned<float> _a = null!, _bm = null!, _gradA = null!, _gradB = null!;

    public static double Flops(BenchmarkCase c)
    {
        string[] parts = ((string)c.Parameters["Shape"]).Split('x');
        double b = double.Parse(parts[0], CultureInfo.InvariantCulture), d = double.Parse(parts[1], CultureInfo.InvariantCulture);
        return 6 * b * b * d;
    }

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split('x');
        _b = int.Parse(parts[0], CultureInfo.InvariantCulture);
        _d = int.Parse(parts[1], CultureInfo.InvariantCulture);
        LossParallel.MaxDegreeOfParallelism = Threads == 0 ? Environment.ProcessorCount : Threads;
        var random = new Random(2);
        _a = new Aligned<float>(_b * _d); _bm = new Aligned<float>(_b * _d);
        foreach (ref float x in _a.Span) x = (float)(random.NextDouble() * 2 - 1);
        foreach (ref float x in _bm.Span) x = (float)(random.NextDouble() * 2 - 1);
        _gradA = new Aligned<float>(_b * _d); _gradB = new Aligned<float>(_b * _d);
    }

    [Benchmark]
    public float HandComposed() => HandComposedInfoNce.LossWithGradient<float>(_a, _bm, _b, _d, 0.07f, _gradA, _gradB);
}

/// <summary>
/// "GFLOP/s": the flops of one call (a public static <c>double Flops(BenchmarkCase)</c> on the benchmark class)
/// divided by the mean time. Classes without it show NA.
/// </summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public string Legend => "Useful floating-point operations per second: (flops per call, an FMA counting 2) / mean time, 1 GFLOP = 1e9";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        MethodInfo? flops = benchmarkCase.Descriptor.Type.GetMethod("Flops", BindingFlags.Public | BindingFlags.Static, [typeof(BenchmarkCase)]);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (flops is null || stats is null || stats.Mean <= 0) return "NA";
        double perCall = (double)flops.Invoke(null, [benchmarkCase])!;
        return (perCall / stats.Mean).ToString("F1", CultureInfo.InvariantCulture); // flops per ns = GFLOP/s
    }

    public override string ToString() => ColumnName;
}
#endif
