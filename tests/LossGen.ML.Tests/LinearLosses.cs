namespace LossGen.ML.Tests;

/// <summary>ML.NET's own scalar losses, written as LossGen formulas.</summary>
public static partial class LinearLosses
{
    /// <summary>ML.NET's SquaredLoss: (ŷ − y)².</summary>
    [Loss("mean((yhat - y)^2)")]
    public static partial float Squared([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    /// <summary>ML.NET's HingeLoss (margin 1) with labels 0/1 mapped to ∓1.</summary>
    [Loss("mean(max(0, 1 - (2 * y - 1) * s))")]
    public static partial float Hinge([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> s);

    /// <summary>ML.NET's LogLoss on the raw score: log(1 + e^(−s)) for label 1, log(1 + e^s) for label 0.</summary>
    [Loss("mean(softplus(s) - y * s)")]
    public static partial double Logistic([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s);
}
