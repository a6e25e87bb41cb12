using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace LossGen.ML.Tests;

/// <summary>
/// Generated losses plugged into ML.NET's linear learners train the same models as ML.NET's own losses.
/// </summary>
public sealed class AdapterTests
{
    private sealed class Row
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];
        public float Target { get; set; }
        public bool Label { get; set; }
    }

    private static IDataView Data(MLContext ml, int rows = 300)
    {
        var random = new Random(17);
        var data = new List<Row>();
        for (int i = 0; i < rows; i++)
        {
            float[] x = Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float target = 1.5f * x[0] - 0.7f * x[1] + 0.2f * x[2] + 0.3f + (float)(0.2 * (random.NextDouble() - 0.5));
            data.Add(new Row { Features = x, Target = target, Label = target + 0.3 * (random.NextDouble() - 0.5) > 0.3 });
        }
        return ml.Data.LoadFromEnumerable(data);
    }

    private static (float[] Weights, float Bias) Weights(LinearModelParameters model) => (model.Weights.ToArray(), model.Bias);

    [Fact]
    public void OnlineGradientDescentWithTheGeneratedSquaredLossMatchesSquaredLoss()
    {
        var ml = new MLContext(seed: 3);
        IDataView data = Data(ml);
        var reference = ml.Regression.Trainers.OnlineGradientDescent("Target", "Features", new SquaredLoss(), learningRate: 0.05f, numberOfIterations: 5).Fit(data);
        var generated = ml.Regression.Trainers.OnlineGradientDescent("Target", "Features", GeneratedLoss.ForRegression<float>(LinearLosses.SquaredWithGradient), learningRate: 0.05f, numberOfIterations: 5).Fit(data);

        var (expectedWeights, expectedBias) = Weights(reference.Model);
        var (weights, bias) = Weights(generated.Model);
        Assert.Equal(expectedWeights, weights);
        Assert.Equal(expectedBias, bias);
        // It learned the slope of the first feature.
        Assert.InRange(weights[0], 1.0f, 2.0f);
    }

    [Fact]
    public void AveragedPerceptronWithTheGeneratedHingeMatchesHingeLoss()
    {
        var ml = new MLContext(seed: 5);
        IDataView data = Data(ml);
        var reference = ml.BinaryClassification.Trainers.AveragedPerceptron("Label", "Features", new HingeLoss(), numberOfIterations: 5).Fit(data);
        var generated = ml.BinaryClassification.Trainers.AveragedPerceptron("Label", "Features", GeneratedLoss.ForClassification<float>(LinearLosses.HingeWithGradient), numberOfIterations: 5).Fit(data);

        var (expectedWeights, expectedBias) = Weights(reference.Model);
        var (weights, bias) = Weights(generated.Model);
        Assert.Equal(expectedWeights, weights);
        Assert.Equal(expectedBias, bias);
        Assert.True(weights[0] > 0);
    }

    [Fact]
    public void SgdNonCalibratedWithTheGeneratedHingeMatchesHingeLoss()
    {
        var options = (IClassificationLoss loss) => new SgdNonCalibratedTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            LossFunction = loss,
            NumberOfIterations = 5,
            NumberOfThreads = 1,
            Shuffle = false,
        };
        var ml = new MLContext(seed: 7);
        IDataView data = Data(ml);
        var reference = ml.BinaryClassification.Trainers.SgdNonCalibrated(options(new HingeLoss())).Fit(data);
        var generated = ml.BinaryClassification.Trainers.SgdNonCalibrated(options(GeneratedLoss.ForClassification<float>(LinearLosses.HingeWithGradient))).Fit(data);
        var (expectedWeights, expectedBias) = Weights(reference.Model);
        var (weights, bias) = Weights(generated.Model);
        Assert.Equal(expectedWeights, weights);
        Assert.Equal(expectedBias, bias);
    }

    [Theory]
    [InlineData(0.3f, 0f)]
    [InlineData(-2f, 1f)]
    [InlineData(1f, 1f)]
    [InlineData(0.999f, 1f)]
    [InlineData(-1f, 0f)]
    [InlineData(4f, 0f)]
    public void ScalarValuesMatchMlNetsLosses(float output, float label)
    {
        IClassificationLoss hinge = GeneratedLoss.ForClassification<float>(LinearLosses.HingeWithGradient);
        Assert.Equal(new HingeLoss().Loss(output, label), hinge.Loss(output, label), 6);
        Assert.Equal(new HingeLoss().Derivative(output, label), hinge.Derivative(output, label));

        IRegressionLoss squared = GeneratedLoss.ForRegression<float>(LinearLosses.SquaredWithGradient);
        Assert.Equal(new SquaredLoss().Loss(output, label), squared.Loss(output, label), 6);
        Assert.Equal(new SquaredLoss().Derivative(output, label), squared.Derivative(output, label));

        IClassificationLoss logistic = GeneratedLoss.ForClassification<double>(LinearLosses.LogisticWithGradient);
        // ML.NET's LogLoss computes in float with its own fast log and exp: agreement to its ~1e-6 relative error.
        double expectedLoss = new LogLoss().Loss(output, label), expectedDerivative = new LogLoss().Derivative(output, label);
        Assert.True(Math.Abs(logistic.Loss(output, label) - expectedLoss) <= 1e-5 * Math.Max(1, expectedLoss), $"log loss {logistic.Loss(output, label)} vs {expectedLoss}");
        Assert.True(Math.Abs(logistic.Derivative(output, label) - expectedDerivative) <= 1e-5, $"derivative {logistic.Derivative(output, label)} vs {expectedDerivative}");
    }

    [Fact]
    public void NullLossIsRejected()
    {
        Assert.Equal("lossWithGradient", Assert.Throws<ArgumentNullException>(() => GeneratedLoss.ForRegression<float>(null!)).ParamName);
    }
}
