using System;

namespace LossGen.Analyzers.Analysis;

/// <summary>
/// A closed range [Lo, Hi] of the values an expression can take, including every value that floating-point rounding
/// can produce (so sigmoid's range is [0, 1], not (0, 1)). Infinite bounds mean "unbounded". An empty interval
/// (Lo &gt; Hi) marks a value that cannot occur, such as a <c>where</c> branch whose condition is never true.
/// A value "can be 0" when 0 lies in its interval, unless a condition such as <c>where(s != 0, ...)</c> has excluded
/// exactly 0 from the inside of the range (<see cref="ExcludesZero"/>); only narrowing sets that, and operations
/// other than intersection, union and negation drop it.
/// </summary>
internal readonly struct Interval : IEquatable<Interval>
{
    public Interval(double lo, double hi, bool excludesZero = false)
    {
        Lo = double.IsNaN(lo) ? double.NegativeInfinity : lo;
        Hi = double.IsNaN(hi) ? double.PositiveInfinity : hi;
        ExcludesZero = excludesZero && Lo < 0 && Hi > 0;
    }

    public double Lo { get; }
    public double Hi { get; }

    /// <summary>0 lies strictly inside [Lo, Hi] but is known not to occur.</summary>
    public bool ExcludesZero { get; }

    public Interval WithoutZero() => new(Lo, Hi, excludesZero: true);

    public static Interval All => new(double.NegativeInfinity, double.PositiveInfinity);
    public static Interval Empty => new(double.PositiveInfinity, double.NegativeInfinity);
    public static Interval Unit => new(0, 1);
    public static Interval NonNegative => new(0, double.PositiveInfinity);

    public static Interval Point(double v) => new(v, v);

    public bool IsEmpty => Lo > Hi;
    public bool CanBeZero => !IsEmpty && Lo <= 0 && Hi >= 0 && !ExcludesZero;
    public bool CanBeNonPositive => !IsEmpty && Lo <= 0;
    public bool CanBeNegative => !IsEmpty && Lo < 0;
    public bool IsWithinUnit => !IsEmpty && Lo >= 0 && Hi <= 1;

    public bool Contains(double v) => !IsEmpty && Lo <= v && v <= Hi;

    public Interval Union(Interval other)
        => IsEmpty ? other : other.IsEmpty ? this
            : new(Math.Min(Lo, other.Lo), Math.Max(Hi, other.Hi), !CanBeZero && !other.CanBeZero);

    public Interval Intersect(Interval other)
        => IsEmpty || other.IsEmpty ? Empty
            : new(Math.Max(Lo, other.Lo), Math.Min(Hi, other.Hi), ExcludesZero || other.ExcludesZero);

    public static Interval operator +(Interval a, Interval b)
        => a.IsEmpty || b.IsEmpty ? Empty : new(SumLo(a.Lo, b.Lo), SumHi(a.Hi, b.Hi));

    public static Interval operator -(Interval a) => a.IsEmpty ? Empty : new(-a.Hi, -a.Lo, a.ExcludesZero);

    public static Interval operator *(Interval a, Interval b)
    {
        if (a.IsEmpty || b.IsEmpty) return Empty;
        if (a.Lo == 0 && a.Hi == 0 || b.Lo == 0 && b.Hi == 0) return Point(0);
        double p1 = Product(a.Lo, b.Lo), p2 = Product(a.Lo, b.Hi), p3 = Product(a.Hi, b.Lo), p4 = Product(a.Hi, b.Hi);
        return new(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4)), Math.Max(Math.Max(p1, p2), Math.Max(p3, p4)));
    }

    /// <summary>1 / x; unbounded when x can be 0.</summary>
    public Interval Reciprocal()
    {
        if (IsEmpty) return Empty;
        if (ExcludesZero) return All;
        if (CanBeZero)
        {
            if (Lo == 0 && Hi == 0) return All;
            if (Lo == 0) return new(1 / Hi, double.PositiveInfinity);
            if (Hi == 0) return new(double.NegativeInfinity, 1 / Lo);
            return All;
        }
        return new(1 / Hi, 1 / Lo);
    }

    /// <summary>Applies a non-decreasing function to both bounds.</summary>
    public Interval Monotone(Func<double, double> f) => IsEmpty ? Empty : new(f(Lo), f(Hi));

    public bool Equals(Interval other) => Lo.Equals(other.Lo) && Hi.Equals(other.Hi) && ExcludesZero == other.ExcludesZero;

    public override bool Equals(object? obj) => obj is Interval i && Equals(i);

    public override int GetHashCode() => (Lo.GetHashCode() * 31 + Hi.GetHashCode()) * 2 + (ExcludesZero ? 1 : 0);

    public override string ToString() => IsEmpty ? "(empty)" : ExcludesZero ? $"[{Lo}, {Hi}] without 0" : $"[{Lo}, {Hi}]";

    private static double SumLo(double a, double b)
    {
        double s = a + b;
        return double.IsNaN(s) ? double.NegativeInfinity : s;
    }

    private static double SumHi(double a, double b)
    {
        double s = a + b;
        return double.IsNaN(s) ? double.PositiveInfinity : s;
    }

    // Bounds are limits, so 0 * inf is 0 here: [0, 1] * [-inf, inf] is [-inf, inf] through the other products.
    private static double Product(double a, double b) => a == 0 || b == 0 ? 0 : a * b;
}
