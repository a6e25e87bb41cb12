// The float and double declarations of each loss are kept identical but for the element type.
using System.Numerics.Tensors;

// per_column(w) makes the label-weight vector run along the columns of z (docs/language.md); without it a rank-1
// parameter meets a matrix row by row.

namespace LossGen;

/// <summary>Standard multi-label and overlap losses over rank-2 inputs [rows = samples, cols = labels], in float and double. Every loss has a generated <c>NameWithGradient</c> and <c>NamePerSample</c>.</summary>
public static partial class MultiLabelLosses
{
    /// <summary>
    /// Multi-label soft-margin loss: the binary cross-entropy on logits averaged over labels, then over rows.
    /// <para>PyTorch <c>F.multilabel_soft_margin_loss(z, y)</c> / <c>nn.MultiLabelSoftMarginLoss()</c>.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1] [rows, labels]; no gradient.</param>
    /// <param name="z">Logits [rows, labels].</param>
    /// <returns>The loss.</returns>
    [Loss("mean(mean(y * softplus(-z) + (1 - y) * softplus(z), dim: 1))")]
    public static partial double MultiLabelSoftMargin([Target] ReadOnlyTensorSpan<double> y, [Logits] ReadOnlyTensorSpan<double> z);

    /// <summary>
    /// Multi-label soft-margin loss: the binary cross-entropy on logits averaged over labels, then over rows.
    /// <para>PyTorch <c>F.multilabel_soft_margin_loss(z, y)</c> / <c>nn.MultiLabelSoftMarginLoss()</c>.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1] [rows, labels]; no gradient.</param>
    /// <param name="z">Logits [rows, labels].</param>
    /// <returns>The loss.</returns>
    [Loss("mean(mean(y * softplus(-z) + (1 - y) * softplus(z), dim: 1))")]
    public static partial float MultiLabelSoftMargin([Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z);

    /// <summary>
    /// Multi-label soft-margin loss with per-label weights: mean over rows of mean_c w_c·BCE(z_c, y_c).
    /// <para>PyTorch <c>F.multilabel_soft_margin_loss(z, y, weight=w)</c>.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1] [rows, labels]; no gradient.</param>
    /// <param name="z">Logits [rows, labels].</param>
    /// <param name="w">One weight per label (length = labels); no gradient.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(mean(per_column(w) * (y * softplus(-z) + (1 - y) * softplus(z)), dim: 1))")]
    public static partial double MultiLabelSoftMargin([Target] ReadOnlyTensorSpan<double> y, [Logits] ReadOnlyTensorSpan<double> z, [Target] ReadOnlySpan<double> w);

    /// <summary>
    /// Multi-label soft-margin loss with per-label weights: mean over rows of mean_c w_c·BCE(z_c, y_c).
    /// <para>PyTorch <c>F.multilabel_soft_margin_loss(z, y, weight=w)</c>.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1] [rows, labels]; no gradient.</param>
    /// <param name="z">Logits [rows, labels].</param>
    /// <param name="w">One weight per label (length = labels); no gradient.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(mean(per_column(w) * (y * softplus(-z) + (1 - y) * softplus(z)), dim: 1))")]
    public static partial float MultiLabelSoftMargin([Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z, [Target] ReadOnlySpan<float> w);

    /// <summary>
    /// Soft Dice loss per row, averaged: mean(1 − (2·Σ y·p + s) / (Σ y + Σ p + s)).
    /// <para>MONAI <c>DiceLoss(smooth_nr=smooth, smooth_dr=smooth)</c> with each row as one sample of one channel (input shape [rows, 1, labels]). Keras 3 <c>Dice</c> differs: it pools the whole batch and puts a 1e-7 epsilon in the denominator only. For a batch-pooled score pass the data as one row.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1] [rows, labels]; no gradient.</param>
    /// <param name="p">Predicted probabilities [rows, labels].</param>
    /// <param name="smooth">Added to numerator and denominator (keeps empty rows at loss 0).</param>
    /// <returns>The loss.</returns>
    [Loss("mean(1 - (2 * sum(y * p, dim: 1) + smooth) / (sum(y, dim: 1) + sum(p, dim: 1) + smooth))")]
    public static partial double Dice([Target] ReadOnlyTensorSpan<double> y, [Probabilities] ReadOnlyTensorSpan<double> p, double smooth = 1);

    /// <summary>
    /// Soft Dice loss per row, averaged: mean(1 − (2·Σ y·p + s) / (Σ y + Σ p + s)).
    /// <para>MONAI <c>DiceLoss(smooth_nr=smooth, smooth_dr=smooth)</c> with each row as one sample of one channel (input shape [rows, 1, labels]). Keras 3 <c>Dice</c> differs: it pools the whole batch and puts a 1e-7 epsilon in the denominator only. For a batch-pooled score pass the data as one row.</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1] [rows, labels]; no gradient.</param>
    /// <param name="p">Predicted probabilities [rows, labels].</param>
    /// <param name="smooth">Added to numerator and denominator (keeps empty rows at loss 0).</param>
    /// <returns>The loss.</returns>
    [Loss("mean(1 - (2 * sum(y * p, dim: 1) + smooth) / (sum(y, dim: 1) + sum(p, dim: 1) + smooth))")]
    public static partial float Dice([Target] ReadOnlyTensorSpan<float> y, [Probabilities] ReadOnlyTensorSpan<float> p, float smooth = 1);

    /// <summary>
    /// Tversky loss per row, averaged: mean(1 − (TP + s)/(TP + α·FP + β·FN + s)) with TP = Σ y·p, FP = Σ (1 − y)·p, FN = Σ y·(1 − p).
    /// <para>Salehi et al. (2017), α on false positives and β on false negatives; α = β = 0.5 gives <see cref="Dice(System.Numerics.Tensors.ReadOnlyTensorSpan{double}, System.Numerics.Tensors.ReadOnlyTensorSpan{double}, double)"/> with twice the smoothing. Keras 3 <c>Tversky(alpha, beta)</c> pools the whole batch, has no smoothing term (only a 1e-7 epsilon in the denominator) and, in its source, multiplies alpha with Σ y·(1 − p): Keras's (alpha, beta) is this method's (beta, alpha).</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1] [rows, labels]; no gradient.</param>
    /// <param name="p">Predicted probabilities [rows, labels].</param>
    /// <param name="alpha">Weight of the false positives Σ(1 − y)·p.</param>
    /// <param name="beta">Weight of the false negatives Σ y·(1 − p).</param>
    /// <param name="smooth">Added to numerator and denominator.</param>
    /// <returns>The loss.</returns>
    [Loss("tp = sum(y * p, dim: 1); fp = sum((1 - y) * p, dim: 1); fn = sum(y * (1 - p), dim: 1); mean(1 - (tp + smooth) / (tp + alpha * fp + beta * fn + smooth))")]
    public static partial double Tversky([Target] ReadOnlyTensorSpan<double> y, [Probabilities] ReadOnlyTensorSpan<double> p, double alpha = 0.5, double beta = 0.5, double smooth = 1);

    /// <summary>
    /// Tversky loss per row, averaged: mean(1 − (TP + s)/(TP + α·FP + β·FN + s)) with TP = Σ y·p, FP = Σ (1 − y)·p, FN = Σ y·(1 − p).
    /// <para>Salehi et al. (2017), α on false positives and β on false negatives; α = β = 0.5 gives <see cref="Dice(System.Numerics.Tensors.ReadOnlyTensorSpan{float}, System.Numerics.Tensors.ReadOnlyTensorSpan{float}, float)"/> with twice the smoothing. Keras 3 <c>Tversky(alpha, beta)</c> pools the whole batch, has no smoothing term (only a 1e-7 epsilon in the denominator) and, in its source, multiplies alpha with Σ y·(1 − p): Keras's (alpha, beta) is this method's (beta, alpha).</para>
    /// </summary>
    /// <param name="y">Targets in [0, 1] [rows, labels]; no gradient.</param>
    /// <param name="p">Predicted probabilities [rows, labels].</param>
    /// <param name="alpha">Weight of the false positives Σ(1 − y)·p.</param>
    /// <param name="beta">Weight of the false negatives Σ y·(1 − p).</param>
    /// <param name="smooth">Added to numerator and denominator.</param>
    /// <returns>The loss.</returns>
    [Loss("tp = sum(y * p, dim: 1); fp = sum((1 - y) * p, dim: 1); fn = sum(y * (1 - p), dim: 1); mean(1 - (tp + smooth) / (tp + alpha * fp + beta * fn + smooth))")]
    public static partial float Tversky([Target] ReadOnlyTensorSpan<float> y, [Probabilities] ReadOnlyTensorSpan<float> p, float alpha = 0.5f, float beta = 0.5f, float smooth = 1);
}
