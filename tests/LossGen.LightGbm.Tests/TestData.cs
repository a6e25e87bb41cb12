using System.Numerics.Tensors;

namespace LossGen.LightGbm.Tests;

/// <summary>Small deterministic tabular data sets: features in [-1, 1], targets from a smooth function plus noise.</summary>
internal sealed class TestData
{
    public required float[] Features { get; init; }
    public required int Rows { get; init; }
    public required int Columns { get; init; }
    public required float[] Labels { get; init; }

    public ReadOnlyTensorSpan<float> Tensor => new(Features, [Rows, Columns]);

    public enum Kind { Regression, Binary, Probability, Counts, Positive, Multiclass }

    public static TestData Create(Kind kind, int rows = 400, int columns = 5, int classes = 3, int seed = 1)
    {
        var random = new Random(seed);
        var features = new float[rows * columns];
        var labels = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++) features[i * columns + j] = (float)(random.NextDouble() * 2 - 1);
            double x0 = features[i * columns], x1 = features[i * columns + 1], x2 = features[i * columns + 2];
            double signal = 1.5 * x0 - x1 * x1 + 0.8 * Math.Sin(3 * x2);
            double noise = random.NextDouble() - 0.5;
            labels[i] = kind switch
            {
                Kind.Regression => (float)(signal + 0.3 * noise),
                Kind.Binary => signal + noise > 0 ? 1 : 0,
                Kind.Probability => (float)(1 / (1 + Math.Exp(-2 * signal)) * 0.9 + 0.05 * (noise + 0.5)),
                Kind.Counts => Poisson(random, Math.Exp(0.7 * signal)),
                Kind.Positive => (float)(Math.Exp(0.5 * signal) * (0.5 + random.NextDouble())),
                Kind.Multiclass => Math.Clamp((int)Math.Floor((signal + noise + 2) / 4 * classes), 0, classes - 1),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
        }
        return new TestData { Features = features, Rows = rows, Columns = columns, Labels = labels };
    }

    private static float Poisson(Random random, double mean)
    {
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int count = 0;
        while (product > limit) { product *= random.NextDouble(); count++; }
        return count;
    }

    public LightGbmDataset ToDataset(float[]? weights = null, LightGbmDataset? reference = null, string parameters = "") =>
        LightGbmDataset.Create(Tensor, Labels, weights, reference, parameters);
}
