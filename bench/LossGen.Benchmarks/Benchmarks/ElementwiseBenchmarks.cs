using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Parameters;
using LossGen.Benchmarks.Kernels;

namespace LossGen.Benchmarks;

/// <summary>
/// Shared parts of the elementwise losses (MSE, BCE-with-logits, focal): one target and one input vector of N floats
/// are read, one gradient vector of N floats is written, so the kernel must move 12 N bytes.
/// Each variant has its own [GlobalSetup]; the non-scalar ones run once and are checked against the scalar loop at
/// the benchmarked size before they are timed (a mismatch makes BenchmarkDotNet report the case as failed).
/// </summary>
public abstract class ElementwiseLossBenchmark
{
    // 1M floats = 4 MB per vector: the three vectors (12 MB) can fit in a 32 MB L3 (as on the EPYC this was written
    // on), so the largest size may measure L3 rather than DRAM bandwidth; the Copy row shows the ceiling either way.
    [Params(256, 65_536, 1_048_576)]
    public int N;

    // All buffers 64-byte aligned (see Aligned<T>).
    protected Aligned<float> Y = null!, X = null!, Grad = null!;
    private Aligned<float> _copySrc = null!, _copyDst = null!;

    public static long BytesMoved(int n) => 12L * n;
    public static long BytesMoved(ParameterInstances p) => BytesMoved((int)p["N"]);

    protected abstract string Name { get; }
    protected abstract void CreateInputs();
    protected abstract float Reference(Span<float> grad);

    protected void Inputs()
    {
        Y = new Aligned<float>(N);
        X = new Aligned<float>(N);
        Grad = new Aligned<float>(N);
        CreateInputs();
    }

    /// <summary>Creates the inputs, runs <paramref name="run"/> once and checks it against the scalar loop.</summary>
    protected void InputsAndVerify(string variant, Func<float> run, int threads = 1)
    {
#if LOSSGEN_GENERATED
        // Each benchmark runs in its own process: the static setting applies to this variant only.
        global::LossGen.LossParallel.MaxDegreeOfParallelism = threads;
#endif
        Inputs();
        var refGrad = new float[N];
        float refLoss = Reference(refGrad);
        Grad.Span.Fill(float.NaN);
        float loss = run();
        var r = Validation.Compare($"{Name} N={N} {variant}", refLoss, loss, [("grad", refGrad, Grad.Memory)]);
        if (!r.Ok)
            throw new InvalidOperationException(
                $"{r.Label} disagrees with the scalar loop: {r.Detail} (loss err {r.LossError:E1}, grad err {r.GradError:E1})");
    }

    [GlobalSetup(Target = nameof(Copy))]
    public void SetupCopy()
    {
        int len = checked((int)(BytesMoved(N) / 8)); // read len × 4 B + write len × 4 B = BytesMoved
        _copySrc = Data.AlignedUniform(len, -1f, 1f, 99);
        _copyDst = new Aligned<float>(len);
    }

    /// <summary>Span.CopyTo of BytesMoved/2 bytes: the memory-bandwidth ceiling for this size.</summary>
    [Benchmark]
    public void Copy() => _copySrc.Span.CopyTo(_copyDst.Span);
}

// In every summary table the rows are Copy (the ceiling), Scalar (the baseline for Ratio), TensorPrimitives,
// HandFused and, when compiled in, Generated.

public class MseBenchmarks : ElementwiseLossBenchmark
{
    protected override string Name => "MSE";
    protected override void CreateInputs()
    {
        Data.Uniform(Y, -1f, 1f, 1);
        Data.Uniform(X, -1f, 1f, 2);
    }
    protected override float Reference(Span<float> grad) => ScalarLosses.Mse(Y, X, grad);

    [GlobalSetup(Target = nameof(Scalar))] public void SetupScalar() => Inputs();
    [GlobalSetup(Target = nameof(TensorPrimitives))] public void SetupTensorPrimitives() => InputsAndVerify(nameof(TensorPrimitives), TensorPrimitives);
    [GlobalSetup(Target = nameof(HandFused))] public void SetupHandFused() => InputsAndVerify(nameof(HandFused), HandFused);

    [Benchmark(Baseline = true)] public float Scalar() => ScalarLosses.Mse(Y, X, Grad);
    [Benchmark] public float TensorPrimitives() => TensorPrimitivesLosses.Mse(Y, X, Grad);
    [Benchmark] public float HandFused() => FusedLosses.Mse(Y, X, Grad);

#if LOSSGEN_GENERATED
    [GlobalSetup(Target = nameof(Generated))] public void SetupGenerated() => InputsAndVerify(nameof(Generated), Generated, threads: 1);
    [Benchmark] public float Generated() => BenchLosses.MseWithGradient(Y, X, Grad);
    [GlobalSetup(Target = nameof(GeneratedThreads))] public void SetupGeneratedThreads() => InputsAndVerify(nameof(GeneratedThreads), GeneratedThreads, threads: Environment.ProcessorCount);
    /// <summary>The same kernel with LossParallel.MaxDegreeOfParallelism = all cores (it only uses them above the threshold).</summary>
    [Benchmark] public float GeneratedThreads() => BenchLosses.MseWithGradient(Y, X, Grad);
#endif
}

public class BceLogitsBenchmarks : ElementwiseLossBenchmark
{
    private TensorPrimitivesLosses.Scratch _scratch = null!;

    protected override string Name => "BCE-logits";
    protected override void CreateInputs()
    {
        Data.Labels01(Y, 3);
        Data.Logits(X, 4);
    }
    protected override float Reference(Span<float> grad) => ScalarLosses.BceLogits(Y, X, grad);

    [GlobalSetup(Target = nameof(Scalar))] public void SetupScalar() => Inputs();
    [GlobalSetup(Target = nameof(TensorPrimitives))]
    public void SetupTensorPrimitives()
    {
        _scratch = new TensorPrimitivesLosses.Scratch(N, 2);
        InputsAndVerify(nameof(TensorPrimitives), TensorPrimitives);
    }
    [GlobalSetup(Target = nameof(HandFused))] public void SetupHandFused() => InputsAndVerify(nameof(HandFused), HandFused);

    [Benchmark(Baseline = true)] public float Scalar() => ScalarLosses.BceLogits(Y, X, Grad);
    [Benchmark] public float TensorPrimitives() => TensorPrimitivesLosses.BceLogits(Y, X, Grad, _scratch);
    [Benchmark] public float HandFused() => FusedLosses.BceLogits(Y, X, Grad);

#if LOSSGEN_GENERATED
    [GlobalSetup(Target = nameof(Generated))] public void SetupGenerated() => InputsAndVerify(nameof(Generated), Generated, threads: 1);
    [Benchmark] public float Generated() => BenchLosses.BceLogitsWithGradient(Y, X, Grad);
    [GlobalSetup(Target = nameof(GeneratedThreads))] public void SetupGeneratedThreads() => InputsAndVerify(nameof(GeneratedThreads), GeneratedThreads, threads: Environment.ProcessorCount);
    /// <summary>The same kernel with LossParallel.MaxDegreeOfParallelism = all cores (it only uses them above the threshold).</summary>
    [Benchmark] public float GeneratedThreads() => BenchLosses.BceLogitsWithGradient(Y, X, Grad);
#endif
}

public class FocalLogitsBenchmarks : ElementwiseLossBenchmark
{
    private const float Alpha = 0.25f, Gamma = 2f;
    private TensorPrimitivesLosses.Scratch _scratch = null!;

    protected override string Name => "Focal-logits";
    protected override void CreateInputs()
    {
        Data.Labels01(Y, 5);
        Data.Logits(X, 6);
    }
    protected override float Reference(Span<float> grad) => ScalarLosses.FocalLogits(Y, X, grad, Alpha, Gamma);

    [GlobalSetup(Target = nameof(Scalar))] public void SetupScalar() => Inputs();
    [GlobalSetup(Target = nameof(TensorPrimitives))]
    public void SetupTensorPrimitives()
    {
        _scratch = new TensorPrimitivesLosses.Scratch(N, 5);
        InputsAndVerify(nameof(TensorPrimitives), TensorPrimitives);
    }
    [GlobalSetup(Target = nameof(HandFused))] public void SetupHandFused() => InputsAndVerify(nameof(HandFused), HandFused);

    [Benchmark(Baseline = true)] public float Scalar() => ScalarLosses.FocalLogits(Y, X, Grad, Alpha, Gamma);
    [Benchmark] public float TensorPrimitives() => TensorPrimitivesLosses.FocalLogits(Y, X, Grad, _scratch, Alpha, Gamma);
    [Benchmark] public float HandFused() => FusedLosses.FocalLogits(Y, X, Grad, Alpha, Gamma);

#if LOSSGEN_GENERATED
    [GlobalSetup(Target = nameof(Generated))] public void SetupGenerated() => InputsAndVerify(nameof(Generated), Generated, threads: 1);
    [Benchmark] public float Generated() => BenchLosses.FocalLogitsWithGradient(Y, X, Grad, Alpha, Gamma);
    [GlobalSetup(Target = nameof(GeneratedThreads))] public void SetupGeneratedThreads() => InputsAndVerify(nameof(GeneratedThreads), GeneratedThreads, threads: Environment.ProcessorCount);
    /// <summary>The same kernel with LossParallel.MaxDegreeOfParallelism = all cores (it only uses them above the threshold).</summary>
    [Benchmark] public float GeneratedThreads() => BenchLosses.FocalLogitsWithGradient(Y, X, Grad, Alpha, Gamma);
#endif
}
