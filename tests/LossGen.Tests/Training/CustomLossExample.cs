using LossGen.Tests.Generator;
using LossGen.Training;
using Microsoft.CodeAnalysis;

namespace LossGen.Tests.Training;

// The worked example of docs/custom-loss.md, compiled and run. Keep the two in sync: the doc quotes the code between
// the "docs:" markers.

// docs: declaration
public static partial class DemandLosses
{
    /// <summary>Pinball (quantile) loss: under-prediction costs tau, over-prediction 1 - tau, per unit.</summary>
    [Loss("u = y - yhat; mean(max(tau * u, (tau - 1) * u))")]
    public static partial double Pinball([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, double tau = 0.9);

    [Loss("mean((yhat - y)^2)")]
    public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
}
// docs: end

// docs: training
public delegate double LossWithGradient(ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, Span<double> dyhat);

public static class DemandModel
{
    /// <summary>Fits yhat = a + b·x by full-batch gradient descent with momentum on the given loss.</summary>
    public static (double A, double B) Fit(LossWithGradient lossWithGradient, double[] x, double[] y, int epochs = 3000)
    {
        int n = x.Length;
        var yhat = new double[n];
        var dyhat = new double[n];
        double a = 0, b = 0, va = 0, vb = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int i = 0; i < n; i++) yhat[i] = a + b * x[i];
            lossWithGradient(y, yhat, dyhat);              // dyhat = ∂loss/∂yhat, one fused pass
            double da = 0, db = 0;                         // chain rule through yhat = a + b·x
            for (int i = 0; i < n; i++) { da += dyhat[i]; db += dyhat[i] * x[i]; }
            double lr = 0.5 / Math.Sqrt(1 + epoch / 100.0);
            va = 0.9 * va - lr * da; a += va;
            vb = 0.9 * vb - lr * db; b += vb;
        }
        return (a, b);
    }

    public static double[] Predict((double A, double B) model, double[] x) => x.Select(v => model.A + model.B * v).ToArray();

    /// <summary>Demand that grows with x and gets noisier with it: y = 5 + 2x + (0.5 + x)·N(0, 1), x in [0, 1].</summary>
    public static (double[] X, double[] Y) Data(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextDouble();
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            y[i] = 5 + 2 * x[i] + (0.5 + x[i]) * normal;
        }
        return (x, y);
    }
}
// docs: end

public class CustomLossExample
{
    [Fact]
    public void Diagnostics_point_into_the_formula()
    {
        // docs: diagnostics
        (string Formula, string Id, string Message)[] mistakes =
        [
            ("u = y - yhat; max(tau * u, (tau - 1) * u)", "LG0003",
                "A loss must reduce to a single number, but this formula has rank 1; wrap it in mean(...) or sum(...)"),
            ("u = y - yaht; mean(max(tau * u, (tau - 1) * u))", "LG0002", "Unknown name 'yaht'; did you mean 'yhat'?"),
            ("u = y - yhat; mean(max(tau * u, (tau - 1) * u)", "LG0001", "Expected ',' or ')' in the call to 'mean' but found the end of the formula"),
        ];
        // docs: end
        foreach ((string formula, string id, string message) in mistakes)
        {
            var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
                "public static partial class C { [Loss(\"" + formula + "\")] public static partial double Pinball([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, double tau = 0.9); }");
            Diagnostic d = Assert.Single(result.Diagnostics);
            Assert.Equal(id, d.Id);
            Assert.Equal(message, d.GetMessage());
        }
    }

    [Fact]
    public void Gradcheck_passes()
    {
        // docs: gradcheck
        var random = new Random(1);
        double[] y = Enumerable.Range(0, 50).Select(_ => 10 * random.NextDouble()).ToArray();
        double[] yhat = Enumerable.Range(0, 50).Select(_ => 10 * random.NextDouble()).ToArray();

        GradCheckReport report = GradCheck.Run(
            () => DemandLosses.Pinball(y, yhat),
            g => DemandLosses.PinballWithGradient(y, yhat, g["yhat"]),
            GradCheck.Input("yhat", yhat));
        Console.WriteLine(report);
        report.ThrowIfFailed();
        // docs: end
        Assert.True(report.Passed);
    }

    [Fact]
    public void Training_on_the_pinball_loss_covers_ninety_percent_of_demand()
    {
        // docs: compare
        (double[] x, double[] y) = DemandModel.Data(2000, seed: 7);
        var pinball = DemandModel.Fit((y, yhat, d) => DemandLosses.PinballWithGradient(y, yhat, d), x, y);
        var mse = DemandModel.Fit((y, yhat, d) => DemandLosses.MseWithGradient(y, yhat, d), x, y);

        double[] byPinball = DemandModel.Predict(pinball, x), byMse = DemandModel.Predict(mse, x);
        double Coverage(double[] stock) => y.Where((demand, i) => demand <= stock[i]).Count() / (double)y.Length;

        Console.WriteLine($"pinball model: stock = {pinball.A:F2} + {pinball.B:F2}·x, covers {Coverage(byPinball):P1}, " +
                          $"pinball {DemandLosses.Pinball(y, byPinball):F3}, mse {DemandLosses.Mse(y, byPinball):F3}");
        Console.WriteLine($"mse model:     stock = {mse.A:F2} + {mse.B:F2}·x, covers {Coverage(byMse):P1}, " +
                          $"pinball {DemandLosses.Pinball(y, byMse):F3}, mse {DemandLosses.Mse(y, byMse):F3}");
        // docs: end

        // The pinball model hits its quantile and the true 90% line 5 + 2x + 1.2816·(0.5 + x) = 5.64 + 3.28x;
        // the MSE model estimates the mean 5 + 2x. Each wins on its own objective.
        Assert.InRange(Coverage(byPinball), 0.885, 0.915);
        Assert.InRange(Coverage(byMse), 0.45, 0.58);
        Assert.InRange(pinball.A, 5.64 - 0.25, 5.64 + 0.25);
        Assert.InRange(pinball.B, 3.28 - 0.45, 3.28 + 0.45);
        Assert.InRange(mse.A, 5 - 0.15, 5 + 0.15);
        Assert.InRange(mse.B, 2 - 0.3, 2 + 0.3);
        Assert.True(DemandLosses.Pinball(y, byPinball) < DemandLosses.Pinball(y, byMse));
        Assert.True(DemandLosses.Mse(y, byMse) < DemandLosses.Mse(y, byPinball));
    }

    [Fact]
    public void Class_weighted_cross_entropy_gradcheck()
    {
        // docs: weights
        int[] t = [0, 0, 0, 0, 0, 0, 1, 1, 2, 0];
        double[] w = ClassWeights.Balanced<double>(t, classes: 3);   // [0.476, 1.667, 3.333]
        double[] z = Enumerable.Range(0, 30).Select(i => Math.Sin(i)).ToArray();
        GradCheckInput<double> logits = GradCheck.Input("z", z, rows: 10, columns: 3);

        GradCheck.Run(
            () => TrainingLosses.WeightedCe(logits.Tensor, t, w),
            g => TrainingLosses.WeightedCeWithGradient(logits.Tensor, t, w, g.Tensor("z")),
            logits).ThrowIfFailed();
        // docs: end
        Assert.Equal(10.0 / 21, w[0], 14);
    }
}
