using System.Numerics.Tensors;

namespace LossGen.LightGbm.Tests;

/// <summary>
/// LightGBM's own hand-written gradient and Hessian formulas (GetGradients in src/objective/*.hpp), transcribed into
/// the trainer's objective shape. They are the engine's reference, not LossGen output: <see cref="ReferenceTests"/> checks
/// that they are the derivatives of the <see cref="BoostingLosses"/> formulas and that the generated
/// <c>NamePerSampleDerivatives</c> members, which the training tests use, compute the same values.
/// </summary>
internal static class LightGbmReference
{
    public static void L2(ReadOnlySpan<double> y, ReadOnlySpan<double> s, Span<double> loss, Span<double> g, Span<double> h)
    {
        for (int i = 0; i < y.Length; i++) { loss[i] = 0.5 * (s[i] - y[i]) * (s[i] - y[i]); g[i] = s[i] - y[i]; h[i] = 1; }
    }

    public static void LogLoss(ReadOnlySpan<double> y, ReadOnlySpan<double> s, Span<double> loss, Span<double> g, Span<double> h)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double p = 1 / (1 + Math.Exp(-s[i]));
            loss[i] = Math.Max(s[i], 0) + Math.Log(1 + Math.Exp(-Math.Abs(s[i]))) - y[i] * s[i];
            g[i] = p - y[i];
            h[i] = p * (1 - p);
        }
    }

    public static void OneVsAll(ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, Span<double> loss, TensorSpan<double> g, TensorSpan<double> h)
    {
        int rows = (int)z.Lengths[0], classes = (int)z.Lengths[1];
        for (int i = 0; i < rows; i++)
        {
            double total = 0;
            for (int k = 0; k < classes; k++)
            {
                double s = z[i, k];
                double p = 1 / (1 + Math.Exp(-s));
                double y = t[i] == k ? 1 : 0;
                total += Math.Max(s, 0) + Math.Log(1 + Math.Exp(-Math.Abs(s))) - y * s;
                g[i, k] = p - y;
                h[i, k] = p * (1 - p);
            }
            loss[i] = total;
        }
    }

    public static void Poisson(ReadOnlySpan<double> y, ReadOnlySpan<double> s, Span<double> loss, Span<double> g, Span<double> h)
    {
        for (int i = 0; i < y.Length; i++) { double e = Math.Exp(s[i]); loss[i] = e - y[i] * s[i]; g[i] = e - y[i]; h[i] = e; }
    }

    public static void Gamma(ReadOnlySpan<double> y, ReadOnlySpan<double> s, Span<double> loss, Span<double> g, Span<double> h)
    {
        for (int i = 0; i < y.Length; i++) { double e = y[i] * Math.Exp(-s[i]); loss[i] = e + s[i]; g[i] = 1 - e; h[i] = e; }
    }

    public static void Tweedie(ReadOnlySpan<double> y, ReadOnlySpan<double> s, Span<double> loss, Span<double> g, Span<double> h)
    {
        const double rho = 1.5;
        for (int i = 0; i < y.Length; i++)
        {
            double a = Math.Exp((1 - rho) * s[i]), b = Math.Exp((2 - rho) * s[i]);
            loss[i] = -y[i] * a / (1 - rho) + b / (2 - rho);
            g[i] = -y[i] * a + b;
            h[i] = -y[i] * (1 - rho) * a + (2 - rho) * b;
        }
    }
}
