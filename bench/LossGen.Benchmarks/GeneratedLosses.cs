// The losses as LossGen declares them. The generator (src/LossGen) emits the bodies and the fused
// XxxWithGradient(inputs..., gradients..., hyperparameters...) kernels that the "Generated" benchmarks call.
// Compiled only with -p:UseLossGen=true (or UseLossGen set to true in the csproj), which also references the
// generator and LossGen.Runtime; without it a partial method with a return value and no body would not compile.
#if LOSSGEN_GENERATED
using System.Numerics.Tensors;
using LossGen;

namespace LossGen.Benchmarks;

public static partial class BenchLosses
{
    [Loss("mean((yhat - y)^2)")] public static partial float Mse([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);
    [Loss("mean(softplus(z) - y * z)")] public static partial float BceLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z);
    [Loss("p = sigmoid(z); ce = softplus(z) - y * z; pt = p * y + (1 - p) * (1 - y); at = alpha * y + (1 - alpha) * (1 - y); mean(at * (1 - pt)^gamma * ce)")] public static partial float FocalLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z, float alpha = 0.25f, float gamma = 2);
    [Loss("mean(logsumexp(z, dim: 1) - pick(z, t))")] public static partial float SparseCe([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t);
    [Loss("mean(max(0, norm(a - p + 1e-6, dim: 1) - norm(a - n + 1e-6, dim: 1) + margin))")] public static partial float Triplet(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> p, ReadOnlyTensorSpan<float> n, float margin = 1);
}
#endif
