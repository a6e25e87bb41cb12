using System;

namespace LossGen;

/// <summary>
/// erf, log|Γ|, digamma and trigamma in double, for <see cref="LossMath"/> and, compiled from this same file, for the
/// compiler's constant folding (so a folded constant and a computed value agree). Plain double code that builds
/// for netstandard2.0 as well.
/// <para>
/// Methods: erf by its Maclaurin series in the form erf(x) = 2/√π · e^(−x²) · Σ (2x²)ⁿ·x / (1·3·…·(2n+1)), whose
/// terms are all positive (no cancellation), for |x| &lt; 2.5, and 1 − erfc(x) with erfc's Laplace continued fraction
/// (evaluated by the modified Lentz method) above; e^(−x²) is taken from the exact split x² = hi + lo (Dekker's
/// product), so the factor carries no error from rounding x². log|Γ| from the Taylor series
/// log Γ(1 + z) = −γz + Σ_{k≥2} (−1)ᵏ ζ(k) zᵏ / k for |z| ≤ 1/2 (so it keeps its relative accuracy at the zeros
/// x = 1 and 2), the recurrences Γ(x + 1) = xΓ(x) into that window for x &lt; 10, Stirling's series with eight
/// Bernoulli terms from 10 on, and the reflection formula for x ≤ 0. Digamma and trigamma from their asymptotic
/// series from 10 on, the recurrences below, and reflection for x ≤ 0.
/// </para>
/// </summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double EulerGamma = 0.57721566490153286;
    private const double HalfLogTwoPi = 0.91893853320467274;

    /// <summary>ζ(k) for k = 2..60 (entries 0 and 1 unused).</summary>
    private static readonly double[] Zeta = ZetaValues(60);

    /// <summary>The error function; odd, erf(±∞) = ±1.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        double r;
        if (a < 2.5)
        {
            double a2 = a * a, term = a, sum = a;
            for (int n = 1; n < 200 && term > sum * 1e-17; n++)
            {
                term *= 2 * a2 / (2 * n + 1);
                sum += term;
            }
            r = TwoOverSqrtPi * ExpMinusSquare(a) * sum;
        }
        else
        {
            r = a >= 6 ? 1 : 1 - Erfc(a);
        }
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(a) for a ≥ 2.5: e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))).</summary>
    private static double Erfc(double a)
    {
        const double tiny = 1e-300;
        double f = a, c = a, d = 0;
        for (int n = 1; n < 300; n++)
        {
            double an = n * 0.5;
            d = a + an * d;
            d = d == 0 ? tiny : 1 / d;
            c = a + an / c;
            if (c == 0) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-17) break;
        }
        return TwoOverSqrtPi * 0.5 * ExpMinusSquare(a) / f;
    }

    /// <summary>e^(−a²) with a² split exactly into hi + lo: e^(−hi)·(1 − lo), lo being below hi's last bit.</summary>
    private static double ExpMinusSquare(double a)
    {
        double hi = a * a;
        // Dekker's split of a into two 26-bit halves makes a·a = hi + lo exact.
        double t = a * 134217729.0;
        double ah = t - (t - a), al = a - ah;
        double lo = ((ah * ah - hi) + 2 * ah * al) + al * al;
        return Math.Exp(-hi) * (1 - lo);
    }

    /// <summary>log|Γ(x)|, as torch.lgamma: +∞ at the poles 0, −1, −2, ...</summary>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsInfinity(x)) return double.PositiveInfinity;
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.PositiveInfinity;
            // Γ(x)Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(SinPi(x))) - LogGamma(1 - x);
        }
        if (x < 0.5) return LogGamma1p(x) - Math.Log(x);
        if (x <= 1.5) return LogGamma1p(x - 1);
        if (x <= 2.5) return LogGamma1p(x - 2) + Log1p(x - 2);
        if (x < 10)
        {
            // log Γ(x) = log Γ(y) + log((x − 1)(x − 2)…y), y in (1.5, 2.5]: both terms positive beyond 2.5.
            double product = 1, y = x;
            while (y > 2.5) { y -= 1; product *= y; }
            return LogGamma1p(y - 2) + Log1p(y - 2) + Math.Log(product);
        }
        return Stirling(x);
    }

    /// <summary>log Γ(1 + z) for |z| ≤ 1/2.</summary>
    private static double LogGamma1p(double z)
    {
        // power = (−z)^k
        double sum = 0, power = -z;
        for (int k = 2; k < Zeta.Length; k++)
        {
            power *= -z;
            double term = Zeta[k] * power / k;
            sum += term;
            if (Math.Abs(term) < 1e-18 * Math.Abs(sum)) break;
        }
        return -EulerGamma * z + sum;
    }

    private static double Stirling(double x)
    {
        double r = 1 / x, r2 = r * r;
        // B2k / (2k(2k − 1) x^(2k−1)), k = 1..8.
        double series = r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188
            + r2 * (-691.0 / 360360 + r2 * (1.0 / 156 + r2 * (-3617.0 / 122400))))))));
        return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + series;
    }

    /// <summary>ψ(x) = d/dx log|Γ(x)|; NaN at the poles 0, −1, −2, ...</summary>
    public static double Digamma(double x)
    {
        if (double.IsNaN(x) || double.IsNegativeInfinity(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return x;
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.NaN;
            // ψ(1 − x) − ψ(x) = π / tan(πx).
            return Digamma(1 - x) - Math.PI * CosPi(x) / SinPi(x);
        }
        double shift = 0;
        while (x < 10) { shift -= 1 / x; x += 1; }
        double r2 = 1 / (x * x);
        double series = r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 - r2 * (1.0 / 240 - r2 * (1.0 / 132
            - r2 * (691.0 / 32760 - r2 * (1.0 / 12)))))));
        return shift + Math.Log(x) - 0.5 / x - series;
    }

    /// <summary>ψ′(x), the derivative of digamma; +∞ at the poles 0, −1, −2, ...</summary>
    public static double Trigamma(double x)
    {
        if (double.IsNaN(x) || double.IsNegativeInfinity(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 0;
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.PositiveInfinity;
            // ψ′(1 − x) + ψ′(x) = π² / sin²(πx).
            double s = SinPi(x);
            return Math.PI * Math.PI / (s * s) - Trigamma(1 - x);
        }
        double shift = 0;
        while (x < 10) { shift += 1 / (x * x); x += 1; }
        double r = 1 / x, r2 = r * r;
        double series = r + r2 / 2 + r * r2 * (1.0 / 6 - r2 * (1.0 / 30 - r2 * (1.0 / 42 - r2 * (1.0 / 30
            - r2 * (5.0 / 66 - r2 * (691.0 / 2730 - r2 * (7.0 / 6)))))));
        return shift + series;
    }

    /// <summary>sin(πx) with the argument reduced exactly first, so that it is 0 at integers.</summary>
    private static double SinPi(double x)
    {
        double r = x - 2 * Math.Floor(x / 2); // in [0, 2), exact
        return r <= 1 ? Math.Sin(Math.PI * (r <= 0.5 ? r : 1 - r)) : -Math.Sin(Math.PI * (r <= 1.5 ? r - 1 : 2 - r));
    }

    private static double CosPi(double x) => SinPi(x + 0.5);

    /// <summary>log(1 + z) for |z| ≤ 1/2 without losing z's low bits (netstandard2.0 has no Math.Log1p).</summary>
    private static double Log1p(double z)
    {
        double u = 1 + z;
        return u == 1 ? z : Math.Log(u) * z / (u - 1);
    }

    private static double[] ZetaValues(int max)
    {
        var zeta = new double[max + 1];
        zeta[2] = Math.PI * Math.PI / 6;
        const int n = 50;
        for (int k = 3; k <= max; k++)
        {
            // Σ_{m<N} m^−k plus the Euler–Maclaurin tail from N: N^(1−k)/(k−1) + N^−k/2 + k·N^(−k−1)/12 − k(k+1)(k+2)·N^(−k−3)/720.
            double sum = 0;
            for (int m = n - 1; m >= 1; m--) sum += Math.Pow(m, -k);
            double nk = Math.Pow(n, -k);
            sum += n * nk / (k - 1) + nk / 2 + k * nk / n / 12 - k * (k + 1.0) * (k + 2) * nk / ((double)n * n * n) / 720;
            zeta[k] = sum;
        }
        return zeta;
    }
}
