using System.Numerics.Tensors;
using LossGen.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace LossGen.Tests.Training;

// Claims made by docs/language.md, checked against the generated code: precedence, broadcasting, conventions at
// non-smooth points, empty batches, composition. If one of these fails, fix the document or the compiler.
public static partial class LanguageExamples
{
    // Precedence
    [Loss("sum(-x^2)")]
    public static partial double NegSquare(ReadOnlySpan<double> x);

    [Loss("mean(x) * 0 + 2^3^2")]
    public static partial double RightAssociative(ReadOnlySpan<double> x);

    [Loss("mean(x) * 0 + 8 / 4 * 2")]
    public static partial double LeftToRight(ReadOnlySpan<double> x);

    // Broadcasting
    [Loss("sum(v * z)")]
    public static partial double RowWise([Target] ReadOnlySpan<double> v, ReadOnlyTensorSpan<double> z);

    [Loss("sum(z - max(z, dim: 0))")]
    public static partial double ColumnWise(ReadOnlyTensorSpan<double> z);

    [Loss("w = c + 0 * sum(z, dim: 0); sum(w * z)")]
    public static partial double ColumnWeights([Target] ReadOnlySpan<double> c, ReadOnlyTensorSpan<double> z);

    [Loss("w = c + 0 * sum(z, dim: 0); mean(sum(w * z, dim: 1))")]
    public static partial double ColumnWeightedRows([Target] ReadOnlySpan<double> c, ReadOnlyTensorSpan<double> z);

    // Conventions at non-smooth points
    [Loss("sum(abs(x))")]
    public static partial double AbsSum(ReadOnlySpan<double> x);

    [Loss("sum(relu(x))")]
    public static partial double ReluSum(ReadOnlySpan<double> x);

    [Loss("sum(max(a, b))")]
    public static partial double MaxPair(ReadOnlySpan<double> a, ReadOnlySpan<double> b);

    [Loss("sum(min(a, b))")]
    public static partial double MinPair(ReadOnlySpan<double> a, ReadOnlySpan<double> b);

    [Loss("sum(clamp(x, lo, hi))")]
    public static partial double ClampSum(ReadOnlySpan<double> x, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi);

    [Loss("max(x)")]
    public static partial double MaxOf(ReadOnlySpan<double> x);

    [Loss("norm(x)")]
    public static partial double NormOf(ReadOnlySpan<double> x);

    [Loss("sum(where(x > 0, x * log(x), 0))")]
    public static partial double GuardedEntropy(ReadOnlySpan<double> x);

    [Loss("sum(x^k)")]
    public static partial double PowRuntime(ReadOnlySpan<double> x, double k);

    [Loss("sum(sqrt(x))")]
    public static partial double SqrtSum(ReadOnlySpan<double> x);

    // Empty batches
    [Loss("mean(x)")]
    public static partial double MeanOf(ReadOnlySpan<double> x);

    [Loss("sum(x)")]
    public static partial double SumOf(ReadOnlySpan<double> x);

    [Loss("min(x)")]
    public static partial double MinOf(ReadOnlySpan<double> x);

    [Loss("logsumexp(x)")]
    public static partial double LseOf(ReadOnlySpan<double> x);

    // Composition
    [Loss("mean((yhat - y)^2) * scale")]
    public static partial double ScaledMse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, double scale = 2);

    [Loss("ScaledMse(y, sigmoid(z))")]
    public static partial double SigmoidMse([Target] ReadOnlySpan<double> y, [Logits] ReadOnlySpan<double> z);

    [Loss("ScaledMse(y, sigmoid(z), scale: 1) + 0.5 * ScaledMse(y, z)")]
    public static partial double Mixed([Target] ReadOnlySpan<double> y, [Logits] ReadOnlySpan<double> z);
}

public class LanguageDocTests
{
    private static TensorSpan<double> M(double[] data, int rows, int cols) => new(data, [rows, cols]);

    [Fact]
    public void Precedence_and_associativity()
    {
        Assert.Equal(-13, LanguageExamples.NegSquare([2, 3]));           // -x^2 is -(x^2)
        Assert.Equal(512, LanguageExamples.RightAssociative([1]));      // 2^3^2 = 2^(3^2)
        Assert.Equal(4, LanguageExamples.LeftToRight([1]));             // 8 / 4 * 2 = (8 / 4) * 2
    }

    [Fact]
    public void Rank_1_meets_rank_2_row_by_row_unless_its_length_is_known_to_be_the_column_count()
    {
        double[] z = [1, 2, 3, 4, 5, 6];   // [2, 3]
        // v has one entry per row: 10·(1 + 2 + 3) + 100·(4 + 5 + 6)
        Assert.Equal(1560, LanguageExamples.RowWise([10, 100], M(z, 2, 3)));
        Assert.Throws<ArgumentException>(() => LanguageExamples.RowWise([10, 100, 1000], M(z, 2, 3)));
        // max(z, dim: 0) has one entry per column, so it is subtracted column by column: column maxima 4, 5, 6.
        Assert.Equal((1 - 4) + (2 - 5) + (3 - 6), LanguageExamples.ColumnWise(M(z, 2, 3)));
        // The idiom that ties a parameter's length to the columns first.
        Assert.Equal(1 * (1 + 4) + 2 * (2 + 5) + 3 * (3 + 6), LanguageExamples.ColumnWeights([1, 2, 3], M(z, 2, 3)));
        // The example of docs/language.md, with its gradient: ∂/∂z[i, j] = c[j] / rows.
        var dz = new double[6];
        double loss = LanguageExamples.ColumnWeightedRowsWithGradient([1, 2, 3], M(z, 2, 3), M(dz, 2, 3));
        Assert.Equal((1 * (1 + 4) + 2 * (2 + 5) + 3 * (3 + 6)) / 2.0, loss, 14);
        Assert.Equal([0.5, 1, 1.5, 0.5, 1, 1.5], dz);
    }

    [Fact]
    public void Conventions_at_non_smooth_points()
    {
        var d = new double[3];
        LanguageExamples.AbsSumWithGradient([-1, 0, 2], d);
        Assert.Equal([-1.0, 0, 1], d);                                   // abs'(0) = 0

        LanguageExamples.ReluSumWithGradient([-1, 0, 2], d);
        Assert.Equal([0.0, 0, 1], d);                                    // relu'(0) = 0

        var da = new double[2];
        var db = new double[2];
        LanguageExamples.MaxPairWithGradient([1, 3], [1, 2], da, db);
        Assert.Equal([1.0, 1], da);                                      // tie → first argument
        Assert.Equal([0.0, 0], db);
        LanguageExamples.MinPairWithGradient([1, 3], [1, 2], da, db);
        Assert.Equal([1.0, 0], da);
        Assert.Equal([0.0, 1], db);

        var dx = new double[4];
        var dlo = new double[4];
        var dhi = new double[4];
        LanguageExamples.ClampSumWithGradient([-1, 0, 1, 2], [0, 0, 0, 0], [1, 1, 1, 1], dx, dlo, dhi);
        Assert.Equal([0.0, 1, 1, 0], dx);                                // lo ≤ x ≤ hi, bounds included → x
        Assert.Equal([1.0, 0, 0, 0], dlo);
        Assert.Equal([0.0, 0, 0, 1], dhi);

        LanguageExamples.MaxOfWithGradient([3, 1, 3], d);
        Assert.Equal([0.5, 0, 0.5], d);                                  // tied maxima share

        LanguageExamples.NormOfWithGradient([0, 0, 0], d);
        Assert.Equal([0.0, 0, 0], d);                                    // norm'(0) = 0

        double h = LanguageExamples.GuardedEntropyWithGradient([0, 1, Math.E], d);
        Assert.Equal(Math.E, h, 14);
        Assert.Equal(0.0, d[0]);                                         // no NaN from log(0) in the other branch
        Assert.Equal(1.0, d[1], 14);
        Assert.Equal(2.0, d[2], 14);

        LanguageExamples.PowRuntimeWithGradient([0, 2, 3], d, k: 0);
        Assert.Equal([0.0, 0, 0], d);                                    // k = 0: exactly 0, not 0·0^-1
        LanguageExamples.PowRuntimeWithGradient([1, 2, 3], d, k: 3);
        Assert.Equal([3.0, 12, 27], d);

        LanguageExamples.SqrtSumWithGradient([0, 1, 4], d);
        Assert.Equal([0.0, 0.5, 0.25], d);                               // sqrt'(0) = 0, the convention of x^k for k < 1
    }

    [Fact]
    public void Empty_batches_follow_PyTorch()
    {
        Assert.True(double.IsNaN(LanguageExamples.MeanOf([])));
        Assert.Equal(0, LanguageExamples.SumOf([]));
        Assert.Equal(double.NegativeInfinity, LanguageExamples.MaxOf([]));
        Assert.Equal(double.PositiveInfinity, LanguageExamples.MinOf([]));
        Assert.Equal(double.NegativeInfinity, LanguageExamples.LseOf([]));
        Assert.Equal(0, LanguageExamples.NormOf([]));
        Assert.True(double.IsNaN(LanguageExamples.MeanOfWithGradient([], [])));
    }

    [Fact]
    public void Composition_inlines_the_callee_with_its_defaults()
    {
        double[] y = [0, 1], z = [0.5, -1];
        double s0 = 1 / (1 + Math.Exp(-0.5)), s1 = 1 / (1 + Math.Exp(1));
        double mseSigmoid = ((s0 - 0) * (s0 - 0) + (s1 - 1) * (s1 - 1)) / 2;
        Assert.Equal(2 * mseSigmoid, LanguageExamples.SigmoidMse(y, z), 14);   // default scale = 2
        double mseRaw = (0.25 + 4) / 2;
        Assert.Equal(mseSigmoid + 0.5 * 2 * mseRaw, LanguageExamples.Mixed(y, z), 14);
        var dz = new double[2];
        LanguageExamples.SigmoidMseWithGradient(y, z, dz);
        Assert.Equal(2 * (s0 - 0) * s0 * (1 - s0), dz[0], 14);             // 2·(2/N)·(s − y)·s(1 − s) with N = 2
    }

    [Theory]
    [InlineData("mean(softmax(z, dim: 0))", "ReadOnlyTensorSpan<double> z")]
    [InlineData("mean(log_softmax(v))", "ReadOnlySpan<double> v")]
    [InlineData("mean(max(z, dim: -1))", "ReadOnlyTensorSpan<double> z")]
    [InlineData("mean(norm(z, dim: 1)) + norm(z)", "ReadOnlyTensorSpan<double> z")]
    // v is [Target]: differentiating through v[t] into a differentiable v is a known generator failure (see docs/language.md).
    [InlineData("mean(v[t]) + mean(pick(z, t)) / cols(z) + rows(z)", "[Target] ReadOnlySpan<double> v, ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t")]
    [InlineData("mean(where(t == k, v, 0))", "ReadOnlySpan<double> v, ReadOnlySpan<int> t, int k = 1")]
    [InlineData("mean(v ** 2 + pow(v, 3) + log1p(v^2) + expm1(v) + tanh(v) + cosh(v) + sinh(v) + log_sigmoid(v) + softplus(v))", "ReadOnlySpan<double> v")]
    [InlineData("a = v - 1; b = a * a; mean(b);", "ReadOnlySpan<double> v")]
    [InlineData("mean(.5 * v + 1e-7 + 2E+3)", "ReadOnlySpan<double> v")]
    public void Documented_forms_compile(string formula, string parameters)
    {
        var (result, errors) = GeneratorHarness.Run(GeneratorHarness.Usings +
            $"public static partial class C {{ [Loss(\"{formula}\")] public static partial double A({parameters}); }}");
        Assert.Empty(result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info)); // LG0005 (scalar fallback) is information only
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("mean(v < 1 < 2)", "LG0001")]
    [InlineData("mean(max(z, v, dim: 1))", "LG0001")]
    [InlineData("mean(sum(z, dim: 2))", "LG0003")]
    [InlineData("mean(softmax(z))", "LG0003")]
    [InlineData("mean(v[v])", "LG0003")]
    [InlineData("mean(where(v, 1, 0))", "LG0003")]
    [InlineData("v2 = v; v2 = v * 2; mean(v2)", "LG0002")]
    [InlineData("v = 1; mean(v)", "LG0002")]
    public void Documented_errors(string formula, string id)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            $"public static partial class C {{ [Loss(\"{formula}\")] public static partial double A(ReadOnlySpan<double> v, ReadOnlyTensorSpan<double> z); }}");
        Assert.Equal(id, Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Nesting_is_limited_to_100_levels()
    {
        string deep = new string('(', 101) + "v" + new string(')', 101);
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            $"public static partial class C {{ [Loss(\"mean({deep})\")] public static partial double A(ReadOnlySpan<double> v); }}");
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal("LG0001", d.Id);
        Assert.Contains("deeper than 100 levels", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Graphs_deeper_than_600_operations_are_rejected()
    {
        // Bindings keep the nesting flat, but the operations still chain 700 deep.
        string chain = string.Concat(Enumerable.Range(1, 700).Select(i => $"a{i} = exp(a{i - 1}); "));
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            $"public static partial class C {{ [Loss(\"a0 = v; {chain}mean(a700)\")] public static partial double A(ReadOnlySpan<double> v); }}");
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal("LG0001", d.Id);
        Assert.Contains("600", d.GetMessage(), StringComparison.Ordinal);
    }
}
