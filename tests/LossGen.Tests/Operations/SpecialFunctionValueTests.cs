namespace LossGen.Tests.Operations;

/// <summary>erf, lgamma, digamma and trigamma against tabulated values and closed forms, to a few ulps.</summary>
public class SpecialFunctionValueTests
{
    private static void AssertUlps(double expected, double actual, int ulps, string what)
    {
        double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= ulps * ulp, $"{what}: expected {expected:R}, got {actual:R} ({Math.Abs(expected - actual) / ulp:F1} ulps)");
    }

    [Theory]
    // erf to 17 digits (Abramowitz & Stegun table 7.1; DLMF 7.2)
    [InlineData(0.1, 0.11246291601828489)]
    [InlineData(0.5, 0.52049987781304654)]
    [InlineData(1.0, 0.84270079294971487)]
    [InlineData(2.0, 0.99532226501895273)]
    [InlineData(3.0, 0.99997790950300141)]
    [InlineData(2.5, 0.99959304798255504)]
    public void Erf_matches_tabulated_values(double x, double expected)
    {
        AssertUlps(expected, LossMath.Erf(x), 6, $"erf({x})");
        AssertUlps(-expected, LossMath.Erf(-x), 6, $"erf({-x})");
        Assert.Equal((float)expected, LossMath.Erf((float)x), 6);
    }

    [Fact]
    public void Erf_limits_and_small_arguments()
    {
        Assert.Equal(1, LossMath.Erf(double.PositiveInfinity));
        Assert.Equal(-1, LossMath.Erf(double.NegativeInfinity));
        Assert.Equal(1, LossMath.Erf(7.0));
        Assert.True(double.IsNaN(LossMath.Erf(double.NaN)));
        AssertUlps(2 / Math.Sqrt(Math.PI) * 1e-10, LossMath.Erf(1e-10), 2, "erf(1e-10)");
    }

    [Fact]
    public void Lgamma_at_integers_is_the_log_factorial_and_exactly_zero_at_one_and_two()
    {
        Assert.Equal(0, LossMath.LogGamma(1.0));
        Assert.Equal(0, LossMath.LogGamma(2.0));
        // (n − 1)! is exact in double up to 22!, so its log is a correctly rounded reference.
        double factorial = 1;
        for (int n = 3; n <= 23; n++)
        {
            factorial *= n - 1;
            AssertUlps(Math.Log(factorial), LossMath.LogGamma((double)n), 6, $"lgamma({n})");
        }
        Assert.Equal(double.PositiveInfinity, LossMath.LogGamma(0.0));
        Assert.Equal(double.PositiveInfinity, LossMath.LogGamma(-3.0));
    }

    [Fact]
    public void Lgamma_at_half_integers_matches_the_closed_form()
    {
        // Γ(n + 1/2) = (2n)! √π / (4ⁿ n!)
        AssertUlps(0.5 * Math.Log(Math.PI), LossMath.LogGamma(0.5), 6, "lgamma(0.5)");
        // Near its minimum (1.46, where lgamma ≈ −0.12) the Taylor series around 1 cancels: 19 ulps measured at 1.5
        // (an absolute error of 3e-16).
        AssertUlps(Math.Log(Math.Sqrt(Math.PI) / 2), LossMath.LogGamma(1.5), 24, "lgamma(1.5)");
        AssertUlps(Math.Log(3 * Math.Sqrt(Math.PI) / 4), LossMath.LogGamma(2.5), 6, "lgamma(2.5)");
        AssertUlps(Math.Log(15 * Math.Sqrt(Math.PI) / 8), LossMath.LogGamma(3.5), 6, "lgamma(3.5)");
        AssertUlps(Math.Log(2027025 * Math.Sqrt(Math.PI) / 256), LossMath.LogGamma(8.5), 6, "lgamma(8.5)");
        // Γ(−1/2) = −2√π, Γ(−3/2) = 4√π/3.
        AssertUlps(Math.Log(2 * Math.Sqrt(Math.PI)), LossMath.LogGamma(-0.5), 6, "lgamma(-0.5)");
        AssertUlps(Math.Log(4 * Math.Sqrt(Math.PI) / 3), LossMath.LogGamma(-1.5), 6, "lgamma(-1.5)");
        Assert.Equal((float)Math.Log(3 * Math.Sqrt(Math.PI) / 4), LossMath.LogGamma(2.5f), 6);
    }

    [Fact]
    public void Lgamma_is_continuous_across_its_method_boundaries()
    {
        foreach (double b in new[] { 0.5, 1.5, 2.5, 10.0 })
        {
            double below = LossMath.LogGamma(Math.BitDecrement(b)), at = LossMath.LogGamma(b), above = LossMath.LogGamma(Math.BitIncrement(b));
            Assert.True(Math.Abs(at - below) < 1e-14 && Math.Abs(above - at) < 1e-14, $"lgamma jumps at {b}: {below:R} {at:R} {above:R}");
        }
    }

    [Fact]
    public void Digamma_and_trigamma_match_closed_forms()
    {
        const double eulerGamma = 0.57721566490153286;
        // Digamma below 10 sums its recurrence against ψ(x + k), which cancels where ψ is small: 16 ulps there.
        AssertUlps(-eulerGamma, LossMath.Digamma(1.0), 16, "digamma(1)");
        AssertUlps(-eulerGamma - 2 * Math.Log(2), LossMath.Digamma(0.5), 16, "digamma(0.5)");
        double harmonic = 0;
        for (int n = 1; n < 20; n++)
        {
            harmonic += 1.0 / n;
            AssertUlps(harmonic - eulerGamma, LossMath.Digamma(n + 1.0), 16, $"digamma({n + 1})");
        }
        AssertUlps(Math.PI * Math.PI / 6, LossMath.Trigamma(1.0), 4, "trigamma(1)");
        AssertUlps(Math.PI * Math.PI / 2, LossMath.Trigamma(0.5), 4, "trigamma(0.5)");
        AssertUlps(Math.PI * Math.PI / 6 - 1, LossMath.Trigamma(2.0), 8, "trigamma(2)");
        // Reflection: ψ(1 − x) − ψ(x) = π cot(πx).
        Assert.Equal(Math.PI / Math.Tan(Math.PI * -0.3), LossMath.Digamma(1.3) - LossMath.Digamma(-0.3), 12);
        Assert.True(double.IsNaN(LossMath.Digamma(-2.0)));
    }
}
