namespace LossGen.Samples.Shared;

/// <summary>Features with real-valued targets.</summary>
public sealed record RegressionData(Matrix X, float[] Y);

/// <summary>Features with binary labels in {0, 1}, stored as floats (the losses take them as a target span).</summary>
public sealed record BinaryData(Matrix X, float[] Y)
{
    public int Positives => Y.Count(y => y == 1);
}

/// <summary>Features with class labels in [0, Classes).</summary>
public sealed record ClassificationData(Matrix X, int[] Labels, int Classes);

/// <summary>Features with both a regression target and a class label.</summary>
public sealed record MultiTaskData(Matrix X, float[] Y, int[] Labels, int Classes);

/// <summary>
/// Synthetic, seeded data sets. Each generator draws the fixed "world" (class centres, coefficients) from
/// <c>worldSeed</c>, so train and test splits drawn with different <c>rng</c>s come from the same distribution.
/// </summary>
public static class Datasets
{
    /// <summary>
    /// Hourly compute demand (in cores) of a service: daily cycle, weekday bump, active users, batch jobs, and
    /// Gaussian noise whose spread grows with load (heteroscedastic). Features: sin/cos of the hour, weekday flag,
    /// active-user index in [0, 1], batch-job flag.
    /// </summary>
    public static RegressionData ResourceDemand(Rng rng, int n)
    {
        var x = new Matrix(n, 5);
        float[] y = new float[n];
        for (int i = 0; i < n; i++)
        {
            int hour = rng.NextInt(24);
            float s = MathF.Sin(2 * MathF.PI * hour / 24), c = MathF.Cos(2 * MathF.PI * hour / 24);
            float weekday = rng.Bernoulli(5.0 / 7) ? 1 : 0;
            float users = (float)rng.NextDouble();
            float batch = rng.Bernoulli(0.2) ? 1 : 0;
            float mean = 40 + 12 * s + 6 * c + 10 * weekday + 30 * users + 15 * batch;
            float noiseStd = 2 + 10 * users;
            (x[i, 0], x[i, 1], x[i, 2], x[i, 3], x[i, 4]) = (s, c, weekday, users, batch);
            y[i] = mean + rng.Gaussian(0, noiseStd);
        }
        return new RegressionData(x, y);
    }

    /// <summary>
    /// Fraud-like transactions: exactly <paramref name="positiveRate"/> of the rows are positive. Negatives are
    /// standard normal; frauds come in two patterns (say, one large purchase at an odd hour, or a burst of small
    /// ones from a new device), each a shifted blob that overlaps the negatives. No single direction separates
    /// both patterns, so a hidden layer helps.
    /// </summary>
    public static BinaryData Fraud(Rng rng, int n, double positiveRate, int features = 8)
    {
        float[][] patterns = FraudPatterns;
        var x = new Matrix(n, features);
        float[] y = new float[n];
        int positives = (int)Math.Round(n * positiveRate);
        int[] order = rng.Permutation(n);
        for (int r = 0; r < n; r++)
        {
            int i = order[r];
            bool positive = r < positives;
            y[i] = positive ? 1 : 0;
            float[] shift = positive ? patterns[rng.NextInt(patterns.Length)] : [];
            for (int j = 0; j < features; j++) x[i, j] = rng.Gaussian(j < shift.Length ? shift[j] : 0, 1);
        }
        return new BinaryData(x, y);
    }

    private static readonly float[][] FraudPatterns =
    [
        [2.0f, 1.5f, 0f, 0f, 0.5f],
        [-1.0f, 0f, 2.0f, 1.5f, 0.5f],
    ];

    /// <summary>
    /// The Bayes-optimal fraud score of <see cref="Fraud"/>: the likelihood ratio p(x | fraud) / p(x | legit), known
    /// here because we generated the data. No model can rank better; it bounds the achievable PR-AUC.
    /// </summary>
    public static float[] FraudLikelihoodRatio(Matrix x)
    {
        float[] score = new float[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            double ratio = 0;
            foreach (float[] mu in FraudPatterns)
            {
                double dot = 0, norm2 = 0;
                for (int j = 0; j < mu.Length; j++) { dot += mu[j] * x[i, j]; norm2 += mu[j] * mu[j]; }
                ratio += Math.Exp(dot - norm2 / 2) / FraudPatterns.Length;
            }
            score[i] = (float)ratio;
        }
        return score;
    }

    /// <summary>
    /// A mixture of Gaussians with several clusters per class, placed at random: a class is a union of blobs, so
    /// a linear classifier cannot separate the classes well and a hidden layer helps.
    /// </summary>
    public static ClassificationData ClusteredClasses(ulong worldSeed, Rng rng, int n, int classes, int clustersPerClass,
        int features, float centreSpread, float noise, double labelNoise = 0)
    {
        var world = new Rng(worldSeed);
        var centres = new Matrix(classes * clustersPerClass, features);
        for (int i = 0; i < centres.Data.Length; i++) centres.Data[i] = world.Gaussian(0, centreSpread);

        var x = new Matrix(n, features);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int cls = rng.NextInt(classes), cluster = cls * clustersPerClass + rng.NextInt(clustersPerClass);
            for (int j = 0; j < features; j++) x[i, j] = centres[cluster, j] + rng.Gaussian(0, noise);
            labels[i] = labelNoise > 0 && rng.Bernoulli(labelNoise) ? rng.NextInt(classes) : cls;
        }
        return new ClassificationData(x, labels, classes);
    }

    /// <summary>
    /// Identities for retrieval: the class lives in a few informative features, with small within-class spread,
    /// while most features are loud nuisance noise shared by all classes. Raw Euclidean distance is dominated by
    /// the nuisance; a good linear embedding keeps the informative directions and drops the rest.
    /// </summary>
    public static ClassificationData Identities(ulong worldSeed, Rng rng, int n, int classes, int informative, int nuisance)
    {
        var world = new Rng(worldSeed);
        var centres = new Matrix(classes, informative);
        for (int i = 0; i < centres.Data.Length; i++) centres.Data[i] = world.Gaussian(0, 1);
        // Mix informative and nuisance coordinates with a fixed random rotation, so no single feature is clean.
        Matrix rotation = RandomRotation(world, informative + nuisance);

        int d = informative + nuisance;
        var x = new Matrix(n, d);
        int[] labels = new int[n];
        float[] raw = new float[d];
        for (int i = 0; i < n; i++)
        {
            int cls = rng.NextInt(classes);
            for (int j = 0; j < informative; j++) raw[j] = centres[cls, j] + rng.Gaussian(0, 0.35f);
            for (int j = informative; j < d; j++) raw[j] = rng.Gaussian(0, 1.5f);
            Span<float> row = x.Row(i);
            for (int j = 0; j < d; j++)
                row[j] = System.Numerics.Tensors.TensorPrimitives.Dot(rotation.Row(j), raw);
            labels[i] = cls;
        }
        return new ClassificationData(x, labels, classes);
    }

    /// <summary>
    /// Two tasks on the same inputs: a smooth regression target driven by features 0–2 and a class label driven by
    /// features 3–6. A narrow shared trunk cannot represent both perfectly, so the loss weights decide which task
    /// the trunk serves.
    /// </summary>
    public static MultiTaskData TwoTasks(Rng rng, int n, int features = 10, int classes = 4)
    {
        var x = new Matrix(n, features);
        float[] y = new float[n];
        int[] labels = new int[n];
        Span<float> score = stackalloc float[classes];
        for (int i = 0; i < n; i++)
        {
            Span<float> row = x.Row(i);
            for (int j = 0; j < features; j++) row[j] = rng.Gaussian(0, 1);
            y[i] = 1.5f * MathF.Tanh(row[0] + row[1]) - 0.8f * row[2] + rng.Gaussian(0, 0.1f);
            score[0] = 1.5f * row[3];
            score[1] = 1.5f * row[4];
            score[2] = 1.5f * row[5];
            score[3] = 1.5f * row[6];
            for (int k = 0; k < classes; k++) score[k] += rng.Gaussian(0, 0.3f);
            labels[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(score);
        }
        return new MultiTaskData(x, y, labels, classes);
    }

    /// <summary>A uniformly random rotation (Gram–Schmidt on a Gaussian matrix).</summary>
    public static Matrix RandomRotation(Rng rng, int d)
    {
        var q = new Matrix(d, d);
        for (int i = 0; i < q.Data.Length; i++) q.Data[i] = (float)rng.Gaussian();
        for (int i = 0; i < d; i++)
        {
            Span<float> qi = q.Row(i);
            for (int j = 0; j < i; j++)
            {
                float dot = System.Numerics.Tensors.TensorPrimitives.Dot<float>(qi, q.Row(j));
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<float>(q.Row(j), -dot, qi, qi);
            }
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm<float>(qi);
            System.Numerics.Tensors.TensorPrimitives.Divide<float>(qi, norm, qi);
        }
        return q;
    }

    /// <summary>Standardizes every column to zero mean and unit variance, using the statistics of <paramref name="fit"/>.</summary>
    public static void Standardize(Matrix fit, params Matrix[] others)
    {
        int d = fit.Cols;
        double[] mean = new double[d], var = new double[d];
        for (int i = 0; i < fit.Rows; i++)
            for (int j = 0; j < d; j++) mean[j] += fit[i, j];
        for (int j = 0; j < d; j++) mean[j] /= fit.Rows;
        for (int i = 0; i < fit.Rows; i++)
            for (int j = 0; j < d; j++) var[j] += (fit[i, j] - mean[j]) * (fit[i, j] - mean[j]);
        foreach (Matrix m in others.Prepend(fit))
            for (int i = 0; i < m.Rows; i++)
                for (int j = 0; j < d; j++)
                    m[i, j] = (float)((m[i, j] - mean[j]) / Math.Sqrt(var[j] / fit.Rows + 1e-12));
    }
}
