using System;

namespace LossGen.Ir.Operations;

/// <summary>erf, lgamma and the polygamma functions its derivatives need, and detach (stop-gradient).</summary>
internal static class SpecialFunctionEntries
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>The minimum of lgamma on (0, ∞), at x ≈ 1.4616, rounded down.</summary>
    private const double LogGammaMinimum = -0.12148629053584962;
    private const double LogGammaArgMin = 1.4616321449683622;

    /// <summary>erf(x); d erf = 2/√π · e^(−x²). No vector form (scalar loop, LG0005).</summary>
    public static readonly OperationEntry Erf = new(Op.Erf, "erf",
        OperationTable.Unary(SpecialFunctions.Erf),
        scalarCode: "{LossMath}.Erf({x})", vectorCode: null, CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Const(TwoOverSqrtPi), g.Unary(Op.Exp, g.Neg(g.Mul(x, x))), seed()),
        range: OperationTable.Increasing(SpecialFunctions.Erf));

    /// <summary>log|Γ(x)| (torch.lgamma), +∞ at 0, −1, −2, ...; d lgamma = digamma.</summary>
    public static readonly OperationEntry LogGamma = new(Op.LogGamma, "lgamma",
        OperationTable.Unary(SpecialFunctions.LogGamma),
        scalarCode: "{LossMath}.LogGamma({x})", vectorCode: null, CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Digamma, x), seed()),
        range: (lo, hi) =>
        {
            if (lo <= 0) return (double.NegativeInfinity, double.PositiveInfinity);
            double a = SpecialFunctions.LogGamma(lo), b = SpecialFunctions.LogGamma(hi);
            double low = lo <= LogGammaArgMin && LogGammaArgMin <= hi ? LogGammaMinimum : Math.Min(a, b);
            return (low, Math.Max(a, b));
        });

    /// <summary>ψ(x), introduced by lgamma's derivative (a formula cannot call it); d digamma = trigamma.</summary>
    public static readonly OperationEntry Digamma = new(Op.Digamma, "digamma",
        OperationTable.Unary(SpecialFunctions.Digamma),
        scalarCode: "{LossMath}.Digamma({x})", vectorCode: null, CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Trigamma, x), seed()),
        range: (lo, hi) => lo > 0 ? (SpecialFunctions.Digamma(lo), SpecialFunctions.Digamma(hi)) : (double.NegativeInfinity, double.PositiveInfinity),
        spelling: Spelling.Internal);

    /// <summary>
    /// ψ′(x), introduced by lgamma's second derivative. It has no derivative rule: only a Hessian reaches it, and
    /// nothing differentiates a Hessian.
    /// </summary>
    public static readonly OperationEntry Trigamma = new(Op.Trigamma, "trigamma",
        OperationTable.Unary(SpecialFunctions.Trigamma),
        scalarCode: "{LossMath}.Trigamma({x})", vectorCode: null, CostClass.Transcendental,
        range: (lo, hi) => lo > 0 ? (SpecialFunctions.Trigamma(hi), SpecialFunctions.Trigamma(lo)) : (0, double.PositiveInfinity),
        isNonNegative: true,
        spelling: Spelling.Internal);

    /// <summary>
    /// detach(x): the value of x with no gradient through it (torch's x.detach()). Differentiation sees an opaque
    /// function, so x − detach(x) is not simplified to 0 (its gradient is 1); lowering, which runs after
    /// differentiation, replaces it by x.
    /// </summary>
    public static readonly OperationEntry Detach = new(Op.Detach, "detach",
        OperationTable.Unary(x => x),
        scalarCode: "{x}", vectorCode: "{x}", CostClass.Cheap,
        derivative: (g, x, n, seed) => g.Const(0),
        range: (lo, hi) => (lo, hi),
        lowering: (g, x) => x,
        hasNoDerivative: true);
}
