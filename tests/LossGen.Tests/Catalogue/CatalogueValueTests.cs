using System.Numerics.Tensors;
using LossGen.Tests.Oracle;

namespace LossGen.Tests.Catalogue;

/// <summary>
/// Catalogue values against independent computations: small examples worked by hand, and every synthetic
/// configuration against the plain loops of <see cref="CatalogueReference"/> (loss, the loss returned by
/// WithGradient, and the per-sample losses), in double and in float.
/// </summary>
public class CatalogueValueTests
{
    public static TheoryData<string> Names => new(CatalogueCases.All.Select(c => c.Name));

    [Fact]
    public void Every_catalogue_method_has_a_reference_loop()
    {
        Assert.Empty(CatalogueAdapters.DoubleForward.Keys.Except(CatalogueReference.Loss.Keys));
        Assert.Equal(CatalogueAdapters.DoubleForward.Count, CatalogueAdapters.SingleForward.Count);
        Assert.Equal(CatalogueAdapters.DoublePerSample.Keys.Order(), CatalogueAdapters.SinglePerSample.Keys.Order());
        // Only the losses normalized by a batch-dependent count or weight sum lack a per-sample form.
        Assert.Equal(["CrossEntropyWeighted", "MaskedCrossEntropy", "NllWeighted"],
            CatalogueAdapters.DoubleForward.Keys.Except(CatalogueAdapters.DoublePerSample.Keys).Order());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Double_matches_the_reference_loop(string name) => Check<double>(name, CatalogueAdapters.DoubleForward, CatalogueAdapters.DoubleWithGradient, CatalogueAdapters.DoublePerSample, 1e-12);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float_matches_the_reference_loop(string name) => Check<float>(name, CatalogueAdapters.SingleForward, CatalogueAdapters.SingleWithGradient, CatalogueAdapters.SinglePerSample, 1e-5);

    private static void Check<T>(string name,
        Dictionary<string, Func<OracleCase, CaseData<T>, T>> forward,
        Dictionary<string, Func<OracleCase, CaseData<T>, T>> withGradient,
        Dictionary<string, Action<OracleCase, CaseData<T>>> perSample,
        double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        SyntheticCase sc = CatalogueCases.Get(name);
        for (int seed = 1; seed <= 3; seed++)
        {
            OracleCase c = sc.Make(seed);
            CatalogueReference.Result expected = CatalogueReference.Loss[sc.Key](c);
            Assert.True(double.IsFinite(expected.Loss) && expected.Loss != 0, $"{name}: degenerate reference loss {expected.Loss}");
            TorchParityTests.AssertClose(expected.Loss, double.CreateChecked(forward[sc.Key](c, new CaseData<T>(c))), tolerance, $"{name} (seed {seed}): loss");
            TorchParityTests.AssertClose(expected.Loss, double.CreateChecked(withGradient[sc.Key](c, new CaseData<T>(c))), tolerance, $"{name} (seed {seed}): loss from WithGradient");
            if (perSample.TryGetValue(sc.Key, out Action<OracleCase, CaseData<T>>? write))
            {
                var data = new CaseData<T>(c);
                write(c, data);
                Assert.NotNull(expected.PerSample);
                TorchParityTests.AssertClose(expected.PerSample!, data.Losses!.Select(double.CreateChecked).ToArray(), tolerance, $"{name} (seed {seed}): per-sample");
            }
        }
    }

    // ---- worked by hand (the arithmetic is in the comments; transcendental values computed with Python's math)

    private static ReadOnlyTensorSpan<double> M(int rows, int cols, params double[] data) => new(data, [rows, cols]);

    private static ReadOnlyTensorSpan<float> MF(int rows, int cols, params double[] data) => new(data.Select(v => (float)v).ToArray(), [rows, cols]);

    private static double[] D(params double[] data) => data;

    private static float[] F(params double[] data) => data.Select(v => (float)v).ToArray();

    private static void Both(double expected, double d, float f)
    {
        TorchParityTests.AssertClose(expected, d, 1e-14, "double");
        TorchParityTests.AssertClose(expected, f, 1e-6, "float");
    }

    [Fact]
    public void LogCosh_by_hand()
    {
        // d = [0.5, 0, 3]: (log cosh 0.5 + log cosh 0 + log cosh 3) / 3 = (0.1200350... + 0 + 2.3093830...) / 3
        Both(0.8098143371786876,
            RegressionLosses.LogCosh(D(0, 1, -2), D(0.5, 1, 1)),
            RegressionLosses.LogCosh(F(0, 1, -2), F(0.5, 1, 1)));
        // Far from 0 the stable form stays finite: log cosh 1000 = 1000 − log 2.
        Assert.Equal(1000 - Math.Log(2), RegressionLosses.LogCosh(D(0), D(1000)), 12);
        var g = new double[1];
        RegressionLosses.LogCoshWithGradient(D(0), D(-1000), g);
        Assert.Equal(-1, g[0]);   // tanh(−1000)
    }

    [Fact]
    public void Quantile_by_hand()
    {
        // q = 0.2, d = y − ŷ = [1, −1]: [0.2·1, (0.2 − 1)·(−1)] = [0.2, 0.8], mean 0.5.
        Both(0.5, RegressionLosses.Quantile(D(1, 2), D(0, 3), 0.2), RegressionLosses.Quantile(F(1, 2), F(0, 3), 0.2f));
        // At ŷ = y the gradient is the under-prediction side's: −q / N.
        var g = new double[2];
        RegressionLosses.QuantileWithGradient(D(1, 2), D(1, 3), g, 0.2);
        Assert.Equal(-0.2 / 2, g[0], 15);
    }

    [Fact]
    public void SquaredHinge_by_hand()
    {
        // 1 − y·s = [0.5, 1.5, −1] → [0.25, 2.25, 0], mean 2.5 / 3.
        Both(2.5 / 3, BinaryLosses.SquaredHinge(D(1, -1, 1), D(0.5, 0.5, 2)), BinaryLosses.SquaredHinge(F(1, -1, 1), F(0.5, 0.5, 2)));
    }

    private static readonly double[] Z3 = [1.0, 2.0, 0.5, 0.0, -1.0, 1.5, 2.0, 0.0, -2.0];
    private static readonly double[] W3 = [0.5, 2.0, 1.0];
    private static readonly int[] T3 = [1, 2, 0];

    [Fact]
    public void Weighted_cross_entropy_with_ignore_index_and_label_smoothing_by_hand()
    {
        // Row 1 (label 2) is ignored. lsm = log_softmax of each kept row; PyTorch:
        // 0.7 · (−w1·lsm[0,1] − w0·lsm[2,0]) / (w1 + w0) + 0.3/3 · Σ_kept(−Σ_c w_c lsm[i,c]) / (w1 + w0)
        Both(0.7650790048555334,
            MultiClassLosses.CrossEntropy(M(3, 3, Z3), W3, T3, ignoreIndex: 2, labelSmoothing: 0.3),
            MultiClassLosses.CrossEntropy(MF(3, 3, Z3), F(W3), T3, ignoreIndex: 2, labelSmoothing: 0.3f));
    }

    [Fact]
    public void Masked_cross_entropy_by_hand()
    {
        // As above with unit weights: the mean over the two kept rows.
        Both(0.7286502063039224,
            MultiClassLosses.MaskedCrossEntropy(M(3, 3, Z3), T3, 2, 0.3),
            MultiClassLosses.MaskedCrossEntropy(MF(3, 3, Z3), T3, 2, 0.3f));
    }

    private static readonly double[] Y3 = [0.2, 0.8, 0.0, 0.5, 0.25, 0.25, 0.0, 0.0, 1.0];

    [Fact]
    public void Soft_cross_entropy_by_hand()
    {
        // y′ = 0.8·y + 0.2/3; −mean_i Σ_c y′ lsm
        Both(2.0556672152494375,
            MultiClassLosses.SoftCrossEntropy(M(3, 3, Y3), M(3, 3, Z3), 0.2),
            MultiClassLosses.SoftCrossEntropy(MF(3, 3, Y3), MF(3, 3, Z3), 0.2f));
        // With class weights: −mean_i Σ_c w_c y′ lsm (divided by the row count, not by the weights).
        Both(2.2642790361986425,
            MultiClassLosses.SoftCrossEntropy(M(3, 3, Y3), M(3, 3, Z3), W3, 0.2),
            MultiClassLosses.SoftCrossEntropy(MF(3, 3, Y3), MF(3, 3, Z3), F(W3), 0.2f));
    }

    [Fact]
    public void Weighted_nll_by_hand()
    {
        // −(2·(−1) + 1·(−4) + 2·(−5)) / (2 + 1 + 2) = 16 / 5
        double[] logp = [-1, -2, -3, -4, -5, -6];
        Both(3.2, MultiClassLosses.Nll(M(3, 2, logp), D(2, 1), [0, 1, 0]), MultiClassLosses.Nll(MF(3, 2, logp), F(2, 1), [0, 1, 0]));
        // Ignoring class 1 drops row 1: (2 + 10) / 4
        Both(3, MultiClassLosses.Nll(M(3, 2, logp), D(2, 1), [0, 1, 0], 1), MultiClassLosses.Nll(MF(3, 2, logp), F(2, 1), [0, 1, 0], 1));
    }

    [Fact]
    public void Multi_margin_squared_by_hand()
    {
        // z = [1, 2, 0], t = 0, margin 1, p = 2: c = 1: max(0, 1 − 1 + 2)² = 4; c = 2: max(0, 1 − 1 + 0)² = 0; 4 / 3.
        Both(4.0 / 3, MultiClassLosses.MultiMargin(M(1, 3, 1, 2, 0), [0], 1, 2), MultiClassLosses.MultiMargin(MF(1, 3, 1, 2, 0), [0], 1, 2));
    }

    [Fact]
    public void Focal_and_poly1_by_hand()
    {
        // z = [0, 0], t = 0: pₜ = 0.5. Focal: −0.25 · 0.5² · log 0.5; Poly-1: log 2 + 1 · (1 − 0.5).
        Both(0.04332169878499658, MultiClassLosses.Focal(M(1, 2, 0, 0), [0]), MultiClassLosses.Focal(MF(1, 2, 0, 0), [0]));
        Both(1.1931471805599454, MultiClassLosses.Poly1CrossEntropy(M(1, 2, 0, 0), [0]), MultiClassLosses.Poly1CrossEntropy(MF(1, 2, 0, 0), [0]));
    }

    [Fact]
    public void Categorical_hinge_by_hand()
    {
        // pos = 0.2, neg = max(0.5, 0·0.2, −1) = 0.5: max(0, 0.5 − 0.2 + 1) = 1.3.
        // All other scores negative: Keras's neg is 0 (the true class's (1 − y)·s), so max(0, 0 − 2 + 1) = 0.
        Both(1.3, MultiClassLosses.CategoricalHinge(M(1, 3, 0, 1, 0), M(1, 3, 0.5, 0.2, -1)), MultiClassLosses.CategoricalHinge(MF(1, 3, 0, 1, 0), MF(1, 3, 0.5, 0.2, -1)));
        Assert.Equal(0, MultiClassLosses.CategoricalHinge(M(1, 3, 0, 1, 0), M(1, 3, -3, 2, -1)));
        Assert.Equal(0.5, MultiClassLosses.CategoricalHinge(M(1, 3, 0, 1, 0), M(1, 3, -3, 0.5, -1)));
    }

    [Fact]
    public void Weighted_multilabel_soft_margin_by_hand()
    {
        // mean_i mean_c −w_c (y log σ(z) + (1 − y) log(1 − σ(z))), w = [3, 0.5]
        double[] y = [1, 0, 0, 1], z = [0.5, -1.0, 2.0, 0.0];
        Both(2.0765548549270796, MultiLabelLosses.MultiLabelSoftMargin(M(2, 2, y), M(2, 2, z), D(3, 0.5)), MultiLabelLosses.MultiLabelSoftMargin(MF(2, 2, y), MF(2, 2, z), F(3, 0.5)));
    }

    [Fact]
    public void Dice_and_tversky_by_hand()
    {
        double[] y = [1, 0, 1], p = [0.5, 0.5, 1];
        // Σyp = 1.5, Σy = 2, Σp = 2: 1 − (3 + 1) / (2 + 2 + 1) = 0.2
        Both(0.2, MultiLabelLosses.Dice(M(1, 3, y), M(1, 3, p)), MultiLabelLosses.Dice(MF(1, 3, y), MF(1, 3, p)));
        // TP = 1.5, FP = Σ(1 − y)p = 0.5, FN = Σy(1 − p) = 0.5: 1 − 2.5 / (1.5 + 0.3·0.5 + 0.7·0.5 + 1) = 1 − 2.5 / 3
        Both(1 - 2.5 / 3, MultiLabelLosses.Tversky(M(1, 3, y), M(1, 3, p), 0.3, 0.7), MultiLabelLosses.Tversky(MF(1, 3, y), MF(1, 3, p), 0.3f, 0.7f));
        // α = β = 0.5 is Dice with the smoothing doubled: (TP + s) / (½(Σy + Σp) + s) = (2TP + 2s) / (Σy + Σp + 2s).
        Assert.Equal(MultiLabelLosses.Dice(M(1, 3, y), M(1, 3, p), 2), MultiLabelLosses.Tversky(M(1, 3, y), M(1, 3, p), 0.5, 0.5, 1), 15);
        Assert.Equal(MultiLabelLosses.Dice(M(1, 3, y), M(1, 3, p), 0), MultiLabelLosses.Tversky(M(1, 3, y), M(1, 3, p), 0.5, 0.5, 0), 15);
    }

    [Fact]
    public void Triplet_swap_by_hand()
    {
        // a = (0, 0), p = (1, 0), n = (1.2, 0.9), eps = 0: d(a, p) = 1, d(a, n) = 1.5, d(p, n) = √0.85 = 0.92195...
        // no swap: max(0, 1 − 1.5 + 1) = 0.5; swap: max(0, 1 − 0.92195 + 1) = 1.07805...
        Both(0.5,
            RankingLosses.TripletMargin(M(1, 2, 0, 0), M(1, 2, 1, 0), M(1, 2, 1.2, 0.9), 1, 0, 0),
            RankingLosses.TripletMargin(MF(1, 2, 0, 0), MF(1, 2, 1, 0), MF(1, 2, 1.2, 0.9), 1, 0, 0));
        TorchParityTests.AssertClose(1.0780455542707112, RankingLosses.TripletMargin(M(1, 2, 0, 0), M(1, 2, 1, 0), M(1, 2, 1.2, 0.9), 1, 0, 1), 1e-15, "swap");
        TorchParityTests.AssertClose(1.0780455542707112, RankingLosses.TripletMargin(MF(1, 2, 0, 0), MF(1, 2, 1, 0), MF(1, 2, 1.2, 0.9), 1, 0, 1), 1e-6, "swap (float)");
    }

    [Fact]
    public void Contrastive_by_hand()
    {
        // Row 0 similar, d = 5: 25. Row 1 dissimilar, d = 0.5: (1 − 0.5)² = 0.25. Mean 12.625.
        double[] x1 = [0, 0, 0, 0], x2 = [3, 4, 0.3, 0.4];
        Both(12.625, RankingLosses.Contrastive(M(2, 2, x1), M(2, 2, x2), D(1, 0)), RankingLosses.Contrastive(MF(2, 2, x1), MF(2, 2, x2), F(1, 0)));
    }
}
