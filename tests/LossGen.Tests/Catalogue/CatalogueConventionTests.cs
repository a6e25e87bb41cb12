using System.Numerics.Tensors;
using LossGen.Tests.Oracle;

namespace LossGen.Tests.Catalogue;

/// <summary>
/// The conventions the catalogue documents: per-class weights run along the columns (and must have one entry per
/// class), ignore_index masks rows, clamps and edge values behave as stated in the XML docs and docs/catalogue.md.
/// </summary>
public class CatalogueConventionTests
{
    private static ReadOnlyTensorSpan<double> M(int rows, int cols, double[] data) => new(data, [rows, cols]);

    private static double[] Random(int n, int seed, double scale = 1.5)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => scale * (2 * r.NextDouble() - 1)).ToArray();
    }

    [Fact]
    public void Class_weights_must_have_one_entry_per_column()
    {
        // 4 rows, 3 classes: a weight vector with one entry per row is rejected, not broadcast row by row.
        double[] z = Random(12, 1);
        int[] t = [0, 2, 1, 2];
        Assert.Throws<ArgumentException>(() => MultiClassLosses.CrossEntropy(M(4, 3, z), [1.0, 2, 3, 4], t));
        Assert.Throws<ArgumentException>(() => MultiClassLosses.SoftCrossEntropy(M(4, 3, Random(12, 2)), M(4, 3, z), [1.0, 2, 3, 4]));
        Assert.Throws<ArgumentException>(() => MultiClassLosses.Nll(M(4, 3, z), [1.0, 2, 3, 4], t));
        Assert.Throws<ArgumentException>(() => MultiLabelLosses.MultiLabelSoftMargin(M(4, 3, Random(12, 2)), M(4, 3, z), [1.0, 2, 3, 4]));
        // One per column works.
        Assert.True(double.IsFinite(MultiClassLosses.CrossEntropy(M(4, 3, z), [1.0, 2, 3], t)));
    }

    [Fact]
    public void Square_inputs_weight_columns_not_rows()
    {
        // rows == cols would also pass a row-wise broadcast; a weight on one class must scale that column only.
        double[] z = Random(9, 3), y = Random(9, 4).Select(Math.Abs).ToArray();
        double[] w = [1, 1, 5];
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double[] row = z[(3 * i)..(3 * i + 3)];
            double lse = Math.Log(row.Sum(Math.Exp));
            expected[i] = -Enumerable.Range(0, 3).Sum(j => w[j] * y[3 * i + j] * (row[j] - lse));
        }
        var losses = new double[3];
        MultiClassLosses.SoftCrossEntropyPerSample(M(3, 3, y), M(3, 3, z), w, 0, losses);
        TorchParityTests.AssertClose(expected, losses, 1e-13, "per-sample");
    }

    [Fact]
    public void Masked_cross_entropy_is_the_cross_entropy_of_the_kept_rows()
    {
        double[] z = Random(6 * 4, 5);
        int[] t = [3, 1, 3, 0, 2, 3];
        int[] kept = [1, 3, 4];
        double[] zKept = kept.SelectMany(i => z[(4 * i)..(4 * i + 4)]).ToArray();
        int[] tKept = kept.Select(i => t[i]).ToArray();
        Assert.Equal(
            MultiClassLosses.CrossEntropy(M(3, 4, zKept), tKept, 0.1),
            MultiClassLosses.MaskedCrossEntropy(M(6, 4, z), t, 3, 0.1), 14);

        // The gradient of an ignored row is 0; of a kept row, that of the kept-rows loss.
        var dz = new double[24];
        var dzKept = new double[12];
        MultiClassLosses.MaskedCrossEntropyWithGradient(M(6, 4, z), t, new TensorSpan<double>(dz, [6, 4]), 3, 0.1);
        MultiClassLosses.CrossEntropyWithGradient(M(3, 4, zKept), tKept, new TensorSpan<double>(dzKept, [3, 4]), 0.1);
        foreach (int i in new[] { 0, 2, 5 })
            Assert.All(dz[(4 * i)..(4 * i + 4)], g => Assert.Equal(0, g));
        for (int k = 0; k < kept.Length; k++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(dzKept[4 * k + j], dz[4 * kept[k] + j], 14);

        // The weighted overload with unit weights agrees.
        Assert.Equal(
            MultiClassLosses.MaskedCrossEntropy(M(6, 4, z), t, 3, 0.1),
            MultiClassLosses.CrossEntropy(M(6, 4, z), [1.0, 1, 1, 1], t, 3, 0.1), 14);
    }

    [Fact]
    public void Ignoring_every_row_gives_zero_loss_and_zero_gradient_not_NaN()
    {
        // PyTorch returns NaN here, which poisons a training run on one all-padding batch; LossGen's masked mean is 0.
        double[] z = Random(8, 6);
        var dz = new double[8];
        Assert.Equal(0, MultiClassLosses.MaskedCrossEntropyWithGradient(M(2, 4, z), [1, 1], new TensorSpan<double>(dz, [2, 4]), 1, 0.1));
        Assert.All(dz, d => Assert.Equal(0, d));
        dz.AsSpan().Fill(double.NaN);
        Assert.Equal(0, MultiClassLosses.CrossEntropyWithGradient(M(2, 4, z), [1.0, 2, 3, 4], [1, 1], new TensorSpan<double>(dz, [2, 4]), 1, 0.1));
        Assert.All(dz, d => Assert.Equal(0, d));
        var dlogp = new double[8];
        Assert.Equal(0, MultiClassLosses.NllWithGradient(M(2, 4, z), [1.0, 2, 3, 4], [1, 1], new TensorSpan<double>(dlogp, [2, 4]), 1));
        Assert.All(dlogp, d => Assert.Equal(0, d));
    }

    [Fact]
    public void Zero_class_weights_on_every_kept_row_give_zero_not_NaN()
    {
        double[] z = Random(8, 9);
        Assert.Equal(0, MultiClassLosses.CrossEntropy(M(2, 4, z), [0.0, 2, 0, 4], [0, 2]));
        Assert.Equal(0, MultiClassLosses.Nll(M(2, 4, z), [0.0, 2, 0, 4], [0, 2]));
    }

    [Fact]
    public void Labels_equal_to_ignoreIndex_may_lie_outside_the_classes_like_PyTorchs_minus_100()
    {
        double[] z = Random(8, 7);
        double[] row0 = z[..4];
        double ce0 = Math.Log(row0.Sum(Math.Exp)) - row0[1];

        var dz = new double[8];
        dz.AsSpan().Fill(double.NaN);
        Assert.Equal(ce0, MultiClassLosses.MaskedCrossEntropyWithGradient(M(2, 4, z), [1, -100], new TensorSpan<double>(dz, [2, 4]), -100), 14);
        Assert.All(dz[4..], d => Assert.Equal(0, d));
        Assert.All(dz[..4], d => Assert.True(double.IsFinite(d) && d != 0));

        // The class-weighted forms default to ignoreIndex = -100, as PyTorch does.
        Assert.Equal(ce0, MultiClassLosses.CrossEntropy(M(2, 4, z), [1.0, 2, 3, 4], [1, -100]), 14);
        Assert.Equal(-z[1], MultiClassLosses.Nll(M(2, 4, z), [1.0, 2, 3, 4], [1, -100]), 14);
        Assert.Equal(-z[5], MultiClassLosses.Nll(M(2, 4, z), [1.0, 2, 3, 4], [-100, 1]), 14);
    }

    [Fact]
    public void Other_labels_outside_the_classes_are_still_rejected_with_the_ignored_value_named()
    {
        double[] z = Random(8, 7);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MultiClassLosses.MaskedCrossEntropy(M(2, 4, z), [1, -5], -100));
        Assert.Contains("t[1] = -5", e.Message, StringComparison.Ordinal);
        Assert.Contains("or equal ignoreIndex", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => MultiClassLosses.MaskedCrossEntropy(M(2, 4, z), [4, 1], -100));
        // The unmasked cross-entropy has no ignored value at all.
        Assert.Throws<ArgumentOutOfRangeException>(() => MultiClassLosses.CrossEntropy(M(2, 4, z), [1, -100]));
    }

    [Fact]
    public void Binary_cross_entropy_clamps_each_log_at_minus_100()
    {
        // p = 0 with y = 1 and p = 1 with y = 0 cost 100 each (PyTorch); the clamped terms have zero gradient.
        double[] y = [1, 0, 1, 0], p = [0, 1, 0.5, 0.5];
        Assert.Equal((100 + 100 + 2 * Math.Log(2)) / 4, BinaryLosses.BinaryCrossEntropy(y, p), 12);
        Assert.Equal((100 + 100 + 2 * Math.Log(2)) / 4, BinaryLosses.BinaryCrossEntropy(y.Select(v => (float)v).ToArray(), p.Select(v => (float)v).ToArray()), 5);
        var g = new double[4];
        BinaryLosses.BinaryCrossEntropyWithGradient(y, p, g);
        Assert.Equal([0, 0, -0.5, 0.5], g);
        // p = 0 with y = 0 (and p = 1 with y = 1) cost nothing and have a finite gradient.
        Assert.Equal(0, BinaryLosses.BinaryCrossEntropy([0.0, 1], [0.0, 1]));
        BinaryLosses.BinaryCrossEntropyWithGradient([0.0, 1], [0.0, 1], g.AsSpan(0, 2));
        Assert.All(g[..2], v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Gaussian_nll_clamps_the_variance_and_differentiates_the_clamp()
    {
        // var = 0.01 < eps = 0.1: the loss uses 0.1, and ∂/∂var is 0 there (PyTorch would pass the clamped value's gradient).
        double[] y = [0, 0], mu = [1, 1], var = [0.01, 0.5];
        double expected = 0.5 * ((Math.Log(0.1) + 1 / 0.1) + (Math.Log(0.5) + 1 / 0.5)) / 2;
        Assert.Equal(expected, RegressionLosses.GaussianNll(y, mu, var, 0.1), 13);
        var dmu = new double[2];
        var dvar = new double[2];
        RegressionLosses.GaussianNllWithGradient(y, mu, var, dmu, dvar, 0.1);
        Assert.Equal(0, dvar[0]);
        Assert.Equal(0.5 * (1 / 0.5 - 1 / 0.25) / 2, dvar[1], 14);
        Assert.Equal(0.5 * 2 * 1 / 0.1 / 2, dmu[0], 14);
    }

    [Fact]
    public void Sigmoid_focal_with_negative_alpha_is_unweighted()
    {
        double[] y = [1, 0, 1], z = [0.3, -1.2, 2.0];
        double plain = BinaryLosses.SigmoidFocal(y, z, alpha: -1, gamma: 0);
        Assert.Equal(BinaryLosses.BinaryCrossEntropyWithLogits(y, z), plain, 15);
    }

    [Fact]
    public void Hinge_embedding_and_cosine_embedding_follow_pytorch_for_other_targets()
    {
        // hinge_embedding_loss: y = 0 gets both the s term and the margin term; cosine_embedding_loss: y = 0 gets 0.
        Assert.Equal(0.25 + (1 - 0.25), RankingLosses.HingeEmbedding([0.0], [0.25]), 15);
        Assert.Equal(0, RankingLosses.CosineEmbedding(M(1, 2, [1, 0]), M(1, 2, [0, 1]), [0.0]));
    }

    [Fact]
    public void Extreme_logits_stay_finite()
    {
        double[] z = [1e4, -1e4, 0, 3e3, -5e3, 1e4];
        int[] t = [1, 0];
        var dz = new double[6];
        Assert.True(double.IsFinite(MultiClassLosses.CrossEntropyWithGradient(M(2, 3, z), t, new TensorSpan<double>(dz, [2, 3]), 0.1)));
        Assert.All(dz, g => Assert.True(double.IsFinite(g)));
        Assert.True(double.IsFinite(MultiClassLosses.Focal(M(2, 3, z), t)));
        Assert.True(double.IsFinite(MultiClassLosses.Poly1CrossEntropy(M(2, 3, z), t)));
        Assert.True(double.IsFinite(BinaryLosses.SigmoidFocal([1.0, 0, 1], [-800.0, 800, 800])));
        Assert.True(double.IsFinite(BinaryLosses.BinaryCrossEntropyWithLogits([1.0, 0], [-800.0, 800], 3)));
    }

    [Fact]
    public void Empty_batches_follow_pytorch()
    {
        Assert.True(double.IsNaN(RegressionLosses.Mse(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty)));
        Assert.True(double.IsNaN(MultiClassLosses.CrossEntropy(M(0, 3, []), ReadOnlySpan<int>.Empty)));
    }
}
