#if LOSSGEN_GENERATED
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace LossGen.Benchmarks;

/// <summary>
/// The cost of the second derivative: the generated <c>NameWithHessian</c> (loss, gradient and Hessian diagonal in
/// one call) against <c>NameWithGradient</c> (the Ratio baseline) on the same data, one thread, for MSE,
/// BCE-with-logits and focal at 1,048,576 elements and sparse cross-entropy at 65,536 × 10. The goal (issue 13) is
/// at most 1.5× WithGradient. Before timing, the setup checks that WithHessian returns the same loss and gradient as
/// WithGradient and a finite Hessian.
/// </summary>
public class HessianCostBenchmarks
{
    private const int Elements = 1_048_576, CeRows = 65_536, CeClasses = 10;

    [Params("Mse", "BceLogits", "FocalLogits", "SparseCe")]
    public string Loss = "Mse";

    private Aligned<float> _y = null!, _x = null!, _grad = null!, _hess = null!;
    private Aligned<int> _t = null!;

    [GlobalSetup]
    public void Setup()
    {
        global::LossGen.LossParallel.MaxDegreeOfParallelism = 1;
        int n = Loss == "SparseCe" ? CeRows * CeClasses : Elements;
        _y = new Aligned<float>(n);
        _x = new Aligned<float>(n);
        _grad = new Aligned<float>(n);
        _hess = new Aligned<float>(n);
        _t = new Aligned<int>(CeRows);
        switch (Loss)
        {
            case "Mse": Data.Uniform(_y, -1f, 1f, 1); Data.Uniform(_x, -1f, 1f, 2); break;
            case "SparseCe": Data.Uniform(_x, -4f, 4f, 7); Data.Classes(_t, CeClasses, 8); break;
            default: Data.Labels01(_y, 3); Data.Logits(_x, 4); break;
        }

        float gradientLoss = WithGradient();
        float[] gradient = _grad.Span.ToArray();
        _grad.Span.Fill(float.NaN);
        _hess.Span.Fill(float.NaN);
        float hessianLoss = WithHessian();
        if (BitConverter.SingleToInt32Bits(gradientLoss) != BitConverter.SingleToInt32Bits(hessianLoss) || !_grad.Span.SequenceEqual(gradient))
            throw new InvalidOperationException($"{Loss}: WithHessian's loss or gradient differs from WithGradient's");
        foreach (float h in _hess.Span)
            if (!float.IsFinite(h)) throw new InvalidOperationException($"{Loss}: non-finite Hessian entry");
    }

    [Benchmark(Baseline = true)]
    public float WithGradient() => Loss switch
    {
        "Mse" => BenchLosses.MseWithGradient(_y, _x, _grad),
        "BceLogits" => BenchLosses.BceLogitsWithGradient(_y, _x, _grad),
        "FocalLogits" => BenchLosses.FocalLogitsWithGradient(_y, _x, _grad),
        _ => BenchLosses.SparseCeWithGradient(Matrix(_x), _t, WritableMatrix(_grad)),
    };

    [Benchmark]
    public float WithHessian() => Loss switch
    {
        "Mse" => BenchLosses.MseWithHessian(_y, _x, _grad, _hess),
        "BceLogits" => BenchLosses.BceLogitsWithHessian(_y, _x, _grad, _hess),
        "FocalLogits" => BenchLosses.FocalLogitsWithHessian(_y, _x, _grad, _hess),
        _ => BenchLosses.SparseCeWithHessian(Matrix(_x), _t, WritableMatrix(_grad), WritableMatrix(_hess)),
    };

    private static ReadOnlyTensorSpan<float> Matrix(Aligned<float> a) => new(a.Span, [CeRows, CeClasses]);
    private static TensorSpan<float> WritableMatrix(Aligned<float> a) => new(a.Span, [CeRows, CeClasses]);
}
#endif
