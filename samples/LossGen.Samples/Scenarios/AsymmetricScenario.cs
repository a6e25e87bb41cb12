using LossGen.Samples.Shared;

namespace LossGen.Samples.Scenarios;

/// <summary>
/// Capacity planning: predict hourly compute demand with a linear model. Running short of capacity costs twice as
/// much as idle capacity, so train with an asymmetric MAE (under-prediction weighted 2, over-prediction 1) and
/// compare with MSE. The asymmetric loss is minimized by the 2/3 quantile of demand instead of its mean.
/// </summary>
public sealed class AsymmetricScenario : IScenario
{
    private delegate float RegressionLossWithGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, Span<float> dyhat);
    private delegate float RegressionLoss(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    public string Name => "asymmetric";
    public string Summary => "Demand forecasting: MSE vs asymmetric MAE that costs under-prediction 2x";
    public int DefaultEpochs => 300;

    public ScenarioResult Run(ScenarioContext context)
    {
        var rng = new Rng(context.Seed);
        RegressionData train = Datasets.ResourceDemand(rng.Fork(), 2_000);
        RegressionData test = Datasets.ResourceDemand(rng.Fork(), 10_000);

        var mseCurves = (Train: new Curve("train"), Test: new Curve("test"));
        var asymCurves = (Train: new Curve("train"), Test: new Curve("test"));
        var underMse = new Curve("MSE");
        var underAsym = new Curve("asymmetric MAE");

        float[] mse = Fit(context, rng.Fork(), "MSE", Losses.MseWithGradient, Losses.Mse, train, test, mseCurves, underMse);
        float[] asym = Fit(context, rng.Fork(), "asymmetric MAE (2:1)", Losses.AsymmetricMaeWithGradient, Losses.AsymmetricMae, train, test, asymCurves, underAsym);

        var table = Report.Table("Test set, 10,000 hours (demand in cores)",
            "trained with", "hours short", "short (cores/h)", "idle (cores/h)", "cost: 2·short + idle", "RMSE");
        foreach ((string name, float[] yhat) in new[] { ("MSE", mse), ("asymmetric MAE (2:1)", asym) })
        {
            Evaluation e = Evaluate(test.Y, yhat);
            table.Row(name, Report.Pct(e.UnderRate), Report.Num(e.Shortfall, 2), Report.Num(e.Idle, 2), Report.Num(e.Cost, 2), Report.Num(e.Rmse, 2));
        }

        Evaluation m = Evaluate(test.Y, mse), a = Evaluate(test.Y, asym);
        string takeaway =
            "MSE aims at the mean demand (short about half the time); the 2:1 loss aims at the 2/3 quantile (short about a third " +
            $"of the time). Measured: short {Report.Pct(m.UnderRate)} vs {Report.Pct(a.UnderRate)} of hours, cost 2·short + idle " +
            $"{m.Cost:F2} vs {a.Cost:F2} cores/h ({(a.Cost - m.Cost) / m.Cost:+0%;-0%}), RMSE {m.Rmse:F2} vs {a.Rmse:F2} " +
            "(RMSE is what MSE optimizes).";

        return new ScenarioResult([table], takeaway,
        [
            new CurvePanel("MSE model", "epoch", "MSE (cores²)", [mseCurves.Train, mseCurves.Test]),
            new CurvePanel("Asymmetric-MAE model", "epoch", "asymmetric MAE (cores)", [asymCurves.Train, asymCurves.Test]),
            new CurvePanel("Under-prediction rate (test)", "epoch", "fraction of hours short", [underMse, underAsym]),
        ]);
    }

    private static float[] Fit(ScenarioContext context, Rng rng, string label, RegressionLossWithGradient lossWithGradient,
        RegressionLoss loss, RegressionData train, RegressionData test, (Curve Train, Curve Test) curves, Curve underRate)
    {
        var model = new Dense("demand", train.X.Cols, 1, rng);
        model.Bias!.Value[0] = train.Y.Average(); // start from the mean demand: same start for both losses
        var optimizer = new Adam(model.Parameters, learningRate: 0.5f);
        var prediction = new Matrix(train.X.Rows, 1);
        var gradient = new Matrix(train.X.Rows, 1);
        var testPrediction = new Matrix(test.X.Rows, 1);

        using ITrainingRun run = context.Progress.Start($"{label}", context.Epochs);
        for (int epoch = 1; epoch <= context.Epochs; epoch++)
        {
            optimizer.LearningRate = 0.5f * Schedule.Cosine(epoch - 1, context.Epochs);
            optimizer.ZeroGrad();
            model.Forward(train.X, prediction);
            // The generated fused call: loss value and ∂loss/∂ŷ for every row.
            float trainLoss = lossWithGradient(train.Y, prediction.Data, gradient.Data);
            model.Backward(train.X, gradient, dx: null);
            optimizer.Step();

            model.Forward(test.X, testPrediction);
            curves.Train.Add(trainLoss);
            curves.Test.Add(loss(test.Y, testPrediction.Data));
            underRate.Add(Evaluate(test.Y, testPrediction.Data).UnderRate);
            run.Report(epoch, trainLoss);
        }
        model.Forward(test.X, testPrediction);
        return testPrediction.Data;
    }

    private readonly record struct Evaluation(double UnderRate, double Shortfall, double Idle, double Cost, double Rmse);

    private static Evaluation Evaluate(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat)
    {
        int under = 0;
        double shortfall = 0, idle = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (yhat[i] < y[i]) { under++; shortfall += y[i] - yhat[i]; }
            else idle += yhat[i] - y[i];
        }
        int n = y.Length;
        return new Evaluation((double)under / n, shortfall / n, idle / n, (2 * shortfall + idle) / n, Metrics.Rmse(y, yhat));
    }
}
