// The float and double declarations of each loss are kept identical but for the element type.
namespace LossGen;

/// <summary>Standard regression losses over rank-1 predictions (one value per sample), in float and double. Every loss has a generated <c>NameWithGradient</c> and <c>NamePerSample</c>.</summary>
public static partial class RegressionLosses
{
    /// <summary>
    /// Mean squared error: mean((ŷ − y)²).
    /// <para>PyTorch <c>F.mse_loss(yhat, y)</c> / <c>nn.MSELoss()</c>; Keras <c>MeanSquaredError</c>; Optax <c>squared_error(yhat, y).mean()</c> (Optax's <c>l2_loss</c> is half of it).</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <returns>The loss.</returns>
    [Loss("mean((yhat - y)^2)")]
    public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    /// <summary>
    /// Mean squared error: mean((ŷ − y)²).
    /// <para>PyTorch <c>F.mse_loss(yhat, y)</c> / <c>nn.MSELoss()</c>; Keras <c>MeanSquaredError</c>; Optax <c>squared_error(yhat, y).mean()</c> (Optax's <c>l2_loss</c> is half of it).</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <returns>The loss.</returns>
    [Loss("mean((yhat - y)^2)")]
    public static partial float Mse([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    /// <summary>
    /// Mean absolute error: mean(|ŷ − y|).
    /// <para>PyTorch <c>F.l1_loss(yhat, y)</c> / <c>nn.L1Loss()</c>; Keras <c>MeanAbsoluteError</c>. The gradient at ŷ = y is 0, like PyTorch's sign(0) = 0.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(abs(yhat - y))")]
    public static partial double Mae([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    /// <summary>
    /// Mean absolute error: mean(|ŷ − y|).
    /// <para>PyTorch <c>F.l1_loss(yhat, y)</c> / <c>nn.L1Loss()</c>; Keras <c>MeanAbsoluteError</c>. The gradient at ŷ = y is 0, like PyTorch's sign(0) = 0.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(abs(yhat - y))")]
    public static partial float Mae([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    /// <summary>
    /// Huber loss: ½d² where |d| &lt; δ, else δ(|d| − ½δ), with d = ŷ − y; averaged.
    /// <para>PyTorch <c>F.huber_loss(yhat, y, delta=delta)</c> / <c>nn.HuberLoss(delta=delta)</c>; Keras <c>Huber(delta)</c>; Optax <c>huber_loss(yhat, y, delta).mean()</c>. Equals δ · <see cref="SmoothL1(System.ReadOnlySpan{double}, System.ReadOnlySpan{double}, double)"/> with β = δ.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <param name="delta">Where the loss turns from quadratic to linear (δ &gt; 0).</param>
    /// <returns>The loss.</returns>
    [Loss("d = yhat - y; a = abs(d); mean(where(a < delta, 0.5 * d^2, delta * (a - 0.5 * delta)))")]
    public static partial double Huber([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, double delta = 1);

    /// <summary>
    /// Huber loss: ½d² where |d| &lt; δ, else δ(|d| − ½δ), with d = ŷ − y; averaged.
    /// <para>PyTorch <c>F.huber_loss(yhat, y, delta=delta)</c> / <c>nn.HuberLoss(delta=delta)</c>; Keras <c>Huber(delta)</c>; Optax <c>huber_loss(yhat, y, delta).mean()</c>. Equals δ · <see cref="SmoothL1(System.ReadOnlySpan{float}, System.ReadOnlySpan{float}, float)"/> with β = δ.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <param name="delta">Where the loss turns from quadratic to linear (δ &gt; 0).</param>
    /// <returns>The loss.</returns>
    [Loss("d = yhat - y; a = abs(d); mean(where(a < delta, 0.5 * d^2, delta * (a - 0.5 * delta)))")]
    public static partial float Huber([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float delta = 1);

    /// <summary>
    /// Smooth L1 loss: ½d²/β where |d| &lt; β, else |d| − ½β, with d = ŷ − y; averaged.
    /// <para>PyTorch <c>F.smooth_l1_loss(yhat, y, beta=beta)</c> / <c>nn.SmoothL1Loss(beta=beta)</c> (default β = 1). With β = 0 it is the mean absolute error, as in PyTorch.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <param name="beta">Where the loss turns from quadratic to linear (β ≥ 0; β = 0 gives the L1 loss).</param>
    /// <returns>The loss.</returns>
    [Loss("a = abs(yhat - y); mean(where(a < beta, 0.5 * a^2 / beta, a - 0.5 * beta))")]
    public static partial double SmoothL1([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, double beta = 1);

    /// <summary>
    /// Smooth L1 loss: ½d²/β where |d| &lt; β, else |d| − ½β, with d = ŷ − y; averaged.
    /// <para>PyTorch <c>F.smooth_l1_loss(yhat, y, beta=beta)</c> / <c>nn.SmoothL1Loss(beta=beta)</c> (default β = 1). With β = 0 it is the mean absolute error, as in PyTorch.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <param name="beta">Where the loss turns from quadratic to linear (β ≥ 0; β = 0 gives the L1 loss).</param>
    /// <returns>The loss.</returns>
    [Loss("a = abs(yhat - y); mean(where(a < beta, 0.5 * a^2 / beta, a - 0.5 * beta))")]
    public static partial float SmoothL1([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float beta = 1);

    /// <summary>
    /// Log-cosh loss: mean(log(cosh(ŷ − y))), computed in the overflow-free form |d| + softplus(−2|d|) − log 2.
    /// <para>Keras <c>LogCosh</c> (which evaluates d + softplus(−2d) − log 2); Optax <c>log_cosh(yhat, y).mean()</c>. PyTorch has no built-in. The gradient is tanh(ŷ − y)/N.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <returns>The loss.</returns>
    [Loss("a = abs(yhat - y); mean(a + softplus(-2 * a) - log(2))")]
    public static partial double LogCosh([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    /// <summary>
    /// Log-cosh loss: mean(log(cosh(ŷ − y))), computed in the overflow-free form |d| + softplus(−2|d|) − log 2.
    /// <para>Keras <c>LogCosh</c> (which evaluates d + softplus(−2d) − log 2); Optax <c>log_cosh(yhat, y).mean()</c>. PyTorch has no built-in. The gradient is tanh(ŷ − y)/N.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predictions.</param>
    /// <returns>The loss.</returns>
    [Loss("a = abs(yhat - y); mean(a + softplus(-2 * a) - log(2))")]
    public static partial float LogCosh([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    /// <summary>
    /// Quantile (pinball) loss: mean(max(q·d, (q − 1)·d)) with d = y − ŷ.
    /// <para>TensorFlow Addons <c>PinballLoss(tau=q)</c> (same d = y − ŷ convention). PyTorch, Keras and Optax have no built-in. At ŷ = y the gradient is −q/N (the subgradient of the under-prediction side).</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predicted q-quantiles.</param>
    /// <param name="q">The quantile level, in (0, 1); 0.5 gives half the mean absolute error.</param>
    /// <returns>The loss.</returns>
    [Loss("d = y - yhat; mean(max(q * d, (q - 1) * d))")]
    public static partial double Quantile([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, double q = 0.5);

    /// <summary>
    /// Quantile (pinball) loss: mean(max(q·d, (q − 1)·d)) with d = y − ŷ.
    /// <para>TensorFlow Addons <c>PinballLoss(tau=q)</c> (same d = y − ŷ convention). PyTorch, Keras and Optax have no built-in. At ŷ = y the gradient is −q/N (the subgradient of the under-prediction side).</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="yhat">Predicted q-quantiles.</param>
    /// <param name="q">The quantile level, in (0, 1); 0.5 gives half the mean absolute error.</param>
    /// <returns>The loss.</returns>
    [Loss("d = y - yhat; mean(max(q * d, (q - 1) * d))")]
    public static partial float Quantile([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, float q = 0.5f);

    /// <summary>
    /// Poisson negative log-likelihood with the rate given as its logarithm: mean(exp(log λ) − k · log λ), without the constant log k! term.
    /// <para>PyTorch <c>F.poisson_nll_loss(logRate, count, log_input=True, full=False)</c>. Keras <c>Poisson</c> takes the rate itself (ŷ − k·log(ŷ + ε)); pass log ŷ here for the same loss up to its ε.</para>
    /// </summary>
    /// <param name="count">Observed counts (targets); no gradient.</param>
    /// <param name="logRate">Predicted log-rates log λ.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(exp(logRate) - count * logRate)")]
    public static partial double PoissonNll([Target] ReadOnlySpan<double> count, ReadOnlySpan<double> logRate);

    /// <summary>
    /// Poisson negative log-likelihood with the rate given as its logarithm: mean(exp(log λ) − k · log λ), without the constant log k! term.
    /// <para>PyTorch <c>F.poisson_nll_loss(logRate, count, log_input=True, full=False)</c>. Keras <c>Poisson</c> takes the rate itself (ŷ − k·log(ŷ + ε)); pass log ŷ here for the same loss up to its ε.</para>
    /// </summary>
    /// <param name="count">Observed counts (targets); no gradient.</param>
    /// <param name="logRate">Predicted log-rates log λ.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(exp(logRate) - count * logRate)")]
    public static partial float PoissonNll([Target] ReadOnlySpan<float> count, ReadOnlySpan<float> logRate);

    /// <summary>
    /// Gaussian negative log-likelihood: ½ · mean(log v + (μ − y)²/v) with v = max(var, eps), without the constant ½ log 2π.
    /// <para>PyTorch <c>F.gaussian_nll_loss(mu, y, var, full=False, eps=eps)</c> with one variance per sample. Difference: PyTorch clamps the variance under <c>no_grad</c>, so below eps its gradient is that of the clamped value passed straight through; here the clamp is differentiated, so ∂/∂var is 0 where var &lt; eps. PyTorch also rejects negative variances; this method clamps them.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="mu">Predicted means.</param>
    /// <param name="var">Predicted variances (≥ 0); clamped below at <paramref name="eps"/>.</param>
    /// <param name="eps">The variance clamp.</param>
    /// <returns>The loss.</returns>
    [Loss("v = max(var, eps); 0.5 * mean(log(v) + (mu - y)^2 / v)")]
    public static partial double GaussianNll([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> mu, ReadOnlySpan<double> var, double eps = 1e-6);

    /// <summary>
    /// Gaussian negative log-likelihood: ½ · mean(log v + (μ − y)²/v) with v = max(var, eps), without the constant ½ log 2π.
    /// <para>PyTorch <c>F.gaussian_nll_loss(mu, y, var, full=False, eps=eps)</c> with one variance per sample. Difference: PyTorch clamps the variance under <c>no_grad</c>, so below eps its gradient is that of the clamped value passed straight through; here the clamp is differentiated, so ∂/∂var is 0 where var &lt; eps. PyTorch also rejects negative variances; this method clamps them.</para>
    /// </summary>
    /// <param name="y">Targets (ground truth); no gradient.</param>
    /// <param name="mu">Predicted means.</param>
    /// <param name="var">Predicted variances (≥ 0); clamped below at <paramref name="eps"/>.</param>
    /// <param name="eps">The variance clamp.</param>
    /// <returns>The loss.</returns>
    [Loss("v = max(var, eps); 0.5 * mean(log(v) + (mu - y)^2 / v)")]
    public static partial float GaussianNll([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> mu, ReadOnlySpan<float> var, float eps = 1e-6f);
}
