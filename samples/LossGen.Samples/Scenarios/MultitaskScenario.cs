using LossGen.Samples.Shared;

namespace LossGen.Samples.Scenarios;

/// <summary>
/// Two heads on one shared representation: a regression head (MSE) and a 4-class head (sparse cross-entropy),
/// trained with the composed loss <c>lambda1 * Mse(steer, steerHat) + lambda2 * SparseCe(z, t)</c>. The trunk is
/// deliberately narrow (3 tanh units), so the tasks compete for it and the weights decide who wins.
/// </summary>
public sealed class MultitaskScenario : IScenario
{
    private const int Features = 10, Classes = 4, Trunk = 3, BatchSize = 128;

    private static readonly (float Lambda1, float Lambda2)[] Weights =
        [(1f, 0f), (0.9f, 0.1f), (0.7f, 0.3f), (0.5f, 0.5f), (0.3f, 0.7f), (0.1f, 0.9f), (0f, 1f)];

    public string Name => "multitask";
    public string Summary => "Shared trunk, regression + classification heads: weighted MSE + cross-entropy";
    public int DefaultEpochs => 30;

    public ScenarioResult Run(ScenarioContext context)
    {
        var rng = new Rng(context.Seed);
        MultiTaskData train = Datasets.TwoTasks(rng.Fork(), 3_000, Features, Classes);
        MultiTaskData test = Datasets.TwoTasks(rng.Fork(), 3_000, Features, Classes);

        double stdY = Math.Sqrt(test.Y.Select(y => (double)y * y).Average() - Math.Pow(test.Y.Average(), 2));
        double majority = test.Labels.GroupBy(l => l).Max(g => g.Count()) / (double)test.Labels.Length;
        var table = Report.Table($"Test set, {test.X.Rows:N0} samples; trunk of {Trunk} tanh units shared by both heads",
            "lambda1 (MSE) / lambda2 (CE)", "regression RMSE", "classification accuracy");
        table.Row("(predict the mean / the majority class)", Report.Num(stdY), Report.Pct(majority));

        var mseCurves = new List<Curve>();
        var ceCurves = new List<Curve>();
        var results = new List<(float L1, float L2, double Rmse, double Accuracy)>();
        foreach (var (lambda1, lambda2) in Weights)
        {
            // Every setting starts from the same initial weights and sees the same batches: only the lambdas differ.
            var model = new Model(new Rng(context.Seed + 7));
            var mse = new Curve($"λ {lambda1:0.0}/{lambda2:0.0}");
            var ce = new Curve($"λ {lambda1:0.0}/{lambda2:0.0}");
            Train(context, new Rng(context.Seed + 11), model, lambda1, lambda2, train, test, mse, ce);
            mseCurves.Add(mse);
            ceCurves.Add(ce);

            var (yhat, z) = model.Forward(test.X);
            double rmse = Metrics.Rmse(test.Y, yhat.Data), accuracy = Metrics.Accuracy(z, test.Labels);
            results.Add((lambda1, lambda2, rmse, accuracy));
            table.Row($"{lambda1:0.0} / {lambda2:0.0}", Report.Num(rmse), Report.Pct(accuracy));
        }

        var regressionOnly = results[0];
        var classificationOnly = results[^1];
        string takeaway =
            $"All weight on MSE: RMSE {regressionOnly.Rmse:F3}, while the classifier head, which then gets no gradient, stays at " +
            $"{Report.Pct(regressionOnly.Accuracy)}. All weight on cross-entropy: accuracy {Report.Pct(classificationOnly.Accuracy)}, while the " +
            $"regression head gets RMSE {classificationOnly.Rmse:F3} (predicting the mean: {stdY:F3}). Moving weight from lambda1 to lambda2 " +
            $"moves RMSE {results[1].Rmse:F3} → {results[^2].Rmse:F3} and accuracy {Report.Pct(results[1].Accuracy)} → {Report.Pct(results[^2].Accuracy)} " +
            $"between 0.9/0.1 and 0.1/0.9: with a {Trunk}-unit trunk the tasks compete, and the weights pick the winner.";
        return new ScenarioResult([table], takeaway,
        [
            new CurvePanel("Regression head: test MSE", "epoch", "MSE", mseCurves),
            new CurvePanel("Classification head: test cross-entropy", "epoch", "cross-entropy", ceCurves),
        ]);
    }

    /// <summary>h = tanh(x·W + b); regression ŷ = h·w_r + b_r; logits z = h·W_c + b_c.</summary>
    private sealed class Model(Rng rng)
    {
        public Dense Trunk { get; } = new("trunk", Features, MultitaskScenario.Trunk, rng, gain: 1.5f);
        public Dense Regression { get; } = new("regression", MultitaskScenario.Trunk, 1, rng);
        public Dense Classification { get; } = new("classification", MultitaskScenario.Trunk, Classes, rng);

        public IEnumerable<Param> Parameters => Trunk.Parameters.Concat(Regression.Parameters).Concat(Classification.Parameters);

        public Matrix H { get; private set; } = new(0, 0);

        public (Matrix Yhat, Matrix Logits) Forward(Matrix x)
        {
            H = Trunk.Forward(x);
            Tanh.Forward(H, H);
            return (Regression.Forward(H), Classification.Forward(H));
        }

        /// <summary>Backpropagates both heads' gradients into the shared trunk (they add up at h).</summary>
        public void Backward(Matrix x, Matrix dYhat, Matrix dLogits)
        {
            var dh = new Matrix(H.Rows, H.Cols);
            var dhFromClassifier = new Matrix(H.Rows, H.Cols);
            Regression.Backward(H, dYhat, dh);
            Classification.Backward(H, dLogits, dhFromClassifier);
            System.Numerics.Tensors.TensorPrimitives.Add(dh.Data, dhFromClassifier.Data, dh.Data);
            Tanh.Backward(H, dh, dh);
            Trunk.Backward(x, dh, dx: null);
        }
    }

    private static void Train(ScenarioContext context, Rng rng, Model model, float lambda1, float lambda2, MultiTaskData train, MultiTaskData test,
        Curve testMse, Curve testCe)
    {
        const float learningRate = 0.02f;
        var optimizer = new Adam(model.Parameters, learningRate);
        float[] y = new float[BatchSize];
        int[] t = new int[BatchSize];

        using ITrainingRun run = context.Progress.Start($"lambda1 {lambda1:0.0} / lambda2 {lambda2:0.0}", context.Epochs);
        for (int epoch = 1; epoch <= context.Epochs; epoch++)
        {
            optimizer.LearningRate = learningRate * Schedule.Cosine(epoch - 1, context.Epochs);
            double lossSum = 0;
            foreach (ArraySegment<int> batch in Batches.Shuffled(rng, train.X.Rows, BatchSize))
            {
                int n = batch.Count;
                var x = new Matrix(n, Features);
                x.GatherRows(train.X, batch);
                for (int i = 0; i < n; i++) (y[i], t[i]) = (train.Y[batch[i]], train.Labels[batch[i]]);

                optimizer.ZeroGrad();
                var (yhat, z) = model.Forward(x);
                var dYhat = new Matrix(n, 1);
                var dZ = new Matrix(n, Classes);
                // The composed loss inlines Mse and SparseCe; one call returns both heads' gradients.
                lossSum += n * Losses.MultiTaskWithGradient(y.AsSpan(0, n), yhat.Data, z.AsReadOnlyTensor(), t.AsSpan(0, n),
                    dYhat.Data, dZ.AsTensor(), lambda1, lambda2);
                model.Backward(x, dYhat, dZ);
                optimizer.Step();
            }
            var (testYhat, testZ) = model.Forward(test.X);
            testMse.Add(Losses.Mse(test.Y, testYhat.Data));
            testCe.Add(Losses.SparseCe(testZ.AsReadOnlyTensor(), test.Labels));
            run.Report(epoch, lossSum / train.X.Rows);
        }
    }
}
