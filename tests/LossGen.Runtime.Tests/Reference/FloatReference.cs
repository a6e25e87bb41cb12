namespace LossGen.Runtime.Tests.Reference;

/// <summary>
/// Double-precision references for the float kernels. Each is accurate to a few double ulps (about 2^-50 relative),
/// i.e. within 2^-26 of a float ulp, so the measured float ULP errors are exact to about 1e-7 ulp.
/// </summary>
internal static class FloatReference
{
    public static double Exp(double x) => Math.Exp(x);

    public static double Log(double x) => Math.Log(x);

    /// <summary>Goldberg's log1p: the rounding error of u = 1 + x cancels in log(u) * x / (u - 1).</summary>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * x / (u - 1.0);
    }

    public static double Expm1(double x)
    {
        // For |x| < 2^-10 the Taylor series to x^5 is exact to 2^-60 relative; beyond, exp(x) - 1 loses at most
        // 10 bits of the 53.
        if (Math.Abs(x) < 0.0009765625)
            return x + x * x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120))));
        return Math.Exp(x) - 1.0;
    }

    public static double Softplus(double x) => double.IsNaN(x) ? x : Math.Max(x, 0.0) + Log1p(Math.Exp(-Math.Abs(x)));

    public static double Sigmoid(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    public static double LogSigmoid(double x) => double.IsNaN(x) ? x : Math.Min(x, 0.0) - Log1p(Math.Exp(-Math.Abs(x)));

    public static double Tanh(double x) => Math.Tanh(x);
}
