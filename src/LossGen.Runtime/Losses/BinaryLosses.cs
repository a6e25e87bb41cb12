// The float and double declarations of each loss are kept identical but for the element type.
namespace LossGen;

/// <summary>Standard losses for binary classification over rank-1 scores (one value per sample), in float and double. Every loss has a generated <c>NameWithGradient</c> and <c>NamePerSample</c>.</summary>
public static partial class BinaryLosses
{
    /// <summary>
    /// Binary cross-entropy on probabilities, with each log clamped at −100 as PyTorch does: −mean(y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)).
    /// <para>PyTorch <c>F.binary_cross_entropy(p, y)</c> / <c>nn.BCELoss()</c>, including the −100 clamp (so p = 0 or 1 gives a finite loss). Differences: where a log is clamped the gradient here is 0 (the derivative of the clamped loss), while PyTorch's backward uses (p − y)/max(p(1 − p), 1e-12); Keras <c>BinaryCrossentropy</c> instead clips p to [1e-7, 1 − 1e-7]. Prefer <see cref="BinaryCrossEntropyWithLogits(System.ReadOnlySpan{double}, System.ReadOnlySpan{double}, double)"/> when logits are available.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1]; no gradient.</param>
    /// <param name="p">Predicted probabilities in [0, 1].</param>
    /// <returns>The loss.</returns>
    [Loss("-mean(y * max(log(p), -100) + (1 - y) * max(log1p(-p), -100))")]
    public static partial double BinaryCrossEntropy([Target] ReadOnlySpan<double> y, [Probabilities] ReadOnlySpan<double> p);

    /// <summary>
    /// Binary cross-entropy on probabilities, with each log clamped at −100 as PyTorch does: −mean(y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)).
    /// <para>PyTorch <c>F.binary_cross_entropy(p, y)</c> / <c>nn.BCELoss()</c>, including the −100 clamp (so p = 0 or 1 gives a finite loss). Differences: where a log is clamped the gradient here is 0 (the derivative of the clamped loss), while PyTorch's backward uses (p − y)/max(p(1 − p), 1e-12); Keras <c>BinaryCrossentropy</c> instead clips p to [1e-7, 1 − 1e-7]. Prefer <see cref="BinaryCrossEntropyWithLogits(System.ReadOnlySpan{float}, System.ReadOnlySpan{float}, float)"/> when logits are available.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1]; no gradient.</param>
    /// <param name="p">Predicted probabilities in [0, 1].</param>
    /// <returns>The loss.</returns>
    [Loss("-mean(y * max(log(p), -100) + (1 - y) * max(log1p(-p), -100))")]
    public static partial float BinaryCrossEntropy([Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p);

    /// <summary>
    /// Binary cross-entropy on logits, with a positive-class weight: mean(w₊·y·softplus(−z) + (1 − y)·softplus(z)); stable for any z.
    /// <para>PyTorch <c>F.binary_cross_entropy_with_logits(z, y, pos_weight=posWeight)</c> / <c>nn.BCEWithLogitsLoss</c> (here pos_weight is a scalar, not a per-class tensor); Keras <c>BinaryCrossentropy(from_logits=True)</c> and Optax <c>sigmoid_binary_cross_entropy(z, y).mean()</c> for posWeight = 1.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1]; no gradient.</param>
    /// <param name="z">Logits (scores before the sigmoid).</param>
    /// <param name="posWeight">Weight of the positive term (PyTorch's pos_weight, one value for all samples).</param>
    /// <returns>The loss.</returns>
    [Loss("mean(posWeight * y * softplus(-z) + (1 - y) * softplus(z))")]
    public static partial double BinaryCrossEntropyWithLogits([Target] ReadOnlySpan<double> y, [Logits] ReadOnlySpan<double> z, double posWeight = 1);

    /// <summary>
    /// Binary cross-entropy on logits, with a positive-class weight: mean(w₊·y·softplus(−z) + (1 − y)·softplus(z)); stable for any z.
    /// <para>PyTorch <c>F.binary_cross_entropy_with_logits(z, y, pos_weight=posWeight)</c> / <c>nn.BCEWithLogitsLoss</c> (here pos_weight is a scalar, not a per-class tensor); Keras <c>BinaryCrossentropy(from_logits=True)</c> and Optax <c>sigmoid_binary_cross_entropy(z, y).mean()</c> for posWeight = 1.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1]; no gradient.</param>
    /// <param name="z">Logits (scores before the sigmoid).</param>
    /// <param name="posWeight">Weight of the positive term (PyTorch's pos_weight, one value for all samples).</param>
    /// <returns>The loss.</returns>
    [Loss("mean(posWeight * y * softplus(-z) + (1 - y) * softplus(z))")]
    public static partial float BinaryCrossEntropyWithLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z, float posWeight = 1);

    /// <summary>
    /// Sigmoid focal loss on logits: mean(αₜ · (1 − pₜ)^γ · BCE(z, y)) with p = σ(z), pₜ = p·y + (1 − p)(1 − y), αₜ = α·y + (1 − α)(1 − y).
    /// <para>torchvision <c>ops.sigmoid_focal_loss(z, y, alpha, gamma, reduction="mean")</c>, term for term; Optax <c>sigmoid_focal_loss(z, y, alpha, gamma).mean()</c>; Keras <c>BinaryFocalCrossentropy(apply_class_balancing=True, alpha, gamma, from_logits=True)</c>.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1]; no gradient.</param>
    /// <param name="z">Logits.</param>
    /// <param name="alpha">Weight of the positive class (1 − alpha for the negative class); a negative value disables the weighting, as in torchvision.</param>
    /// <param name="gamma">The focusing exponent (≥ 0).</param>
    /// <returns>The loss.</returns>
    [Loss("p = sigmoid(z); ce = softplus(z) - y * z; pt = p * y + (1 - p) * (1 - y); at = where(alpha >= 0, alpha * y + (1 - alpha) * (1 - y), 1); mean(at * (1 - pt)^gamma * ce)")]
    public static partial double SigmoidFocal([Target] ReadOnlySpan<double> y, [Logits] ReadOnlySpan<double> z, double alpha = 0.25, double gamma = 2);

    /// <summary>
    /// Sigmoid focal loss on logits: mean(αₜ · (1 − pₜ)^γ · BCE(z, y)) with p = σ(z), pₜ = p·y + (1 − p)(1 − y), αₜ = α·y + (1 − α)(1 − y).
    /// <para>torchvision <c>ops.sigmoid_focal_loss(z, y, alpha, gamma, reduction="mean")</c>, term for term; Optax <c>sigmoid_focal_loss(z, y, alpha, gamma).mean()</c>; Keras <c>BinaryFocalCrossentropy(apply_class_balancing=True, alpha, gamma, from_logits=True)</c>.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1]; no gradient.</param>
    /// <param name="z">Logits.</param>
    /// <param name="alpha">Weight of the positive class (1 − alpha for the negative class); a negative value disables the weighting, as in torchvision.</param>
    /// <param name="gamma">The focusing exponent (≥ 0).</param>
    /// <returns>The loss.</returns>
    [Loss("p = sigmoid(z); ce = softplus(z) - y * z; pt = p * y + (1 - p) * (1 - y); at = where(alpha >= 0, alpha * y + (1 - alpha) * (1 - y), 1); mean(at * (1 - pt)^gamma * ce)")]
    public static partial float SigmoidFocal([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z, float alpha = 0.25f, float gamma = 2);

    /// <summary>
    /// Soft-margin (logistic) loss: mean(log(1 + exp(−y·s))), computed stably as softplus(−y·s).
    /// <para>PyTorch <c>F.soft_margin_loss(s, y)</c> / <c>nn.SoftMarginLoss()</c>.</para>
    /// </summary>
    /// <param name="y">Targets in {−1, +1}; no gradient.</param>
    /// <param name="s">Scores.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(softplus(-y * s))")]
    public static partial double SoftMargin([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s);

    /// <summary>
    /// Soft-margin (logistic) loss: mean(log(1 + exp(−y·s))), computed stably as softplus(−y·s).
    /// <para>PyTorch <c>F.soft_margin_loss(s, y)</c> / <c>nn.SoftMarginLoss()</c>.</para>
    /// </summary>
    /// <param name="y">Targets in {−1, +1}; no gradient.</param>
    /// <param name="s">Scores.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(softplus(-y * s))")]
    public static partial float SoftMargin([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> s);

    /// <summary>
    /// Hinge loss: mean(max(0, 1 − y·s)).
    /// <para>Keras <c>Hinge</c> and Optax <c>hinge_loss(s, y).mean()</c>. Keras converts {0, 1} targets to {−1, +1}; this method does not, so pass ±1. At the kink (y·s = 1) the gradient is 0.</para>
    /// </summary>
    /// <param name="y">Targets in {−1, +1}; no gradient.</param>
    /// <param name="s">Scores.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(max(0, 1 - y * s))")]
    public static partial double Hinge([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s);

    /// <summary>
    /// Hinge loss: mean(max(0, 1 − y·s)).
    /// <para>Keras <c>Hinge</c> and Optax <c>hinge_loss(s, y).mean()</c>. Keras converts {0, 1} targets to {−1, +1}; this method does not, so pass ±1. At the kink (y·s = 1) the gradient is 0.</para>
    /// </summary>
    /// <param name="y">Targets in {−1, +1}; no gradient.</param>
    /// <param name="s">Scores.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(max(0, 1 - y * s))")]
    public static partial float Hinge([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> s);

    /// <summary>
    /// Squared hinge loss: mean(max(0, 1 − y·s)²).
    /// <para>Keras <c>SquaredHinge</c> (which converts {0, 1} targets to {−1, +1}; this method does not, so pass ±1).</para>
    /// </summary>
    /// <param name="y">Targets in {−1, +1}; no gradient.</param>
    /// <param name="s">Scores.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(max(0, 1 - y * s)^2)")]
    public static partial double SquaredHinge([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s);

    /// <summary>
    /// Squared hinge loss: mean(max(0, 1 − y·s)²).
    /// <para>Keras <c>SquaredHinge</c> (which converts {0, 1} targets to {−1, +1}; this method does not, so pass ±1).</para>
    /// </summary>
    /// <param name="y">Targets in {−1, +1}; no gradient.</param>
    /// <param name="s">Scores.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(max(0, 1 - y * s)^2)")]
    public static partial float SquaredHinge([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> s);
}
