using LossGen.Generator;
using LossGen.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace LossGen.Tests.Operations;

/// <summary>Losses that use the functions added as table entries: sign, sin, cos, atan, acos, erf, lgamma, pi, detach, &amp;&amp;, ||, !.</summary>
public static partial class NewFunctionLosses
{
    [Loss("sum(sin(x) + cos(2 * x) + atan(x) + erf(x))")]
    public static partial double Trig(ReadOnlySpan<double> x);

    [Loss("sum(sin(x) + cos(2 * x) + atan(x) + erf(x))")]
    public static partial float TrigSingle(ReadOnlySpan<float> x);

    [Loss("sum(acos(x) + lgamma(y) + sign(x) * x)")]
    public static partial double Special(ReadOnlySpan<double> x, ReadOnlySpan<double> y);

    [Loss("sum(acos(x) + lgamma(y) + sign(x) * x)")]
    public static partial float SpecialSingle(ReadOnlySpan<float> x, ReadOnlySpan<float> y);

    [Loss("sum(x - detach(x))")]
    public static partial double StraightThrough(ReadOnlySpan<double> x);

    [Loss("sum(x^2 * detach(x))")]
    public static partial double DetachedFactor(ReadOnlySpan<double> x);

    [Loss("sum(x * Scale(x))")]
    public static partial double DetachInCall(ReadOnlySpan<double> x);

    [Loss("detach(sum(x))")]
    public static partial double Scale(ReadOnlySpan<double> x);

    // The contract formula, as written there.
    [Loss("zz = (y - mu) / sigma; mean(sigma * (zz * erf(zz / sqrt(2)) + 2 * exp(-zz^2 / 2) / sqrt(2 * pi) - 1 / sqrt(pi)))")]
    public static partial double GaussianCrps([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma);

    [Loss("sum(x, where: x > -1 && x < 1 || !(x < 5))")]
    public static partial double Banded(ReadOnlySpan<double> x);

    [Loss("sum(where(!(x > 0) && x != -2, x^2, x))")]
    public static partial double Logic(ReadOnlySpan<double> x);

    [Loss("sum(where(!(x > 0) && x != -2, x^2, x))")]
    public static partial float LogicSingle(ReadOnlySpan<float> x);
}

public class NewFunctionTests
{
    private static readonly double[] Points = [-2.0, -1.3, -0.4, -0.05, 0.2, 0.9, 1.7, 3.1, 4.4, 5.5, 7.0, -0.7, 0.35, 2.2, -3.3, 6.1, 0.6];

    [Fact]
    public void Trigonometric_and_erf_values_and_gradients_match_System_Math_and_differences()
    {
        double[] x = Points;
        var g = new double[x.Length];
        double loss = NewFunctionLosses.TrigWithGradient(x, g);
        Assert.Equal(x.Sum(v => Math.Sin(v) + Math.Cos(2 * v) + Math.Atan(v) + LossMath.Erf(v)), loss, 12);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Cos(x[i]) - 2 * Math.Sin(2 * x[i]) + 1 / (1 + x[i] * x[i]) + 2 / Math.Sqrt(Math.PI) * Math.Exp(-x[i] * x[i]);
            Assert.Equal(expected, g[i], 12);
            Assert.Equal(expected, Difference(v => NewFunctionLosses.Trig(v), x, i), 6);
        }
    }

    [Fact]
    public void Float_versions_agree_with_double()
    {
        float[] x = Points.Select(v => (float)v).ToArray();
        var g = new float[x.Length];
        var gd = new double[x.Length];
        float loss = NewFunctionLosses.TrigSingleWithGradient(x, g);
        double lossDouble = NewFunctionLosses.TrigWithGradient(x.Select(v => (double)v).ToArray(), gd);
        Assert.Equal(lossDouble, loss, 4);
        for (int i = 0; i < x.Length; i++) Assert.Equal(gd[i], g[i], 5);

        float[] a = [-0.9f, -0.3f, 0.1f, 0.7f], b = [0.3f, 1.5f, 2.5f, 7f];
        Assert.Equal(NewFunctionLosses.Special(a.Select(v => (double)v).ToArray(), b.Select(v => (double)v).ToArray()),
            NewFunctionLosses.SpecialSingle(a, b), 4);
    }

    [Fact]
    public void Acos_lgamma_and_sign_values_and_gradients()
    {
        double[] x = [-0.9, -0.3, 0, 0.1, 0.7, 0.95], y = [0.3, 1, 1.5, 2, 2.5, 7];
        var gx = new double[x.Length];
        var gy = new double[y.Length];
        double loss = NewFunctionLosses.SpecialWithGradient(x, y, gx, gy);
        Assert.Equal(x.Select((v, i) => Math.Acos(v) + LossMath.LogGamma(y[i]) + Math.Abs(v)).Sum(), loss, 12);
        for (int i = 0; i < x.Length; i++)
        {
            // sign'(x) = 0, so d(sign(x)·x) = sign(x), including 0 at 0.
            Assert.Equal(-1 / Math.Sqrt(1 - x[i] * x[i]) + Math.Sign(x[i]), gx[i], 12);
            Assert.Equal(LossMath.Digamma(y[i]), gy[i], 12);
            Assert.Equal(gy[i], Difference(v => NewFunctionLosses.Special(x, v), y, i), 6);
        }
    }

    [Fact]
    public void Acos_gradient_is_infinite_at_one()
    {
        var g = new double[2];
        NewFunctionLosses.SpecialWithGradient([1.0, -1.0], [1.0, 1.0], g, new double[2]);
        Assert.Equal(double.NegativeInfinity, g[0]);
        Assert.Equal(double.NegativeInfinity, g[1]);
    }

    [Fact]
    public void X_minus_detach_x_has_value_zero_and_gradient_one()
    {
        double[] x = [1.5, -2, 0.25];
        var g = new double[3];
        Assert.Equal(0, NewFunctionLosses.StraightThroughWithGradient(x, g));
        Assert.Equal([1.0, 1, 1], g);
    }

    [Fact]
    public void A_detached_factor_is_a_constant_for_the_gradient()
    {
        double[] x = [1.5, -2, 0.25];
        var g = new double[3];
        Assert.Equal(x.Sum(v => v * v * v), NewFunctionLosses.DetachedFactorWithGradient(x, g), 12);
        Assert.Equal(x.Select(v => 2 * v * v).ToArray(), g);
    }

    [Fact]
    public void Detach_inside_a_same_type_call_stops_the_gradient_through_the_callee()
    {
        double[] x = [1.5, -2, 0.25];
        var g = new double[3];
        double s = x.Sum();
        Assert.Equal(s * s, NewFunctionLosses.DetachInCallWithGradient(x, g), 12);
        // d/dx_i of Σ x_j · detach(Σ x) is Σ x, not 2 Σ x.
        Assert.All(g, v => Assert.Equal(s, v, 12));
    }

    [Fact]
    public void Gaussian_crps_with_pi_matches_the_closed_form()
    {
        double[] y = [0.3, -1.2, 2.0], mu = [0.0, -1.0, 1.5], sigma = [1.0, 0.5, 2.0];
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            double z = (y[i] - mu[i]) / sigma[i];
            expected += sigma[i] * (z * LossMath.Erf(z / Math.Sqrt(2)) + 2 * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI) - 1 / Math.Sqrt(Math.PI));
        }
        var gmu = new double[3];
        var gsigma = new double[3];
        Assert.Equal(expected / 3, NewFunctionLosses.GaussianCrpsWithGradient(y, mu, sigma, gmu, gsigma), 12);
        for (int i = 0; i < 3; i++)
        {
            // dCRPS/dmu = −(2Φ(z) − 1) = −erf(z/√2), averaged.
            double z = (y[i] - mu[i]) / sigma[i];
            Assert.Equal(-LossMath.Erf(z / Math.Sqrt(2)) / 3, gmu[i], 10);
            Assert.Equal(gsigma[i], Difference(v => NewFunctionLosses.GaussianCrps(y, mu, v), sigma, i), 6);
        }
    }

    [Fact]
    public void Condition_operators_combine_with_the_usual_precedence()
    {
        double[] x = [-3, -0.5, 0.5, 2, 6, 7];
        // (x > -1 && x < 1) || !(x < 5): -0.5, 0.5, 6, 7.
        Assert.Equal(-0.5 + 0.5 + 6 + 7, NewFunctionLosses.Banded(x));
        double[] y = [-3, -2, 0, 1.5, 2];
        var g = new double[y.Length];
        // !(y > 0) && y != -2 selects -3 and 0 (squared); the others are linear.
        Assert.Equal(9 + -2 + 0 + 1.5 + 2, NewFunctionLosses.LogicWithGradient(y, g));
        Assert.Equal([-6.0, 1, 0, 1, 1], g);
        float[] ys = y.Select(v => (float)v).ToArray();
        var gs = new float[ys.Length];
        Assert.Equal(9 + -2 + 0 + 1.5f + 2, NewFunctionLosses.LogicSingleWithGradient(ys, gs));
        Assert.Equal([-6f, 1, 0, 1, 1], gs);
    }

    [Fact]
    public void Long_vectors_use_the_vector_loops_and_agree_with_short_ones()
    {
        // 1,000 elements run the vector body (sin, cos and the condition masks vectorize); the first few must equal the
        // same elements computed alone, which run the scalar tail.
        var x = Enumerable.Range(0, 1000).Select(i => Math.Sin(i * 0.37) * 4).ToArray();
        var g = new double[x.Length];
        NewFunctionLosses.LogicWithGradient(x, g);
        for (int i = 0; i < 5; i++)
        {
            var one = new double[1];
            NewFunctionLosses.LogicWithGradient([x[i]], one);
            Assert.Equal(one[0], g[i]);
        }
        double total = NewFunctionLosses.Trig(x);
        Assert.Equal(x.Sum(v => NewFunctionLosses.Trig([v])), total, 9);
    }

    [Theory]
    // Wrong arity (a syntax error, like every built-in's).
    [InlineData("LG0001", "[Loss(\"mean([|sin(y, y)|])\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0001", "[Loss(\"mean([|detach()|])\")] public static partial double A(ReadOnlySpan<double> y);")]
    // A condition where a number is needed, and a number where a condition is needed.
    [InlineData("LG0003", "[Loss(\"mean(erf([|y > 0|]))\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0003", "[Loss(\"mean(where([|y > 0 && y|], y, 0))\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0003", "[Loss(\"mean(where([|!y|], y, 0))\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0003", "[Loss(\"mean([|(y > 0 || y < -1)|] * y)\")] public static partial double A(ReadOnlySpan<double> y);")]
    // The internal functions of derivatives and the operators are not callable names.
    [InlineData("LG0002", "[Loss(\"mean([|digamma|](y))\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0001", "[Loss(\"mean(where(y > 0 [|&|] y < 1, y, 0))\")] public static partial double A(ReadOnlySpan<double> y);")]
    public void Misuse_gives_one_located_error(string id, string declaration)
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings + "public static partial class C\n{\n    " + declaration + "\n}\n");
        var (result, outputErrors) = GeneratorHarness.Run(source);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal(expected.Span, d.Location.SourceSpan);
        Assert.Empty(outputErrors);
    }

    [Fact]
    public void Pi_is_a_constant_unless_a_parameter_shadows_it()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Loss("sum(y * pi)")] public static partial double A(ReadOnlySpan<double> y);
                [Loss("sum(y * pi)")] public static partial double B(ReadOnlySpan<double> y, double pi);
            }
            """;
        var (result, outputErrors) = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(outputErrors);
        string generated = string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()));
        Assert.Contains("3.141592653589793d", generated, StringComparison.Ordinal);
    }

    private static double Difference(Func<double[], double> f, double[] x, int i)
    {
        double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
        double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
        plus[i] += h;
        minus[i] -= h;
        return (f(plus) - f(minus)) / (2 * h);
    }
}
