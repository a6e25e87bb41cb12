using LossGen.Tests.Oracle;

namespace LossGen.Tests.Catalogue;

/// <summary>Builds a synthetic <see cref="OracleCase"/> (no reference values) from seeded random data.</summary>
/// <remarks>Every value is rounded to float, so that the float and double methods see exactly the same inputs.</remarks>
internal sealed class CaseBuilder(int seed, int rows)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, (int[] Shape, double[] Data)> _inputs = new();
    private readonly Dictionary<string, int[]> _labels = new();
    private readonly Dictionary<string, double> _scalars = new();

    public int Rows { get; } = rows;

    public static Func<Random, double> Normal(double scale) =>
        r => scale * Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    public static Func<Random, double> Uniform(double lo, double hi) => r => lo + (hi - lo) * r.NextDouble();

    public static readonly Func<Random, double> PlusMinusOne = r => r.Next(2) == 0 ? -1 : 1;

    public static readonly Func<Random, double> Bit = r => r.Next(2);

    public CaseBuilder Vector(string name, Func<Random, double> value) => Vector(name, Rows, value);

    public CaseBuilder Vector(string name, int length, Func<Random, double> value)
    {
        _inputs[name] = ([length], Enumerable.Range(0, length).Select(_ => F(value(_random))).ToArray());
        return this;
    }

    public CaseBuilder Matrix(string name, int cols, Func<Random, double> value)
    {
        _inputs[name] = ([Rows, cols], Enumerable.Range(0, Rows * cols).Select(_ => F(value(_random))).ToArray());
        return this;
    }

    /// <summary>Rows of positive values summing to (about) 1; <paramref name="zeros"/> entries per row set to exactly 0.</summary>
    public CaseBuilder Distribution(string name, int cols, int zeros = 0)
    {
        var data = new double[Rows * cols];
        for (int i = 0; i < Rows; i++)
        {
            double[] row = Enumerable.Range(0, cols).Select(_ => 0.05 + _random.NextDouble()).ToArray();
            for (int k = 0; k < zeros; k++) row[_random.Next(cols)] = 0;
            double sum = row.Sum();
            for (int j = 0; j < cols; j++) data[i * cols + j] = F(row[j] / sum);
        }
        _inputs[name] = ([Rows, cols], data);
        return this;
    }

    public CaseBuilder OneHot(string name, int cols)
    {
        var data = new double[Rows * cols];
        for (int i = 0; i < Rows; i++) data[i * cols + _random.Next(cols)] = 1;
        _inputs[name] = ([Rows, cols], data);
        return this;
    }

    /// <summary>Labels in [0, classes); <paramref name="force"/> is written into the first rows so that it occurs.</summary>
    public CaseBuilder Labels(string name, int classes, params int[] force)
    {
        int[] t = Enumerable.Range(0, Rows).Select(_ => _random.Next(classes)).ToArray();
        for (int k = 0; k < force.Length; k++) t[k] = force[k];
        _labels[name] = t;
        return this;
    }

    public CaseBuilder Scalar(string name, double value)
    {
        _scalars[name] = value;
        return this;
    }

    public OracleCase Build(string name) => new()
    {
        Name = name,
        Reference = "synthetic",
        Inputs = _inputs,
        Labels = _labels,
        Scalars = _scalars,
        Loss = double.NaN,
        Gradients = new(),
        PerSample = new double[Rows],
    };

    private static double F(double x) => (float)x;
}

/// <summary>One configuration of a catalogue method on synthetic data: the adapter key and how to build the inputs.</summary>
public sealed record SyntheticCase(string Name, string Key, Func<int, OracleCase> Make)
{
    public override string ToString() => Name;
}

/// <summary>Catalogue method ↔ torch-reference.json case, with the renames the catalogue's parameter names need.</summary>
public sealed record ParityRow(string Case, string Key, Func<OracleCase, OracleCase> Adapt)
{
    public string Name => $"{Case} -> {Key}";

    public override string ToString() => Name;
}

internal static class CatalogueCases
{
    private const int N = 23;   // rank-1 length: odd, longer than two SIMD vectors, so vector loops and scalar tails both run
    private const int R = 7;    // rows of rank-2 inputs
    private const int C = 5;    // columns (classes, labels, features): deliberately different from R

    private static SyntheticCase Case(string name, string key, int rows, Action<CaseBuilder> build) =>
        new(name, key, seed =>
        {
            var b = new CaseBuilder(seed * 7919 + name.Length * 31 + name[^1], rows);
            build(b);
            return b.Build(name);
        });

    private static readonly Func<Random, double> Z = CaseBuilder.Normal(1.5);

    /// <summary>Every catalogue method in at least one configuration, and every option in some configuration.</summary>
    public static readonly SyntheticCase[] All =
    [
        // regression
        Case("Mse", "Mse", N, b => b.Vector("y", Z).Vector("yhat", Z)),
        Case("Mae", "Mae", N, b => b.Vector("y", Z).Vector("yhat", Z)),
        Case("Huber(delta 0.7)", "Huber", N, b => b.Vector("y", Z).Vector("yhat", Z).Scalar("delta", 0.7)),
        Case("SmoothL1(beta 0.6)", "SmoothL1", N, b => b.Vector("y", Z).Vector("yhat", Z).Scalar("beta", 0.6)),
        Case("SmoothL1(beta 0)", "SmoothL1", N, b => b.Vector("y", Z).Vector("yhat", Z).Scalar("beta", 0)),
        Case("LogCosh", "LogCosh", N, b => b.Vector("y", CaseBuilder.Normal(3)).Vector("yhat", CaseBuilder.Normal(3))),
        Case("Quantile(q 0.3)", "Quantile", N, b => b.Vector("y", Z).Vector("yhat", Z).Scalar("q", 0.3)),
        Case("Quantile(q 0.9)", "Quantile", N, b => b.Vector("y", Z).Vector("yhat", Z).Scalar("q", 0.9)),
        Case("PoissonNll", "PoissonNll", N, b => b.Vector("count", r => r.Next(6)).Vector("logRate", CaseBuilder.Normal(0.7))),
        Case("GaussianNll", "GaussianNll", N, b => b.Vector("y", Z).Vector("mu", Z).Vector("var", CaseBuilder.Uniform(0.05, 2))),
        Case("GaussianNll(eps 0.3 clamps)", "GaussianNll", N, b => b.Vector("y", Z).Vector("mu", Z).Vector("var", CaseBuilder.Uniform(0.05, 1)).Scalar("eps", 0.3)),

        // binary
        Case("BinaryCrossEntropy", "BinaryCrossEntropy", N, b => b.Vector("y", CaseBuilder.Bit).Vector("p", CaseBuilder.Uniform(0.02, 0.98))),
        Case("BinaryCrossEntropy(soft targets)", "BinaryCrossEntropy", N, b => b.Vector("y", CaseBuilder.Uniform(0, 1)).Vector("p", CaseBuilder.Uniform(0.02, 0.98))),
        Case("BinaryCrossEntropyWithLogits", "BinaryCrossEntropyWithLogits", N, b => b.Vector("y", CaseBuilder.Bit).Vector("z", Z)),
        Case("BinaryCrossEntropyWithLogits(posWeight 2.5)", "BinaryCrossEntropyWithLogits", N, b => b.Vector("y", CaseBuilder.Bit).Vector("z", Z).Scalar("posWeight", 2.5)),
        Case("SigmoidFocal", "SigmoidFocal", N, b => b.Vector("y", CaseBuilder.Bit).Vector("z", Z)),
        Case("SigmoidFocal(alpha -1, gamma 1.5)", "SigmoidFocal", N, b => b.Vector("y", CaseBuilder.Bit).Vector("z", Z).Scalar("alpha", -1).Scalar("gamma", 1.5)),
        Case("SoftMargin", "SoftMargin", N, b => b.Vector("y", CaseBuilder.PlusMinusOne).Vector("s", Z)),
        Case("Hinge", "Hinge", N, b => b.Vector("y", CaseBuilder.PlusMinusOne).Vector("s", Z)),
        Case("SquaredHinge", "SquaredHinge", N, b => b.Vector("y", CaseBuilder.PlusMinusOne).Vector("s", Z)),

        // multi-class
        Case("CrossEntropy", "CrossEntropy", R, b => b.Matrix("z", C, Z).Labels("t", C)),
        Case("CrossEntropy(labelSmoothing 0.2)", "CrossEntropy", R, b => b.Matrix("z", C, Z).Labels("t", C).Scalar("labelSmoothing", 0.2)),
        Case("CrossEntropy(w)", "CrossEntropyWeighted", R, b => b.Matrix("z", C, Z).Vector("w", C, CaseBuilder.Uniform(0.2, 2)).Labels("t", C)),
        Case("CrossEntropy(w, ignoreIndex 2, labelSmoothing 0.15)", "CrossEntropyWeighted", R, b => b.Matrix("z", C, Z).Vector("w", C, CaseBuilder.Uniform(0.2, 2)).Labels("t", C, 2, 2).Scalar("ignoreIndex", 2).Scalar("labelSmoothing", 0.15)),
        Case("CrossEntropy(w, square 6x6, ignoreIndex 1, labelSmoothing 0.1)", "CrossEntropyWeighted", 6, b => b.Matrix("z", 6, Z).Vector("w", 6, CaseBuilder.Uniform(0.2, 2)).Labels("t", 6, 1).Scalar("ignoreIndex", 1).Scalar("labelSmoothing", 0.1)),
        Case("MaskedCrossEntropy(ignoreIndex 3)", "MaskedCrossEntropy", R, b => b.Matrix("z", C, Z).Labels("t", C, 3, 3).Scalar("ignoreIndex", 3)),
        Case("MaskedCrossEntropy(ignoreIndex 0, labelSmoothing 0.1)", "MaskedCrossEntropy", R, b => b.Matrix("z", C, Z).Labels("t", C, 0).Scalar("ignoreIndex", 0).Scalar("labelSmoothing", 0.1)),
        Case("SoftCrossEntropy", "SoftCrossEntropy", R, b => b.Distribution("y", C).Matrix("z", C, Z)),
        Case("SoftCrossEntropy(labelSmoothing 0.1)", "SoftCrossEntropy", R, b => b.Distribution("y", C).Matrix("z", C, Z).Scalar("labelSmoothing", 0.1)),
        Case("SoftCrossEntropy(w, labelSmoothing 0.1)", "SoftCrossEntropyWeighted", R, b => b.Distribution("y", C).Matrix("z", C, Z).Vector("w", C, CaseBuilder.Uniform(0.2, 2)).Scalar("labelSmoothing", 0.1)),
        Case("SoftCrossEntropy(w, square 6x6)", "SoftCrossEntropyWeighted", 6, b => b.Distribution("y", 6).Matrix("z", 6, Z).Vector("w", 6, CaseBuilder.Uniform(0.2, 2))),
        Case("CategoricalCrossEntropy", "CategoricalCrossEntropy", R, b => b.OneHot("y", C).Distribution("p", C)),
        Case("Nll", "Nll", R, b => b.Matrix("logp", C, CaseBuilder.Uniform(-4, -0.1)).Labels("t", C)),
        Case("Nll(w)", "NllWeighted", R, b => b.Matrix("logp", C, CaseBuilder.Uniform(-4, -0.1)).Vector("w", C, CaseBuilder.Uniform(0.2, 2)).Labels("t", C)),
        Case("Nll(w, ignoreIndex 1)", "NllWeighted", R, b => b.Matrix("logp", C, CaseBuilder.Uniform(-4, -0.1)).Vector("w", C, CaseBuilder.Uniform(0.2, 2)).Labels("t", C, 1).Scalar("ignoreIndex", 1)),
        Case("KlDiv(zeros in q)", "KlDiv", R, b => b.Matrix("logp", C, CaseBuilder.Uniform(-4, -0.1)).Distribution("q", C, zeros: 1)),
        Case("MultiMargin", "MultiMargin", R, b => b.Matrix("z", C, Z).Labels("t", C)),
        Case("MultiMargin(margin 0.5, p 2)", "MultiMargin", R, b => b.Matrix("z", C, Z).Labels("t", C).Scalar("margin", 0.5).Scalar("p", 2)),
        Case("Focal", "Focal", R, b => b.Matrix("z", C, Z).Labels("t", C)),
        Case("Focal(alpha 1, gamma 0.5)", "Focal", R, b => b.Matrix("z", C, Z).Labels("t", C).Scalar("alpha", 1).Scalar("gamma", 0.5)),
        Case("CategoricalHinge", "CategoricalHinge", R, b => b.OneHot("y", C).Matrix("s", C, Z)),
        Case("Poly1CrossEntropy", "Poly1CrossEntropy", R, b => b.Matrix("z", C, Z).Labels("t", C)),
        Case("Poly1CrossEntropy(epsilon 2)", "Poly1CrossEntropy", R, b => b.Matrix("z", C, Z).Labels("t", C).Scalar("epsilon", 2)),

        // multi-label
        Case("MultiLabelSoftMargin", "MultiLabelSoftMargin", R, b => b.Matrix("y", C, CaseBuilder.Bit).Matrix("z", C, Z)),
        Case("MultiLabelSoftMargin(w)", "MultiLabelSoftMarginWeighted", R, b => b.Matrix("y", C, CaseBuilder.Bit).Matrix("z", C, Z).Vector("w", C, CaseBuilder.Uniform(0.2, 2))),
        Case("MultiLabelSoftMargin(w, square 6x6)", "MultiLabelSoftMarginWeighted", 6, b => b.Matrix("y", 6, CaseBuilder.Bit).Matrix("z", 6, Z).Vector("w", 6, CaseBuilder.Uniform(0.2, 2))),
        Case("Dice", "Dice", R, b => b.Matrix("y", C, CaseBuilder.Bit).Matrix("p", C, CaseBuilder.Uniform(0.02, 0.98))),
        Case("Dice(smooth 0.001)", "Dice", R, b => b.Matrix("y", C, CaseBuilder.Bit).Matrix("p", C, CaseBuilder.Uniform(0.02, 0.98)).Scalar("smooth", 0.001)),
        Case("Tversky(alpha 0.3, beta 0.7)", "Tversky", R, b => b.Matrix("y", C, CaseBuilder.Bit).Matrix("p", C, CaseBuilder.Uniform(0.02, 0.98)).Scalar("alpha", 0.3).Scalar("beta", 0.7)),

        // ranking
        Case("MarginRanking(margin 0.3)", "MarginRanking", N, b => b.Vector("y", CaseBuilder.PlusMinusOne).Vector("s1", Z).Vector("s2", Z).Scalar("margin", 0.3)),
        Case("HingeEmbedding(margin 1.2)", "HingeEmbedding", N, b => b.Vector("y", CaseBuilder.PlusMinusOne).Vector("s", CaseBuilder.Uniform(0, 2)).Scalar("margin", 1.2)),
        Case("HingeEmbedding(y in {-1, 0, 1})", "HingeEmbedding", N, b => b.Vector("y", r => r.Next(3) - 1).Vector("s", CaseBuilder.Uniform(0, 2))),
        Case("CosineEmbedding(margin 0.1)", "CosineEmbedding", R, b => b.Matrix("x1", C, Z).Matrix("x2", C, Z).Vector("y", CaseBuilder.PlusMinusOne).Scalar("margin", 0.1)),
        Case("CosineEmbedding(y in {-1, 0, 1})", "CosineEmbedding", R, b => b.Matrix("x1", C, Z).Matrix("x2", C, Z).Vector("y", r => r.Next(3) - 1)),
        Case("TripletMargin", "TripletMargin", R, b => b.Matrix("a", C, Z).Matrix("p", C, Z).Matrix("n", C, Z)),
        Case("TripletMargin(swap, margin 2)", "TripletMargin", R, b => b.Matrix("a", C, Z).Matrix("p", C, Z).Matrix("n", C, Z).Scalar("swap", 1).Scalar("margin", 2)),
        Case("Contrastive(margin 3)", "Contrastive", R, b => b.Matrix("x1", C, Z).Matrix("x2", C, Z).Vector("y", CaseBuilder.Bit).Scalar("margin", 3)),
    ];

    public static SyntheticCase Get(string name) => All.Single(c => c.Name == name);

    // ---- torch-reference.json cases the catalogue covers

    /// <summary>The reference cases no catalogue method reproduces: they are formulas of the oracle, not standard losses.</summary>
    public static readonly string[] NotCovered = ["asymmetric_mae", "focal_probs", "multitask"];

    private static ParityRow Row(string @case, string key, Func<OracleCase, OracleCase>? adapt = null) => new(@case, key, adapt ?? (c => c));

    public static readonly ParityRow[] Parity =
    [
        Row("mse", "Mse"),
        Row("mae", "Mae"),
        Row("huber", "Huber"),
        Row("smooth_l1", "SmoothL1"),
        Row("bce", "BinaryCrossEntropy"),
        Row("bce_logits", "BinaryCrossEntropyWithLogits"),
        Row("bce_logits_pos_weight", "BinaryCrossEntropyWithLogits", c => Rename(c, "pos_weight", "posWeight")),
        Row("focal_logits", "SigmoidFocal"),
        Row("hinge", "Hinge"),
        Row("soft_margin", "SoftMargin"),
        Row("hinge_embedding", "HingeEmbedding"),
        Row("margin_ranking", "MarginRanking"),
        Row("poisson_nll", "PoissonNll"),
        Row("gaussian_nll", "GaussianNll"),
        Row("cce_probs", "CategoricalCrossEntropy"),
        Row("cce_logits", "SoftCrossEntropy"),
        Row("sparse_ce", "CrossEntropy"),
        Row("sparse_ce_weighted", "CrossEntropyWeighted"),
        Row("sparse_ce_label_smoothing", "CrossEntropy", c => Rename(c, "epsilon", "labelSmoothing")),
        Row("nll", "Nll"),
        Row("kl_div", "KlDiv"),
        Row("multi_margin", "MultiMargin"),
        Row("multilabel_soft_margin", "MultiLabelSoftMargin"),
        Row("triplet", "TripletMargin"),
        Row("cosine_embedding", "CosineEmbedding"),

        // The same reference values through the more general overloads, with the options that reduce them to the case.
        Row("sparse_ce", "CrossEntropyWeighted", c => WithOnes(c, "w", "z")),
        Row("sparse_ce_label_smoothing", "CrossEntropyWeighted", c => WithOnes(Rename(c, "epsilon", "labelSmoothing"), "w", "z")),
        Row("sparse_ce", "Poly1CrossEntropy", c => With(c, "epsilon", 0)),
        Row("sparse_ce", "Focal", c => With(With(c, "alpha", 1), "gamma", 0)),
        Row("nll", "NllWeighted", c => WithOnes(c, "w", "logp")),
        Row("cce_logits", "SoftCrossEntropyWeighted", c => WithOnes(c, "w", "z")),
        Row("multilabel_soft_margin", "MultiLabelSoftMarginWeighted", c => WithOnes(c, "w", "z")),
    ];

    private static OracleCase Rename(OracleCase c, string from, string to)
    {
        var scalars = new Dictionary<string, double>(c.Scalars);
        scalars[to] = scalars[from];
        scalars.Remove(from);
        return Copy(c, c.Inputs, scalars);
    }

    private static OracleCase With(OracleCase c, string name, double value)
    {
        var scalars = new Dictionary<string, double>(c.Scalars) { [name] = value };
        return Copy(c, c.Inputs, scalars);
    }

    /// <summary>Adds a weight vector of ones, one per column of <paramref name="like"/>.</summary>
    private static OracleCase WithOnes(OracleCase c, string name, string like)
    {
        var inputs = new Dictionary<string, (int[] Shape, double[] Data)>(c.Inputs)
        {
            [name] = ([c.Inputs[like].Shape[1]], Enumerable.Repeat(1.0, c.Inputs[like].Shape[1]).ToArray()),
        };
        return Copy(c, inputs, c.Scalars);
    }

    private static OracleCase Copy(OracleCase c, Dictionary<string, (int[] Shape, double[] Data)> inputs, Dictionary<string, double> scalars) => new()
    {
        Name = c.Name,
        Reference = c.Reference,
        Inputs = inputs,
        Labels = c.Labels,
        Scalars = scalars,
        Loss = c.Loss,
        Gradients = c.Gradients,
        PerSample = c.PerSample,
    };
}
