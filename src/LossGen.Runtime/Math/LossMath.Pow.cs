using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen;

public static partial class LossMath
{
    /// <summary>x^k per lane for a loop-invariant k, with <see cref="System.Math.Pow(double, double)"/>'s special cases
    /// at 0 and for negative x (defined only for integer k; odd k keeps the sign). Computed as exp(k·log|x|), or by
    /// multiplication for k = 0, 1, 2, 3, 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Pow(Vector128<float> x, float k)
    {
        // Small non-negative integer exponents (focal loss's γ = 2, its derivative's γ − 1): products, exact to a
        // rounding per multiplication, with Math.Pow's values at 0, ±∞ and NaN.
        if (k is >= 0 and <= 4 && float.IsInteger(k))
            return k switch { 0 => Vector128<float>.One, 1 => x, 2 => x * x, 3 => x * x * x, _ => x * x * (x * x) };
        return PowExpLog(x, k);
    }

    // Not inlined: a kernel that inlines two general powers next to other transcendentals exhausts the JIT's
    // inlining budget and loses its register allocation (focal loss measured 3x slower).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<float> PowExpLog(Vector128<float> x, float k)
    {
        Vector128<float> r = Exp(Vector128.Create(k) * Log(Vector128.Abs(x)));
        float atZero = k > 0 ? 0 : k == 0 ? 1 : float.PositiveInfinity;
        r = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<float>.Zero), Vector128.Create(atZero), r);
        Vector128<float> negative = Vector128.LessThan(x, Vector128<float>.Zero);
        if (float.IsInteger(k))
            return float.IsOddInteger(k) ? Vector128.ConditionalSelect(negative, -r, r) : r;
        return Vector128.ConditionalSelect(negative, Vector128.Create(float.NaN), r);
    }

    /// <summary>x^k per lane for a loop-invariant k, with <see cref="System.Math.Pow(double, double)"/>'s special cases
    /// at 0 and for negative x (defined only for integer k; odd k keeps the sign). Computed as exp(k·log|x|), or by
    /// multiplication for k = 0, 1, 2, 3, 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Pow(Vector128<double> x, double k)
    {
        // Small non-negative integer exponents (focal loss's γ = 2, its derivative's γ − 1): products, exact to a
        // rounding per multiplication, with Math.Pow's values at 0, ±∞ and NaN.
        if (k is >= 0 and <= 4 && double.IsInteger(k))
            return k switch { 0 => Vector128<double>.One, 1 => x, 2 => x * x, 3 => x * x * x, _ => x * x * (x * x) };
        return PowExpLog(x, k);
    }

    // Not inlined: a kernel that inlines two general powers next to other transcendentals exhausts the JIT's
    // inlining budget and loses its register allocation (focal loss measured 3x slower).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<double> PowExpLog(Vector128<double> x, double k)
    {
        Vector128<double> r = Exp(Vector128.Create(k) * Log(Vector128.Abs(x)));
        double atZero = k > 0 ? 0 : k == 0 ? 1 : double.PositiveInfinity;
        r = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<double>.Zero), Vector128.Create(atZero), r);
        Vector128<double> negative = Vector128.LessThan(x, Vector128<double>.Zero);
        if (double.IsInteger(k))
            return double.IsOddInteger(k) ? Vector128.ConditionalSelect(negative, -r, r) : r;
        return Vector128.ConditionalSelect(negative, Vector128.Create(double.NaN), r);
    }

    /// <summary>x^k per lane for a loop-invariant k, with <see cref="System.Math.Pow(double, double)"/>'s special cases
    /// at 0 and for negative x (defined only for integer k; odd k keeps the sign). Computed as exp(k·log|x|), or by
    /// multiplication for k = 0, 1, 2, 3, 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Pow(Vector256<float> x, float k)
    {
        // Small non-negative integer exponents (focal loss's γ = 2, its derivative's γ − 1): products, exact to a
        // rounding per multiplication, with Math.Pow's values at 0, ±∞ and NaN.
        if (k is >= 0 and <= 4 && float.IsInteger(k))
            return k switch { 0 => Vector256<float>.One, 1 => x, 2 => x * x, 3 => x * x * x, _ => x * x * (x * x) };
        return PowExpLog(x, k);
    }

    // Not inlined: a kernel that inlines two general powers next to other transcendentals exhausts the JIT's
    // inlining budget and loses its register allocation (focal loss measured 3x slower).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> PowExpLog(Vector256<float> x, float k)
    {
        Vector256<float> r = Exp(Vector256.Create(k) * Log(Vector256.Abs(x)));
        float atZero = k > 0 ? 0 : k == 0 ? 1 : float.PositiveInfinity;
        r = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(atZero), r);
        Vector256<float> negative = Vector256.LessThan(x, Vector256<float>.Zero);
        if (float.IsInteger(k))
            return float.IsOddInteger(k) ? Vector256.ConditionalSelect(negative, -r, r) : r;
        return Vector256.ConditionalSelect(negative, Vector256.Create(float.NaN), r);
    }

    /// <summary>x^k per lane for a loop-invariant k, with <see cref="System.Math.Pow(double, double)"/>'s special cases
    /// at 0 and for negative x (defined only for integer k; odd k keeps the sign). Computed as exp(k·log|x|), or by
    /// multiplication for k = 0, 1, 2, 3, 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Pow(Vector256<double> x, double k)
    {
        // Small non-negative integer exponents (focal loss's γ = 2, its derivative's γ − 1): products, exact to a
        // rounding per multiplication, with Math.Pow's values at 0, ±∞ and NaN.
        if (k is >= 0 and <= 4 && double.IsInteger(k))
            return k switch { 0 => Vector256<double>.One, 1 => x, 2 => x * x, 3 => x * x * x, _ => x * x * (x * x) };
        return PowExpLog(x, k);
    }

    // Not inlined: a kernel that inlines two general powers next to other transcendentals exhausts the JIT's
    // inlining budget and loses its register allocation (focal loss measured 3x slower).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> PowExpLog(Vector256<double> x, double k)
    {
        Vector256<double> r = Exp(Vector256.Create(k) * Log(Vector256.Abs(x)));
        double atZero = k > 0 ? 0 : k == 0 ? 1 : double.PositiveInfinity;
        r = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<double>.Zero), Vector256.Create(atZero), r);
        Vector256<double> negative = Vector256.LessThan(x, Vector256<double>.Zero);
        if (double.IsInteger(k))
            return double.IsOddInteger(k) ? Vector256.ConditionalSelect(negative, -r, r) : r;
        return Vector256.ConditionalSelect(negative, Vector256.Create(double.NaN), r);
    }

    /// <summary>x^k per lane for a loop-invariant k, with <see cref="System.Math.Pow(double, double)"/>'s special cases
    /// at 0 and for negative x (defined only for integer k; odd k keeps the sign). Computed as exp(k·log|x|), or by
    /// multiplication for k = 0, 1, 2, 3, 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Pow(Vector512<float> x, float k)
    {
        // Small non-negative integer exponents (focal loss's γ = 2, its derivative's γ − 1): products, exact to a
        // rounding per multiplication, with Math.Pow's values at 0, ±∞ and NaN.
        if (k is >= 0 and <= 4 && float.IsInteger(k))
            return k switch { 0 => Vector512<float>.One, 1 => x, 2 => x * x, 3 => x * x * x, _ => x * x * (x * x) };
        return PowExpLog(x, k);
    }

    // Not inlined: a kernel that inlines two general powers next to other transcendentals exhausts the JIT's
    // inlining budget and loses its register allocation (focal loss measured 3x slower).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> PowExpLog(Vector512<float> x, float k)
    {
        Vector512<float> r = Exp(Vector512.Create(k) * Log(Vector512.Abs(x)));
        float atZero = k > 0 ? 0 : k == 0 ? 1 : float.PositiveInfinity;
        r = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<float>.Zero), Vector512.Create(atZero), r);
        Vector512<float> negative = Vector512.LessThan(x, Vector512<float>.Zero);
        if (float.IsInteger(k))
            return float.IsOddInteger(k) ? Vector512.ConditionalSelect(negative, -r, r) : r;
        return Vector512.ConditionalSelect(negative, Vector512.Create(float.NaN), r);
    }

    /// <summary>x^k per lane for a loop-invariant k, with <see cref="System.Math.Pow(double, double)"/>'s special cases
    /// at 0 and for negative x (defined only for integer k; odd k keeps the sign). Computed as exp(k·log|x|), or by
    /// multiplication for k = 0, 1, 2, 3, 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Pow(Vector512<double> x, double k)
    {
        // Small non-negative integer exponents (focal loss's γ = 2, its derivative's γ − 1): products, exact to a
        // rounding per multiplication, with Math.Pow's values at 0, ±∞ and NaN.
        if (k is >= 0 and <= 4 && double.IsInteger(k))
            return k switch { 0 => Vector512<double>.One, 1 => x, 2 => x * x, 3 => x * x * x, _ => x * x * (x * x) };
        return PowExpLog(x, k);
    }

    // Not inlined: a kernel that inlines two general powers next to other transcendentals exhausts the JIT's
    // inlining budget and loses its register allocation (focal loss measured 3x slower).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> PowExpLog(Vector512<double> x, double k)
    {
        Vector512<double> r = Exp(Vector512.Create(k) * Log(Vector512.Abs(x)));
        double atZero = k > 0 ? 0 : k == 0 ? 1 : double.PositiveInfinity;
        r = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero), Vector512.Create(atZero), r);
        Vector512<double> negative = Vector512.LessThan(x, Vector512<double>.Zero);
        if (double.IsInteger(k))
            return double.IsOddInteger(k) ? Vector512.ConditionalSelect(negative, -r, r) : r;
        return Vector512.ConditionalSelect(negative, Vector512.Create(double.NaN), r);
    }
}
