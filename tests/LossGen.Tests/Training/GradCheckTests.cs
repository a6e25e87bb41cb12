using System.Numerics.Tensors;
using LossGen.Training;

namespace LossGen.Tests.Training;

public static partial class TrainingLosses
{
    [Loss("mean((yhat - y)^2)")]
    public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    [Loss("mean((yhat - y)^2)")]
    public static partial float MseF([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    [Loss("mean(w[t] * (logsumexp(z, dim: 1) - pick(z, t)))")]
    public static partial double WeightedCe([Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, [Target] ReadOnlySpan<double> w);

    [Loss("mean(w[t] * (logsumexp(z, dim: 1) - pick(z, t)))")]
    public static partial float WeightedCeF([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, [Target] ReadOnlySpan<float> w);

    [Loss("mean(max(0, norm(a - p, dim: 1) - norm(a - n, dim: 1) + margin))")]
    public static partial double Triplet(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> p, ReadOnlyTensorSpan<double> n, double margin = 1);

    [Loss("mean(softplus(z) - y * z) + lambda * mean(z^2)")]
    public static partial double RegularizedBce([Target] ReadOnlySpan<double> y, [Logits] ReadOnlySpan<double> z, double lambda = 0.1);
}

public class GradCheckTests
{
    private static double[] Random(int n, int seed, double scale = 1)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (r.NextDouble() * 2 - 1) * scale).ToArray();
    }

    [Fact]
    public void Generated_gradient_passes_in_double()
    {
        double[] y = Random(17, 1, 3), yhat = Random(17, 2, 3);
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.Mse(y, yhat),
            g => TrainingLosses.MseWithGradient(y, yhat, g["yhat"]),
            GradCheck.Input("yhat", yhat));

        Assert.True(report.Passed, report.ToString());
        report.ThrowIfFailed();
        GradCheckResult r = Assert.Single(report.Inputs);
        Assert.Equal("yhat", r.Name);
        Assert.Equal(17, r.Elements);
        Assert.Equal(17, r.Checked);
        Assert.Equal(0, r.Failures);
        Assert.InRange(r.MaxAbsoluteError, 0, 1e-8);
        Assert.InRange(r.MaxRelativeError, 0, 1e-6);
        Assert.True(report.LossesAgree);
        Assert.Equal(report.ForwardLoss, report.GradientLoss);
        Assert.Same(r, report["yhat"]);
    }

    [Fact]
    public void Generated_gradient_passes_in_float()
    {
        float[] y = Random(33, 3, 2).Select(v => (float)v).ToArray();
        float[] yhat = Random(33, 4, 2).Select(v => (float)v).ToArray();
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.MseF(y, yhat),
            g => TrainingLosses.MseFWithGradient(y, yhat, g["yhat"]),
            GradCheck.Input("yhat", yhat));

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(1e-3, report.AbsoluteTolerance);
        Assert.Equal(1e-2, report.RelativeTolerance);
        Assert.Equal(Math.Cbrt(MathF.BitIncrement(1f) - 1f), report.Step, 12);
    }

    [Fact]
    public void Relative_error_is_floored_where_the_tolerance_is_absolute()
    {
        // Float MSE at a point where one gradient entry is about 5e-7 (yhat within 1e-6 of y): the central difference
        // there is mostly rounding noise of the loss, which used to print as a relative error near 1 on a passing check.
        float[] y = [0.3f, -1.7f, 2.5f, 0.9f], yhat = [0.300001f, -1.2f, 2.0f, 1.4f];
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.MseF(y, yhat),
            g => TrainingLosses.MseFWithGradient(y, yhat, g["yhat"]),
            GradCheck.Input("yhat", yhat));
        GradCheckResult r = Assert.Single(report.Inputs);
        Assert.True(report.Passed, report.ToString());
        Assert.InRange(r.MaxRelativeError, 0, 2 * report.RelativeTolerance);

        // A wrong entry still reports its true relative error: 10 % off on an entry of magnitude 0.25.
        GradCheckReport wrong = GradCheck.Run(
            () => TrainingLosses.MseF(y, yhat),
            g =>
            {
                float loss = TrainingLosses.MseFWithGradient(y, yhat, g["yhat"]);
                g["yhat"][1] *= 1.1f;
                return loss;
            },
            GradCheck.Input("yhat", yhat));
        GradCheckResult w = Assert.Single(wrong.Inputs);
        Assert.False(wrong.Passed);
        Assert.Equal(1, w.WorstIndex);
        Assert.InRange(w.MaxRelativeError, 0.08, 0.1);
    }

    [Fact]
    public void Wrong_gradient_is_detected()
    {
        // The classic bug: d/dyhat mean((yhat - y)^2) written without the factor 2.
        double[] y = Random(8, 5), yhat = Random(8, 6);
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.Mse(y, yhat),
            g =>
            {
                Span<double> d = g["yhat"];
                for (int i = 0; i < y.Length; i++) d[i] = (yhat[i] - y[i]) / y.Length;
                return TrainingLosses.Mse(y, yhat);
            },
            GradCheck.Input("yhat", yhat));

        Assert.False(report.Passed);
        Assert.True(report.LossesAgree);
        GradCheckResult r = report["yhat"];
        Assert.False(r.Passed);
        Assert.Equal(8, r.Failures);
        Assert.InRange(r.MaxRelativeError, 0.49, 0.51);    // analytic is half the numeric value everywhere
        Assert.Equal(0.5 * r.WorstNumeric, r.WorstAnalytic, 1e-8);
        var e = Assert.Throws<GradCheckException>(report.ThrowIfFailed);
        Assert.Same(report, e.Report);
        Assert.Contains("GradCheck FAILED", e.Message, StringComparison.Ordinal);
        Assert.Contains("FAILED (8 elements)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_slightly_wrong_element_is_located()
    {
        double[] y = Random(10, 7), yhat = Random(10, 8);
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.Mse(y, yhat),
            g =>
            {
                double loss = TrainingLosses.MseWithGradient(y, yhat, g["yhat"]);
                g["yhat"][6] *= 1.01;   // 1% off, ten times the relative tolerance
                return loss;
            },
            GradCheck.Input("yhat", yhat));

        GradCheckResult r = report["yhat"];
        Assert.False(report.Passed);
        Assert.Equal(1, r.Failures);
        Assert.Equal(6, r.WorstIndex);
        Assert.Equal("[6]", r.WorstPosition);
    }

    [Fact]
    public void Sign_error_in_a_rank_2_gradient_is_detected_and_located_by_row_and_column()
    {
        double[] z = Random(12, 9, 2);
        int[] t = [0, 2, 1, 2];
        double[] w = [1, 2, 0.5];
        GradCheckInput<double> zi = GradCheck.Input("z", z, 4, 3);

        GradCheckReport good = GradCheck.Run(
            () => TrainingLosses.WeightedCe(zi.Tensor, t, w),
            g => TrainingLosses.WeightedCeWithGradient(zi.Tensor, t, w, g.Tensor("z")),
            zi);
        Assert.True(good.Passed, good.ToString());

        GradCheckReport bad = GradCheck.Run(
            () => TrainingLosses.WeightedCe(zi.Tensor, t, w),
            g =>
            {
                double loss = TrainingLosses.WeightedCeWithGradient(zi.Tensor, t, w, g.Tensor("z"));
                g["z"][1 * 3 + 2] = -g["z"][1 * 3 + 2];
                return loss;
            },
            zi);
        Assert.False(bad.Passed);
        Assert.Equal(1, bad["z"].Failures);
        Assert.Equal(5, bad["z"].WorstIndex);
        Assert.Equal("[1, 2]", bad["z"].WorstPosition);
    }

    [Fact]
    public void Several_rank_2_inputs_are_checked_each_with_its_own_report()
    {
        // Inputs chosen away from the hinge (every row is active) and from norm's kink at 0.
        double[] a = Random(10, 11), p = Random(10, 12), n = Random(10, 13);
        GradCheckInput<double> ai = GradCheck.Input("a", a, 5, 2), pi = GradCheck.Input("p", p, 5, 2), ni = GradCheck.Input("n", n, 5, 2);
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.Triplet(ai.Tensor, pi.Tensor, ni.Tensor, margin: 10),
            g => TrainingLosses.TripletWithGradient(ai.Tensor, pi.Tensor, ni.Tensor, g.Tensor("a"), g.Tensor("p"), g.Tensor("n"), margin: 10),
            ai, pi, ni);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["a", "p", "n"], report.Inputs.Select(r => r.Name));
        Assert.All(report.Inputs, r => Assert.Equal((2, 5, 2, 10), (r.Rank, r.Rows, r.Columns, r.Elements)));
    }

    [Fact]
    public void An_element_the_method_does_not_write_fails()
    {
        double[] y = Random(5, 14), z = Random(5, 15);
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.RegularizedBce(y, z),
            g =>
            {
                // Computes the right values into a scratch buffer but copies only four of five.
                var d = new double[5];
                double loss = TrainingLosses.RegularizedBceWithGradient(y, z, d);
                d.AsSpan(0, 4).CopyTo(g["z"]);
                return loss;
            },
            GradCheck.Input("z", z));

        GradCheckResult r = report["z"];
        Assert.False(r.Passed);
        Assert.Equal(1, r.Failures);
        Assert.Equal(4, r.WorstIndex);
        Assert.True(double.IsNaN(r.WorstAnalytic));
        Assert.Equal(double.PositiveInfinity, r.MaxAbsoluteError);
    }

    [Fact]
    public void A_forward_pass_that_disagrees_with_the_gradient_method_fails()
    {
        double[] y = Random(6, 16), z = Random(6, 17);
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.RegularizedBce(y, z, lambda: 0.2),   // a different lambda than the gradient's
            g => TrainingLosses.RegularizedBceWithGradient(y, z, g["z"], lambda: 0.1),
            GradCheck.Input("z", z));
        Assert.False(report.LossesAgree);
        Assert.False(report.Passed);
        Assert.Contains("MISMATCH", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_are_restored_exactly()
    {
        double[] y = Random(9, 18), yhat = Random(9, 19, 1e6);
        double[] before = (double[])yhat.Clone();
        GradCheck.Run(() => TrainingLosses.Mse(y, yhat), g => TrainingLosses.MseWithGradient(y, yhat, g["yhat"]), GradCheck.Input("yhat", yhat));
        Assert.Equal(before, yhat);
    }

    [Fact]
    public void Step_scales_with_the_magnitude_of_each_element()
    {
        // |yhat| ~ 1e6: a fixed step of 6e-6 would drown in rounding; the relative step keeps the check sharp.
        double[] y = Random(9, 20, 1e6), yhat = Random(9, 21, 1e6);
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.Mse(y, yhat),
            g => TrainingLosses.MseWithGradient(y, yhat, g["yhat"]),
            GradCheck.Input("yhat", yhat));
        Assert.True(report.Passed, report.ToString());
        Assert.InRange(report["yhat"].MaxRelativeError, 0, 1e-6);
    }

    [Fact]
    public void Float_check_still_detects_a_wrong_gradient()
    {
        float[] z = Random(12, 22, 2).Select(v => (float)v).ToArray();
        int[] t = [2, 0, 1, 1];
        float[] w = ClassWeights.Balanced<float>(t, 3);
        GradCheckInput<float> zi = GradCheck.Input("z", z, 4, 3);
        GradCheckReport report = GradCheck.Run(
            () => TrainingLosses.WeightedCeF(zi.Tensor, t, w),
            g =>
            {
                float loss = TrainingLosses.WeightedCeFWithGradient(zi.Tensor, t, w, g.Tensor("z"));
                foreach (ref float v in g["z"]) v *= 1.1f;
                return loss;
            },
            zi);
        Assert.False(report.Passed);
        Assert.True(report["z"].Failures > 6, report.ToString());
    }

    [Fact]
    public void MaxElementsPerInput_checks_an_evenly_spaced_subset()
    {
        double[] y = Random(100, 23), yhat = Random(100, 24);
        int calls = 0;
        GradCheckReport report = GradCheck.Run(
            () => { calls++; return TrainingLosses.Mse(y, yhat); },
            g => TrainingLosses.MseWithGradient(y, yhat, g["yhat"]),
            new GradCheckOptions { MaxElementsPerInput = 10 },
            GradCheck.Input("yhat", yhat));
        Assert.True(report.Passed);
        Assert.Equal(10, report["yhat"].Checked);
        Assert.Equal(100, report["yhat"].Elements);
        Assert.Equal(1 + 2 * 10, calls);
    }

    [Fact]
    public void Options_override_the_defaults()
    {
        double[] y = Random(4, 25), yhat = Random(4, 26);
        var options = new GradCheckOptions { Step = 1e-4, AbsoluteTolerance = 1e-9, RelativeTolerance = 0 };
        GradCheckReport report = GradCheck.Run(() => TrainingLosses.Mse(y, yhat), g => TrainingLosses.MseWithGradient(y, yhat, g["yhat"]), options, GradCheck.Input("yhat", yhat));
        Assert.Equal((1e-4, 1e-9, 0.0), (report.Step, report.AbsoluteTolerance, report.RelativeTolerance));
        Assert.True(report.Passed, report.ToString());   // central differences are exact for a quadratic, up to rounding
    }

    [Fact]
    public void Misuse_is_rejected_with_clear_messages()
    {
        double[] a = [1, 2], b = [3, 4];
        Func<double> f = () => 0;
        Func<GradCheckGradients<double>, double> fg = _ => 0;
        Assert.Throws<ArgumentException>(() => GradCheck.Run(f, fg));
        Assert.Contains("named 'x'", Assert.Throws<ArgumentException>(() => GradCheck.Run(f, fg, GradCheck.Input("x", a), GradCheck.Input("x", b))).Message, StringComparison.Ordinal);
        Assert.Contains("share one array", Assert.Throws<ArgumentException>(() => GradCheck.Run(f, fg, GradCheck.Input("x", a), GradCheck.Input("y", a))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GradCheck.Input("x", a, 3, 1));
        Assert.Throws<InvalidOperationException>(() => { _ = GradCheck.Input("x", a).Tensor; });
        Assert.Contains("modified input 'x'", Assert.Throws<InvalidOperationException>(() => GradCheck.Run(f, _ => a[0] = 5, GradCheck.Input("x", a))).Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => GradCheck.Run(f, g => g["nope"][0], GradCheck.Input("x", b)));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Run(f, fg, new GradCheckOptions { Step = 0 }, GradCheck.Input("x", b)));
    }
}
