using System;

namespace LossGen.Ir.Operations;

/// <summary>exp, log, roots, abs and sign, and the hyperbolic functions.</summary>
internal static class ElementaryFunctions
{
    public static readonly OperationEntry Exp = new(Op.Exp, "exp",
        OperationTable.Unary(Math.Exp),
        scalarCode: "{LossMath}.Exp({x})", vectorCode: "{LossMath}.Exp({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(n, seed()),
        range: OperationTable.Increasing(Math.Exp),
        isNonNegative: true);

    /// <summary>log(x); −∞ at 0 and NaN below, whose gradient 1/x the analyzers guard (LG1001).</summary>
    public static readonly OperationEntry Log = new(Op.Log, "log",
        OperationTable.Unary(Math.Log),
        scalarCode: "{LossMath}.Log({x})", vectorCode: "{LossMath}.Log({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Div(seed(), x),
        range: Logarithm(0));

    public static readonly OperationEntry Log1p = new(Op.Log1p, "log1p",
        OperationTable.Unary(x => Math.Log(1 + x)),
        scalarCode: "{LossMath}.Log1p({x})", vectorCode: "{LossMath}.Log1p({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Div(seed(), g.Add(g.Const(1), x)),
        range: Logarithm(1));

    public static readonly OperationEntry Expm1 = new(Op.Expm1, "expm1",
        OperationTable.Unary(x => Math.Exp(x) - 1),
        scalarCode: "{LossMath}.Expm1({x})", vectorCode: "{LossMath}.Expm1({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Exp, x), seed()),
        range: OperationTable.Increasing(x => Math.Exp(x) - 1));

    /// <summary>
    /// sqrt(x); its derivative 1/(2·sqrt(x)) grows without bound towards 0 (LG1003), and at exactly 0 it is taken as 0,
    /// the convention of x^k for k &lt; 1 (see <see cref="Differentiator.SqrtDerivative"/>).
    /// </summary>
    public static readonly OperationEntry Sqrt = new(Op.Sqrt, "sqrt",
        OperationTable.Unary(Math.Sqrt),
        scalarCode: "{Math}.Sqrt({x})", vectorCode: "{Vector}.Sqrt({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => Differentiator.SqrtDerivative(g, n, seed()),
        range: OperationTable.Increasing(x => Math.Sqrt(Math.Max(x, 0))),
        isNonNegative: true,
        infiniteDerivativeAt: [0]);

    /// <summary>|x|, with abs'(0) = 0 (PyTorch's convention): the derivative is sign(x).</summary>
    public static readonly OperationEntry Abs = new(Op.Abs, "abs",
        OperationTable.Unary(Math.Abs),
        scalarCode: "{Math}.Abs({x})", vectorCode: "{Vector}.Abs({x})", CostClass.Cheap,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Sign, x), seed()),
        range: OperationTable.EvenIncreasing(Math.Abs),
        isNonNegative: true);

    /// <summary>−1, 0 or 1 (0 at 0); piecewise constant, so its gradient is 0 everywhere.</summary>
    public static readonly OperationEntry Sign = new(Op.Sign, "sign",
        OperationTable.Unary(x => x > 0 ? 1 : x < 0 ? -1 : 0),
        scalarCode: "{x} > {0} ? {1} : ({x} < {0} ? {-1} : {0})",
        vectorCode: "{Vector}.ConditionalSelect({Vector}.GreaterThan({x}, {VectorType}.Zero), {VectorType}.One, "
            + "{Vector}.ConditionalSelect({Vector}.LessThan({x}, {VectorType}.Zero), -{VectorType}.One, {x}))",
        CostClass.Cheap,
        derivative: (g, x, n, seed) => g.Const(0),
        range: OperationTable.Increasing(x => Math.Sign(x)),
        hasNoDerivative: true);

    public static readonly OperationEntry Tanh = new(Op.Tanh, "tanh",
        OperationTable.Unary(Math.Tanh),
        scalarCode: "{LossMath}.Tanh({x})", vectorCode: "{LossMath}.Tanh({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Sub(g.Const(1), g.Mul(n, n)), seed()),
        range: OperationTable.Increasing(Math.Tanh));

    public static readonly OperationEntry Cosh = new(Op.Cosh, "cosh",
        OperationTable.Unary(Math.Cosh),
        scalarCode: "{Math}.Cosh({x})", vectorCode: null, CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Sinh, x), seed()),
        range: OperationTable.EvenIncreasing(Math.Cosh),
        isNonNegative: true);

    public static readonly OperationEntry Sinh = new(Op.Sinh, "sinh",
        OperationTable.Unary(Math.Sinh),
        scalarCode: "{Math}.Sinh({x})", vectorCode: null, CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Cosh, x), seed()),
        range: OperationTable.Increasing(Math.Sinh));

    /// <summary>log(x + shift), −∞ where x + shift ≤ 0 (the analyzers report the log of a non-positive value themselves).</summary>
    private static RangeRule Logarithm(double shift) => (lo, hi) =>
        (lo + shift > 0 ? Math.Log(lo + shift) : double.NegativeInfinity,
         hi + shift > 0 ? Math.Log(hi + shift) : double.NegativeInfinity);
}
