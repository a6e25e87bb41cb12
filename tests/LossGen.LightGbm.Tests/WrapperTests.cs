namespace LossGen.LightGbm.Tests;

/// <summary>The native wrapper: datasets, prediction, saving and loading, LightGBM's own errors, bad arguments.</summary>
public sealed class WrapperTests
{
    private static readonly LightGbmOptions Small = new() { Rounds = 10, Threads = 1, MinSamplesPerLeaf = 5 };

    [Fact]
    public void DatasetReportsItsShape()
    {
        var data = TestData.Create(TestData.Kind.Regression, rows: 50, columns: 4);
        using var dataset = data.ToDataset();
        Assert.Equal(50, dataset.Rows);
        Assert.Equal(4, dataset.Features);
        Assert.Equal(data.Labels, dataset.Labels.ToArray());
    }

    [Fact]
    public void SavedModelLoadsAndPredictsTheSameScores()
    {
        var data = TestData.Create(TestData.Kind.Regression);
        using var dataset = data.ToDataset();
        using var model = LightGbmTrainer.Train(dataset, Objectives.L2, Small);
        string path = Path.Combine(Path.GetTempPath(), $"lossgen-lgbm-{Guid.NewGuid():N}.txt");
        try
        {
            model.Save(path);
            using var loaded = LightGbmModel.Load(path);
            Assert.Equal(model.Iterations, loaded.Iterations);
            Assert.Equal(model.PredictRaw(data.Tensor), loaded.PredictRaw(data.Tensor));
            using var fromString = LightGbmModel.LoadFromString(model.SaveToString());
            Assert.Equal(model.PredictRaw(data.Tensor), fromString.PredictRaw(data.Tensor));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BuiltInPredictionsAreTransformedAndRawScoresAreNot()
    {
        var data = TestData.Create(TestData.Kind.Binary);
        using var dataset = data.ToDataset();
        using var model = LightGbmTrainer.TrainBuiltIn(dataset, "binary", Small);
        double[] raw = model.PredictRaw(data.Tensor), probabilities = model.PredictTransformed(data.Tensor);
        for (int i = 0; i < raw.Length; i++) Assert.Equal(1 / (1 + Math.Exp(-raw[i])), probabilities[i], 1e-12);
    }

    [Fact]
    public void LightGbmErrorsCarryItsMessage()
    {
        var error = Assert.Throws<LightGbmException>(() => LightGbmModel.LoadFromString("this is not a model"));
        Assert.Equal("LGBM_BoosterLoadModelFromString", error.Function);
        Assert.False(string.IsNullOrWhiteSpace(error.NativeMessage));
        Assert.Contains(error.NativeMessage, error.Message);

        var data = TestData.Create(TestData.Kind.Regression, rows: 50);
        using var dataset = data.ToDataset();
        var unknown = Assert.Throws<LightGbmException>(() => LightGbmTrainer.TrainBuiltIn(dataset, "no_such_objective", Small));
        Assert.Contains("no_such_objective", unknown.NativeMessage);
    }

    [Fact]
    public void MismatchedDatasetArgumentsThrowNamingTheParameter()
    {
        float[] features = new float[12];
        var labels = Assert.Throws<ArgumentException>(() => LightGbmDataset.Create(features, 4, 3, new float[5]));
        Assert.Equal("labels", labels.ParamName);
        Assert.Contains("5", labels.Message);
        Assert.Contains("4 rows", labels.Message);

        var shape = Assert.Throws<ArgumentException>(() => LightGbmDataset.Create(features, 5, 3, new float[5]));
        Assert.Equal("features", shape.ParamName);
        Assert.Contains("15", shape.Message);

        var weights = Assert.Throws<ArgumentException>(() => LightGbmDataset.Create(features, 4, 3, new float[4], new float[3]));
        Assert.Equal("weights", weights.ParamName);

        var negative = Assert.Throws<ArgumentException>(() => LightGbmDataset.Create(features, 4, 3, new float[4], [1, 1, -1, 1]));
        Assert.Contains("weights[2]", negative.Message);

        var nan = Assert.Throws<ArgumentException>(() => LightGbmDataset.Create(features, 4, 3, [0, float.NaN, 1, 0]));
        Assert.Equal("labels", nan.ParamName);
        Assert.Contains("labels[1]", nan.Message);
    }

    [Fact]
    public void PredictionChecksTheFeatureCount()
    {
        var data = TestData.Create(TestData.Kind.Regression, rows: 60, columns: 5);
        using var dataset = data.ToDataset();
        using var model = LightGbmTrainer.Train(dataset, Objectives.L2, Small);
        var error = Assert.Throws<ArgumentException>(() => model.PredictRaw(new System.Numerics.Tensors.ReadOnlyTensorSpan<float>(new float[8], [2, 4])));
        Assert.Contains("4 columns", error.Message);
        Assert.Contains("5", error.Message);
    }
}
