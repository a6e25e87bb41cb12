using System.Numerics.Tensors;

namespace LossGen.Tests.Composition;

// Formulas that call [Loss] methods of other types: the catalogue in LossGen.Runtime (a referenced assembly, read
// from metadata) and user types of this assembly. CompositionTests checks them against the callees called directly.
public static partial class ComposedLosses
{
    [Loss("RegressionLosses.Huber(y, yhat, delta: 0.5)")]
    public static partial double Huber05([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    // The namespace-qualified form, and a hyperparameter left to the callee's default (posWeight = 1).
    [Loss("wReg * RegressionLosses.Huber(y, yhat, delta: 0.5) + wCls * LossGen.BinaryLosses.BinaryCrossEntropyWithLogits(t, z)")]
    public static partial double MultiTask([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, [Target] ReadOnlySpan<double> t, [Logits] ReadOnlySpan<double> z,
        double wReg = 0.7, double wCls = 0.3);

    // Two levels across two user types, ending in the catalogue: Outer -> ChainInner.Scaled -> RegressionLosses.Mse and ChainInner.LogCosh.
    [Loss("2 * ChainInner.Scaled(y, yhat, k: 3)")]
    public static partial double Outer([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
}

public static partial class ChainInner
{
    [Loss("k * RegressionLosses.Mse(y, yhat) + LogCosh(y, yhat)")]
    public static partial double Scaled([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, double k = 1);

    [Loss("mean(log(cosh(yhat - y)))")]
    public static partial double LogCosh([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
}

// The same declarations in float: a float formula reaches the catalogue's float overloads.
public static partial class ComposedLossesF
{
    [Loss("RegressionLosses.Huber(y, yhat, delta: 0.5)")]
    public static partial float Huber05([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    [Loss("wReg * RegressionLosses.Huber(y, yhat, delta: 0.5) + wCls * LossGen.BinaryLosses.BinaryCrossEntropyWithLogits(t, z)")]
    public static partial float MultiTask([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, [Target] ReadOnlySpan<float> t, [Logits] ReadOnlySpan<float> z,
        float wReg = 0.7f, float wCls = 0.3f);
}
