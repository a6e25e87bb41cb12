using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using LossGen.Benchmarks.Kernels;

namespace LossGen.Benchmarks;

/// <summary>
/// Issue 11 item 4's gate: today's generated chunk functions, each vector loop printed once per width
/// (<see cref="PerWidthChunks"/>), against the same loops written once, generic over the width
/// (<see cref="WidthGenericChunks"/>). Both run under the same driver, a copy of the generated single-threaded path
/// (fixed chunks of <see cref="LossParallel.ChunkLength"/>, partials added in chunk order, one division), so the only
/// difference is the chunk body. One thread; the setup checks that both give the same loss and gradient bits.
/// Gate: the generic form within ±3 % of the per-width copies.
/// </summary>
public class WidthGenericBenchmarks
{
    public enum Loss { Mse, BceLogits }

    [Params(Loss.Mse, Loss.BceLogits)]
    public Loss Kind;

    [Params(256, 65_536, 1_048_576)]
    public int N;

    private Aligned<float> _y = null!, _x = null!, _grad = null!;

    [GlobalSetup]
    public void Setup()
    {
        _y = new Aligned<float>(N);
        _x = new Aligned<float>(N);
        _grad = new Aligned<float>(N);
        if (Kind == Loss.Mse)
        {
            Data.Uniform(_y, -1f, 1f, 1);
            Data.Uniform(_x, -1f, 1f, 2);
        }
        else
        {
            Data.Labels01(_y, 3);
            Data.Logits(_x, 4);
        }
        float a = PerWidth();
        float[] ga = _grad.Span.ToArray();
        _grad.Span.Fill(float.NaN);
        float b = WidthGeneric();
        if (BitConverter.SingleToInt32Bits(a) != BitConverter.SingleToInt32Bits(b) || !ga.AsSpan().SequenceEqual(_grad.Span))
            throw new InvalidOperationException($"{Kind} N={N}: the width-generic chunk differs from the per-width one ({a} vs {b}).");
    }

    [Benchmark(Baseline = true)]
    public float PerWidth() => Kind == Loss.Mse
        ? Drive(_y, _x, _grad, PerWidthChunks.ChunkMsePerWidth)
        : Drive(_y, _x, _grad, PerWidthChunks.ChunkBceLogitsPerWidth);

    [Benchmark]
    public float WidthGeneric() => Kind == Loss.Mse
        ? Drive(_y, _x, _grad, WidthGenericChunks.ChunkMseGeneric)
        : Drive(_y, _x, _grad, WidthGenericChunks.ChunkBceLogitsGeneric);

    private delegate void RankOneChunk(ReadOnlySpan<float> y, ReadOnlySpan<float> x, Span<float> dx, int n, int lo, int hi, out float partial);

    // The generated single-threaded path. The chunk is called through a delegate here (the generated code calls a
    // static local function directly): one indirect call per 16K elements, the same for both variants. Fully optimized
    // from the first call, as the generated method is: otherwise the variant measured first runs it in tier-0 code
    // (measured: MSE at 256 took 400-560 ns against 110-140 ns for the variant measured second).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Drive(ReadOnlySpan<float> y, ReadOnlySpan<float> x, Span<float> dx, RankOneChunk chunk)
    {
        int n = y.Length;
        float sum = 0f;
        int length = LossParallel.ChunkLength(1);
        int chunks = n == 0 ? 0 : (n - 1) / length + 1;
        for (int c = 0; c < chunks; c++)
        {
            int lo = c * length;
            chunk(y, x, dx, n, lo, lo + Math.Min(length, n - lo), out float partial);
            sum += partial;
        }
        return sum / n;
    }
}

/// <summary>The same gate for sparse cross-entropy (float logits [rows, K], int labels), one thread.</summary>
public class WidthGenericSparseCeBenchmarks
{
    public static IEnumerable<CeShape> Shapes() => [new(65_536, 10)];

    [ParamsSource(nameof(Shapes))]
    public CeShape Shape;

    private Aligned<float> _z = null!, _dz = null!;
    private Aligned<int> _t = null!;

    [GlobalSetup]
    public void Setup()
    {
        _z = Data.AlignedUniform(checked(Shape.Rows * Shape.K), -4f, 4f, 7);
        _t = new Aligned<int>(Shape.Rows);
        Data.Classes(_t, Shape.K, 8);
        _dz = new Aligned<float>(_z.Length);
        float a = PerWidth();
        float[] ga = _dz.Span.ToArray();
        _dz.Span.Fill(float.NaN);
        float b = WidthGeneric();
        if (BitConverter.SingleToInt32Bits(a) != BitConverter.SingleToInt32Bits(b) || !ga.AsSpan().SequenceEqual(_dz.Span))
            throw new InvalidOperationException($"sparse CE {Shape}: the width-generic chunk differs from the per-width one ({a} vs {b}).");
    }

    [Benchmark(Baseline = true)]
    public float PerWidth() => Drive(_z, _t, _dz, Shape.Rows, Shape.K, PerWidthChunks.ChunkSparseCePerWidth);

    [Benchmark]
    public float WidthGeneric() => Drive(_z, _t, _dz, Shape.Rows, Shape.K, WidthGenericChunks.ChunkSparseCeGeneric);

    private delegate void RowsChunk(ReadOnlySpan<float> z, ReadOnlySpan<int> t, Span<float> dz, int rows, int cols, int lo, int hi, out float partial);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Drive(ReadOnlySpan<float> z, ReadOnlySpan<int> t, Span<float> dz, int rows, int cols, RowsChunk chunk)
    {
        float sum = 0f;
        int length = LossParallel.ChunkLength(cols);
        int chunks = rows == 0 ? 0 : (rows - 1) / length + 1;
        for (int c = 0; c < chunks; c++)
        {
            int lo = c * length;
            chunk(z, t, dz, rows, cols, lo, lo + Math.Min(length, rows - lo), out float partial);
            sum += partial;
        }
        return sum / rows;
    }
}
