using LossGen.Tests.Oracle;

namespace LossGen.Tests.Catalogue;

/// <summary>
/// Plain double-precision loops written from the PyTorch / Keras / TensorFlow Addons definitions (not from the
/// catalogue formulas): the expected loss and per-sample values for synthetic cases.
/// </summary>
internal static class CatalogueReference
{
    public readonly record struct Result(double Loss, double[]? PerSample);

    public static readonly Dictionary<string, Func<OracleCase, Result>> Loss = new()
    {
        // ---- regression
        ["Mse"] = c => Mean(c, "y", (y, i) => Sq(V(c, "yhat")[i] - y[i])),
        ["Mae"] = c => Mean(c, "y", (y, i) => Math.Abs(V(c, "yhat")[i] - y[i])),
        ["Huber"] = c => Mean(c, "y", (y, i) =>
        {
            double delta = S(c, "delta", 1), d = V(c, "yhat")[i] - y[i];
            return Math.Abs(d) < delta ? 0.5 * d * d : delta * (Math.Abs(d) - 0.5 * delta);
        }),
        ["SmoothL1"] = c => Mean(c, "y", (y, i) =>
        {
            double beta = S(c, "beta", 1), d = Math.Abs(V(c, "yhat")[i] - y[i]);
            return d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
        }),
        ["LogCosh"] = c => Mean(c, "y", (y, i) => Math.Log(Math.Cosh(V(c, "yhat")[i] - y[i]))),
        ["Quantile"] = c => Mean(c, "y", (y, i) =>
        {
            double q = S(c, "q", 0.5), d = y[i] - V(c, "yhat")[i];
            return d >= 0 ? q * d : (q - 1) * d;
        }),
        ["PoissonNll"] = c => Mean(c, "count", (k, i) => Math.Exp(V(c, "logRate")[i]) - k[i] * V(c, "logRate")[i]),
        ["GaussianNll"] = c => Mean(c, "y", (y, i) =>
        {
            double v = Math.Max(V(c, "var")[i], S(c, "eps", 1e-6)), d = V(c, "mu")[i] - y[i];
            return 0.5 * (Math.Log(v) + d * d / v);
        }),

        // ---- binary
        ["BinaryCrossEntropy"] = c => Mean(c, "y", (y, i) =>
        {
            double p = V(c, "p")[i];
            return -(y[i] * Math.Max(Math.Log(p), -100) + (1 - y[i]) * Math.Max(Math.Log(1 - p), -100));
        }),
        ["BinaryCrossEntropyWithLogits"] = c => Mean(c, "y", (y, i) =>
        {
            double z = V(c, "z")[i], sig = 1 / (1 + Math.Exp(-z));
            return -(S(c, "posWeight", 1) * y[i] * Math.Log(sig) + (1 - y[i]) * Math.Log(1 - sig));
        }),
        ["SigmoidFocal"] = c => Mean(c, "y", (y, i) =>
        {
            // torchvision.ops.sigmoid_focal_loss, line by line.
            double alpha = S(c, "alpha", 0.25), gamma = S(c, "gamma", 2), z = V(c, "z")[i];
            double p = 1 / (1 + Math.Exp(-z));
            double ce = -(y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p));
            double pt = p * y[i] + (1 - p) * (1 - y[i]);
            double loss = ce * Math.Pow(1 - pt, gamma);
            if (alpha >= 0) loss *= alpha * y[i] + (1 - alpha) * (1 - y[i]);
            return loss;
        }),
        ["SoftMargin"] = c => Mean(c, "y", (y, i) => Math.Log(1 + Math.Exp(-y[i] * V(c, "s")[i]))),
        ["Hinge"] = c => Mean(c, "y", (y, i) => Math.Max(0, 1 - y[i] * V(c, "s")[i])),
        ["SquaredHinge"] = c => Mean(c, "y", (y, i) => Sq(Math.Max(0, 1 - y[i] * V(c, "s")[i]))),

        // ---- multi-class
        ["CrossEntropy"] = c => WeightedCrossEntropy(c, weighted: false, ignore: null),
        ["CrossEntropyWeighted"] = c => WeightedCrossEntropy(c, weighted: true, ignore: I(c, "ignoreIndex", -100)),
        ["MaskedCrossEntropy"] = c => WeightedCrossEntropy(c, weighted: false, ignore: I(c, "ignoreIndex", 0)),
        ["SoftCrossEntropy"] = c => SoftCrossEntropy(c, weighted: false),
        ["SoftCrossEntropyWeighted"] = c => SoftCrossEntropy(c, weighted: true),
        ["CategoricalCrossEntropy"] = c => Rows(c, "p", (row, i) =>
        {
            double[] y = Row(c, "y", i);
            return -Enumerable.Range(0, row.Length).Sum(j => y[j] * Math.Max(Math.Log(row[j]), -100));
        }),
        ["Nll"] = c => Rows(c, "logp", (row, i) => -row[L(c, "t")[i]]),
        ["NllWeighted"] = c =>
        {
            int[] t = L(c, "t");
            double[] w = V(c, "w");
            int ignore = I(c, "ignoreIndex", -100);
            double num = 0, den = 0;
            for (int i = 0; i < t.Length; i++)
            {
                if (t[i] == ignore) continue;
                num -= w[t[i]] * Row(c, "logp", i)[t[i]];
                den += w[t[i]];
            }
            return new Result(num / den, null);
        },
        ["KlDiv"] = c => Rows(c, "logp", (logp, i) =>
        {
            double[] q = Row(c, "q", i);
            return Enumerable.Range(0, q.Length).Sum(j => q[j] > 0 ? q[j] * (Math.Log(q[j]) - logp[j]) : 0);
        }),
        ["MultiMargin"] = c => Rows(c, "z", (z, i) =>
        {
            int t = L(c, "t")[i], p = I(c, "p", 1);
            double margin = S(c, "margin", 1), sum = 0;
            for (int j = 0; j < z.Length; j++)
                if (j != t) sum += Math.Pow(Math.Max(0, margin - z[t] + z[j]), p);
            return sum / z.Length;
        }),
        ["Focal"] = c => Rows(c, "z", (z, i) =>
        {
            double pt = Softmax(z)[L(c, "t")[i]];
            return -S(c, "alpha", 0.25) * Math.Pow(1 - pt, S(c, "gamma", 2)) * Math.Log(pt);
        }),
        ["CategoricalHinge"] = c => Rows(c, "s", (s, i) =>
        {
            // keras.losses.categorical_hinge: pos = sum(y * s), neg = max((1 - y) * s), max(neg - pos + 1, 0).
            double[] y = Row(c, "y", i);
            double pos = Enumerable.Range(0, s.Length).Sum(j => y[j] * s[j]);
            double neg = Enumerable.Range(0, s.Length).Max(j => (1 - y[j]) * s[j]);
            return Math.Max(0, neg - pos + 1);
        }),
        ["Poly1CrossEntropy"] = c => Rows(c, "z", (z, i) =>
        {
            double pt = Softmax(z)[L(c, "t")[i]];
            return -Math.Log(pt) + S(c, "epsilon", 1) * (1 - pt);
        }),

        // ---- multi-label
        ["MultiLabelSoftMargin"] = c => MultiLabelSoftMargin(c, weighted: false),
        ["MultiLabelSoftMarginWeighted"] = c => MultiLabelSoftMargin(c, weighted: true),
        ["Dice"] = c => Rows(c, "p", (p, i) =>
        {
            double[] y = Row(c, "y", i);
            double s = S(c, "smooth", 1), inter = 0, sy = 0, sp = 0;
            for (int j = 0; j < p.Length; j++) { inter += y[j] * p[j]; sy += y[j]; sp += p[j]; }
            return 1 - (2 * inter + s) / (sy + sp + s);
        }),
        ["Tversky"] = c => Rows(c, "p", (p, i) =>
        {
            double[] y = Row(c, "y", i);
            double s = S(c, "smooth", 1), tp = 0, fp = 0, fn = 0;
            for (int j = 0; j < p.Length; j++) { tp += y[j] * p[j]; fp += (1 - y[j]) * p[j]; fn += y[j] * (1 - p[j]); }
            return 1 - (tp + s) / (tp + S(c, "alpha", 0.5) * fp + S(c, "beta", 0.5) * fn + s);
        }),

        // ---- ranking
        ["MarginRanking"] = c => Mean(c, "y", (y, i) => Math.Max(0, -y[i] * (V(c, "s1")[i] - V(c, "s2")[i]) + S(c, "margin", 0))),
        ["HingeEmbedding"] = c => Mean(c, "y", (y, i) =>
        {
            // PyTorch's hinge_embedding_loss: where(y != 1, clamp_min(margin - s, 0), 0) + where(y != -1, s, 0).
            double s = V(c, "s")[i];
            return (y[i] != 1 ? Math.Max(0, S(c, "margin", 1) - s) : 0) + (y[i] != -1 ? s : 0);
        }),
        ["CosineEmbedding"] = c => Rows(c, "x1", (x1, i) =>
        {
            double[] x2 = Row(c, "x2", i);
            double y = V(c, "y")[i];
            double dot = 0, m1 = 1e-12, m2 = 1e-12;
            for (int j = 0; j < x1.Length; j++) { dot += x1[j] * x2[j]; m1 += x1[j] * x1[j]; m2 += x2[j] * x2[j]; }
            double cos = dot / Math.Sqrt(m1 * m2);
            return y == 1 ? 1 - cos : y == -1 ? Math.Max(0, cos - S(c, "margin", 0)) : 0;
        }),
        ["TripletMargin"] = c => Rows(c, "a", (a, i) =>
        {
            double eps = S(c, "eps", 1e-6);
            double[] p = Row(c, "p", i), n = Row(c, "n", i);
            double dap = Distance(a, p, eps), dan = Distance(a, n, eps);
            if (I(c, "swap", 0) != 0) dan = Math.Min(dan, Distance(p, n, eps));
            return Math.Max(0, dap - dan + S(c, "margin", 1));
        }),
        ["Contrastive"] = c => Rows(c, "x1", (x1, i) =>
        {
            double d = Distance(x1, Row(c, "x2", i), 0), y = V(c, "y")[i];
            return y * d * d + (1 - y) * Sq(Math.Max(0, S(c, "margin", 1) - d));
        }),
    };

    private static Result WeightedCrossEntropy(OracleCase c, bool weighted, int? ignore)
    {
        // PyTorch's cross_entropy with weight, ignore_index and label_smoothing (aten cross_entropy_loss_label_smoothing):
        // (1 - eps) * nll_loss(lsm, t, weight, ignore_index) + eps / C * sum_i(mask_i * -sum_c w_c lsm[i, c]) / sum_i(mask_i * w[t_i]).
        int[] t = L(c, "t");
        int classes = c.Inputs["z"].Shape[1];
        double[] w = weighted ? V(c, "w") : Enumerable.Repeat(1.0, classes).ToArray();
        double eps = S(c, "labelSmoothing", 0);
        double nll = 0, smooth = 0, den = 0;
        var perSample = new double[t.Length];
        for (int i = 0; i < t.Length; i++)
        {
            if (ignore == t[i]) continue;
            double[] lsm = LogSoftmax(Row(c, "z", i));
            double rowSmooth = -Enumerable.Range(0, classes).Sum(j => w[j] * lsm[j]);
            nll += -w[t[i]] * lsm[t[i]];
            smooth += rowSmooth;
            den += w[t[i]];
            perSample[i] = (1 - eps) * -w[t[i]] * lsm[t[i]] + eps / classes * rowSmooth;
        }
        return new Result((1 - eps) * nll / den + eps / classes * smooth / den, weighted || ignore is not null ? null : perSample);
    }

    private static Result SoftCrossEntropy(OracleCase c, bool weighted)
    {
        int classes = c.Inputs["z"].Shape[1];
        double[] w = weighted ? V(c, "w") : Enumerable.Repeat(1.0, classes).ToArray();
        double eps = S(c, "labelSmoothing", 0);
        return Rows(c, "z", (z, i) =>
        {
            double[] y = Row(c, "y", i), lsm = LogSoftmax(z);
            return -Enumerable.Range(0, classes).Sum(j => w[j] * ((1 - eps) * y[j] + eps / classes) * lsm[j]);
        });
    }

    private static Result MultiLabelSoftMargin(OracleCase c, bool weighted)
    {
        int labels = c.Inputs["z"].Shape[1];
        double[] w = weighted ? V(c, "w") : Enumerable.Repeat(1.0, labels).ToArray();
        return Rows(c, "z", (z, i) =>
        {
            double[] y = Row(c, "y", i);
            double sum = 0;
            for (int j = 0; j < labels; j++)
            {
                double sig = 1 / (1 + Math.Exp(-z[j]));
                sum += -w[j] * (y[j] * Math.Log(sig) + (1 - y[j]) * Math.Log(1 - sig));
            }
            return sum / labels;
        });
    }

    // ---- helpers

    private static double Sq(double x) => x * x;

    private static double Distance(double[] x, double[] y, double eps) => Math.Sqrt(x.Zip(y, (a, b) => Sq(a - b + eps)).Sum());

    private static double[] LogSoftmax(double[] z)
    {
        double m = z.Max();
        double lse = m + Math.Log(z.Sum(v => Math.Exp(v - m)));
        return z.Select(v => v - lse).ToArray();
    }

    private static double[] Softmax(double[] z) => LogSoftmax(z).Select(Math.Exp).ToArray();

    public static double[] V(OracleCase c, string name) => c.Inputs[name].Data;

    public static int[] L(OracleCase c, string name) => c.Labels[name];

    public static double S(OracleCase c, string name, double fallback) => c.Scalars.TryGetValue(name, out double v) ? v : fallback;

    public static int I(OracleCase c, string name, int fallback) => c.Scalars.TryGetValue(name, out double v) ? (int)v : fallback;

    public static double[] Row(OracleCase c, string name, int i)
    {
        (int[] shape, double[] data) = c.Inputs[name];
        return data.AsSpan(i * shape[1], shape[1]).ToArray();
    }

    /// <summary>Mean over the elements of a rank-1 input of a per-element term; the terms are the per-sample losses.</summary>
    private static Result Mean(OracleCase c, string name, Func<double[], int, double> term)
    {
        double[] x = V(c, name);
        double[] terms = Enumerable.Range(0, x.Length).Select(i => term(x, i)).ToArray();
        return new Result(terms.Average(), terms);
    }

    /// <summary>Mean over the rows of a rank-2 input of a per-row term; the terms are the per-sample losses.</summary>
    private static Result Rows(OracleCase c, string name, Func<double[], int, double> term)
    {
        int rows = c.Inputs[name].Shape[0];
        double[] terms = Enumerable.Range(0, rows).Select(i => term(Row(c, name, i), i)).ToArray();
        return new Result(terms.Average(), terms);
    }
}
