namespace LossGen.Tests.Composition;

/// <summary>
/// Formulas that call [Loss] methods of other types (<see cref="ComposedLosses"/>) equal the callees called directly:
/// loss, gradients and per-sample losses, in double and float; the two-level chain also against central differences.
/// </summary>
public class CompositionTests
{
    private static double[] Data(int n, int seed, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * scale).ToArray();
    }

    private static float[] ToFloat(double[] x) => x.Select(v => (float)v).ToArray();

    private static double[] Labels(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (double)random.Next(2)).ToArray();
    }

    private static void AssertClose(double expected, double actual, double relative, string what)
        => Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], relative, $"{what}[{i}]");
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], relative, $"{what}[{i}]");
    }

    // 37 elements: vector body, remainder and (at 1,000) the threaded path; |d| spans both sides of delta = 0.5.
    [Theory]
    [InlineData(37)]
    [InlineData(1000)]
    public void Huber_by_qualified_name_with_a_named_delta_equals_the_catalogue_Huber(int n)
    {
        double[] y = Data(n, 1, 2), yhat = Data(n, 2, 2);
        AssertClose(RegressionLosses.Huber(y, yhat, 0.5), ComposedLosses.Huber05(y, yhat), 1e-14, "loss");

        var expected = new double[n];
        var actual = new double[n];
        double expectedLoss = RegressionLosses.HuberWithGradient(y, yhat, expected, 0.5);
        double actualLoss = ComposedLosses.Huber05WithGradient(y, yhat, actual);
        AssertClose(expectedLoss, actualLoss, 1e-14, "loss with gradient");
        AssertClose(expected, actual, 1e-14, "dyhat");
        Assert.Contains(expected, g => Math.Abs(g) > 0);

        RegressionLosses.HuberPerSample(y, yhat, 0.5, expected);
        ComposedLosses.Huber05PerSample(y, yhat, actual);
        AssertClose(expected, actual, 1e-14, "per sample");
    }

    [Theory]
    [InlineData(37)]
    [InlineData(1000)]
    public void Huber_by_qualified_name_in_float_equals_the_catalogue_Huber(int n)
    {
        float[] y = ToFloat(Data(n, 3, 2)), yhat = ToFloat(Data(n, 4, 2));
        AssertClose(RegressionLosses.Huber(y, yhat, 0.5f), ComposedLossesF.Huber05(y, yhat), 1e-6, "loss");

        var expected = new float[n];
        var actual = new float[n];
        AssertClose(RegressionLosses.HuberWithGradient(y, yhat, expected, 0.5f), ComposedLossesF.Huber05WithGradient(y, yhat, actual), 1e-6, "loss with gradient");
        AssertClose(expected, actual, 1e-6, "dyhat");

        RegressionLosses.HuberPerSample(y, yhat, 0.5f, expected);
        ComposedLossesF.Huber05PerSample(y, yhat, actual);
        AssertClose(expected, actual, 1e-6, "per sample");
    }

    [Theory]
    [InlineData(0.7, 0.3)]
    [InlineData(2.5, -1.25)]
    public void Weighted_sum_of_two_catalogue_losses_equals_the_sum_of_the_calls(double wReg, double wCls)
    {
        const int n = 53;
        double[] y = Data(n, 5, 3), yhat = Data(n, 6, 3), t = Labels(n, 7), z = Data(n, 8, 8);
        double huber = RegressionLosses.Huber(y, yhat, 0.5), bce = BinaryLosses.BinaryCrossEntropyWithLogits(t, z);
        AssertClose(wReg * huber + wCls * bce, ComposedLosses.MultiTask(y, yhat, t, z, wReg, wCls), 1e-14, "loss");

        double[] dHuber = new double[n], dBce = new double[n], dyhat = new double[n], dz = new double[n];
        RegressionLosses.HuberWithGradient(y, yhat, dHuber, 0.5);
        BinaryLosses.BinaryCrossEntropyWithLogitsWithGradient(t, z, dBce);
        double loss = ComposedLosses.MultiTaskWithGradient(y, yhat, t, z, dyhat, dz, wReg, wCls);
        AssertClose(wReg * huber + wCls * bce, loss, 1e-14, "loss with gradient");
        AssertClose(dHuber.Select(g => wReg * g).ToArray(), dyhat, 1e-14, "dyhat");
        AssertClose(dBce.Select(g => wCls * g).ToArray(), dz, 1e-14, "dz");
    }

    [Fact]
    public void Weighted_sum_of_two_catalogue_losses_in_float_equals_the_sum_of_the_calls()
    {
        const int n = 53;
        float[] y = ToFloat(Data(n, 9, 3)), yhat = ToFloat(Data(n, 10, 3)), t = ToFloat(Labels(n, 11)), z = ToFloat(Data(n, 12, 8));
        float huber = RegressionLosses.Huber(y, yhat, 0.5f), bce = BinaryLosses.BinaryCrossEntropyWithLogits(t, z);
        AssertClose(0.7f * huber + 0.3f * bce, ComposedLossesF.MultiTask(y, yhat, t, z), 1e-6, "loss");

        float[] dHuber = new float[n], dBce = new float[n], dyhat = new float[n], dz = new float[n];
        RegressionLosses.HuberWithGradient(y, yhat, dHuber, 0.5f);
        BinaryLosses.BinaryCrossEntropyWithLogitsWithGradient(t, z, dBce);
        ComposedLossesF.MultiTaskWithGradient(y, yhat, t, z, dyhat, dz);
        AssertClose(dHuber.Select(g => 0.7f * g).ToArray(), dyhat, 1e-6, "dyhat");
        AssertClose(dBce.Select(g => 0.3f * g).ToArray(), dz, 1e-6, "dz");
    }

    [Fact]
    public void Two_level_chain_across_two_user_types_equals_its_parts_and_central_differences()
    {
        const int n = 41;
        double[] y = Data(n, 13, 2), yhat = Data(n, 14, 2);
        double expected = 2 * (3 * RegressionLosses.Mse(y, yhat) + ChainInner.LogCosh(y, yhat));
        AssertClose(expected, ComposedLosses.Outer(y, yhat), 1e-14, "loss");
        AssertClose(2 * ChainInner.Scaled(y, yhat, 3), ComposedLosses.Outer(y, yhat), 1e-14, "loss against the middle callee");

        var dyhat = new double[n];
        AssertClose(expected, ComposedLosses.OuterWithGradient(y, yhat, dyhat), 1e-14, "loss with gradient");
        for (int k = 0; k < n; k++)
        {
            double saved = yhat[k], h = 1e-6;
            yhat[k] = saved + h;
            double up = ComposedLosses.Outer(y, yhat);
            yhat[k] = saved - h;
            double down = ComposedLosses.Outer(y, yhat);
            yhat[k] = saved;
            AssertClose((up - down) / (2 * h), dyhat[k], 1e-6, $"dyhat[{k}] vs central differences");
        }
    }
}
