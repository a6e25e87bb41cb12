using LossGen.LightGbm;
using LossGen.Samples.Shared;

namespace LossGen.Samples.Scenarios;

/// <summary>
/// Tabular models with gradient boosting: LightGBM trained on LossGen objectives (the generated
/// <c>NamePerSampleDerivatives</c>: each sample's loss, gradient and exact Hessian) against LightGBM's built-in
/// objectives, on the same data and options.
/// <list type="bullet">
/// <item>Capacity forecasting where running short costs twice as much as idle capacity: built-in <c>regression</c>
/// (L2) and <c>quantile</c> (α = 2/3) against a LossGen asymmetric squared error.</item>
/// <item>Fraud detection with 2 % positives: built-in <c>binary</c> against a LossGen positive-weighted log-loss.</item>
/// </list>
/// </summary>
public sealed class BoostingScenario : IScenario
{
    public string Name => "boosting";
    public string Summary => "LightGBM on LossGen objectives vs built-in ones: asymmetric forecasting, imbalanced fraud";
    public int DefaultEpochs => 150;

    private static LightGbmOptions Options(int rounds) => new()
    {
        Rounds = rounds,
        LearningRate = 0.05,
        // Small trees: with 120 frauds in the training set, larger ones over-fit the positives within 50 rounds.
        Leaves = 7,
        MinSamplesPerLeaf = 40,
        Threads = 1,
        Parameters = new Dictionary<string, string> { ["deterministic"] = "true", ["force_row_wise"] = "true", ["seed"] = "1" },
    };

    public ScenarioResult Run(ScenarioContext context)
    {
        var rng = new Rng(context.Seed);
        var (forecastTable, forecastTakeaway, forecastCurves) = Forecasting(context, rng.Fork());
        var (fraudTable, fraudTakeaway, fraudCurves) = Fraud(context, rng.Fork());
        return new ScenarioResult([forecastTable, fraudTable], forecastTakeaway + " " + fraudTakeaway, [forecastCurves, fraudCurves]);
    }

    private static (Spectre.Console.Table, string, CurvePanel) Forecasting(ScenarioContext context, Rng rng)
    {
        RegressionData train = Datasets.ResourceDemand(rng.Fork(), 4_000);
        RegressionData test = Datasets.ResourceDemand(rng.Fork(), 10_000);
        // Every model starts from 0 (boost_from_average=false, so that the built-in and LossGen objectives start alike):
        // train on demand minus the mean training demand, and add it back to the forecasts.
        float offset = train.Y.Average();
        float[] centredTrain = train.Y.Select(y => y - offset).ToArray(), centredTest = test.Y.Select(y => y - offset).ToArray();
        using var trainSet = LightGbmDataset.Create(train.X.AsReadOnlyTensor(), centredTrain);
        using var testSet = LightGbmDataset.Create(test.X.AsReadOnlyTensor(), centredTest, reference: trainSet);

        using var l2 = BuiltIn(context, trainSet, "regression", "built-in regression (L2)");
        using var quantile = BuiltIn(context, trainSet, "quantile", "built-in quantile α = 2/3", ("alpha", "0.6666667"));
        var trainLoss = new Curve("train");
        var testLoss = new Curve("test");
        using var asymmetric = Custom(context, trainSet, testSet, Losses.AsymmetricSquaredPerSampleDerivatives, "LossGen asymmetric squared (2:1)", trainLoss, testLoss);

        var table = Report.Table($"Capacity forecast, LightGBM {context.Epochs} rounds; test set 10,000 hours (cores)",
            "objective", "hours short", "short (cores/h)", "idle (cores/h)", "cost: 2·short + idle", "RMSE");
        var rows = new List<(string Name, Evaluation E)>();
        foreach (var (name, model, shift) in new[] { ("built-in regression (L2)", l2, offset), ("built-in quantile α = 2/3", quantile, offset), ("LossGen asymmetric squared (2:1)", asymmetric, offset) })
        {
            float[] forecast = Predict(model, test.X, shift);
            Evaluation e = Evaluate(test.Y, forecast);
            rows.Add((name, e));
            table.Row(name, Report.Pct(e.UnderRate), Report.Num(e.Shortfall, 2), Report.Num(e.Idle, 2), Report.Num(e.Cost, 2), Report.Num(e.Rmse, 2));
        }
        Evaluation l2Eval = rows[0].E, quantileEval = rows[1].E, lossGenEval = rows[2].E;
        string takeaway = $"Forecasting: L2 is short {Report.Pct(l2Eval.UnderRate)} of hours at a 2:1 cost of {l2Eval.Cost:F2} cores/h; the generated " +
            $"asymmetric squared error is short {Report.Pct(lossGenEval.UnderRate)} at {lossGenEval.Cost:F2} ({(lossGenEval.Cost - l2Eval.Cost) / l2Eval.Cost:+0%;-0%}) " +
            $"with RMSE {lossGenEval.Rmse:F2}; the built-in quantile objective (the exact minimizer of the linear 2:1 cost) reaches " +
            $"{quantileEval.Cost:F2} at RMSE {quantileEval.Rmse:F2}.";
        return (table, takeaway, new CurvePanel("LightGBM on the LossGen asymmetric objective", "round", "asymmetric squared error", [trainLoss, testLoss]));
    }

    private static (Spectre.Console.Table, string, CurvePanel) Fraud(ScenarioContext context, Rng rng)
    {
        BinaryData train = Datasets.Fraud(rng.Fork(), 6_000, positiveRate: 0.02);
        BinaryData test = Datasets.Fraud(rng.Fork(), 20_000, positiveRate: 0.02);
        using var trainSet = LightGbmDataset.Create(train.X.AsReadOnlyTensor(), train.Y);
        using var testSet = LightGbmDataset.Create(test.X.AsReadOnlyTensor(), test.Y, reference: trainSet);

        using var binary = BuiltIn(context, trainSet, "binary", "built-in binary");
        var trainLoss = new Curve("train");
        var testLoss = new Curve("test");
        using var weighted = Custom(context, trainSet, testSet, Losses.PositiveWeightedLogLossPerSampleDerivatives, "LossGen positive-weighted log-loss (×20)", trainLoss, testLoss);

        var table = Report.Table($"Fraud, 2 % positives, LightGBM {context.Epochs} rounds; test set 20,000 transactions (threshold p = 0.5)",
            "objective", "recall", "precision", "F1", "PR-AUC");
        var results = new List<Metrics.Confusion>();
        var auc = new List<double>();
        foreach (var (name, model) in new[] { ("built-in binary", binary), ("LossGen positive-weighted log-loss (×20)", weighted) })
        {
            float[] logits = Predict(model, test.X, 0);
            Metrics.Confusion confusion = Metrics.Confuse(logits, test.Y, threshold: 0); // logit 0 is p = 0.5
            results.Add(confusion);
            auc.Add(Metrics.AveragePrecision(logits, test.Y));
            table.Row(name, Report.Pct(confusion.Recall), Report.Pct(confusion.Precision), Report.Num(confusion.F1), Report.Num(auc[^1]));
        }
        string takeaway = $"Fraud: counting positives 20 times moves recall at p = 0.5 from {Report.Pct(results[0].Recall)} to " +
            $"{Report.Pct(results[1].Recall)} (precision {Report.Pct(results[0].Precision)} → {Report.Pct(results[1].Precision)}, F1 " +
            $"{results[0].F1:F3} → {results[1].F1:F3}); PR-AUC {auc[0]:F3} vs {auc[1]:F3}" +
            (Math.Abs(auc[0] - auc[1]) < 0.05 ? ": the ranking changes little, the weight moves the operating point." : ".");
        return (table, takeaway, new CurvePanel("LightGBM on the LossGen weighted log-loss", "round", "weighted log-loss", [trainLoss, testLoss]));
    }

    private static LightGbmModel BuiltIn(ScenarioContext context, LightGbmDataset train, string objective, string label, params (string Key, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string>(Options(context.Epochs).Parameters);
        foreach (var (key, value) in extra) parameters[key] = value;
        // Built-in objectives start from 0 like the LossGen ones.
        parameters["boost_from_average"] = "false";
        using ITrainingRun run = context.Progress.Start(label, context.Epochs, "rounds");
        return LightGbmTrainer.TrainBuiltIn(train, objective, Options(context.Epochs) with { Parameters = parameters }, new Reporter(run));
    }

    private static LightGbmModel Custom(ScenarioContext context, LightGbmDataset train, LightGbmDataset test, PerSampleDerivatives<float> objective,
        string label, Curve trainLoss, Curve testLoss)
    {
        using ITrainingRun run = context.Progress.Start(label, context.Epochs, "rounds");
        LightGbmModel model = LightGbmTrainer.Train(train, objective, Options(context.Epochs), test, new Reporter(run));
        foreach (double loss in model.History!.TrainingLoss) trainLoss.Add(loss);
        foreach (double loss in model.History.ValidationLoss) testLoss.Add(loss);
        return model;
    }

    private static float[] Predict(LightGbmModel model, Matrix x, float shift) =>
        model.PredictRaw(x.AsReadOnlyTensor()).Select(s => (float)s + shift).ToArray();

    /// <summary>Forwards LightGBM's per-round progress to the sample's progress display.</summary>
    private sealed class Reporter(ITrainingRun run) : IProgress<LightGbmProgress>
    {
        public void Report(LightGbmProgress value) => run.Report(value.Round, value.TrainingLoss);
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
