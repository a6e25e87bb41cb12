using System;

namespace LossGen.Ir.Operations;

/// <summary>The activations and their stable logarithms: sigmoid, log_sigmoid, softplus, relu.</summary>
internal static class ActivationFunctions
{
    public static readonly OperationEntry Sigmoid = new(Op.Sigmoid, "sigmoid",
        OperationTable.Unary(x => 1 / (1 + Math.Exp(-x))),
        scalarCode: "{LossMath}.Sigmoid({x})", vectorCode: "{LossMath}.Sigmoid({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(n, g.Sub(g.Const(1), n), seed()),
        range: OperationTable.Increasing(StableSigmoid),
        isNonNegative: true);

    /// <summary>log(sigmoid(x)) = −softplus(−x); d log_sigmoid(x) = sigmoid(−x), finite everywhere.</summary>
    public static readonly OperationEntry LogSigmoid = new(Op.LogSigmoid, "log_sigmoid",
        OperationTable.Unary(x => -(Math.Max(-x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))))),
        scalarCode: "{LossMath}.LogSigmoid({x})", vectorCode: "{LossMath}.LogSigmoid({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Sigmoid, g.Neg(x)), seed()),
        range: OperationTable.Increasing(x => -StableSoftplus(-x)));

    /// <summary>log(1 + exp(x)); d softplus = sigmoid.</summary>
    public static readonly OperationEntry Softplus = new(Op.Softplus, "softplus",
        OperationTable.Unary(x => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)))),
        scalarCode: "{LossMath}.Softplus({x})", vectorCode: "{LossMath}.Softplus({x})", CostClass.Transcendental,
        derivative: (g, x, n, seed) => g.Mul(g.Unary(Op.Sigmoid, x), seed()),
        range: OperationTable.Increasing(StableSoftplus),
        isNonNegative: true);

    /// <summary>max(x, 0), with relu'(0) = 0 (PyTorch's convention).</summary>
    public static readonly OperationEntry Relu = new(Op.Relu, "relu",
        OperationTable.Unary(x => Math.Max(x, 0)),
        scalarCode: "{Math}.Max({x}, {0})", vectorCode: "{Vector}.Max({x}, {VectorType}.Zero)", CostClass.Cheap,
        derivative: (g, x, n, seed) => g.Where(g.Compare(Op.Greater, x, g.Const(0)), seed(), g.Const(0)),
        range: OperationTable.Increasing(x => Math.Max(x, 0)),
        isNonNegative: true);

    /// <summary>Sigmoid without overflow for either sign, exact at ±∞ (for range bounds).</summary>
    internal static double StableSigmoid(double x)
    {
        if (double.IsNegativeInfinity(x)) return 0;
        if (double.IsPositiveInfinity(x)) return 1;
        return x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
    }

    /// <summary>Softplus without overflow, exact at ±∞ and without rounding exp(x) away below −37 (for range bounds).</summary>
    internal static double StableSoftplus(double x)
    {
        if (double.IsNegativeInfinity(x)) return 0;
        if (double.IsPositiveInfinity(x)) return x;
        if (x < -37) return Math.Exp(x);
        return Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
    }
}
