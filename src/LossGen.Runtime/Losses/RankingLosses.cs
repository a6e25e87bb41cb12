// The float and double declarations of each loss are kept identical but for the element type.
using System.Numerics.Tensors;

namespace LossGen;

/// <summary>Standard ranking and metric-learning losses, in float and double. Embeddings are rank-2 [rows = samples, cols = features]. Every loss has a generated <c>NameWithGradient</c> and <c>NamePerSample</c>.</summary>
public static partial class RankingLosses
{
    /// <summary>
    /// Margin ranking loss: mean(max(0, −y·(s₁ − s₂) + margin)).
    /// <para>PyTorch <c>F.margin_ranking_loss(s1, s2, y, margin)</c> / <c>nn.MarginRankingLoss</c> (default margin 0).</para>
    /// </summary>
    /// <param name="y">+1 where s1 should rank above s2, −1 where below; no gradient.</param>
    /// <param name="s1">Scores of the first items.</param>
    /// <param name="s2">Scores of the second items.</param>
    /// <param name="margin">The margin.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(max(0, -y * (s1 - s2) + margin))")]
    public static partial double MarginRanking([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s1, ReadOnlySpan<double> s2, double margin = 0);

    /// <summary>
    /// Margin ranking loss: mean(max(0, −y·(s₁ − s₂) + margin)).
    /// <para>PyTorch <c>F.margin_ranking_loss(s1, s2, y, margin)</c> / <c>nn.MarginRankingLoss</c> (default margin 0).</para>
    /// </summary>
    /// <param name="y">+1 where s1 should rank above s2, −1 where below; no gradient.</param>
    /// <param name="s1">Scores of the first items.</param>
    /// <param name="s2">Scores of the second items.</param>
    /// <param name="margin">The margin.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(max(0, -y * (s1 - s2) + margin))")]
    public static partial float MarginRanking([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, float margin = 0);

    /// <summary>
    /// Hinge embedding loss: s where y = 1, max(0, margin − s) where y = −1; averaged.
    /// <para>PyTorch <c>F.hinge_embedding_loss(s, y, margin)</c> / <c>nn.HingeEmbeddingLoss</c>, term for term (a y outside {−1, 1} gets both terms, as in PyTorch's implementation).</para>
    /// </summary>
    /// <param name="y">+1 (similar) or −1 (dissimilar); no gradient.</param>
    /// <param name="s">Distances or scores.</param>
    /// <param name="margin">The margin for dissimilar pairs.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(where(y != 1, max(0, margin - s), 0) + where(y != -1, s, 0))")]
    public static partial double HingeEmbedding([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s, double margin = 1);

    /// <summary>
    /// Hinge embedding loss: s where y = 1, max(0, margin − s) where y = −1; averaged.
    /// <para>PyTorch <c>F.hinge_embedding_loss(s, y, margin)</c> / <c>nn.HingeEmbeddingLoss</c>, term for term (a y outside {−1, 1} gets both terms, as in PyTorch's implementation).</para>
    /// </summary>
    /// <param name="y">+1 (similar) or −1 (dissimilar); no gradient.</param>
    /// <param name="s">Distances or scores.</param>
    /// <param name="margin">The margin for dissimilar pairs.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(where(y != 1, max(0, margin - s), 0) + where(y != -1, s, 0))")]
    public static partial float HingeEmbedding([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> s, float margin = 1);

    /// <summary>
    /// Cosine embedding loss: 1 − cos(x₁, x₂) where y = 1, max(0, cos − margin) where y = −1; averaged. The cosine uses PyTorch's ε = 1e-12 inside each squared magnitude.
    /// <para>PyTorch <c>F.cosine_embedding_loss(x1, x2, y, margin)</c> / <c>nn.CosineEmbeddingLoss</c>, including cos = x₁·x₂ / √((‖x₁‖² + 1e-12)(‖x₂‖² + 1e-12)); rows with y ∉ {−1, 1} contribute 0, as in PyTorch.</para>
    /// </summary>
    /// <param name="x1">First embeddings [rows, features].</param>
    /// <param name="x2">Second embeddings [rows, features].</param>
    /// <param name="y">+1 (similar) or −1 (dissimilar); no gradient.</param>
    /// <param name="margin">The margin for dissimilar pairs, in [−1, 1].</param>
    /// <returns>The loss.</returns>
    [Loss("c = sum(x1 * x2, dim: 1) / sqrt((sum(x1^2, dim: 1) + 1e-12) * (sum(x2^2, dim: 1) + 1e-12)); mean(where(y == 1, 1 - c, 0) + where(y == -1, max(0, c - margin), 0))")]
    public static partial double CosineEmbedding(ReadOnlyTensorSpan<double> x1, ReadOnlyTensorSpan<double> x2, [Target] ReadOnlySpan<double> y, double margin = 0);

    /// <summary>
    /// Cosine embedding loss: 1 − cos(x₁, x₂) where y = 1, max(0, cos − margin) where y = −1; averaged. The cosine uses PyTorch's ε = 1e-12 inside each squared magnitude.
    /// <para>PyTorch <c>F.cosine_embedding_loss(x1, x2, y, margin)</c> / <c>nn.CosineEmbeddingLoss</c>, including cos = x₁·x₂ / √((‖x₁‖² + 1e-12)(‖x₂‖² + 1e-12)); rows with y ∉ {−1, 1} contribute 0, as in PyTorch.</para>
    /// </summary>
    /// <param name="x1">First embeddings [rows, features].</param>
    /// <param name="x2">Second embeddings [rows, features].</param>
    /// <param name="y">+1 (similar) or −1 (dissimilar); no gradient.</param>
    /// <param name="margin">The margin for dissimilar pairs, in [−1, 1].</param>
    /// <returns>The loss.</returns>
    [Loss("c = sum(x1 * x2, dim: 1) / sqrt((sum(x1^2, dim: 1) + 1e-12) * (sum(x2^2, dim: 1) + 1e-12)); mean(where(y == 1, 1 - c, 0) + where(y == -1, max(0, c - margin), 0))")]
    public static partial float CosineEmbedding(ReadOnlyTensorSpan<float> x1, ReadOnlyTensorSpan<float> x2, [Target] ReadOnlySpan<float> y, float margin = 0);

    /// <summary>
    /// Triplet margin loss with Euclidean distances: mean(max(0, d(a, p) − d(a, n) + margin)), d(x, y) = ‖x − y + ε‖₂.
    /// <para>PyTorch <c>F.triplet_margin_loss(a, p, n, margin, p=2, eps, swap)</c> / <c>nn.TripletMarginLoss</c>, including ε inside the difference (PyTorch's pairwise_distance). Only the L2 distance (p = 2). With swap, a tie d(a, n) = d(p, n) sends the gradient to d(a, n) (PyTorch splits it). d(p, n) is computed even when swap is 0.</para>
    /// </summary>
    /// <param name="a">Anchor embeddings [rows, features].</param>
    /// <param name="p">Positive embeddings [rows, features].</param>
    /// <param name="n">Negative embeddings [rows, features].</param>
    /// <param name="margin">The margin.</param>
    /// <param name="eps">PyTorch's pairwise-distance ε, added to every difference.</param>
    /// <param name="swap">Nonzero: use min(d(a, n), d(p, n)) as the negative distance (the distance swap of Balntas et al.).</param>
    /// <returns>The loss.</returns>
    [Loss("dap = norm(a - p + eps, dim: 1); dan = norm(a - n + eps, dim: 1); dpn = norm(p - n + eps, dim: 1); mean(max(0, dap - where(swap != 0, min(dan, dpn), dan) + margin))")]
    public static partial double TripletMargin(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> p, ReadOnlyTensorSpan<double> n, double margin = 1, double eps = 1e-6, int swap = 0);

    /// <summary>
    /// Triplet margin loss with Euclidean distances: mean(max(0, d(a, p) − d(a, n) + margin)), d(x, y) = ‖x − y + ε‖₂.
    /// <para>PyTorch <c>F.triplet_margin_loss(a, p, n, margin, p=2, eps, swap)</c> / <c>nn.TripletMarginLoss</c>, including ε inside the difference (PyTorch's pairwise_distance). Only the L2 distance (p = 2). With swap, a tie d(a, n) = d(p, n) sends the gradient to d(a, n) (PyTorch splits it). d(p, n) is computed even when swap is 0.</para>
    /// </summary>
    /// <param name="a">Anchor embeddings [rows, features].</param>
    /// <param name="p">Positive embeddings [rows, features].</param>
    /// <param name="n">Negative embeddings [rows, features].</param>
    /// <param name="margin">The margin.</param>
    /// <param name="eps">PyTorch's pairwise-distance ε, added to every difference.</param>
    /// <param name="swap">Nonzero: use min(d(a, n), d(p, n)) as the negative distance (the distance swap of Balntas et al.).</param>
    /// <returns>The loss.</returns>
    [Loss("dap = norm(a - p + eps, dim: 1); dan = norm(a - n + eps, dim: 1); dpn = norm(p - n + eps, dim: 1); mean(max(0, dap - where(swap != 0, min(dan, dpn), dan) + margin))")]
    public static partial float TripletMargin(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> p, ReadOnlyTensorSpan<float> n, float margin = 1, float eps = 1e-6f, int swap = 0);

    /// <summary>
    /// Contrastive pair loss (Hadsell, Chopra and LeCun, 2006): mean(y·d² + (1 − y)·max(0, margin − d)²) with d = ‖x₁ − x₂‖₂.
    /// <para>TensorFlow Addons <c>contrastive_loss(y, d, margin)</c> with y = 1 for similar pairs, except that this method takes the embeddings and computes d itself (TFA takes d). No ½ factors (Hadsell et al. use ½ on both terms). At d = 0 the gradient of d is taken as 0.</para>
    /// </summary>
    /// <param name="x1">First embeddings [rows, features].</param>
    /// <param name="x2">Second embeddings [rows, features].</param>
    /// <param name="y">1 for similar pairs, 0 for dissimilar ones (values in between interpolate); no gradient.</param>
    /// <param name="margin">The distance beyond which dissimilar pairs cost nothing.</param>
    /// <returns>The loss.</returns>
    [Loss("d = norm(x1 - x2, dim: 1); mean(y * d^2 + (1 - y) * max(0, margin - d)^2)")]
    public static partial double Contrastive(ReadOnlyTensorSpan<double> x1, ReadOnlyTensorSpan<double> x2, [Target] ReadOnlySpan<double> y, double margin = 1);

    /// <summary>
    /// Contrastive pair loss (Hadsell, Chopra and LeCun, 2006): mean(y·d² + (1 − y)·max(0, margin − d)²) with d = ‖x₁ − x₂‖₂.
    /// <para>TensorFlow Addons <c>contrastive_loss(y, d, margin)</c> with y = 1 for similar pairs, except that this method takes the embeddings and computes d itself (TFA takes d). No ½ factors (Hadsell et al. use ½ on both terms). At d = 0 the gradient of d is taken as 0.</para>
    /// </summary>
    /// <param name="x1">First embeddings [rows, features].</param>
    /// <param name="x2">Second embeddings [rows, features].</param>
    /// <param name="y">1 for similar pairs, 0 for dissimilar ones (values in between interpolate); no gradient.</param>
    /// <param name="margin">The distance beyond which dissimilar pairs cost nothing.</param>
    /// <returns>The loss.</returns>
    [Loss("d = norm(x1 - x2, dim: 1); mean(y * d^2 + (1 - y) * max(0, margin - d)^2)")]
    public static partial float Contrastive(ReadOnlyTensorSpan<float> x1, ReadOnlyTensorSpan<float> x2, [Target] ReadOnlySpan<float> y, float margin = 1);
}
