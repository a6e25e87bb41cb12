using System;

namespace LossGen.Ir.Operations;

/// <summary>sin, cos, atan and acos (radians).</summary>
internal static class TrigonometricFunctions
{
    /// <summary>Vector sin and cos are the BCL's (Vector128/256/512.Sin and .Cos, .NET 9 and later).</summary>
    public static readonly OperationEntry Sin = new(Op.Sin, "sin",
        OperationTable.Unary(Math.Sin),
        scalarCode: "{Math}.Sin({x})", vectorCode: "{Vector}.Sin({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Cos, x), seed()),
        range: Periodic(Math.Sin, peak: Math.PI / 2));

    public static readonly OperationEntry Cos = new(Op.Cos, "cos",
        OperationTable.Unary(Math.Cos),
        scalarCode: "{Math}.Cos({x})", vectorCode: "{Vector}.Cos({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Const(-1), g.Unary(Op.Sin, x), seed()),
        range: Periodic(Math.Cos, peak: 0));

    /// <summary>atan(x) in (−π/2, π/2); the BCL has no vector atan, so loops computing it stay scalar (LG0005).</summary>
    public static readonly OperationEntry Atan = new(Op.Atan, "atan",
        OperationTable.Unary(Math.Atan),
        scalarCode: "{Math}.Atan({x})", vectorCode: null, CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Div(seed(), g.Add(g.Const(1), g.Mul(x, x))),
        range: OperationTable.Increasing(Math.Atan));

    /// <summary>
    /// acos(x) in [0, π], NaN outside [−1, 1]. Its derivative −1/√(1 − x²) is infinite at ±1 (where the gradient is
    /// −∞, as in PyTorch); the analyzers warn (LG1003) when the argument can reach ±1.
    /// </summary>
    public static readonly OperationEntry Acos = new(Op.Acos, "acos",
        OperationTable.Unary(Math.Acos),
        scalarCode: "{Math}.Acos({x})", vectorCode: null, CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Const(-1), g.Div(seed(), g.Unary(Op.Sqrt, g.Sub(g.Const(1), g.Mul(x, x))))),
        range: (lo, hi) => (Math.Acos(Math.Max(-1, Math.Min(hi, 1))), Math.Acos(Math.Max(-1, Math.Min(lo, 1)))),
        isNonNegative: true,
        infiniteDerivativeAt: [-1, 1]);

    /// <summary>The range of a 2π-periodic function with values in [−1, 1], maximal at <paramref name="peak"/> + 2kπ
    /// and minimal half a period later.</summary>
    private static RangeRule Periodic(Func<double, double> f, double peak) => (lo, hi) =>
    {
        if (double.IsInfinity(lo) || double.IsInfinity(hi) || hi - lo >= 2 * Math.PI) return (-1, 1);
        double a = f(lo), b = f(hi);
        double low = Math.Min(a, b), high = Math.Max(a, b);
        if (Reaches(lo, hi, peak)) high = 1;
        if (Reaches(lo, hi, peak + Math.PI)) low = -1;
        // Rounding of the endpoints' values: widen by an ulp-sized margin, within [−1, 1].
        return (Math.Max(-1, low - 1e-15), Math.Min(1, high + 1e-15));
    };

    /// <summary>Whether [lo, hi] contains some point + 2kπ.</summary>
    private static bool Reaches(double lo, double hi, double point)
    {
        double k = Math.Ceiling((lo - point) / (2 * Math.PI));
        return point + k * 2 * Math.PI <= hi;
    }
}
