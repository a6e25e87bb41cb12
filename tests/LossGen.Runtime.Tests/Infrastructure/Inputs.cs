using System.Runtime.Intrinsics;

namespace LossGen.Runtime.Tests.Infrastructure;

/// <summary>Deterministic input sets (fixed seeds) for the accuracy sweeps.</summary>
internal static class Inputs
{
    /// <summary>
    /// Sweep sizes are cut tenfold when even Vector128 runs on the BCL's software fallback (DOTNET_EnableHWIntrinsic=0,
    /// as CI runs it), where every vector operation is a managed loop: that run checks that the fallback computes
    /// the same bits, not the accuracy again.
    /// </summary>
    private static int Scaled(int count) => Vector128.IsHardwareAccelerated ? count : Math.Max(count / 10, 16);

    public static readonly float[] FloatSpecials =
    [
        0f, -0f, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, 1.1754942e-38f, -1.1754942e-38f,
        1.17549435e-38f, -1.17549435e-38f, 1e-30f, -1e-30f, 1e-7f, -1e-7f, 0.5f, -0.5f, 1f, -1f, 2f, -2f,
        0.6931472f, -0.6931472f, 0.6666667f, 1.3333334f, 87f, -87f, 87.5f, -87.5f, 88.72283f, 88.72284f,
        -103.27893f, -103.97208f, -104f, 100f, -100f, 1e10f, -1e10f, 1e30f, -1e30f, 1.2676506e30f, 2e30f,
        float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
        BitConverter.Int32BitsToSingle(0x7fc12345), BitConverter.Int32BitsToSingle(unchecked((int)0xffc00001)),
        -0.99999994f, -0.9999999f, 0.99999994f, 1.0000001f, 9f, -9f, 20f, -20f, 50f, -50f,
    ];

    public static readonly double[] DoubleSpecials =
    [
        0d, -0d, double.Epsilon, -double.Epsilon, 1e-310, -1e-310, 2.225073858507201e-308, -2.225073858507201e-308,
        2.2250738585072014e-308, -2.2250738585072014e-308, 1e-300, -1e-300, 1e-17, -1e-17, 0.5, -0.5, 1, -1, 2, -2,
        0.6931471805599453, -0.6931471805599453, 0.6666666666666666, 1.3333333333333333, 708, -708, 708.5, -708.5,
        709.782712893384, 709.7827128933841, -744.4400719213812, -745.1332191019411, -746, 100, -100, 1e10, -1e10,
        1e300, -1e300, 1.0715086071862673e301, 2e301, double.MaxValue, double.MinValue, double.PositiveInfinity,
        double.NegativeInfinity, double.NaN, BitConverter.Int64BitsToDouble(0x7ff8000000012345),
        BitConverter.Int64BitsToDouble(unchecked((long)0xfff8000000000001)), -0.9999999999999999, 0.9999999999999999,
        1.0000000000000002, 19, -19, 40, -40, 400, -400,
    ];

    /// <summary>Uniformly random bit patterns: every class of value (NaN, ±∞, subnormal, huge) shows up.</summary>
    public static float[] FloatRandomBits(int count, int seed)
    {
        count = Scaled(count);
        var rng = new Random(seed);
        var xs = new float[count];
        for (int i = 0; i < count; i++)
            xs[i] = BitConverter.Int32BitsToSingle(rng.Next() ^ (rng.Next(2) << 31));
        return xs;
    }

    public static double[] DoubleRandomBits(int count, int seed)
    {
        count = Scaled(count);
        var rng = new Random(seed);
        var xs = new double[count];
        for (int i = 0; i < count; i++)
            xs[i] = BitConverter.Int64BitsToDouble(rng.NextInt64());
        return xs;
    }

    /// <summary>count points uniformly spaced in value over [lo, hi].</summary>
    public static float[] FloatLinear(float lo, float hi, int count)
    {
        count = Scaled(count);
        var xs = new float[count];
        for (int i = 0; i < count; i++)
            xs[i] = (float)(lo + (hi - (double)lo) * i / (count - 1));
        return xs;
    }

    public static double[] DoubleLinear(double lo, double hi, int count, int seed)
    {
        count = Scaled(count);
        // Evenly spaced plus a random jitter so that all mantissa bits vary.
        var rng = new Random(seed);
        var xs = new double[count];
        double step = (hi - lo) / count;
        for (int i = 0; i < count; i++)
            xs[i] = lo + step * (i + rng.NextDouble());
        return xs;
    }

    /// <summary>
    /// count points evenly spaced in bit pattern over the positive floats [lo, hi] (so log-uniform in value: every
    /// binade gets the same share), each used with both signs when <paramref name="bothSigns"/> is set.
    /// </summary>
    public static float[] FloatBitSweep(float lo, float hi, int count, bool bothSigns)
    {
        count = Scaled(count);
        int a = BitConverter.SingleToInt32Bits(lo), b = BitConverter.SingleToInt32Bits(hi);
        int n = bothSigns ? count / 2 : count;
        var xs = new float[bothSigns ? 2 * n : n];
        for (int i = 0; i < n; i++)
        {
            float x = BitConverter.Int32BitsToSingle((int)(a + (long)(b - a) * i / (n - 1)));
            if (bothSigns) { xs[2 * i] = x; xs[2 * i + 1] = -x; }
            else xs[i] = x;
        }
        return xs;
    }

    public static double[] DoubleBitSweep(double lo, double hi, int count, bool bothSigns, int seed)
    {
        count = Scaled(count);
        var rng = new Random(seed);
        long a = BitConverter.DoubleToInt64Bits(lo), b = BitConverter.DoubleToInt64Bits(hi);
        int n = bothSigns ? count / 2 : count;
        var xs = new double[bothSigns ? 2 * n : n];
        for (int i = 0; i < n; i++)
        {
            double x = BitConverter.Int64BitsToDouble(a + (long)((b - a) * ((i + rng.NextDouble()) / n)));
            if (bothSigns) { xs[2 * i] = x; xs[2 * i + 1] = -x; }
            else xs[i] = x;
        }
        return xs;
    }

    public static T[] Concat<T>(params T[][] parts) => parts.SelectMany(p => p).ToArray();
}
