using System.Numerics.Tensors;
using LossGen.Tests.Generator;
using LossGen.Training;
using Microsoft.CodeAnalysis;

namespace LossGen.Tests.Compiler;

/// <summary>Formulas that use where: and weights: on reductions, and per_column(...).</summary>
public static partial class SelectionLosses
{
    [Loss("mean((yhat - y)^2, where: y > 0)")]
    public static partial double PositiveMse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    [Loss("sum(abs(yhat - y), where: t != skip)")]
    public static partial double SkippedL1([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, ReadOnlySpan<int> t, int skip);

    [Loss("mean(abs(yhat - y), weights: w)")]
    public static partial double WeightedL1([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, [Target] ReadOnlySpan<double> w);

    // Differentiable weights: d/dv_i of Σ v·x / Σ v is (x_i − mean) / Σ v.
    [Loss("mean(x^2, weights: v, where: x > -1)")]
    public static partial double LearnedWeights(ReadOnlySpan<double> x, ReadOnlySpan<double> v);

    // Per row: the weighted mean of each row, with one weight per column.
    [Loss("sum(mean(z, dim: 1, weights: per_column(c))^2)")]
    public static partial double RowWeightedMeans(ReadOnlyTensorSpan<double> z, [Target] ReadOnlySpan<double> c);

    [Loss("mean(sum(per_column(c) * z^2, dim: 1))")]
    public static partial double ColumnScaled(ReadOnlyTensorSpan<double> z, [Target] ReadOnlySpan<double> c);

    // c is only indexed, so per_column(c, z) ties its length to the columns of z.
    [Loss("wc = per_column(c, z); -mean(pick(z, t), weights: wc[t])")]
    public static partial double WeightedPick(ReadOnlyTensorSpan<double> z, [Target] ReadOnlySpan<double> c, ReadOnlySpan<int> t);

    // A row vector and a column vector in one product; the gradient's products meet the matrix, not each other.
    [Loss("sum(sum(r * z * per_column(c), dim: 1)^2)")]
    public static partial double Bilinear(ReadOnlyTensorSpan<double> z, [Target] ReadOnlySpan<double> c, [Target] ReadOnlySpan<double> r);
}

public class SelectionAndColumnTests
{
    [Fact]
    public void Masked_mean_averages_the_selected_elements_and_their_gradient()
    {
        double[] y = [1, 0, 2, -1], yhat = [3, 5, 1, 0];
        var g = new double[4];
        double loss = SelectionLosses.PositiveMseWithGradient(y, yhat, g);
        Assert.Equal((4 + 1) / 2.0, loss, 14);
        Assert.Equal(loss, SelectionLosses.PositiveMse(y, yhat), 14);
        Assert.Equal([2 * 2 / 2.0, 0, 2 * -1 / 2.0, 0], g);
    }

    [Fact]
    public void Masked_mean_that_selects_nothing_is_zero_with_a_zero_gradient()
    {
        double[] y = [0, -1, -2], yhat = [3, 5, 1];
        var g = new double[] { double.NaN, double.NaN, double.NaN };
        Assert.Equal(0, SelectionLosses.PositiveMseWithGradient(y, yhat, g));
        Assert.Equal([0.0, 0, 0], g);
    }

    [Fact]
    public void Masked_sum_leaves_out_the_skipped_labels()
    {
        double[] y = [1, 2, 3], yhat = [2, 0, 3.5];
        int[] t = [0, 7, 1];
        var g = new double[3];
        Assert.Equal(1 + 0.5, SelectionLosses.SkippedL1WithGradient(y, yhat, t, g, skip: 7), 14);
        Assert.Equal([1.0, 0, 1], g);
    }

    [Fact]
    public void Weighted_mean_divides_by_the_sum_of_weights()
    {
        double[] y = [0, 0, 0], yhat = [1, -2, 4], w = [1, 3, 0.5];
        var g = new double[3];
        double loss = SelectionLosses.WeightedL1WithGradient(y, yhat, w, g);
        Assert.Equal((1 + 6 + 2) / 4.5, loss, 14);
        Assert.Equal([1 / 4.5, -3 / 4.5, 0.5 / 4.5], g);
        Assert.Equal(0, SelectionLosses.WeightedL1(y, yhat, [0.0, 0, 0]));
    }

    [Fact]
    public void Differentiable_weights_pass_finite_differences()
    {
        double[] x = [0.5, -2, 1.5, 3, -0.25], v = [1, 2, 0.5, 1.5, 3];
        GradCheck.Run(
            () => SelectionLosses.LearnedWeights(x, v),
            g => SelectionLosses.LearnedWeightsWithGradient(x, v, g["x"], g["v"]),
            GradCheck.Input("x", x), GradCheck.Input("v", v)).ThrowIfFailed();
        // x[1] = -2 is not selected: it gets no gradient and v[1] does not count.
        double mean = (0.25 * 1 + 2.25 * 0.5 + 9 * 1.5 + 0.0625 * 3) / 6;
        var gx = new double[5];
        var gv = new double[5];
        Assert.Equal(mean, SelectionLosses.LearnedWeightsWithGradient(x, v, gx, gv), 14);
        Assert.Equal(0, gx[1]);
        Assert.Equal(0, gv[1]);
        Assert.Equal((9 - mean) / 6, gv[3], 14);
    }

    [Fact]
    public void Per_column_weights_meet_each_row_column_by_column()
    {
        // 2 rows, 3 columns: c has one entry per column.
        double[] z = [1, 2, 3, -1, 0, 2], c = [1, 0, 2];
        var dz = new double[6];
        double loss = SelectionLosses.RowWeightedMeansWithGradient(M(2, 3, z), c, new TensorSpan<double>(dz, [2, 3]));
        double m0 = (1 + 6) / 3.0, m1 = (-1 + 4) / 3.0;
        Assert.Equal(m0 * m0 + m1 * m1, loss, 14);
        Assert.Equal([2 * m0 * 1 / 3, 0, 2 * m0 * 2 / 3, 2 * m1 * 1 / 3, 0, 2 * m1 * 2 / 3], dz.Select(d => Math.Round(d, 14)).ToArray(), new RoundedComparer());

        Assert.Equal((1 + 18 + 1 + 8) / 2.0, SelectionLosses.ColumnScaled(M(2, 3, z), c), 14);
        // One weight per row instead of per column is a size error that names both sizes.
        var e = Assert.Throws<ArgumentException>(() => SelectionLosses.ColumnScaled(M(2, 3, z), [1.0, 2]));
        Assert.Contains("c", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_column_of_a_matrix_ties_an_indexed_vector_to_its_columns()
    {
        double[] z = [-1, -2, -3, -4, -5, -6];
        int[] t = [2, 0];
        Assert.Equal((3 * 2 + 4 * 1) / 3.0, SelectionLosses.WeightedPick(M(2, 3, z), [1.0, 5, 2], t), 14);
        Assert.Throws<ArgumentException>(() => SelectionLosses.WeightedPick(M(2, 3, z), [1.0, 5, 2, 4], t));
    }

    [Fact]
    public void A_row_vector_and_a_column_vector_in_one_product_stay_independent()
    {
        // 2 rows × 3 columns: s_i = Σ_j r_i z_ij c_j, loss Σ s_i², dz_ij = 2 s_i r_i c_j.
        double[] z = [1, 2, 3, 4, 5, 6], c = [1, 10, 100], r = [1, -1];
        var dz = new double[6];
        Assert.Equal(321.0 * 321 + 654 * 654, SelectionLosses.BilinearWithGradient(M(2, 3, z), c, r, new TensorSpan<double>(dz, [2, 3])), 12);
        Assert.Equal([642.0, 6420, 64200, 1308, 13080, 130800], dz);
    }

    [Theory]
    [InlineData("[Loss(\"mean(sum([|per_column(z)|], dim: 1))\")] public static partial double A(ReadOnlyTensorSpan<double> z);", "needs a rank-1 value")]
    [InlineData("[Loss(\"mean(z, where: [|z|])\")] public static partial double A(ReadOnlySpan<double> z);", "where: takes a comparison")]
    [InlineData("[Loss(\"max(z, [|where|]: z > 0)\")] public static partial double A(ReadOnlySpan<double> z);", "does not take 'where:'")]
    [InlineData("[Loss(\"sum(z, [|weights|]: z)\")] public static partial double A(ReadOnlySpan<double> z);", "only mean takes weights:")]
    [InlineData("[Loss(\"sum(v * z) + sum([|per_column(v) * z|])\")] public static partial double A(ReadOnlyTensorSpan<double> z, [Target] ReadOnlySpan<double> v);", "both per row and per column")]
    public void Misuse_is_a_located_error(string declaration, string message)
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings + "public static partial class C\n{\n    " + declaration + "\n}\n");
        var (result, outputErrors) = GeneratorHarness.Run(source);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains(message, d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(expected.Span, d.Location.SourceSpan);
        // No loss is generated: only the body that throws the same error, and no other compiler error.
        string generated = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains(LossGen.Generator.SourceEmitter.FailureMarker + " " + d.Id + ":", generated, StringComparison.Ordinal);
        Assert.Empty(outputErrors);
    }

    private static ReadOnlyTensorSpan<double> M(int rows, int cols, double[] values) => new(values, [rows, cols]);

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= 1e-13;

        public int GetHashCode(double value) => 0;
    }
}

/// <summary>Labels equal to a masked value (PyTorch's ignore_index) may lie outside the class range.</summary>
public static partial class IgnoredLabelLosses
{
    // The gradient of w[t] scatters into w; masked rows scatter a zero through a safe index.
    [Loss("mean(w[t] * y, where: t != skip)")]
    public static partial double WeightedByClass(ReadOnlySpan<double> w, [Target] ReadOnlySpan<double> y, ReadOnlySpan<int> t, int skip = -100);

    // pick(z, t) is also read outside the mask, so no label may be out of range.
    [Loss("mean(pick(z, t)) + mean(pick(z, t), where: t != skip)")]
    public static partial double PartlyMasked(ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, int skip = -100);

    [Loss("sum(where(t == -1, 0, pick(z, t)))")]
    public static partial double EqualityMask(ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t);
}

public class IgnoredLabelTests
{
    [Fact]
    public void Masked_rows_scatter_nothing_into_the_gradient_of_an_indexed_vector()
    {
        double[] w = [1, 2, 3], y = [10, 20, 30, 40];
        var dw = new double[3];
        double loss = IgnoredLabelLosses.WeightedByClassWithGradient(w, y, [2, -100, 0, -100], dw);
        Assert.Equal((3 * 10 + 1 * 30) / 2.0, loss, 14);
        Assert.Equal([30 / 2.0, 0, 10 / 2.0], dw);
    }

    [Fact]
    public void An_unmasked_read_keeps_every_label_in_range()
    {
        double[] z = [1, 2, 3, 4];
        Assert.Equal(2.5 + 2.5, IgnoredLabelLosses.PartlyMasked(new ReadOnlyTensorSpan<double>(z, [2, 2]), [1, 0]), 14);
        Assert.Throws<ArgumentOutOfRangeException>(() => IgnoredLabelLosses.PartlyMasked(new ReadOnlyTensorSpan<double>(z, [2, 2]), [1, -100]));
    }

    [Fact]
    public void An_equality_test_masks_its_true_branch()
    {
        double[] z = [1, 2, 3, 4];
        var dz = new double[4];
        Assert.Equal(2, IgnoredLabelLosses.EqualityMaskWithGradient(new ReadOnlyTensorSpan<double>(z, [2, 2]), [1, -1], new TensorSpan<double>(dz, [2, 2])), 14);
        Assert.Equal([0.0, 1, 0, 0], dz);
        Assert.Throws<ArgumentOutOfRangeException>(() => IgnoredLabelLosses.EqualityMask(new ReadOnlyTensorSpan<double>(z, [2, 2]), [1, -2]));
    }
}
