using System.Numerics.Tensors;

namespace LossGen.Tests.Compiler;

/// <summary>A per-row term that lowering folds to a constant (x^0 → 1) is still written to every row.</summary>
public static partial class FoldedPerRowLosses
{
    // Found by the fuzzer: the per-sample member used the lowered (scalar) shape as its domain and crashed.
    [Loss("a = rows(z); -mean((mean(softmax(z, dim: 1), dim: 1))^0 + a)")]
    public static partial double Folded(ReadOnlyTensorSpan<double> z);
}

public class PerSampleFoldingTests
{
    [Fact]
    public void Per_row_term_folded_to_a_constant_fills_every_row()
    {
        var z = Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        Assert.Equal(-(1.0 + 3), FoldedPerRowLosses.Folded(z));

        var perSample = new double[3];
        FoldedPerRowLosses.FoldedPerSample(z, perSample);
        Assert.Equal(new[] { -4.0, -4.0, -4.0 }, perSample);

        var grad = Tensor.Create(new double[] { 9, 9, 9, 9, 9, 9 }, [3, 2]);
        Assert.Equal(-4.0, FoldedPerRowLosses.FoldedWithGradient(z, grad));
        Assert.All(grad.ToArray(), g => Assert.Equal(0.0, g));
    }
}
