using System.Numerics.Tensors;

namespace LossGen.LightGbm.Tests;

/// <summary>
/// LightGBM's hand-written derivatives (<see cref="LightGbmReference"/>) are the derivatives of the LossGen formulas in
/// <see cref="BoostingLosses"/>: per-sample losses equal the generated <c>NamePerSample</c>, gradients equal the
/// generated <c>NameWithGradient</c> times the batch size (each formula is a mean), and Hessians equal central finite
/// differences of the generated gradient; and the generated <c>NamePerSampleDerivatives</c> (the objectives the other
/// tests train with) equal LightGBM's formulas.
/// </summary>
public sealed class ReferenceTests
{
    private delegate double Forward(ReadOnlySpan<double> y, ReadOnlySpan<double> s);
    private delegate void PerSample(ReadOnlySpan<double> y, ReadOnlySpan<double> s, Span<double> losses);
    private delegate double WithGradient(ReadOnlySpan<double> y, ReadOnlySpan<double> s, Span<double> ds);

    public static TheoryData<string> Names => ["L2", "LogLoss", "Poisson", "Gamma", "Tweedie"];

    private static (PerSample, WithGradient, PerSampleDerivatives<double>) Pick(string name) => name switch
    {
        "L2" => (BoostingLosses.L2PerSample, BoostingLosses.L2WithGradient, LightGbmReference.L2),
        "LogLoss" => (BoostingLosses.LogLossPerSample, BoostingLosses.LogLossWithGradient, LightGbmReference.LogLoss),
        "Poisson" => (BoostingLosses.PoissonPerSample, BoostingLosses.PoissonWithGradient, LightGbmReference.Poisson),
        "Gamma" => (BoostingLosses.GammaPerSample, BoostingLosses.GammaWithGradient, LightGbmReference.Gamma),
        "Tweedie" => ((y, s, l) => BoostingLosses.TweediePerSample(y, s, 1.5, l), (y, s, d) => BoostingLosses.TweedieWithGradient(y, s, d), LightGbmReference.Tweedie),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void ReferenceDerivativesAreTheGeneratedLossesDerivatives(string name)
    {
        var (perSample, withGradient, reference) = Pick(name);
        const int n = 64;
        var random = new Random(3);
        double[] y = Enumerable.Range(0, n).Select(_ => name == "LogLoss" ? random.NextDouble() : 3 * random.NextDouble()).ToArray();
        double[] s = Enumerable.Range(0, n).Select(_ => 4 * random.NextDouble() - 2).ToArray();

        double[] losses = new double[n], g = new double[n], h = new double[n];
        reference(y, s, losses, g, h);

        double[] generatedLosses = new double[n];
        perSample(y, s, generatedLosses);
        double[] generatedGradient = new double[n];
        withGradient(y, s, generatedGradient);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(generatedLosses[i], losses[i], 1e-12);
            Assert.Equal(generatedGradient[i] * n, g[i], 1e-12);
        }

        // Hessian: central differences of the generated per-sample gradient.
        const double step = 1e-5;
        double[] plus = (double[])s.Clone(), minus = (double[])s.Clone(), gPlus = new double[n], gMinus = new double[n];
        for (int i = 0; i < n; i++) { plus[i] += step; minus[i] -= step; }
        withGradient(y, plus, gPlus);
        withGradient(y, minus, gMinus);
        for (int i = 0; i < n; i++)
        {
            double finiteDifference = (gPlus[i] - gMinus[i]) * n / (2 * step);
            Assert.True(Math.Abs(finiteDifference - h[i]) <= 1e-6 * Math.Max(1, Math.Abs(h[i])), $"{name} h[{i}]: reference {h[i]}, finite difference {finiteDifference}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedPerSampleDerivativesEqualLightGbmsFormulas(string name)
    {
        PerSampleDerivatives<double> generated = name switch
        {
            "L2" => Objectives.L2,
            "LogLoss" => Objectives.LogLoss,
            "Poisson" => Objectives.Poisson,
            "Gamma" => Objectives.Gamma,
            "Tweedie" => Objectives.Tweedie,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var (_, _, reference) = Pick(name);
        const int n = 257;
        var random = new Random(9);
        double[] y = Enumerable.Range(0, n).Select(_ => name == "LogLoss" ? random.NextDouble() : 3 * random.NextDouble()).ToArray();
        double[] s = Enumerable.Range(0, n).Select(_ => 6 * random.NextDouble() - 3).ToArray();
        double[] l1 = new double[n], g1 = new double[n], h1 = new double[n], l2 = new double[n], g2 = new double[n], h2 = new double[n];
        reference(y, s, l1, g1, h1);
        generated(y, s, l2, g2, h2);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(l1[i], l2[i], 1e-12 * Math.Max(1, Math.Abs(l1[i])));
            Assert.Equal(g1[i], g2[i], 1e-12 * Math.Max(1, Math.Abs(g1[i])));
            Assert.Equal(h1[i], h2[i], 1e-12 * Math.Max(1, Math.Abs(h1[i])));
        }
    }

    [Fact]
    public void GeneratedOneVsAllDerivativesEqualLightGbmsFormulas()
    {
        const int n = 33, classes = 4;
        var random = new Random(4);
        double[] z = Enumerable.Range(0, n * classes).Select(_ => 6 * random.NextDouble() - 3).ToArray();
        int[] t = Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
        double[] l1 = new double[n], g1 = new double[n * classes], h1 = new double[n * classes];
        double[] l2 = new double[n], g2 = new double[n * classes], h2 = new double[n * classes];
        LightGbmReference.OneVsAll(new ReadOnlyTensorSpan<double>(z, [n, classes]), t, l1, new TensorSpan<double>(g1, [n, classes]), new TensorSpan<double>(h1, [n, classes]));
        Objectives.OneVsAll(new ReadOnlyTensorSpan<double>(z, [n, classes]), t, l2, new TensorSpan<double>(g2, [n, classes]), new TensorSpan<double>(h2, [n, classes]));
        for (int i = 0; i < n; i++) Assert.Equal(l1[i], l2[i], 1e-12);
        for (int k = 0; k < n * classes; k++)
        {
            Assert.Equal(g1[k], g2[k], 1e-12);
            Assert.Equal(h1[k], h2[k], 1e-12);
        }
    }

    [Fact]
    public void OneVsAllReferenceIsTheGeneratedLossDerivative()
    {
        const int n = 16, classes = 3;
        var random = new Random(5);
        double[] z = Enumerable.Range(0, n * classes).Select(_ => 4 * random.NextDouble() - 2).ToArray();
        int[] t = Enumerable.Range(0, n).Select(i => i % classes).ToArray();
        double[] losses = new double[n], g = new double[n * classes], h = new double[n * classes];
        LightGbmReference.OneVsAll(new ReadOnlyTensorSpan<double>(z, [n, classes]), t, losses, new TensorSpan<double>(g, [n, classes]), new TensorSpan<double>(h, [n, classes]));

        double[] generatedLosses = new double[n];
        BoostingLosses.OneVsAllPerSample(new ReadOnlyTensorSpan<double>(z, [n, classes]), t, generatedLosses);
        double[] generatedGradient = new double[n * classes];
        BoostingLosses.OneVsAllWithGradient(new ReadOnlyTensorSpan<double>(z, [n, classes]), t, new TensorSpan<double>(generatedGradient, [n, classes]));
        for (int i = 0; i < n; i++) Assert.Equal(generatedLosses[i], losses[i], 1e-12);
        for (int k = 0; k < n * classes; k++) Assert.Equal(generatedGradient[k] * n, g[k], 1e-12);
    }
}
