using LossGen.Samples.Shared;

namespace LossGen.Samples.Scenarios;

/// <summary>
/// A 10-class softmax classifier trained with sparse categorical cross-entropy on logits
/// (<c>mean(logsumexp(z, dim: 1) - pick(z, t))</c>): a linear model and a one-hidden-layer network.
/// Each class is a union of three blobs, so the hidden layer matters.
/// </summary>
public sealed class MulticlassScenario : IScenario
{
    private const int Classes = 10, Features = 20, Hidden = 64, BatchSize = 128;
    private const ulong WorldSeed = 0xC1A55;

    public string Name => "multiclass";
    public string Summary => "10-class softmax classifier with sparse categorical cross-entropy";
    public int DefaultEpochs => 30;

    public ScenarioResult Run(ScenarioContext context)
    {
        var rng = new Rng(context.Seed);
        ClassificationData Sample(int n) => Datasets.ClusteredClasses(WorldSeed + context.Seed, rng.Fork(), n, Classes,
            clustersPerClass: 3, Features, centreSpread: 1.0f, noise: 1.0f);
        ClassificationData train = Sample(6_000), test = Sample(4_000);

        var table = Report.Table($"{Classes} classes, {train.X.Rows:N0} training / {test.X.Rows:N0} test samples",
            "model", "parameters", "train accuracy", "test accuracy", "test cross-entropy");
        table.Row("(chance)", "–", Report.Pct(1.0 / Classes), Report.Pct(1.0 / Classes), Report.Num(Math.Log(Classes)));

        var panels = new List<CurvePanel>();
        var accuracies = new List<double>();
        foreach ((string name, int[] sizes) in new[] { ("linear softmax", new[] { Features, Classes }), ($"MLP, {Hidden} tanh units", new[] { Features, Hidden, Classes }) })
        {
            var model = new Mlp("clf", sizes, rng.Fork());
            var curves = (Train: new Curve("train"), Test: new Curve("test"));
            Train(context, rng.Fork(), name, model, train, test, curves);

            Matrix trainLogits = model.Forward(train.X), testLogits = model.Forward(test.X);
            double testAccuracy = Metrics.Accuracy(testLogits, test.Labels);
            accuracies.Add(testAccuracy);
            table.Row(name, model.Parameters.Sum(p => p.Value.Length).ToString("N0"),
                Report.Pct(Metrics.Accuracy(trainLogits, train.Labels)), Report.Pct(testAccuracy),
                Report.Num(Losses.SparseCe(testLogits.AsReadOnlyTensor(), test.Labels)));
            panels.Add(new CurvePanel(name, "epoch", "cross-entropy", [curves.Train, curves.Test]));
        }

        string takeaway = $"SparseCeWithGradient trains both models. Each class is three separate blobs, which one linear boundary per class " +
            $"cannot carve out: the linear model reaches {Report.Pct(accuracies[0])} test accuracy, one hidden layer {Report.Pct(accuracies[1])} " +
            $"(chance {Report.Pct(1.0 / Classes)}).";
        return new ScenarioResult([table], takeaway, panels);
    }

    private static void Train(ScenarioContext context, Rng rng, string label, Mlp model, ClassificationData train, ClassificationData test,
        (Curve Train, Curve Test) curves)
    {
        const float learningRate = 0.01f;
        var optimizer = new Adam(model.Parameters, learningRate);
        int[] labels = new int[BatchSize];

        using ITrainingRun run = context.Progress.Start(label, context.Epochs);
        for (int epoch = 1; epoch <= context.Epochs; epoch++)
        {
            optimizer.LearningRate = learningRate * Schedule.Cosine(epoch - 1, context.Epochs);
            double lossSum = 0;
            foreach (ArraySegment<int> batch in Batches.Shuffled(rng, train.X.Rows, BatchSize))
            {
                var x = new Matrix(batch.Count, train.X.Cols);
                x.GatherRows(train.X, batch);
                for (int i = 0; i < batch.Count; i++) labels[i] = train.Labels[batch[i]];

                optimizer.ZeroGrad();
                Matrix logits = model.Forward(x);
                var dLogits = new Matrix(batch.Count, Classes);
                lossSum += batch.Count * Losses.SparseCeWithGradient(logits.AsReadOnlyTensor(), labels.AsSpan(0, batch.Count), dLogits.AsTensor());
                model.Backward(dLogits);
                optimizer.Step();
            }
            curves.Train.Add(lossSum / train.X.Rows);
            curves.Test.Add(Losses.SparseCe(model.Forward(test.X).AsReadOnlyTensor(), test.Labels));
            run.Report(epoch, lossSum / train.X.Rows);
        }
    }
}
