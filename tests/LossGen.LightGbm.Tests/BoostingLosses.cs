using System.Numerics.Tensors;

namespace LossGen.LightGbm.Tests;

/// <summary>
/// LightGBM's built-in objectives written as LossGen formulas (from LightGBM's src/objective/*.hpp): the losses whose
/// gradients and Hessians LightGBM computes by hand, so that training on the generated derivatives must give the same
/// trees.
/// </summary>
public static partial class BoostingLosses
{
    /// <summary>objective=regression: gradient ŷ − y, Hessian 1.</summary>
    [Loss("mean(0.5 * (yhat - y)^2)")]
    public static partial double L2([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    /// <summary>objective=binary (sigmoid = 1) and objective=cross_entropy: log-loss on the logit s, labels in [0, 1].</summary>
    [Loss("mean(softplus(s) - y * s)")]
    public static partial double LogLoss([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s);

    /// <summary>objective=multiclassova: one binary log-loss per class, class t positive.</summary>
    [Loss("mean(sum(softplus(z), dim: 1) - pick(z, t))")]
    public static partial double OneVsAll([Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t);

    /// <summary>objective=poisson: negative log-likelihood of a count y with log-mean s.</summary>
    [Loss("mean(exp(s) - y * s)")]
    public static partial double Poisson([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s);

    /// <summary>objective=gamma: negative log-likelihood of a positive y with log-mean s (unit shape).</summary>
    [Loss("mean(y * exp(-s) + s)")]
    public static partial double Gamma([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s);

    /// <summary>objective=tweedie with tweedie_variance_power ρ = 1.5.</summary>
    [Loss("mean(-y * exp((1 - rho) * s) / (1 - rho) + exp((2 - rho) * s) / (2 - rho))")]
    public static partial double Tweedie([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s, double rho = 1.5);
}
