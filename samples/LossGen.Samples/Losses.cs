using System.Numerics.Tensors;

namespace LossGen.Samples;

/// <summary>
/// Every loss the samples train with. LossGen generates, for each declaration, the forward pass,
/// <c>NameWithGradient</c> (loss and ∂loss/∂input in one call) and, for means over rows, <c>NamePerSample</c>.
/// No gradient in this project is written by hand for a loss: the scenarios only backpropagate the generated
/// gradients through their own model layers.
/// </summary>
public static partial class Losses
{
    // ---- regression (scenario "asymmetric") -------------------------------------------------------------

    [Loss("mean((yhat - y)^2)")]
    public static partial float Mse([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    /// <summary>Under-prediction costs twice as much as over-prediction: the minimizer is the 2/3 quantile.</summary>
    [Loss("mean(where(yhat < y, 2, 1) * abs(y - yhat))")]
    public static partial float AsymmetricMae([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    // ---- gradient boosting objectives (scenario "boosting": LightGBM takes NamePerSampleDerivatives) --------

    /// <summary>Squared error that counts under-forecasts twice: a smooth, strictly convex cost (its Hessian is 4 or 2).</summary>
    [Loss("mean(where(yhat < y, 2, 1) * (yhat - y)^2)")]
    public static partial float AsymmetricSquared([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    /// <summary>Log-loss on logits with every positive (fraud) counted 20 times.</summary>
    [Loss("mean(where(y == 1, 20, 1) * (softplus(z) - y * z))")]
    public static partial float PositiveWeightedLogLoss([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z);

    // ---- binary classification on logits (scenario "imbalance") ------------------------------------------

    [Loss("mean(softplus(z) - y * z)")]
    public static partial float BceLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z);

    /// <summary>BCE whose positive term is multiplied by <paramref name="posWeight"/> (PyTorch's pos_weight).</summary>
    [Loss("mean(posWeight * y * softplus(-z) + (1 - y) * softplus(z))")]
    public static partial float WeightedBceLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z, float posWeight);

    /// <summary>
    /// Focal loss (Lin et al. 2017) on logits: -α_t (1 - p_t)^γ log p_t, with log p_t = log σ(±z) and 1 - p_t = σ(∓z),
    /// so no probability is ever rounded to 0 or 1 before the log.
    /// </summary>
    [Loss("logpt = where(y == 1, log_sigmoid(z), log_sigmoid(-z)); ptc = where(y == 1, sigmoid(-z), sigmoid(z)); -mean(where(y == 1, alpha, 1 - alpha) * ptc^gamma * logpt)")]
    public static partial float FocalLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z, float alpha = 0.25f, float gamma = 2);

    // ---- multiclass (scenarios "multiclass", "multitask", "calibration") --------------------------------

    [Loss("mean(logsumexp(z, dim: 1) - pick(z, t))")]
    public static partial float SparseCe([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t);

    // ---- metric learning (scenario "metric") -------------------------------------------------------------

    [Loss("mean(max(0, norm(a - p + 1e-6, dim: 1) - norm(a - n + 1e-6, dim: 1) + margin))")]
    public static partial float Triplet(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> p, ReadOnlyTensorSpan<float> n, float margin = 1);

    // ---- composition (scenario "multitask") --------------------------------------------------------------

    [Loss("lambda1 * Mse(steer, steerHat) + lambda2 * SparseCe(z, t)")]
    public static partial float MultiTask([Target] ReadOnlySpan<float> steer, ReadOnlySpan<float> steerHat, [Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, float lambda1 = 0.7f, float lambda2 = 0.3f);

    // ---- temperature scaling (scenario "calibration") ----------------------------------------------------

    /// <summary>
    /// NLL of softmax(z / T) with T = exp(logT[0]): the frozen logits are a target, the log-temperature is the
    /// only differentiable input (a span of length 1, reduced to a scalar with sum), so
    /// <c>TemperatureNllWithGradient</c> returns ∂NLL/∂logT directly. Fitting log T keeps T positive; clamping it to
    /// [-20, 20] (T between 2e-9 and 5e8) keeps exp from overflowing, which LG1004 would otherwise point out.
    /// </summary>
    [Loss("invT = exp(-clamp(sum(logT), -20, 20)); mean(logsumexp(z * invT, dim: 1) - pick(z, t) * invT)")]
    public static partial float TemperatureNll([Target] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, ReadOnlySpan<float> logT);
}
