using System.Numerics.Tensors;

namespace LossGen.Tests.Hessian;

/// <summary>The new outputs are validated with the inputs, before anything is written.</summary>
public class HessianArgumentTests
{
    [Fact]
    public void Hessian_output_of_the_wrong_length_is_rejected_before_any_write()
    {
        var dyhat = new double[4];
        var hyhat = new double[5];
        dyhat.AsSpan().Fill(42);
        hyhat.AsSpan().Fill(42);
        var e = Assert.Throws<ArgumentException>(() => SeedLosses.MseWithHessian(new double[4], new double[4], dyhat, hyhat));
        Assert.Contains("hyhat.Length is 5", e.Message, StringComparison.Ordinal);
        Assert.All(dyhat, v => Assert.Equal(42, v));
        Assert.All(hyhat, v => Assert.Equal(42, v));
    }

    [Fact]
    public void Hessian_matrix_output_of_the_wrong_shape_is_rejected_before_any_write()
    {
        var dz = new double[6];
        var hz = new double[6];
        dz.AsSpan().Fill(42);
        var e = Assert.Throws<ArgumentException>(() => SeedLosses.SparseCeWithHessian(
            new ReadOnlyTensorSpan<double>(new double[6], [2, 3]), [0, 1],
            new TensorSpan<double>(dz, [2, 3]), new TensorSpan<double>(hz, [3, 2])));
        Assert.Contains("hz.Lengths[0] is 3", e.Message, StringComparison.Ordinal);
        Assert.All(dz, v => Assert.Equal(42, v));
    }

    [Theory]
    [InlineData(3, 4, 4)]
    [InlineData(4, 3, 4)]
    [InlineData(4, 4, 3)]
    public void Per_sample_derivative_outputs_of_the_wrong_length_are_rejected_before_any_write(int losses, int g, int h)
    {
        double[] l = new double[losses], gs = new double[g], hs = new double[h];
        l.AsSpan().Fill(42);
        gs.AsSpan().Fill(42);
        hs.AsSpan().Fill(42);
        Assert.Throws<ArgumentException>(() => SeedLosses.BceLogitsPerSampleDerivatives([1, 0, 1, 0], [0.5, -1, 2, 0], l, gs, hs));
        Assert.All(l, v => Assert.Equal(42, v));
        Assert.All(gs, v => Assert.Equal(42, v));
        Assert.All(hs, v => Assert.Equal(42, v));
    }

    [Fact]
    public void Per_sample_derivatives_check_labels_before_any_write()
    {
        var losses = new double[2];
        losses.AsSpan().Fill(42);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SeedLosses.SparseCePerSampleDerivatives(
            new ReadOnlyTensorSpan<double>(new double[6], [2, 3]), [0, 3], losses,
            new TensorSpan<double>(new double[6], [2, 3]), new TensorSpan<double>(new double[6], [2, 3])));
        Assert.Equal("t", e.ParamName);
        Assert.All(losses, v => Assert.Equal(42, v));
    }
}
