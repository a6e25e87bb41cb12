using System.Numerics.Tensors;
using System.Reflection;

namespace LossGen.Tests.Hessian;

// Formulas that exercise each rule of the Hessian derivation (src/LossGen/Ir/HessianDiagonal.cs).
public static partial class HessianFormulas
{
    // A reduction over all elements inside the elementwise term: the scalar rule (its tangent is its gradient).
    [Loss("mean((x - mean(x))^2) + exp(mean(x))")]
    public static partial double Centered(ReadOnlySpan<double> x);

    // Row reductions of a rank-2 input whose rows depend on nothing else: the per-row rule.
    [Loss("mean(sum((z - mean(z, dim: 1))^2, dim: 1) + norm(z, dim: 1) + max(z, dim: 1))")]
    public static partial double RowCentered(ReadOnlyTensorSpan<double> z);

    // A per-row input broadcast into a rank-2 value, reduced along the columns it does not run along.
    [Loss("mean(sum(exp(z * b), dim: 1) + logsumexp(z * b^2, dim: 1) + pick(z * b, t))")]
    public static partial double RowScaled([Target] ReadOnlyTensorSpan<double> z, ReadOnlySpan<double> b, ReadOnlySpan<int> t);

    // softmax and a run-time exponent.
    [Loss("-mean(sum(y * log(softmax(z, dim: 1)), dim: 1)) + mean(abs(z)^k)")]
    public static partial double SoftmaxPow([Target] ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> z, double k = 3);

    // Non-smooth functions: second derivative 0 everywhere, also at the kinks.
    [Loss("mean(relu(x) + abs(x - 1) + clamp(x, -1, 1) + max(x, 0.5) + min(x, -0.5) + where(x > 2, x, -x))")]
    public static partial double Kinks(ReadOnlySpan<double> x);

    // A differentiable vector read through labels: its Hessian would need the labels' Jacobian; not generated.
    [Loss("mean((v[t] - y)^2)")]
    public static partial double Gathered([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> v, ReadOnlySpan<int> t);

    // A reduction over all elements inside a row reduction that the gradient keeps (the softmax of z − mean(z)):
    // row i's logsumexp depends on every row, which the diagonal method does not follow; not generated.
    [Loss("mean(logsumexp(z - mean(z), dim: 1))")]
    public static partial double GlobalInsideRows(ReadOnlyTensorSpan<double> z);

    // The same reduction inside a row reduction whose gradient is elementwise: exact through the scalar rule.
    [Loss("mean(sum((z - mean(z))^2, dim: 1))")]
    public static partial double GlobalUnderRowSum(ReadOnlyTensorSpan<double> z);

    // Per-sample terms that depend on the whole batch: NamePerSample exists, NamePerSampleDerivatives does not.
    [Loss("mean((x - mean(x))^2)")]
    public static partial double Variance(ReadOnlySpan<double> x);

    // Constant chains below a sum over a broadcast argument (the gradient is 0 and 1/N).
    [Loss("mean(2 * (x - mean(x)))")]
    public static partial double ConstantChain(ReadOnlySpan<double> x);

    [Loss("sum(x - mean(x)) + mean(x)")]
    public static partial double ConstantChainSum(ReadOnlySpan<double> x);
}

/// <summary>Each derivation rule against central differences of the generated gradient; exact closed forms where simple.</summary>
public class HessianFormulaTests
{
    private const int N = 6, C = 3;
    private static readonly Random Rng = new(7);

    private static double[] Values(int n, double scale = 1.5) => Enumerable.Range(0, n).Select(_ => scale * (Rng.NextDouble() * 2 - 1)).ToArray();
    private static ReadOnlyTensorSpan<double> M(double[] data) => new(data, [data.Length / C, C]);
    private static TensorSpan<double> W(double[] data) => new(data, [data.Length / C, C]);

    private static void Check(double[] x, double[] h, Func<double[]> gradient, string what)
        => SecondOrderCheck.AssertClose(SecondOrderCheck.DiagonalOfJacobian(x, gradient), h, 1e-5, what);

    [Fact]
    public void Reduction_over_all_elements_uses_its_gradient()
    {
        double[] x = Values(N), h = new double[N];
        HessianFormulas.CenteredWithHessian(x, new double[N], h);
        // ∂²/∂x_k² of mean((x − m)²) is 2(1 − 1/N)²/N + 2(N − 1)/N³ = 2(N − 1)/N²; of exp(mean(x)) it is exp(m)/N².
        double m = x.Average();
        Assert.All(h, v => Assert.Equal(2.0 * (N - 1) / (N * N) + Math.Exp(m) / (N * N), v, 13));
        Check(x, h, () => { var d = new double[N]; HessianFormulas.CenteredWithGradient(x, d); return d; }, "Centered");
    }

    [Fact]
    public void Per_sample_derivatives_are_not_generated_when_a_row_depends_on_the_batch()
    {
        // ℓᵢ = (xᵢ − mean(x))² depends on every row: NamePerSample exists, NamePerSampleDerivatives does not.
        Assert.NotNull(typeof(HessianFormulas).GetMethod("VariancePerSample"));
        Assert.Null(typeof(HessianFormulas).GetMethod("VariancePerSampleDerivatives"));
        double[] x = Values(N), h = new double[N];
        HessianFormulas.VarianceWithHessian(x, new double[N], h);
        Assert.All(h, v => Assert.Equal(2.0 * (N - 1) / (N * N), v, 14));
    }

    [Fact]
    public void Gradient_sums_a_broadcast_argument_below_a_constant_chain()
    {
        // Regression: the adjoint of x − mean(x) under sum(2 · …) was a scalar, so mean(x) received it once, not N times.
        double[] x = Values(N), d = new double[N];
        HessianFormulas.ConstantChainWithGradient(x, d);
        Assert.All(d, v => Assert.Equal(0, v, 15));
        HessianFormulas.ConstantChainSumWithGradient(x, d);
        Assert.All(d, v => Assert.Equal(1.0 / N, v, 15));
    }

    [Fact]
    public void Reduction_over_all_elements_under_a_row_sum()
    {
        double[] z = Values(N * C), h = new double[N * C];
        HessianFormulas.GlobalUnderRowSumWithHessian(M(z), W(new double[N * C]), W(h));
        Check(z, h, () => { var d = new double[N * C]; HessianFormulas.GlobalUnderRowSumWithGradient(M(z), W(d)); return d; }, "GlobalUnderRowSum");
    }

    [Fact]
    public void Row_reductions_of_a_rank_2_input()
    {
        double[] z = Values(N * C), h = new double[N * C];
        HessianFormulas.RowCenteredWithHessian(M(z), W(new double[N * C]), W(h));
        Check(z, h, () => { var d = new double[N * C]; HessianFormulas.RowCenteredWithGradient(M(z), W(d)); return d; }, "RowCentered");

        double[] gs = new double[N * C], hs = new double[N * C];
        HessianFormulas.RowCenteredPerSampleDerivatives(M(z), new double[N], W(gs), W(hs));
        SecondOrderCheck.AssertClose(h.Select(v => v * N).ToArray(), hs, 1e-12, "per-sample h = N · h of the mean");
        Check(z, hs, () => { var d = new double[N * C]; HessianFormulas.RowCenteredPerSampleDerivatives(M(z), new double[N], W(d), W(new double[N * C])); return d; }, "RowCentered per sample");
    }

    [Fact]
    public void Per_row_input_broadcast_along_the_columns()
    {
        double[] z = Values(N * C), b = Values(N), h = new double[N];
        int[] t = Enumerable.Range(0, N).Select(i => i % C).ToArray();
        HessianFormulas.RowScaledWithHessian(M(z), b, t, new double[N], h);
        Check(b, h, () => { var d = new double[N]; HessianFormulas.RowScaledWithGradient(M(z), b, t, d); return d; }, "RowScaled");
        Assert.Contains(h, v => Math.Abs(v) > 1e-3);

        double[] hs = new double[N];
        HessianFormulas.RowScaledPerSampleDerivatives(M(z), b, t, new double[N], new double[N], hs);
        Check(b, hs, () => { var d = new double[N]; HessianFormulas.RowScaledPerSampleDerivatives(M(z), b, t, new double[N], d, new double[N]); return d; }, "RowScaled per sample");
    }

    [Fact]
    public void Softmax_and_run_time_power()
    {
        double[] y = Enumerable.Range(0, N * C).Select(k => k % C == (k / C) % C ? 1.0 : 0).ToArray();
        double[] z = Values(N * C), h = new double[N * C];
        foreach (double k in new[] { 3.0, 2.5, 1.0 })
        {
            HessianFormulas.SoftmaxPowWithHessian(M(y), M(z), W(new double[N * C]), W(h), k);
            Check(z, h, () => { var d = new double[N * C]; HessianFormulas.SoftmaxPowWithGradient(M(y), M(z), W(d), k); return d; }, $"SoftmaxPow k = {k}");
        }
    }

    [Fact]
    public void Non_smooth_functions_have_zero_second_derivative_also_at_their_kinks()
    {
        double[] x = [-2, -1, -0.5, 0, 0.5, 1, 2, 3, 0.25, -0.75];
        var h = new double[x.Length];
        h.AsSpan().Fill(42);
        HessianFormulas.KinksWithHessian(x, new double[x.Length], h);
        Assert.All(h, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Formulas_outside_the_exact_method_get_no_hessian_members_but_keep_the_others()
    {
        Type type = typeof(HessianFormulas);
        foreach (string name in new[] { "Gathered", "GlobalInsideRows" })
        {
            Assert.NotNull(type.GetMethod(name + "WithGradient", BindingFlags.Public | BindingFlags.Static));
            Assert.Null(type.GetMethod(name + "WithHessian", BindingFlags.Public | BindingFlags.Static));
            Assert.Null(type.GetMethod(name + "PerSampleDerivatives", BindingFlags.Public | BindingFlags.Static));
        }
    }
}
