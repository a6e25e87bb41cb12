using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using LossGen.Benchmarks.Kernels;
#if LOSSGEN_GENERATED
using System.Numerics.Tensors;
#endif

namespace LossGen.Benchmarks;

/// <summary>A [rows, K] logits shape; shown as "rows x K" in the summary, ordered by K, then rows.</summary>
public readonly record struct CeShape(int Rows, int K) : IComparable<CeShape>, IComparable
{
    public override string ToString() => $"{Rows}x{K}";
    public int CompareTo(CeShape other) => K != other.K ? K.CompareTo(other.K) : Rows.CompareTo(other.Rows);
    public int CompareTo(object? obj) => obj is CeShape s ? CompareTo(s) : 1;
}

/// <summary>
/// Sparse cross-entropy on logits z [rows, K] with int labels t [rows]: reads z and t, writes dz
/// (8 rows K + 4 rows bytes).
/// </summary>
public class SparseCeBenchmarks
{
    /// <summary>
    /// rows ∈ {256, 65,536, 1,048,576} × K ∈ {10, 1000}, except 1,048,576 × 1000: that is 4 GB per tensor (z and dz,
    /// plus the reference gradient of the setup check and the Copy buffers of the same size, ~16 GB in all on a 24 GB
    /// machine) and several seconds per scalar call, so the K = 1000 rows are capped at 65,536 (262 MB per tensor).
    /// </summary>
    public static IEnumerable<CeShape> AllShapes() =>
    [
        new(256, 10), new(65_536, 10), new(1_048_576, 10),
        new(256, 1000), new(65_536, 1000),
    ];

    [ParamsSource(nameof(AllShapes))]
    public CeShape Shape;

    // All buffers 64-byte aligned (see Aligned<T>); with K = 1000 the rows themselves alternate between 64- and
    // 32-byte alignment, which is part of what the kernels have to cope with.
    private Aligned<float> _z = null!, _dz = null!, _copySrc = null!, _copyDst = null!;
    private Aligned<int> _t = null!;

    public static long BytesMoved(CeShape s) => 8L * s.Rows * s.K + 4L * s.Rows;
    public static long BytesMoved(ParameterInstances p) => BytesMoved((CeShape)p["Shape"]);

    private void Inputs()
    {
        _z = Data.AlignedUniform(checked(Shape.Rows * Shape.K), -4f, 4f, 7);
        _t = new Aligned<int>(Shape.Rows);
        Data.Classes(_t, Shape.K, 8);
        _dz = new Aligned<float>(_z.Length);
    }

    private void InputsAndVerify(string variant, Func<float> run)
    {
        Inputs();
        var refGrad = new float[_z.Length];
        float refLoss = ScalarLosses.SparseCe(_z, _t, Shape.K, refGrad);
        _dz.Span.Fill(float.NaN);
        float loss = run();
        var r = Validation.Compare($"SparseCE {Shape} {variant}", refLoss, loss, [("dz", refGrad, _dz.Memory)]);
        if (!r.Ok)
            throw new InvalidOperationException(
                $"{r.Label} disagrees with the scalar loop: {r.Detail} (loss err {r.LossError:E1}, grad err {r.GradError:E1})");
    }

    [GlobalSetup(Target = nameof(Scalar))] public void SetupScalar() => Inputs();
    [GlobalSetup(Target = nameof(TensorPrimitives))] public void SetupTensorPrimitives() => InputsAndVerify(nameof(TensorPrimitives), TensorPrimitives);
    [GlobalSetup(Target = nameof(HandFused))] public void SetupHandFused() => InputsAndVerify(nameof(HandFused), HandFused);

    [GlobalSetup(Target = nameof(Copy))]
    public void SetupCopy()
    {
        int len = checked((int)(BytesMoved(Shape) / 8));
        _copySrc = Data.AlignedUniform(len, -1f, 1f, 99);
        _copyDst = new Aligned<float>(len);
    }

    /// <summary>Span.CopyTo of BytesMoved/2 bytes: the memory-bandwidth ceiling for this size.</summary>
    [Benchmark] public void Copy() => _copySrc.Span.CopyTo(_copyDst.Span);

    [Benchmark(Baseline = true)] public float Scalar() => ScalarLosses.SparseCe(_z, _t, Shape.K, _dz);
    [Benchmark] public float TensorPrimitives() => TensorPrimitivesLosses.SparseCe(_z, _t, Shape.K, _dz);
    [Benchmark] public float HandFused() => FusedLosses.SparseCe(_z, _t, Shape.K, _dz);

#if LOSSGEN_GENERATED
    // Generated runs on one thread, GeneratedThreads with LossParallel.MaxDegreeOfParallelism = all cores (used only
    // above the threshold; the results are bit-identical). Each benchmark runs in its own process.
    [GlobalSetup(Target = nameof(Generated))]
    public void SetupGenerated()
    {
        global::LossGen.LossParallel.MaxDegreeOfParallelism = 1;
        InputsAndVerify(nameof(Generated), Generated);
    }

    [GlobalSetup(Target = nameof(GeneratedThreads))]
    public void SetupGeneratedThreads()
    {
        global::LossGen.LossParallel.MaxDegreeOfParallelism = Environment.ProcessorCount;
        InputsAndVerify(nameof(GeneratedThreads), GeneratedThreads);
    }

    [Benchmark] public float GeneratedThreads() => Generated();

    // The two tensor-span headers are built per call (a few ns; they cannot be fields of a class).
    [Benchmark]
    public float Generated() => BenchLosses.SparseCeWithGradient(
        new ReadOnlyTensorSpan<float>(_z.Span, [Shape.Rows, Shape.K]), _t, new TensorSpan<float>(_dz.Span, [Shape.Rows, Shape.K]));
#endif
}
