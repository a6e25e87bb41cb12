namespace LossGen.Runtime.Tests.Reference;

/// <summary>
/// Unevaluated sum Hi + Lo of two doubles (about 106 bits of precision); just enough arithmetic for the reference
/// functions below. Not fast, not IEEE-complete: the callers keep infinities and NaN out of it.
/// </summary>
internal readonly struct DD
{
    public readonly double Hi;
    public readonly double Lo;

    public DD(double hi, double lo = 0) { Hi = hi; Lo = lo; }

    public static implicit operator DD(double x) => new(x);

    public double Value => Hi + Lo;

    public static DD TwoSum(double a, double b)
    {
        double s = a + b;
        double bb = s - a;
        return new DD(s, (a - (s - bb)) + (b - bb));
    }

    public static DD FastTwoSum(double a, double b)
    {
        double s = a + b;
        return new DD(s, b - (s - a));
    }

    public static DD TwoProd(double a, double b)
    {
        double p = a * b;
        return new DD(p, Math.FusedMultiplyAdd(a, b, -p));
    }

    public static DD operator -(DD a) => new(-a.Hi, -a.Lo);

    public static DD operator +(DD a, DD b)
    {
        DD s = TwoSum(a.Hi, b.Hi);
        DD t = TwoSum(a.Lo, b.Lo);
        DD u = FastTwoSum(s.Hi, s.Lo + t.Hi);
        return FastTwoSum(u.Hi, u.Lo + t.Lo);
    }

    public static DD operator -(DD a, DD b) => a + -b;

    public static DD operator *(DD a, DD b)
    {
        DD p = TwoProd(a.Hi, b.Hi);
        return FastTwoSum(p.Hi, p.Lo + (a.Hi * b.Lo + a.Lo * b.Hi));
    }

    public static DD operator /(DD a, DD b)
    {
        double q1 = a.Hi / b.Hi;
        DD r = a - b * q1;
        double q2 = r.Hi / b.Hi;
        r -= b * q2;
        double q3 = r.Hi / b.Hi;
        return FastTwoSum(q1, q2) + q3;
    }

    public DD ScaleB(int n) => new(Math.ScaleB(Hi, n), Math.ScaleB(Lo, n));

    public override string ToString() => $"{Hi:R} + {Lo:R}";
}

/// <summary>A reference value M * 2^E: keeps full precision for results far outside the normal double range.</summary>
internal readonly struct Ref
{
    public readonly DD M;
    public readonly int E;

    public Ref(DD m, int e = 0) { M = m; E = e; }

    public static implicit operator Ref(DD m) => new(m);
    public static implicit operator Ref(double m) => new(m);

    public bool IsNaN => double.IsNaN(M.Hi);

    /// <summary>The value as a DD (exponent applied; loses precision only if it under- or overflows).</summary>
    public DD Flatten() => M.ScaleB(E);

    public double Value => Math.ScaleB(M.Hi + M.Lo, E);

    public override string ToString() => E == 0 ? M.ToString() : $"({M}) * 2^{E}";
}

/// <summary>
/// Double-double reference implementations (error far below 2^-100 relative, except where documented) used to measure
/// the double-precision kernels, whose own error is around 2^-53. Built only on exp via Taylor series, with logarithms
/// obtained from Math.Log by one Newton step; ReferenceSelfTests checks them against Math.
/// </summary>
internal static class DDMath
{
    private static readonly DD Ln2 = new(0.6931471805599453, 2.3190468138462996e-17);
    private const double Ln2Lo2 = 5.707708438416212e-34; // ln 2 - Ln2.Hi - Ln2.Lo

    private static readonly DD[] Inverse = Enumerable.Range(0, 32).Select(i => i == 0 ? default : (DD)1.0 / i).ToArray();

    /// <summary>e^x as M * 2^E (E is not limited to the double exponent range).</summary>
    public static Ref Exp(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x > 1e4) return double.PositiveInfinity;
        if (x < -1e4) return 0.0;
        double k = Math.Round(x / Ln2.Hi);
        DD r = ((DD)x - DD.TwoProd(k, Ln2.Hi)) - DD.TwoProd(k, Ln2.Lo) - k * Ln2Lo2;
        // |r| <= 0.35: the Taylor series to r^24 is exact to 2^-110.
        DD p = 1.0;
        for (int i = 24; i >= 1; i--)
            p = 1.0 + p * r * Inverse[i];
        return new Ref(p, (int)k);
    }

    /// <summary>e^x - 1.</summary>
    public static Ref Expm1(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x > 1e4) return double.PositiveInfinity;
        if (Math.Abs(x) < 0.35)
        {
            DD p = 1.0;
            for (int i = 25; i >= 2; i--)
                p = 1.0 + p * x * Inverse[i];
            return p * x;
        }
        Ref e = Exp(x);
        if (x > 0)
            return new Ref(e.M - Math.ScaleB(1.0, -e.E), e.E);
        return e.Flatten() - 1.0;
    }

    /// <summary>Natural log of a positive finite x.</summary>
    public static DD Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        int ex = Math.ILogB(x);
        double mx = Math.ScaleB(x, -ex);
        return NewtonLog(Math.Log(x), mx, ex);
    }

    /// <summary>Refines y0 ~ log(m * 2^ex) (m a DD): y = y0 + log(m 2^ex e^-y0) ~ y0 + d - d^2/2 + d^3/3.</summary>
    private static DD NewtonLog(double y0, DD m, int ex)
    {
        Ref e = Exp(-y0);
        DD d = (m * e.M).ScaleB(ex + e.E) - 1.0;
        DD d2 = d * d;
        return (DD)y0 + d - d2 * 0.5 + d2 * d / 3.0;
    }

    /// <summary>log(1 + v) for v &gt; -1 (v a DD).</summary>
    public static DD Log1p(DD v)
    {
        if (double.IsNaN(v.Hi)) return double.NaN;
        if (v.Hi < -1 || (v.Hi == -1 && v.Lo <= 0)) return v.Hi == -1 && v.Lo == 0 ? double.NegativeInfinity : double.NaN;
        if (double.IsPositiveInfinity(v.Hi)) return v.Hi;
        if (Math.Abs(v.Hi) < 1e-5)
        {
            // v * sum_{i>=1} (-v)^(i-1) / i
            DD s = (DD)1.0 / 14.0;
            for (int i = 13; i >= 1; i--)
                s = s * -v + (DD)1.0 / i;
            return v * s;
        }
        DD z = (DD)1.0 + v;
        int ez = Math.ILogB(z.Hi);
        return NewtonLog(Math.Log(z.Value), z.ScaleB(-ez), ez);
    }

    public static Ref Log1p(double x) => Log1p((DD)x);

    public static DD Tanh(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        DD t = Expm1(-2 * Math.Min(ax, 400)).Flatten();
        DD q = -t / (t + 2.0);
        return x < 0 ? -q : q;
    }

    public static Ref Sigmoid(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        Ref e = Exp(-Math.Abs(x));
        DD d = 1.0 + e.Flatten();
        return x >= 0 ? (Ref)((DD)1.0 / d) : new Ref(e.M / d, e.E);
    }

    public static Ref Softplus(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return x;
        Ref e = Exp(-Math.Abs(x));
        Ref l;
        if (e.E < -60)
        {
            // log1p(v) = v (1 - v/2 + v^2/3) to far below 2^-106 relative for v < 2^-59.
            double v = Math.ScaleB(e.M.Hi, e.E);
            l = new Ref(e.M * (1.0 - v / 2 + v * v / 3), e.E);
        }
        else
        {
            l = Log1p(e.Flatten());
        }
        return x > 0 ? (Ref)((DD)x + l.Flatten()) : l;
    }

    public static Ref LogSigmoid(double x)
    {
        Ref s = Softplus(-x);
        return new Ref(-s.M, s.E);
    }
}
