using System.Numerics.Tensors;

namespace LossGen.Tests.Runtime;

/// <summary>Generated entry points validate every argument before touching memory, with messages naming the sizes.</summary>
public class ArgumentValidationTests
{
    [Fact]
    public void Mismatched_lengths_name_both_parameters_and_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => SeedLosses.Mse(new double[3], new double[4]));
        Assert.Equal("yhat", e.ParamName);
        Assert.Contains("yhat.Length is 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("y.Length, which is 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradient_output_of_the_wrong_size_is_rejected_before_any_write()
    {
        var dyhat = new double[5];
        dyhat.AsSpan().Fill(42);
        var e = Assert.Throws<ArgumentException>(() => SeedLosses.MseWithGradient(new double[4], new double[4], dyhat));
        Assert.Contains("dyhat.Length is 5", e.Message, StringComparison.Ordinal);
        Assert.All(dyhat, v => Assert.Equal(42, v));
    }

    [Fact]
    public void Per_sample_output_of_the_wrong_size_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => SeedLosses.MsePerSample(new double[4], new double[4], new double[3]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Out_of_range_labels_throw_ArgumentOutOfRange(int label)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SeedLosses.SparseCe(T(new double[6], 2, 3), [0, label]));
        Assert.Equal("t", e.ParamName);
        Assert.Contains($"t[1] = {label}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_2_shape_mismatch_names_the_axis()
    {
        var e = Assert.Throws<ArgumentException>(() => SeedLosses.Triplet(T(new double[6], 2, 3), T(new double[8], 2, 4), T(new double[6], 2, 3)));
        Assert.Contains("p.Lengths[1] is 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_dense_tensors_are_rejected()
    {
        // A broadcast view (stride 0 along rows) is not dense.
        var e = Assert.Throws<ArgumentException>(() => SeedLosses.SparseCe(new ReadOnlyTensorSpan<double>(new double[3], [2, 3], [0, 1]), [0, 1]));
        Assert.Contains("dense", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_1_tensor_where_rank_2_is_expected_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => SeedLosses.SparseCe(T(new double[3], 3), [0, 1, 2]));
        Assert.Contains("rank-2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_batch_mean_is_NaN_like_PyTorch_and_sum_is_zero()
    {
        Assert.True(double.IsNaN(SeedLosses.Mse([], [])));
        Assert.True(double.IsNaN(SeedLosses.MseWithGradient([], [], [])));
        var z = new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [0, 10]);
        Assert.True(double.IsNaN(SeedLosses.SparseCe(z, [])));
    }

    [Fact]
    public void Where_never_leaks_NaN_from_the_unselected_branch()
    {
        // log(p) at p = 0 is -inf, and its derivative 1/p is inf; where(y == 1, p, 1 - p) selects 1 - p there.
        double[] dp = new double[2];
        double loss = SeedLosses.FocalWithGradient([0, 1], [0, 1], dp);
        Assert.Equal(0, loss);
        Assert.All(dp, g => Assert.False(double.IsNaN(g)));
    }

    [Fact]
    public void Norm_gradient_at_zero_is_zero_like_PyTorch()
    {
        var a = new ReadOnlyTensorSpan<double>([1, 2], [1, 2]);
        var n = new ReadOnlyTensorSpan<double>([5, 5], [1, 2]);
        double[] da = new double[2], dp = new double[2], dn = new double[2];
        SeedLosses.TripletWithGradient(a, a, n, new TensorSpan<double>(da, [1, 2]), new TensorSpan<double>(dp, [1, 2]), new TensorSpan<double>(dn, [1, 2]), margin: 10);
        Assert.All(dp, g => Assert.Equal(0, g));
        Assert.All(da, g => Assert.False(double.IsNaN(g)));
    }

    private static ReadOnlyTensorSpan<double> T(double[] data, params nint[] shape) => new(data, shape);
}
