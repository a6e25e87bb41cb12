using LossGen.Samples.Shared;

namespace LossGen.Samples.Scenarios;

/// <summary>
/// Fraud-like detection with 1 % positives: a small network (8 → 16 tanh → 1 logit) trained with plain BCE,
/// class-weighted BCE and focal loss, all on logits. Accuracy is useless here (predicting "legit" always scores
/// 99 %), so the table reports minority-class recall and precision at the default 0.5 threshold and the
/// threshold-free PR-AUC, next to the PR-AUC of the Bayes-optimal score (known, since we generate the data).
/// </summary>
public sealed class ImbalanceScenario : IScenario
{
    private delegate float BinaryLossWithGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz);
    private delegate float BinaryLoss(ReadOnlySpan<float> y, ReadOnlySpan<float> z);

    private const double PositiveRate = 0.01;
    private const float FocalAlpha = 0.25f, FocalGamma = 2f;

    public string Name => "imbalance";
    public string Summary => "Fraud detection, 1 % positives: BCE vs class-weighted BCE vs focal loss";
    public int DefaultEpochs => 40;

    public ScenarioResult Run(ScenarioContext context)
    {
        var rng = new Rng(context.Seed);
        BinaryData train = Datasets.Fraud(rng.Fork(), 20_000, PositiveRate);
        BinaryData test = Datasets.Fraud(rng.Fork(), 20_000, PositiveRate);
        // pos_weight = #negatives / #positives, so both classes carry the same total weight.
        float posWeight = (float)(train.Y.Length - train.Positives) / train.Positives;

        (string Name, BinaryLossWithGradient WithGradient, BinaryLoss Loss)[] losses =
        [
            ("BCE", Losses.BceLogitsWithGradient, Losses.BceLogits),
            ($"weighted BCE (pos_weight {posWeight:F0})",
                (y, z, dz) => Losses.WeightedBceLogitsWithGradient(y, z, dz, posWeight),
                (y, z) => Losses.WeightedBceLogits(y, z, posWeight)),
            ($"focal (α {FocalAlpha}, γ {FocalGamma})",
                (y, z, dz) => Losses.FocalLogitsWithGradient(y, z, dz, FocalAlpha, FocalGamma),
                (y, z) => Losses.FocalLogits(y, z, FocalAlpha, FocalGamma)),
        ];

        var table = Report.Table($"Test set: {test.Y.Length:N0} transactions, {test.Positives} frauds ({PositiveRate:P0}); threshold 0.5",
            "trained with", "accuracy", "recall", "precision", "F1", "flagged", "PR-AUC");
        var never = Metrics.Confuse(new float[test.Y.Length], test.Y, 0.5f);
        table.Row("(always predict legit)", Report.Pct(never.Accuracy), Report.Pct(0), "–", "–", "0", Report.Num(PositiveRate));

        var panels = new List<CurvePanel>();
        var results = new List<(string Name, Metrics.Confusion C, double Ap, int BestTestEpoch)>();
        foreach (var (name, withGradient, loss) in losses)
        {
            var curves = (Train: new Curve("train"), Test: new Curve("test"));
            float[] testLogits = Fit(context, rng.Fork(), name, withGradient, loss, train, test, curves);
            float[] p = Metrics.Sigmoid(testLogits);
            Metrics.Confusion c = Metrics.Confuse(p, test.Y, 0.5f);
            double ap = Metrics.AveragePrecision(p, test.Y);
            results.Add((name, c, ap, curves.Test.Values.IndexOf(curves.Test.Values.Min()) + 1));
            table.Row(name, Report.Pct(c.Accuracy), Report.Pct(c.Recall), Report.Pct(c.Precision), Report.Num(c.F1),
                (c.TruePositives + c.FalsePositives).ToString("N0"), Report.Num(ap));
            panels.Add(new CurvePanel(name, "epoch", "loss", [curves.Train, curves.Test]));
        }

        double bayesAp = Metrics.AveragePrecision(Datasets.FraudLikelihoodRatio(test.X), test.Y);
        table.Row("(Bayes-optimal score, reference)", "–", "–", "–", "–", "–", Report.Num(bayesAp));

        var (bce, weighted, focal) = (results[0], results[1], results[2]);
        var best = results.MaxBy(r => r.Ap);
        var mostRecall = results.MaxBy(r => r.C.Recall);
        string takeaway =
            $"Flagging nothing scores {Report.Pct(never.Accuracy)} accuracy" +
            (mostRecall.C.Accuracy < never.Accuracy
                ? $", more than {mostRecall.Name}, which catches the most frauds ({Report.Pct(mostRecall.C.Accuracy)}): accuracy misleads here. "
                : ". ") +
            $"At the 0.5 threshold BCE catches {Report.Pct(bce.C.Recall, 0)} of frauds ({Report.Pct(bce.C.Precision, 0)} of its flags are right); " +
            $"weighting frauds {posWeight:F0}x catches {Report.Pct(weighted.C.Recall, 0)} ({Report.Pct(weighted.C.Precision, 0)} right); focal loss " +
            $"catches {Report.Pct(focal.C.Recall, 0)} ({Report.Pct(focal.C.Precision, 0)} right). Threshold-free, {best.Name} ranks best " +
            $"(PR-AUC {best.Ap:F3}; random {PositiveRate:F3}, Bayes-optimal {bayesAp:F3})" +
            (weighted.Ap < bce.Ap - 0.02 && weighted.BestTestEpoch < context.Epochs * 3 / 4
                ? $"; the {posWeight:F0}x weight lets the network memorize the {train.Positives} training frauds (its test loss is lowest at epoch " +
                  $"{weighted.BestTestEpoch}, then rises), which costs ranking quality."
                : ".");
        return new ScenarioResult([table], takeaway, panels);
    }

    private static float[] Fit(ScenarioContext context, Rng rng, string label, BinaryLossWithGradient lossWithGradient, BinaryLoss loss,
        BinaryData train, BinaryData test, (Curve Train, Curve Test) curves)
    {
        const int batchSize = 256;
        const float learningRate = 0.01f;
        var model = new Mlp("fraud", [train.X.Cols, 16, 1], rng);
        var optimizer = new Adam(model.Parameters, learningRate);
        var x = new Matrix(batchSize, train.X.Cols);
        float[] y = new float[batchSize];

        using ITrainingRun run = context.Progress.Start(label, context.Epochs);
        for (int epoch = 1; epoch <= context.Epochs; epoch++)
        {
            optimizer.LearningRate = learningRate * Schedule.Cosine(epoch - 1, context.Epochs);
            double lossSum = 0;
            foreach (ArraySegment<int> batch in Batches.Shuffled(rng, train.X.Rows, batchSize))
            {
                Matrix xb = batch.Count == batchSize ? x : new Matrix(batch.Count, train.X.Cols);
                xb.GatherRows(train.X, batch);
                for (int i = 0; i < batch.Count; i++) y[i] = train.Y[batch[i]];

                optimizer.ZeroGrad();
                Matrix logits = model.Forward(xb);
                var gradient = new Matrix(batch.Count, 1);
                // The generated fused call: mean loss over the batch and ∂loss/∂logit for every row.
                lossSum += batch.Count * lossWithGradient(y.AsSpan(0, batch.Count), logits.Data, gradient.Data);
                model.Backward(gradient);
                optimizer.Step();
            }
            curves.Train.Add(lossSum / train.X.Rows);
            curves.Test.Add(loss(test.Y, model.Forward(test.X).Data));
            run.Report(epoch, lossSum / train.X.Rows);
        }
        return model.Forward(test.X).Data;
    }
}
