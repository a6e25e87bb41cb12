using System.Numerics.Tensors;

namespace LossGen.Samples.Shared;

/// <summary>Evaluation metrics. These only measure models; no gradient is computed here.</summary>
public static class Metrics
{
    public static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    public static float[] Sigmoid(ReadOnlySpan<float> z)
    {
        float[] p = new float[z.Length];
        TensorPrimitives.Sigmoid(z, p);
        return p;
    }

    /// <summary>Row-wise softmax of <paramref name="logits"/> / <paramref name="temperature"/>.</summary>
    public static Matrix Softmax(Matrix logits, float temperature = 1f)
    {
        var p = new Matrix(logits.Rows, logits.Cols);
        for (int i = 0; i < logits.Rows; i++)
        {
            Span<float> row = p.Row(i);
            TensorPrimitives.Divide(logits.Row(i), temperature, row);
            TensorPrimitives.SoftMax(row, row);
        }
        return p;
    }

    public static int[] ArgMax(Matrix scores)
    {
        int[] k = new int[scores.Rows];
        for (int i = 0; i < scores.Rows; i++) k[i] = TensorPrimitives.IndexOfMax<float>(scores.Row(i));
        return k;
    }

    public static double Accuracy(Matrix scores, ReadOnlySpan<int> labels)
    {
        int[] predicted = ArgMax(scores);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
        return (double)correct / labels.Length;
    }

    public static double Rmse(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)(yhat[i] - y[i]) * (yhat[i] - y[i]);
        return Math.Sqrt(s / y.Length);
    }

    /// <summary>Counts at a decision threshold, for labels in {0, 1}.</summary>
    public readonly record struct Confusion(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
    {
        public int Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;
        public double Accuracy => (double)(TruePositives + TrueNegatives) / Total;
        public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
        /// <summary>Precision; 0 when nothing is predicted positive (and so nothing is found).</summary>
        public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    public static Confusion Confuse(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, float threshold)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool predicted = scores[i] >= threshold, actual = labels[i] == 1;
            if (predicted && actual) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
            else tn++;
        }
        return new Confusion(tp, fp, fn, tn);
    }

    /// <summary>
    /// Area under the precision–recall curve as average precision: AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct score
    /// thresholds, highest first (scikit-learn's <c>average_precision_score</c>: a step function, no interpolation;
    /// tied scores enter together, so the order of ties cannot flatter the model). A random ranking scores the
    /// prevalence.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        int n = scores.Length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        float[] keys = scores.ToArray();
        Array.Sort(keys, order, Comparer<float>.Create((a, b) => b.CompareTo(a)));
        int positives = 0;
        foreach (float y in labels) if (y == 1) positives++;
        if (positives == 0) return 0;

        double ap = 0, previousRecall = 0;
        int tp = 0, seen = 0;
        while (seen < n)
        {
            float threshold = keys[seen];
            while (seen < n && keys[seen] == threshold)
            {
                if (labels[order[seen]] == 1) tp++;
                seen++;
            }
            double recall = (double)tp / positives, precision = (double)tp / seen;
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }
        return ap;
    }

    /// <summary>
    /// Expected calibration error of the top-class confidence over <paramref name="bins"/> equal-width bins:
    /// Σ_b (|B_b| / n) · |accuracy(B_b) − mean confidence(B_b)|.
    /// </summary>
    public static double ExpectedCalibrationError(Matrix probabilities, ReadOnlySpan<int> labels, int bins)
    {
        var count = new int[bins];
        var correct = new double[bins];
        var confidence = new double[bins];
        for (int i = 0; i < probabilities.Rows; i++)
        {
            ReadOnlySpan<float> row = probabilities.Row(i);
            int k = TensorPrimitives.IndexOfMax(row);
            float c = row[k];
            int b = Math.Min((int)(c * bins), bins - 1);
            count[b]++;
            confidence[b] += c;
            if (k == labels[i]) correct[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++)
            if (count[b] > 0) ece += (double)count[b] / probabilities.Rows * Math.Abs(correct[b] / count[b] - confidence[b] / count[b]);
        return ece;
    }

    /// <summary>Mean top-class confidence.</summary>
    public static double MeanConfidence(Matrix probabilities)
    {
        double s = 0;
        for (int i = 0; i < probabilities.Rows; i++) s += TensorPrimitives.Max<float>(probabilities.Row(i));
        return s / probabilities.Rows;
    }

    /// <summary>Mean negative log-likelihood of the labels under row-wise probabilities.</summary>
    public static double NegativeLogLikelihood(Matrix probabilities, ReadOnlySpan<int> labels)
    {
        double s = 0;
        for (int i = 0; i < labels.Length; i++) s -= Math.Log(Math.Max(probabilities[i, labels[i]], 1e-30f));
        return s / labels.Length;
    }

    /// <summary>
    /// Retrieval by Euclidean nearest neighbours: for each query, the labels of its k closest gallery items.
    /// Returns top-1 accuracy and recall@k (at least one of the k neighbours shares the query's label).
    /// </summary>
    public static (double Top1, double RecallAtK) Retrieval(Matrix queries, ReadOnlySpan<int> queryLabels, Matrix gallery, ReadOnlySpan<int> galleryLabels, int k)
    {
        int top1 = 0, hitAtK = 0;
        var best = new (float Distance, int Label)[k];
        float[] diff = new float[queries.Cols];
        for (int q = 0; q < queries.Rows; q++)
        {
            best.AsSpan().Fill((float.PositiveInfinity, -1));
            ReadOnlySpan<float> query = queries.Row(q);
            for (int g = 0; g < gallery.Rows; g++)
            {
                TensorPrimitives.Subtract(query, gallery.Row(g), diff);
                float d = TensorPrimitives.Dot(diff, diff);
                if (d >= best[k - 1].Distance) continue;
                int j = k - 1;
                while (j > 0 && best[j - 1].Distance > d) { best[j] = best[j - 1]; j--; }
                best[j] = (d, galleryLabels[g]);
            }
            if (best[0].Label == queryLabels[q]) top1++;
            foreach (var (_, label) in best)
                if (label == queryLabels[q]) { hitAtK++; break; }
        }
        return ((double)top1 / queries.Rows, (double)hitAtK / queries.Rows);
    }
}
