using Xunit.Abstractions;

namespace LossGen.LightGbm.Tests;

/// <summary>
/// A LightGBM built-in objective and the same loss trained as a custom objective, with the same parameters
/// (boost_from_average=false, deterministic, one thread), must build the same trees: raw training scores equal to 1e-6
/// after 50 rounds.
/// </summary>
public sealed class ParityTests(ITestOutputHelper output)
{
    private static LightGbmOptions Options(params (string Key, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string>
        {
            ["boost_from_average"] = "false",
            ["deterministic"] = "true",
            ["force_row_wise"] = "true",
            ["seed"] = "7",
        };
        foreach (var (key, value) in extra) parameters[key] = value;
        return new LightGbmOptions { Rounds = 50, LearningRate = 0.1, Leaves = 15, MinSamplesPerLeaf = 10, Threads = 1, Parameters = parameters };
    }

    public static TheoryData<string> SingleScoreObjectives => ["regression", "binary", "cross_entropy", "poisson", "gamma", "tweedie"];

    internal static (TestData Data, PerSampleDerivatives<double> Objective, LightGbmOptions Options) Case(string builtIn) => builtIn switch
    {
        "regression" => (TestData.Create(TestData.Kind.Regression), Objectives.L2, Options()),
        "binary" => (TestData.Create(TestData.Kind.Binary), Objectives.LogLoss, Options()),
        "cross_entropy" => (TestData.Create(TestData.Kind.Probability), Objectives.LogLoss, Options()),
        "poisson" => (TestData.Create(TestData.Kind.Counts), Objectives.Poisson, Options(("poisson_max_delta_step", "1e-12"))),
        "gamma" => (TestData.Create(TestData.Kind.Positive), Objectives.Gamma, Options()),
        "tweedie" => (TestData.Create(TestData.Kind.Counts), Objectives.Tweedie, Options(("tweedie_variance_power", "1.5"))),
        _ => throw new ArgumentOutOfRangeException(nameof(builtIn)),
    };

    [Theory]
    [MemberData(nameof(SingleScoreObjectives))]
    public void CustomObjectiveBuildsTheSameModelAsTheBuiltIn(string builtIn)
    {
        var (data, objective, options) = Case(builtIn);
        using var dataset = data.ToDataset();
        using var reference = LightGbmTrainer.TrainBuiltIn(dataset, builtIn, options);
        using var custom = LightGbmTrainer.Train(dataset, objective, options);

        Assert.Equal(50, reference.Iterations);
        Assert.Equal(50, custom.Iterations);
        double[] expected = reference.PredictRaw(data.Tensor);
        double[] actual = custom.PredictRaw(data.Tensor);
        output.WriteLine($"{builtIn}: largest raw-score difference {MaxDifference(expected, actual):E2}, largest score {expected.Select(Math.Abs).Max():F3}");
        AssertClose(expected, actual);
        // The model learned something: 50 rounds moved the scores away from 0.
        Assert.True(expected.Select(Math.Abs).Max() > 0.1);
    }

    [Fact]
    public void MulticlassOneVsAllBuildsTheSameModelAsTheBuiltIn()
    {
        var data = TestData.Create(TestData.Kind.Multiclass, classes: 3);
        var options = Options(("num_class", "3"));
        using var dataset = data.ToDataset();
        using var reference = LightGbmTrainer.TrainBuiltIn(dataset, "multiclassova", options);
        using var custom = LightGbmTrainer.TrainMulticlass(dataset, Objectives.OneVsAll, 3, options with { Parameters = Options().Parameters });

        Assert.Equal(3, custom.Classes);
        double[] expected = reference.PredictRaw(data.Tensor), actual = custom.PredictRaw(data.Tensor);
        output.WriteLine($"multiclassova: largest raw-score difference {MaxDifference(expected, actual):E2}");
        AssertClose(expected, actual);
    }

    [Fact]
    public void SampleWeightsScaleTheDerivativesLikeTheBuiltIn()
    {
        var data = TestData.Create(TestData.Kind.Binary);
        var weights = Enumerable.Range(0, data.Rows).Select(i => data.Labels[i] == 1 ? 3f : 0.5f + (i % 4) * 0.25f).ToArray();
        using var dataset = data.ToDataset(weights);
        using var reference = LightGbmTrainer.TrainBuiltIn(dataset, "binary", Options());
        using var custom = LightGbmTrainer.Train(dataset, Objectives.LogLoss, Options());
        AssertClose(reference.PredictRaw(data.Tensor), custom.PredictRaw(data.Tensor));

        // And the weights matter: without them the model differs.
        using var unweighted = data.ToDataset();
        using var plain = LightGbmTrainer.Train(unweighted, Objectives.LogLoss, Options());
        double difference = plain.PredictRaw(data.Tensor).Zip(custom.PredictRaw(data.Tensor), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference > 0.1, $"weighted and unweighted models differ by only {difference}");
    }

    private static double MaxDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    internal static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"raw score {i}: built-in {expected[i]:R}, custom {actual[i]:R} (difference {Math.Abs(expected[i] - actual[i]):E2})");
        }
    }
}
