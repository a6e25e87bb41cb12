namespace LossGen.LightGbm.Tests;

/// <summary>The training loop: validation loss, early stopping, progress, cancellation, checks on the objective's output.</summary>
public sealed class TrainingTests
{
    private static LightGbmOptions Options(int rounds) => new() { Rounds = rounds, Threads = 1, Leaves = 31, MinSamplesPerLeaf = 2, LearningRate = 0.3 };

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Recorder : IProgress<LightGbmProgress>
    {
        public List<LightGbmProgress> Reports { get; } = [];
        public Action<LightGbmProgress>? OnReport { get; init; }

        public void Report(LightGbmProgress value)
        {
            Reports.Add(value);
            OnReport?.Invoke(value);
        }
    }

    [Fact]
    public void ProgressReportsEveryRoundWithTheObjectiveAsMetric()
    {
        var data = TestData.Create(TestData.Kind.Regression);
        using var dataset = data.ToDataset();
        var recorder = new Recorder();
        using var model = LightGbmTrainer.Train(dataset, Objectives.L2, Options(20), progress: recorder);

        Assert.Equal(Enumerable.Range(1, 20), recorder.Reports.Select(r => r.Round));
        Assert.All(recorder.Reports, r => Assert.Equal(20, r.Rounds));
        Assert.All(recorder.Reports, r => Assert.Null(r.ValidationLoss));
        // The training loss is mean(0.5 (ŷ − y)²) of the model after each round, and it falls.
        double[] scores = model.PredictRaw(data.Tensor);
        double expected = scores.Select((s, i) => 0.5 * (s - data.Labels[i]) * (s - data.Labels[i])).Average();
        Assert.Equal(expected, recorder.Reports[^1].TrainingLoss, 1e-9);
        Assert.True(recorder.Reports[^1].TrainingLoss < 0.5 * recorder.Reports[0].TrainingLoss);
        Assert.Equal(model.History!.TrainingLoss, recorder.Reports.Select(r => r.TrainingLoss));
    }

    [Fact]
    public void EarlyStoppingKeepsTheRoundWithTheLowestValidationLoss()
    {
        // Noisy labels and deep trees: the validation loss turns up after a few rounds.
        var train = TestData.Create(TestData.Kind.Binary, rows: 300, seed: 11);
        var valid = TestData.Create(TestData.Kind.Binary, rows: 300, seed: 12);
        using var trainSet = train.ToDataset();
        using var validSet = valid.ToDataset(reference: trainSet);
        var recorder = new Recorder();
        using var model = LightGbmTrainer.Train(trainSet, Objectives.LogLoss, Options(200) with { EarlyStoppingRounds = 5 }, validSet, recorder);

        LightGbmHistory history = model.History!;
        Assert.True(history.StoppedEarly);
        Assert.True(recorder.Reports.Count < 200);
        int best = history.BestRound;
        Assert.Equal(recorder.Reports.Count - 5, best);
        Assert.Equal(history.ValidationLoss.Min(), history.ValidationLoss[best - 1]);
        Assert.Equal(best, model.Iterations);

        // The kept model's validation loss is the best one recorded.
        double[] scores = model.PredictRaw(valid.Tensor);
        double loss = scores.Select((s, i) => Math.Max(s, 0) + Math.Log(1 + Math.Exp(-Math.Abs(s))) - valid.Labels[i] * s).Average();
        Assert.Equal(history.ValidationLoss[best - 1], loss, 1e-9);
    }

    [Fact]
    public void ValidationLossIsWeighted()
    {
        var train = TestData.Create(TestData.Kind.Regression, rows: 200, seed: 2);
        var valid = TestData.Create(TestData.Kind.Regression, rows: 100, seed: 3);
        float[] weights = Enumerable.Range(0, 100).Select(i => (float)(i % 5)).ToArray();
        using var trainSet = train.ToDataset();
        using var validSet = valid.ToDataset(weights, trainSet);
        using var model = LightGbmTrainer.Train(trainSet, Objectives.L2, Options(5), validSet);

        double[] scores = model.PredictRaw(valid.Tensor);
        double expected = scores.Select((s, i) => weights[i] * 0.5 * (s - valid.Labels[i]) * (s - valid.Labels[i])).Sum() / weights.Sum();
        Assert.Equal(expected, model.History!.ValidationLoss[^1], 1e-9);
    }

    [Fact]
    public void BuiltInProgressReportsLightGbmsOwnMetric()
    {
        var data = TestData.Create(TestData.Kind.Regression);
        using var dataset = data.ToDataset();
        var recorder = new Recorder();
        using var model = LightGbmTrainer.TrainBuiltIn(dataset, "regression", Options(8), recorder);
        Assert.Equal(Enumerable.Range(1, 8), recorder.Reports.Select(r => r.Round));
        // The default metric of objective=regression is l2, the mean squared error.
        double[] scores = model.PredictRaw(data.Tensor);
        double mse = scores.Select((s, i) => (s - data.Labels[i]) * (s - data.Labels[i])).Average();
        Assert.Equal(mse, recorder.Reports[^1].TrainingLoss, 1e-6);
    }

    [Fact]
    public void CancellationStopsBetweenRounds()
    {
        var data = TestData.Create(TestData.Kind.Regression);
        using var dataset = data.ToDataset();
        using var cancel = new CancellationTokenSource();
        var recorder = new Recorder { OnReport = r => { if (r.Round == 3) cancel.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => LightGbmTrainer.Train(dataset, Objectives.L2, Options(100), null, recorder, cancel.Token));
        Assert.Equal(3, recorder.Reports.Count);
    }

    [Fact]
    public void BadArgumentsThrowBeforeTraining()
    {
        var data = TestData.Create(TestData.Kind.Regression, rows: 50, columns: 5);
        var other = TestData.Create(TestData.Kind.Regression, rows: 50, columns: 4);
        using var dataset = data.ToDataset();
        using var narrow = other.ToDataset();
        int calls = 0;
        PerSampleDerivatives<double> counting = (y, s, l, g, h) => { calls++; Objectives.L2(y, s, l, g, h); };

        Assert.Equal("validation", Assert.Throws<ArgumentException>(() => LightGbmTrainer.Train(dataset, counting, Options(5), narrow)).ParamName);
        Assert.Equal("validation", Assert.Throws<ArgumentException>(() => LightGbmTrainer.Train(dataset, counting, Options(5) with { EarlyStoppingRounds = 3 })).ParamName);
        Assert.Equal("Rounds", Assert.Throws<ArgumentOutOfRangeException>(() => LightGbmTrainer.Train(dataset, counting, Options(0))).ParamName);
        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => LightGbmTrainer.Train(dataset, (PerSampleDerivatives<double>)null!, Options(5))).ParamName);
        Assert.Contains("Labels[0]", Assert.Throws<ArgumentException>(() => LightGbmTrainer.TrainMulticlass(dataset, Objectives.OneVsAll, 3, Options(5))).Message);
        var spaced = Options(5) with { Parameters = new Dictionary<string, string> { ["max_bin"] = "1 2" } };
        Assert.Throws<ArgumentException>(() => LightGbmTrainer.Train(dataset, counting, spaced));
        Assert.Equal(0, calls);
    }

    [Fact]
    public void NonFiniteDerivativesNameTheSample()
    {
        var data = TestData.Create(TestData.Kind.Regression, rows: 50);
        using var dataset = data.ToDataset();
        PerSampleDerivatives<double> broken = (y, s, l, g, h) =>
        {
            Objectives.L2(y, s, l, g, h);
            h[7] = double.NaN;
        };
        var error = Assert.Throws<InvalidOperationException>(() => LightGbmTrainer.Train(dataset, broken, Options(5)));
        Assert.Contains("sample 7", error.Message);
        Assert.Contains("Hessian", error.Message);
    }

    [Fact]
    public void FloatObjectivesTrainToo()
    {
        var data = TestData.Create(TestData.Kind.Regression);
        using var dataset = data.ToDataset();
        PerSampleDerivatives<float> l2 = (y, s, l, g, h) =>
        {
            for (int i = 0; i < y.Length; i++) { l[i] = 0.5f * (s[i] - y[i]) * (s[i] - y[i]); g[i] = s[i] - y[i]; h[i] = 1; }
        };
        using var single = LightGbmTrainer.Train(dataset, l2, Options(10));
        using var dbl = LightGbmTrainer.Train(dataset, Objectives.L2, Options(10));
        ParityTests.AssertClose(dbl.PredictRaw(data.Tensor), single.PredictRaw(data.Tensor), 1e-4);
    }
}
