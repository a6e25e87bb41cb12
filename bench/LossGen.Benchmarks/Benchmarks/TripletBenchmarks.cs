using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using LossGen.Benchmarks.Kernels;
#if LOSSGEN_GENERATED
using System.Numerics.Tensors;
#endif

namespace LossGen.Benchmarks;

/// <summary>
/// Triplet margin loss on a, p, n [N, 128] (margin 1, eps 1e-6): reads three tensors and writes three gradients
/// (24 N D bytes). N = 1,048,576 is 512 MB per tensor, 3 GB for the six (4.5 GB while the setup check holds a
/// reference gradient); that fits this 24 GB machine, so it is not capped, but it is the slowest case to set up.
/// The Copy case allocates only its own buffers (1.6 GB each at that size), not the inputs.
/// </summary>
public class TripletBenchmarks
{
    public const int D = 128;
    private const float Margin = 1f;

    [Params(256, 65_536, 1_048_576)]
    public int N;

    // All buffers 64-byte aligned (see Aligned<T>); rows of 128 floats keep every row aligned.
    private Aligned<float> _a = null!, _p = null!, _n = null!, _da = null!, _dp = null!, _dn = null!;
    private Aligned<float> _u = null!, _v = null!, _copySrc = null!, _copyDst = null!;

    public static long BytesMoved(int n) => 24L * n * D;
    public static long BytesMoved(ParameterInstances p) => BytesMoved((int)p["N"]);

    private void Inputs()
    {
        int len = checked(N * D);
        _a = new Aligned<float>(len);
        _p = new Aligned<float>(len);
        _n = new Aligned<float>(len);
        Data.Triplets(_a, _p, _n, D, Margin, 9);
        _da = new Aligned<float>(len);
        _dp = new Aligned<float>(len);
        _dn = new Aligned<float>(len);
        _u = new Aligned<float>(D);
        _v = new Aligned<float>(D);
    }

    private void InputsAndVerify(string variant, Func<float> run)
    {
        Inputs();
        float[] ra = new float[_a.Length], rp = new float[_a.Length], rn = new float[_a.Length];
        float refLoss = ScalarLosses.Triplet(_a, _p, _n, D, ra, rp, rn, Margin);
        _da.Span.Fill(float.NaN);
        _dp.Span.Fill(float.NaN);
        _dn.Span.Fill(float.NaN);
        float loss = run();
        var r = Validation.Compare($"Triplet N={N} {variant}", refLoss, loss, [("da", ra, _da.Memory), ("dp", rp, _dp.Memory), ("dn", rn, _dn.Memory)]);
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
        int len = checked((int)(BytesMoved(N) / 8));
        _copySrc = Data.AlignedUniform(len, -1f, 1f, 99);
        _copyDst = new Aligned<float>(len);
    }

    /// <summary>Span.CopyTo of BytesMoved/2 bytes: the memory-bandwidth ceiling for this size.</summary>
    [Benchmark] public void Copy() => _copySrc.Span.CopyTo(_copyDst.Span);

    [Benchmark(Baseline = true)] public float Scalar() => ScalarLosses.Triplet(_a, _p, _n, D, _da, _dp, _dn, Margin);
    [Benchmark] public float TensorPrimitives() => TensorPrimitivesLosses.Triplet(_a, _p, _n, D, _da, _dp, _dn, _u, _v, Margin);
    [Benchmark] public float HandFused() => FusedLosses.Triplet(_a, _p, _n, D, _da, _dp, _dn, Margin);

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

    [Benchmark]
    public float Generated() => BenchLosses.TripletWithGradient(
        new ReadOnlyTensorSpan<float>(_a.Span, [N, D]), new ReadOnlyTensorSpan<float>(_p.Span, [N, D]), new ReadOnlyTensorSpan<float>(_n.Span, [N, D]),
        new TensorSpan<float>(_da.Span, [N, D]), new TensorSpan<float>(_dp.Span, [N, D]), new TensorSpan<float>(_dn.Span, [N, D]), Margin);
#endif
}
