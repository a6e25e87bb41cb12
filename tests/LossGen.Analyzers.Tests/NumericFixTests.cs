using System;
using System.Collections.Generic;
using System.Linq;
using LossGen.Analyzers.Analysis;
using LossGen.Ir;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>
/// Each code fix, applied by the formula checker as Fix All does, then evaluated before and after with the IR
/// interpreter. A stable rewrite (LG1005, log-cosh) must equal the original wherever the original is finite, including
/// large arguments; a guard (max, clamp, epsilon) must equal it outside the guarded sliver next to the singularity
/// (exactly for max and clamp, within epsilon's relative size for an added epsilon) and be finite at the singularity,
/// where the original is not. Role rewrites must equal the original applied to the activated input.
/// </summary>
public class NumericFixTests
{
    private const string Probs = "[Target] ReadOnlySpan<double> y, [Probabilities] ReadOnlySpan<double> p";
    private const string ProbsF = "[Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p";
    private const string Logit = "[Target] ReadOnlySpan<double> y, [Logits] ReadOnlySpan<double> z";

    private delegate Tensor Sampler(Random random, InputDecl input, int rows, int cols);

    private static Tensor Fill(InputDecl input, int rows, int cols, Func<double> value)
    {
        int n = input.Kind == InputKind.Matrix ? rows * cols : rows;
        double[] data = Enumerable.Range(0, n).Select(_ => value()).ToArray();
        return input.Kind switch
        {
            InputKind.Matrix => new Tensor(2, rows, cols, data),
            InputKind.Scalar or InputKind.IntScalar => Tensor.Scalar(input.DefaultValue ?? 1),
            _ => new Tensor(1, rows, 1, data),
        };
    }

    /// <summary>Targets in {0, 1}, labels in range, probabilities uniform in [lo, hi], the rest normal with the given scale.</summary>
    private static Sampler Domain(double lo, double hi, double scale) => (random, input, rows, cols) => input switch
    {
        { Kind: InputKind.Labels } => Fill(input, rows, cols, () => random.Next(cols)),
        { Role: Role.Target } => Fill(input, rows, cols, () => random.Next(2)),
        { Role: Role.Probabilities } => Fill(input, rows, cols, () => lo + (hi - lo) * random.NextDouble()),
        _ => Fill(input, rows, cols, () => scale * Normal(random)),
    };

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static Tensor[] Sample(LossDecl decl, Sampler sampler, Random random)
        => decl.Inputs.Select(i => sampler(random, i, 6, 4)).ToArray();

    /// <summary>Compares fixed(x) with original(transform(x)) on random inputs; returns how many originals were finite.</summary>
    private static int AssertAgrees(string original, string fixedFormula, string parameters, Sampler sampler, double tolerance,
        Func<LossDecl, Tensor[], Tensor[]>? transform = null, int trials = 200)
    {
        Assert.NotEqual(original, fixedFormula);
        LossDecl decl = Engine.Decl(original, parameters);
        BoundLoss before = Engine.Bind(original, parameters), after = Engine.Bind(fixedFormula, parameters);
        var random = new Random(12345);
        int finite = 0;
        for (int t = 0; t < trials; t++)
        {
            Tensor[] inputs = Sample(decl, sampler, random);
            double b = Interpreter.Evaluate(before, transform?.Invoke(decl, inputs) ?? inputs);
            double a = Interpreter.Evaluate(after, inputs);
            Assert.True(double.IsFinite(a), $"the fixed formula '{fixedFormula}' is not finite: {a}");
            if (!double.IsFinite(b)) continue;
            finite++;
            Assert.True(Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b)), $"'{original}' = {b:R} but '{fixedFormula}' = {a:R}");
        }
        return finite;
    }

    /// <summary>At inputs where the original is infinite or NaN, the fixed formula must be finite.</summary>
    private static void AssertRepairs(string original, string fixedFormula, string parameters, params Tensor[] inputs)
    {
        double b = Interpreter.Evaluate(Engine.Bind(original, parameters), inputs);
        double a = Interpreter.Evaluate(Engine.Bind(fixedFormula, parameters), inputs);
        Assert.False(double.IsFinite(b), $"'{original}' was expected to fail at this input but gave {b}");
        Assert.True(double.IsFinite(a), $"'{fixedFormula}' gave {a}");
    }

    private static string Fix(string formula, string parameters, string id, string key, string expected)
    {
        bool isDouble = parameters.Contains("double");
        string result = Engine.FixAll(formula, parameters, id, key, isDouble);
        Assert.Equal(expected, result);
        Assert.DoesNotContain(Engine.Check(result, parameters, isDouble), f => f.Id == id);
        return result;
    }

    // ---- guards ----

    [Theory]
    [InlineData(Probs, "LossGen.Guard.Max", "-mean(y * log(max(p, 1e-12)) + (1 - y) * log(max(1 - p, 1e-12)))")]
    [InlineData(Probs, "LossGen.Guard.Clamp", "-mean(y * log(clamp(p, 1e-12, 1 - 1e-12)) + (1 - y) * log(clamp(1 - p, 1e-12, 1 - 1e-12)))")]
    [InlineData(ProbsF, "LossGen.Guard.Max", "-mean(y * log(max(p, 1e-7)) + (1 - y) * log(max(1 - p, 1e-7)))")]
    [InlineData(ProbsF, "LossGen.Guard.Clamp", "-mean(y * log(clamp(p, 1e-7, 1 - 1e-7)) + (1 - y) * log(clamp(1 - p, 1e-7, 1 - 1e-7)))")]
    public void LG1001_guards_keep_binary_cross_entropy(string parameters, string key, string expected)
    {
        const string bce = "-mean(y * log(p) + (1 - y) * log(1 - p))";
        string fixedFormula = Fix(bce, parameters, "LG1001", key, expected);
        // Exactly equal away from the guarded sliver [0, eps) and (1 - eps, 1].
        Assert.Equal(200, AssertAgrees(bce, fixedFormula, parameters, Domain(1e-6, 1 - 1e-6, 1), 0));
        AssertRepairs(bce, fixedFormula, parameters, Tensor.Vector(1, 0), Tensor.Vector(0, 1));
    }

    [Fact]
    public void LG1001_guard_keeps_focal_loss()
    {
        const string parameters = Probs + ", double alpha = 0.25, double gamma = 2";
        const string focal = "pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(pt))";
        string fixedFormula = Fix(focal, parameters, "LG1001", "LossGen.Guard.Max", "pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(max(pt, 1e-12)))");
        AssertAgrees(focal, fixedFormula, parameters, Domain(1e-6, 1 - 1e-6, 1), 0);
        AssertRepairs(focal, fixedFormula, parameters, Tensor.Vector(1, 0), Tensor.Vector(0, 1), Tensor.Scalar(0.25), Tensor.Scalar(2));
    }

    [Fact]
    public void LG1001_log1p_guard()
    {
        const string parameters = "[Probabilities] ReadOnlySpan<double> p";
        string fixedFormula = Fix("-mean(log1p(-p))", parameters, "LG1001", "LossGen.Guard.Max", "-mean(log1p(max(-p, -1 + 1e-12)))");
        AssertAgrees("-mean(log1p(-p))", fixedFormula, parameters, Domain(0, 1 - 1e-6, 1), 0);
        AssertRepairs("-mean(log1p(-p))", fixedFormula, parameters, Tensor.Vector(1, 0.5));
    }

    [Fact]
    public void LG1002_epsilon_in_the_divisor()
    {
        string fixedFormula = Fix("mean(y / p)", Probs, "LG1002", "LossGen.Epsilon", "mean(y / (p + 1e-12))");
        AssertAgrees("mean(y / p)", fixedFormula, Probs, Domain(1e-3, 1, 1), 1e-8);
        AssertRepairs("mean(y / p)", fixedFormula, Probs, Tensor.Vector(1, 1), Tensor.Vector(0, 0.5));
    }

    [Fact]
    public void LG1003_epsilon_under_sqrt_keeps_values_and_makes_the_gradient_finite()
    {
        const string parameters = "ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> p";
        const string distance = "mean(sqrt(sum((a - p)^2, dim: 1)))";
        string fixedFormula = Fix(distance, parameters, "LG1003", "LossGen.Epsilon", "mean(sqrt(sum((a - p)^2, dim: 1) + 1e-12))");
        AssertAgrees(distance, fixedFormula, parameters, Domain(0, 1, 1), 1e-6);
        var same = Tensor.Matrix(new double[,] { { 1, 2 }, { 3, 4 } });
        // At exactly 0, sqrt's convention gives 0; the fix keeps the gradient finite just above 0 as well.
        Assert.All(NormTests.Gradient(distance, parameters, same, same), g => Assert.Equal(0, g));
        Assert.All(NormTests.Gradient(fixedFormula, parameters, same, same), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void LG1003_epsilon_in_a_fractional_power()
    {
        string fixedFormula = Fix("mean(p^0.5 * y)", Probs, "LG1003", "LossGen.Epsilon", "mean((p + 1e-12)^0.5 * y)");
        AssertAgrees("mean(p^0.5 * y)", fixedFormula, Probs, Domain(1e-3, 1, 1), 1e-8);
    }

    // ---- stable built-ins: equal wherever the original is finite, and finite where it is not ----

    // The scale of the sampled logits: 300 reaches far into the range where exp overflows. log(sigmoid(z)) is compared
    // at 100, because below z = -708 the naive sigmoid is subnormal and loses digits; the 1 - sigmoid forms at 5,
    // because beyond it the naive form loses digits to cancellation. The fixed forms lose neither.
    [Theory]
    [InlineData("mean(log(sigmoid(z)))", "mean(log_sigmoid(z))", 100)]
    [InlineData("mean(log(1 - sigmoid(z)))", "mean(log_sigmoid(-z))", 5)]
    [InlineData("mean(log1p(-sigmoid(z)))", "mean(log_sigmoid(-z))", 5)]
    [InlineData("mean(log(1 + exp(z)) - y * z)", "mean(softplus(z) - y * z)", 300)]
    [InlineData("mean(log1p(exp(z)) - y * z)", "mean(softplus(z) - y * z)", 300)]
    public void LG1005_logarithm_rewrites(string original, string expected, double scale)
    {
        string fixedFormula = Fix(original, Logit, "LG1005", "LossGen.StableBuiltin", expected);
        Assert.True(AssertAgrees(original, fixedFormula, Logit, Domain(0, 1, scale), 1e-9) > 0);
        AssertRepairs(original, fixedFormula, Logit, Tensor.Vector(1, 0), Tensor.Vector(-800, 800));
    }

    /// <summary>1 / (1 + exp(-z)) has the right value even where exp overflows (it rounds to 0), but a NaN gradient.</summary>
    [Theory]
    [InlineData("mean((y - 1 / (1 + exp(-z)))^2)", "mean((y - sigmoid(z))^2)")]
    [InlineData("mean((y - 1 / (1 + exp(2 * z)))^2)", "mean((y - sigmoid(-(2 * z)))^2)")]
    public void LG1005_sigmoid_rewrites(string original, string expected)
    {
        string fixedFormula = Fix(original, Logit, "LG1005", "LossGen.StableBuiltin", expected);
        Assert.True(AssertAgrees(original, fixedFormula, Logit, Domain(0, 1, 300), 1e-12) > 0);
        Tensor y = Tensor.Vector(1, 0), z = Tensor.Vector(-800, 800);
        Assert.Contains(NormTests.Gradient(original, Logit, y, z), double.IsNaN);
        Assert.All(NormTests.Gradient(fixedFormula, Logit, y, z), g => Assert.True(double.IsFinite(g)));
    }

    [Theory]
    [InlineData("-mean(pick(log(softmax(z, dim: 1)), t))", "-mean(pick(log_softmax(z, dim: 1), t))")]
    [InlineData("mean(log(sum(exp(z), dim: 1)) - pick(z, t))", "mean(logsumexp(z, dim: 1) - pick(z, t))")]
    public void LG1005_row_rewrites(string original, string expected)
    {
        const string parameters = "[Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t";
        string fixedFormula = Fix(original, parameters, "LG1005", "LossGen.StableBuiltin", expected);
        AssertAgrees(original, fixedFormula, parameters, Domain(0, 1, 100), 1e-9);
        AssertRepairs(original, fixedFormula, parameters, Tensor.Matrix(new double[,] { { 1000, 0 }, { 0, -1000 } }), Tensor.Vector(1, 0));
    }

    [Theory]
    [InlineData("-mean(pick(log(exp(z) / sum(exp(z), dim: 1)), t))", "-mean(pick(log_softmax(z, dim: 1), t))")]
    [InlineData("s = exp(z) / sum(exp(z), dim: 1); mean(sum(s * z, dim: 1))", "s = softmax(z, dim: 1); mean(sum(s * z, dim: 1))")]
    public void LG1005_hand_written_softmax_rewrites(string original, string expected)
    {
        const string parameters = "[Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t";
        string fixedFormula = Fix(original, parameters, "LG1005", "LossGen.StableBuiltin", expected);
        Assert.True(AssertAgrees(original, fixedFormula, parameters, Domain(0, 1, 100), 1e-9) > 0);
        AssertRepairs(original, fixedFormula, parameters, Tensor.Matrix(new double[,] { { 1000, 0 }, { 0, -1000 } }), Tensor.Vector(1, 0));
    }

    /// <summary>
    /// The focal form on logits (docs/language.md): the log_sigmoid rewrite equals it wherever it is finite and keeps
    /// the loss of a confidently wrong sample (z = -800, y = 1: loss ≈ 0.25 · 800 = 200) where a clamp would give 6.9.
    /// </summary>
    [Fact]
    public void LG1005_focal_on_logits_rewrites_to_log_sigmoid_and_keeps_the_objective()
    {
        const string parameters = Logit + ", double alpha = 0.25, double gamma = 2";
        const string focal = "p = sigmoid(z); pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(pt))";
        string fixedFormula = Fix(focal, parameters, "LG1005", "LossGen.StableBuiltin",
            "p = sigmoid(z); pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log_sigmoid(where(y == 1, z, -z)))");
        // At scale 5: beyond it the naive 1 - sigmoid loses digits to cancellation (the rewrite does not).
        Assert.True(AssertAgrees(focal, fixedFormula, parameters, Domain(0, 1, 5), 1e-9) > 0);
        AssertRepairs(focal, fixedFormula, parameters, Tensor.Vector(1, 0), Tensor.Vector(-800, 800), Tensor.Scalar(0.25), Tensor.Scalar(2));
        double wrong = Interpreter.Evaluate(Engine.Bind(fixedFormula, parameters), [Tensor.Vector(1), Tensor.Vector(-800), Tensor.Scalar(0.25), Tensor.Scalar(2)]);
        Assert.Equal(200, wrong, 6);
        // No clamp is offered for it: a clamp would flatten exactly that sample.
        Assert.DoesNotContain(Engine.Check(focal, parameters, isDouble: true).SelectMany(f => f.Fixes), f => f.Key.StartsWith("LossGen.Guard", StringComparison.Ordinal));
    }

    /// <summary>Dropping a sigmoid applied twice turns the formula into the intended one on logits.</summary>
    [Fact]
    public void LG2002_dropping_the_inner_sigmoid_gives_the_logits_form()
    {
        const string original = "p = sigmoid(z); mean(softplus(p) - y * p)";
        string fixedFormula = Fix(original, Logit, "LG2002", "LossGen.DropActivation", "p = z; mean(softplus(p) - y * p)");
        // The fixed formula is binary cross-entropy on logits: compare it with the probability form on sigmoid(z).
        const string reference = "-mean(y * log(sigmoid(z)) + (1 - y) * log(1 - sigmoid(z)))";
        Assert.True(AssertAgrees(reference, fixedFormula, Logit, Domain(0, 1, 5), 1e-9) > 0);
    }

    [Fact]
    public void LG2001_dropping_the_log_of_a_log_probability()
    {
        const string parameters = "[Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t";
        string fixedFormula = Fix("-mean(pick(log(log_softmax(z, dim: 1)), t))", parameters, "LG2001", "LossGen.DropLog", "-mean(pick(log_softmax(z, dim: 1), t))");
        Assert.True(AssertAgrees("-mean(pick(log(softmax(z, dim: 1)), t))", fixedFormula, parameters, Domain(0, 1, 5), 1e-9) > 0);
    }

    [Fact]
    public void LG1004_log_cosh_rewrite()
    {
        const string parameters = "[Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat";
        const string original = "mean(log(cosh(yhat - y)))";
        string fixedFormula = Fix(original, parameters, "LG1004", "LossGen.LogCosh", "mean(abs(yhat - y) + softplus(-2 * abs(yhat - y)) - log(2))");
        Assert.True(AssertAgrees(original, fixedFormula, parameters, Domain(0, 1, 400), 1e-9) > 0);
        AssertRepairs(original, fixedFormula, parameters, Tensor.Vector(0, 0), Tensor.Vector(1000, -3));
    }

    // ---- role rewrites: the fixed loss on the raw input equals the original on the activated input ----

    private static Tensor[] Map(LossDecl decl, Tensor[] inputs, Role role, Func<Tensor, Tensor> f)
        => inputs.Select((t, i) => decl.Inputs[i].Role == role ? f(t) : t).ToArray();

    private static Tensor Elementwise(Tensor t, Func<double, double> f) => new(t.Rank, t.Rows, t.Cols, t.Data.Select(f).ToArray());

    private static Tensor RowSoftmax(Tensor t)
    {
        var d = new double[t.Data.Length];
        for (int i = 0; i < t.Rows; i++)
        {
            double m = Enumerable.Range(0, t.Cols).Max(j => t.Data[i * t.Cols + j]);
            double s = Enumerable.Range(0, t.Cols).Sum(j => Math.Exp(t.Data[i * t.Cols + j] - m));
            for (int j = 0; j < t.Cols; j++) d[i * t.Cols + j] = Math.Exp(t.Data[i * t.Cols + j] - m) / s;
        }
        return new Tensor(t.Rank, t.Rows, t.Cols, d);
    }

    [Fact]
    public void LG2001_binary_cross_entropy_on_logits()
    {
        const string original = "-mean(y * log(z) + (1 - y) * log(1 - z))";
        string fixedFormula = Fix(original, Logit, "LG2001", "LossGen.RoleRewrite", "mean(softplus(z) - y * z)");
        Assert.Equal(200, AssertAgrees(original, fixedFormula, Logit, Domain(0, 1, 3), 1e-9,
            (decl, x) => Map(decl, x, Role.Logits, t => Elementwise(t, Interpreter.Sigmoid))));
    }

    [Fact]
    public void LG2001_categorical_cross_entropy_on_logits()
    {
        const string parameters = "[Target] ReadOnlyTensorSpan<double> y, [Logits] ReadOnlyTensorSpan<double> z";
        const string original = "-mean(sum(y * log(z), dim: 1))";
        string fixedFormula = Fix(original, parameters, "LG2001", "LossGen.RoleRewrite", "-mean(sum(y * log_softmax(z, dim: 1), dim: 1))");
        Assert.Equal(200, AssertAgrees(original, fixedFormula, parameters, Domain(0, 1, 3), 1e-9,
            (decl, x) => Map(decl, x, Role.Logits, RowSoftmax)));
    }

    [Fact]
    public void LG2001_negative_log_likelihood_on_logits()
    {
        const string parameters = "[Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t";
        const string original = "-mean(log(pick(z, t)))";
        string fixedFormula = Fix(original, parameters, "LG2001", "LossGen.RoleRewrite", "mean(logsumexp(z, dim: 1) - pick(z, t))");
        Assert.Equal(200, AssertAgrees(original, fixedFormula, parameters, Domain(0, 1, 3), 1e-9,
            (decl, x) => Map(decl, x, Role.Logits, RowSoftmax)));
    }

    [Fact]
    public void LG2002_binary_cross_entropy_with_logits_on_probabilities()
    {
        const string original = "mean(softplus(p) - y * p)";
        string fixedFormula = Fix(original, Probs, "LG2002", "LossGen.RoleRewrite",
            "-mean(y * log(clamp(p, 1e-12, 1 - 1e-12)) + (1 - y) * log(1 - clamp(p, 1e-12, 1 - 1e-12)))");
        Assert.Equal(200, AssertAgrees(original, fixedFormula, Probs, Domain(1e-4, 1 - 1e-4, 1), 1e-9,
            (decl, x) => Map(decl, x, Role.Probabilities, t => Elementwise(t, v => Math.Log(v / (1 - v))))));
    }

    [Fact]
    public void LG2002_sparse_cross_entropy_on_probabilities()
    {
        const string parameters = "[Probabilities] ReadOnlyTensorSpan<double> p, ReadOnlySpan<int> t";
        const string original = "mean(logsumexp(p, dim: 1) - pick(p, t))";
        string fixedFormula = Fix(original, parameters, "LG2002", "LossGen.RoleRewrite", "-mean(log(clamp(pick(p, t), 1e-12, 1)))");
        // Probabilities are rows of a softmax; the original's logits are their logs.
        Sampler rows = (random, input, r, c) => input.Kind == InputKind.Labels
            ? Fill(input, r, c, () => random.Next(c))
            : RowSoftmax(Fill(input, r, c, () => 2 * Normal(random)));
        Assert.Equal(200, AssertAgrees(original, fixedFormula, parameters, rows, 1e-9,
            (decl, x) => Map(decl, x, Role.Probabilities, t => Elementwise(t, Math.Log))));
    }

    [Fact]
    public void LG2002_categorical_cross_entropy_on_probabilities()
    {
        const string parameters = "[Target] ReadOnlyTensorSpan<double> y, [Probabilities] ReadOnlyTensorSpan<double> p";
        const string original = "-mean(sum(y * log_softmax(p, dim: 1), dim: 1))";
        string fixedFormula = Fix(original, parameters, "LG2002", "LossGen.RoleRewrite", "-mean(sum(y * log(clamp(p, 1e-12, 1)), dim: 1))");
        Sampler rows = (random, input, r, c) => input.Role == Role.Target
            ? Fill(input, r, c, () => random.Next(2))
            : RowSoftmax(Fill(input, r, c, () => 2 * Normal(random)));
        Assert.Equal(200, AssertAgrees(original, fixedFormula, parameters, rows, 1e-9,
            (decl, x) => Map(decl, x, Role.Probabilities, t => Elementwise(t, Math.Log))));
    }
}
