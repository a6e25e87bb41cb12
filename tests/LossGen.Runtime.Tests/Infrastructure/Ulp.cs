using LossGen.Runtime.Tests.Reference;

namespace LossGen.Runtime.Tests.Infrastructure;

/// <summary>
/// Error of a result in units in the last place of the exact value: |result - exact| / ulp(exact), where
/// ulp(v) = 2^(max(floor(log2|v|), emin) - p + 1) (so subnormal results are measured in units of the smallest
/// subnormal). A result of ±∞ counts as ±2^(emax+1), NaN against a non-NaN (or the reverse) as +∞.
/// </summary>
internal static class Ulp
{
    public static double Error(float result, double exact)
    {
        if (double.IsNaN(exact) || float.IsNaN(result))
            return double.IsNaN(exact) && float.IsNaN(result) ? 0 : double.PositiveInfinity;
        if (Math.Abs(exact) >= 3.4028235677973366e38) // 2^128 - 2^103: rounds to infinity
            exact = Math.CopySign(double.PositiveInfinity, exact);
        if (double.IsInfinity(exact))
            return result == exact ? 0 : double.PositiveInfinity;
        double y = float.IsInfinity(result) ? Math.CopySign(Math.ScaleB(1.0, 128), result) : result;
        int e = Math.Clamp(exact == 0 ? -126 : Math.ILogB(exact), -126, 127);
        return Math.Abs(y - exact) / Math.ScaleB(1.0, e - 23);
    }

    public static double Error(double result, Ref exact)
    {
        if (exact.IsNaN || double.IsNaN(result))
            return exact.IsNaN && double.IsNaN(result) ? 0 : double.PositiveInfinity;
        if (double.IsInfinity(exact.M.Hi))
            return result == exact.M.Hi ? 0 : double.PositiveInfinity;
        DD m = exact.M;
        if (m.Hi == 0)
        {
            // exact zero: measured in units of the smallest subnormal
            return double.IsInfinity(result) ? double.PositiveInfinity : Math.Abs(Math.ScaleB(result, 1074));
        }
        int e = Math.ILogB(m.Hi) + exact.E;
        if (e > 1023 || (e == 1023 && RoundsUpToTwo(m.Hi, m.Lo)))
            return result == Math.CopySign(double.PositiveInfinity, m.Hi) ? 0 : double.PositiveInfinity; // rounds to ±inf
        e = Math.Max(e, -1022);
        // Work at scale 2^-E, where the reference mantissa is about 1 and every scaling below is exact.
        double y = double.IsInfinity(result)
            ? Math.CopySign(Math.ScaleB(1.0, 1024 - exact.E), result)
            : Math.ScaleB(result, -exact.E);
        double diff = (y - m.Hi) - m.Lo;
        return Math.Abs(diff) / Math.ScaleB(1.0, e - 52 - exact.E);
    }

    /// <summary>Whether hi + lo (hi in [1, 2) after scaling by 2^-ilogb(hi)) is at least 2 - 2^-53.</summary>
    private static bool RoundsUpToTwo(double hi, double lo)
    {
        int k = Math.ILogB(hi);
        double mh = Math.Abs(Math.ScaleB(hi, -k)), ml = Math.ScaleB(lo, -k) * Math.Sign(hi);
        const double largest = 1.9999999999999998; // 2 - 2^-52
        return mh > largest || (mh == largest && ml >= 1.1102230246251565e-16);
    }
}
