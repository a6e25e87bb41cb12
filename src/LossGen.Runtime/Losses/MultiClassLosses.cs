// The float and double declarations of each loss are kept identical but for the element type.
using System.Numerics.Tensors;

// Formula notes: per_column(w, z) declares a class-weight vector (one entry per column of z); "where: t != ignoreIndex"
// masks ignored rows, which also lets their labels lie outside [0, classes) (PyTorch's -100). See docs/language.md.

namespace LossGen;

/// <summary>Standard multi-class losses over rank-2 scores [rows = samples, cols = classes], in float and double. Integer labels must lie in [0, cols), except that the losses with an ignoreIndex also accept that value (e.g. −100).</summary>
public static partial class MultiClassLosses
{
    /// <summary>
    /// Cross-entropy from logits with integer labels, with optional label smoothing: mean(logsumexp(zᵢ) − (1 − ε)·zᵢ,ₜᵢ − ε·mean_c zᵢ,c).
    /// <para>PyTorch <c>F.cross_entropy(z, t, label_smoothing=labelSmoothing)</c> / <c>nn.CrossEntropyLoss</c>; Keras <c>SparseCategoricalCrossentropy(from_logits=True)</c> (ε = 0); Optax <c>softmax_cross_entropy_with_integer_labels(z, t).mean()</c> (ε = 0). For class weights or ignore_index use the overload with weights or <see cref="MaskedCrossEntropy(System.Numerics.Tensors.ReadOnlyTensorSpan{double}, System.ReadOnlySpan{int}, int, double)"/>.</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <param name="labelSmoothing">Label smoothing ε in [0, 1]: the target puts 1 − ε + ε/C on the label and ε/C on every class.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(logsumexp(z, dim: 1) - (1 - labelSmoothing) * pick(z, t) - labelSmoothing * mean(z, dim: 1))")]
    public static partial double CrossEntropy([Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, double labelSmoothing = 0);

    /// <summary>
    /// Cross-entropy from logits with integer labels, with optional label smoothing: mean(logsumexp(zᵢ) − (1 − ε)·zᵢ,ₜᵢ − ε·mean_c zᵢ,c).
    /// <para>PyTorch <c>F.cross_entropy(z, t, label_smoothing=labelSmoothing)</c> / <c>nn.CrossEntropyLoss</c>; Keras <c>SparseCategoricalCrossentropy(from_logits=True)</c> (ε = 0); Optax <c>softmax_cross_entropy_with_integer_labels(z, t).mean()</c> (ε = 0). For class weights or ignore_index use the overload with weights or <see cref="MaskedCrossEntropy(System.Numerics.Tensors.ReadOnlyTensorSpan{float}, System.ReadOnlySpan{int}, int, float)"/>.</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <param name="labelSmoothing">Label smoothing ε in [0, 1]: the target puts 1 − ε + ε/C on the label and ε/C on every class.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(logsumexp(z, dim: 1) - (1 - labelSmoothing) * pick(z, t) - labelSmoothing * mean(z, dim: 1))")]
    public static partial float CrossEntropy([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, float labelSmoothing = 0);

    /// <summary>
    /// Class-weighted cross-entropy from logits with integer labels, PyTorch's weighted mean: Σᵢ mᵢ[(1 − ε)·w[tᵢ]·ceᵢ + (ε/C)·Σ_c w_c·(lse_i − zᵢ,c)] / Σᵢ mᵢ·w[tᵢ], with mᵢ = [tᵢ ≠ ignoreIndex].
    /// <para>PyTorch <c>F.cross_entropy(z, t, weight=w, ignore_index=ignoreIndex, label_smoothing=labelSmoothing)</c>, including its normalizer (divide by the summed weights of the kept rows, not by the row count). Difference: when every row is ignored (or the kept rows weigh 0) the loss and its gradient are 0, where PyTorch returns NaN. No <c>PerSample</c> form: the normalizer depends on the whole batch.</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="w">One weight per class (length = classes); no gradient.</param>
    /// <param name="t">The class of each row, in [0, classes), or <paramref name="ignoreIndex"/>.</param>
    /// <param name="ignoreIndex">Rows whose label equals this value are left out of the loss and of the normalizer; it may lie outside [0, classes), like PyTorch's default −100.</param>
    /// <param name="labelSmoothing">Label smoothing ε in [0, 1].</param>
    /// <returns>The loss.</returns>
    [Loss("lse = logsumexp(z, dim: 1); keep = t != ignoreIndex; wc = per_column(w, z); total = sum(wc[t], where: keep); smooth = sum(wc * (lse - z), dim: 1); where(total != 0, sum((1 - labelSmoothing) * wc[t] * (lse - pick(z, t)) + labelSmoothing / cols(z) * smooth, where: keep) / total, 0)")]
    public static partial double CrossEntropy([Logits] ReadOnlyTensorSpan<double> z, [Target] ReadOnlySpan<double> w, ReadOnlySpan<int> t, int ignoreIndex = -100, double labelSmoothing = 0);

    /// <summary>
    /// Class-weighted cross-entropy from logits with integer labels, PyTorch's weighted mean: Σᵢ mᵢ[(1 − ε)·w[tᵢ]·ceᵢ + (ε/C)·Σ_c w_c·(lse_i − zᵢ,c)] / Σᵢ mᵢ·w[tᵢ], with mᵢ = [tᵢ ≠ ignoreIndex].
    /// <para>PyTorch <c>F.cross_entropy(z, t, weight=w, ignore_index=ignoreIndex, label_smoothing=labelSmoothing)</c>, including its normalizer (divide by the summed weights of the kept rows, not by the row count). Difference: when every row is ignored (or the kept rows weigh 0) the loss and its gradient are 0, where PyTorch returns NaN. No <c>PerSample</c> form: the normalizer depends on the whole batch.</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="w">One weight per class (length = classes); no gradient.</param>
    /// <param name="t">The class of each row, in [0, classes), or <paramref name="ignoreIndex"/>.</param>
    /// <param name="ignoreIndex">Rows whose label equals this value are left out of the loss and of the normalizer; it may lie outside [0, classes), like PyTorch's default −100.</param>
    /// <param name="labelSmoothing">Label smoothing ε in [0, 1].</param>
    /// <returns>The loss.</returns>
    [Loss("lse = logsumexp(z, dim: 1); keep = t != ignoreIndex; wc = per_column(w, z); total = sum(wc[t], where: keep); smooth = sum(wc * (lse - z), dim: 1); where(total != 0, sum((1 - labelSmoothing) * wc[t] * (lse - pick(z, t)) + labelSmoothing / cols(z) * smooth, where: keep) / total, 0)")]
    public static partial float CrossEntropy([Logits] ReadOnlyTensorSpan<float> z, [Target] ReadOnlySpan<float> w, ReadOnlySpan<int> t, int ignoreIndex = -100, float labelSmoothing = 0);

    /// <summary>
    /// Cross-entropy from logits with integer labels, averaged over the rows whose label is not <paramref name="ignoreIndex"/>.
    /// <para>PyTorch <c>F.cross_entropy(z, t, ignore_index=ignoreIndex, label_smoothing=labelSmoothing)</c> (mean over the kept rows). Difference: when every row is ignored the loss and its gradient are 0, where PyTorch returns NaN. No <c>PerSample</c> form: the count of kept rows depends on the whole batch; use <see cref="CrossEntropyPerSample(System.Numerics.Tensors.ReadOnlyTensorSpan{double}, System.ReadOnlySpan{int}, double, System.Span{double})"/> and zero the ignored rows.</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes), or <paramref name="ignoreIndex"/>.</param>
    /// <param name="ignoreIndex">Rows whose label equals this value are left out of the loss and of the count; it may lie outside [0, classes) (PyTorch uses −100).</param>
    /// <param name="labelSmoothing">Label smoothing ε in [0, 1].</param>
    /// <returns>The loss.</returns>
    [Loss("ce = logsumexp(z, dim: 1) - (1 - labelSmoothing) * pick(z, t) - labelSmoothing * mean(z, dim: 1); mean(ce, where: t != ignoreIndex)")]
    public static partial double MaskedCrossEntropy([Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, int ignoreIndex, double labelSmoothing = 0);

    /// <summary>
    /// Cross-entropy from logits with integer labels, averaged over the rows whose label is not <paramref name="ignoreIndex"/>.
    /// <para>PyTorch <c>F.cross_entropy(z, t, ignore_index=ignoreIndex, label_smoothing=labelSmoothing)</c> (mean over the kept rows). Difference: when every row is ignored the loss and its gradient are 0, where PyTorch returns NaN. No <c>PerSample</c> form: the count of kept rows depends on the whole batch; use <see cref="CrossEntropyPerSample(System.Numerics.Tensors.ReadOnlyTensorSpan{float}, System.ReadOnlySpan{int}, float, System.Span{float})"/> and zero the ignored rows.</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes), or <paramref name="ignoreIndex"/>.</param>
    /// <param name="ignoreIndex">Rows whose label equals this value are left out of the loss and of the count; it may lie outside [0, classes) (PyTorch uses −100).</param>
    /// <param name="labelSmoothing">Label smoothing ε in [0, 1].</param>
    /// <returns>The loss.</returns>
    [Loss("ce = logsumexp(z, dim: 1) - (1 - labelSmoothing) * pick(z, t) - labelSmoothing * mean(z, dim: 1); mean(ce, where: t != ignoreIndex)")]
    public static partial float MaskedCrossEntropy([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, int ignoreIndex, float labelSmoothing = 0);

    /// <summary>
    /// Cross-entropy from logits with probability (soft) targets: −mean(Σ_c y′ᵢ,c · log_softmax(zᵢ)_c) with y′ = (1 − ε)·y + ε/C.
    /// <para>PyTorch <c>F.cross_entropy(z, y, label_smoothing=labelSmoothing)</c> with class-probability targets; Keras <c>CategoricalCrossentropy(from_logits=True, label_smoothing)</c>; Optax <c>softmax_cross_entropy(z, y).mean()</c>. Rows of y need not sum to 1 (as in PyTorch).</para>
    /// </summary>
    /// <param name="y">Target probabilities [rows, classes] (one-hot or soft); no gradient.</param>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="labelSmoothing">Label smoothing ε: the target becomes (1 − ε)·y + ε/C.</param>
    /// <returns>The loss.</returns>
    [Loss("lsm = log_softmax(z, dim: 1); -mean((1 - labelSmoothing) * sum(y * lsm, dim: 1) + labelSmoothing * mean(lsm, dim: 1))")]
    public static partial double SoftCrossEntropy([Target] ReadOnlyTensorSpan<double> y, [Logits] ReadOnlyTensorSpan<double> z, double labelSmoothing = 0);

    /// <summary>
    /// Cross-entropy from logits with probability (soft) targets: −mean(Σ_c y′ᵢ,c · log_softmax(zᵢ)_c) with y′ = (1 − ε)·y + ε/C.
    /// <para>PyTorch <c>F.cross_entropy(z, y, label_smoothing=labelSmoothing)</c> with class-probability targets; Keras <c>CategoricalCrossentropy(from_logits=True, label_smoothing)</c>; Optax <c>softmax_cross_entropy(z, y).mean()</c>. Rows of y need not sum to 1 (as in PyTorch).</para>
    /// </summary>
    /// <param name="y">Target probabilities [rows, classes] (one-hot or soft); no gradient.</param>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="labelSmoothing">Label smoothing ε: the target becomes (1 − ε)·y + ε/C.</param>
    /// <returns>The loss.</returns>
    [Loss("lsm = log_softmax(z, dim: 1); -mean((1 - labelSmoothing) * sum(y * lsm, dim: 1) + labelSmoothing * mean(lsm, dim: 1))")]
    public static partial float SoftCrossEntropy([Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z, float labelSmoothing = 0);

    /// <summary>
    /// Class-weighted cross-entropy from logits with probability targets: −mean(Σ_c w_c · y′ᵢ,c · log_softmax(zᵢ)_c) with y′ = (1 − ε)·y + ε/C.
    /// <para>PyTorch <c>F.cross_entropy(z, y, weight=w, label_smoothing=labelSmoothing)</c> with class-probability targets: the mean divides by the number of rows, not by the weights (unlike the integer-label weighted mean).</para>
    /// </summary>
    /// <param name="y">Target probabilities [rows, classes]; no gradient.</param>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="w">One weight per class (length = classes); no gradient.</param>
    /// <param name="labelSmoothing">Label smoothing ε.</param>
    /// <returns>The loss.</returns>
    [Loss("lsm = log_softmax(z, dim: 1); ys = ((1 - labelSmoothing) * y + labelSmoothing / cols(z)) * lsm; -mean(sum(per_column(w) * ys, dim: 1))")]
    public static partial double SoftCrossEntropy([Target] ReadOnlyTensorSpan<double> y, [Logits] ReadOnlyTensorSpan<double> z, [Target] ReadOnlySpan<double> w, double labelSmoothing = 0);

    /// <summary>
    /// Class-weighted cross-entropy from logits with probability targets: −mean(Σ_c w_c · y′ᵢ,c · log_softmax(zᵢ)_c) with y′ = (1 − ε)·y + ε/C.
    /// <para>PyTorch <c>F.cross_entropy(z, y, weight=w, label_smoothing=labelSmoothing)</c> with class-probability targets: the mean divides by the number of rows, not by the weights (unlike the integer-label weighted mean).</para>
    /// </summary>
    /// <param name="y">Target probabilities [rows, classes]; no gradient.</param>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="w">One weight per class (length = classes); no gradient.</param>
    /// <param name="labelSmoothing">Label smoothing ε.</param>
    /// <returns>The loss.</returns>
    [Loss("lsm = log_softmax(z, dim: 1); ys = ((1 - labelSmoothing) * y + labelSmoothing / cols(z)) * lsm; -mean(sum(per_column(w) * ys, dim: 1))")]
    public static partial float SoftCrossEntropy([Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z, [Target] ReadOnlySpan<float> w, float labelSmoothing = 0);

    /// <summary>
    /// Categorical cross-entropy on probabilities: −mean(Σ_c y·max(log p, −100)).
    /// <para>Keras <c>CategoricalCrossentropy(from_logits=False)</c> without its preprocessing: Keras renormalizes each row of p to sum 1 and clips p to [1e-7, 1 − 1e-7]; here p is used as given and log p is clamped at −100 as in PyTorch's BCE (so p = 0 with y = 0 contributes 0). Prefer <see cref="SoftCrossEntropy(System.Numerics.Tensors.ReadOnlyTensorSpan{double}, System.Numerics.Tensors.ReadOnlyTensorSpan{double}, double)"/> on logits.</para>
    /// </summary>
    /// <param name="y">Target probabilities [rows, classes] (one-hot or soft); no gradient.</param>
    /// <param name="p">Predicted probabilities [rows, classes].</param>
    /// <returns>The loss.</returns>
    [Loss("-mean(sum(y * max(log(p), -100), dim: 1))")]
    public static partial double CategoricalCrossEntropy([Target] ReadOnlyTensorSpan<double> y, [Probabilities] ReadOnlyTensorSpan<double> p);

    /// <summary>
    /// Categorical cross-entropy on probabilities: −mean(Σ_c y·max(log p, −100)).
    /// <para>Keras <c>CategoricalCrossentropy(from_logits=False)</c> without its preprocessing: Keras renormalizes each row of p to sum 1 and clips p to [1e-7, 1 − 1e-7]; here p is used as given and log p is clamped at −100 as in PyTorch's BCE (so p = 0 with y = 0 contributes 0). Prefer <see cref="SoftCrossEntropy(System.Numerics.Tensors.ReadOnlyTensorSpan{float}, System.Numerics.Tensors.ReadOnlyTensorSpan{float}, float)"/> on logits.</para>
    /// </summary>
    /// <param name="y">Target probabilities [rows, classes] (one-hot or soft); no gradient.</param>
    /// <param name="p">Predicted probabilities [rows, classes].</param>
    /// <returns>The loss.</returns>
    [Loss("-mean(sum(y * max(log(p), -100), dim: 1))")]
    public static partial float CategoricalCrossEntropy([Target] ReadOnlyTensorSpan<float> y, [Probabilities] ReadOnlyTensorSpan<float> p);

    /// <summary>
    /// Negative log-likelihood of the labelled class: −mean(logpᵢ,ₜᵢ).
    /// <para>PyTorch <c>F.nll_loss(logp, t)</c> / <c>nn.NLLLoss()</c>.</para>
    /// </summary>
    /// <param name="logp">Log-probabilities [rows, classes] (e.g. a log_softmax output).</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <returns>The loss.</returns>
    [Loss("-mean(pick(logp, t))")]
    public static partial double Nll(ReadOnlyTensorSpan<double> logp, ReadOnlySpan<int> t);

    /// <summary>
    /// Negative log-likelihood of the labelled class: −mean(logpᵢ,ₜᵢ).
    /// <para>PyTorch <c>F.nll_loss(logp, t)</c> / <c>nn.NLLLoss()</c>.</para>
    /// </summary>
    /// <param name="logp">Log-probabilities [rows, classes] (e.g. a log_softmax output).</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <returns>The loss.</returns>
    [Loss("-mean(pick(logp, t))")]
    public static partial float Nll(ReadOnlyTensorSpan<float> logp, ReadOnlySpan<int> t);

    /// <summary>
    /// Class-weighted negative log-likelihood, PyTorch's weighted mean: −Σᵢ w[tᵢ]·logpᵢ,ₜᵢ / Σᵢ w[tᵢ] over the rows whose label is not ignoreIndex.
    /// <para>PyTorch <c>F.nll_loss(logp, t, weight=w, ignore_index=ignoreIndex)</c>, including the normalizer Σ w[tᵢ]. Difference: when every row is ignored (or the kept rows weigh 0) the loss and its gradient are 0, where PyTorch returns NaN. No <c>PerSample</c> form.</para>
    /// </summary>
    /// <param name="logp">Log-probabilities [rows, classes].</param>
    /// <param name="w">One weight per class (length = classes); no gradient.</param>
    /// <param name="t">The class of each row, in [0, classes), or <paramref name="ignoreIndex"/>.</param>
    /// <param name="ignoreIndex">Rows whose label equals this value are left out; it may lie outside [0, classes), like PyTorch's default −100.</param>
    /// <returns>The loss.</returns>
    [Loss("wc = per_column(w, logp); -mean(pick(logp, t), weights: wc[t], where: t != ignoreIndex)")]
    public static partial double Nll(ReadOnlyTensorSpan<double> logp, [Target] ReadOnlySpan<double> w, ReadOnlySpan<int> t, int ignoreIndex = -100);

    /// <summary>
    /// Class-weighted negative log-likelihood, PyTorch's weighted mean: −Σᵢ w[tᵢ]·logpᵢ,ₜᵢ / Σᵢ w[tᵢ] over the rows whose label is not ignoreIndex.
    /// <para>PyTorch <c>F.nll_loss(logp, t, weight=w, ignore_index=ignoreIndex)</c>, including the normalizer Σ w[tᵢ]. Difference: when every row is ignored (or the kept rows weigh 0) the loss and its gradient are 0, where PyTorch returns NaN. No <c>PerSample</c> form.</para>
    /// </summary>
    /// <param name="logp">Log-probabilities [rows, classes].</param>
    /// <param name="w">One weight per class (length = classes); no gradient.</param>
    /// <param name="t">The class of each row, in [0, classes), or <paramref name="ignoreIndex"/>.</param>
    /// <param name="ignoreIndex">Rows whose label equals this value are left out; it may lie outside [0, classes), like PyTorch's default −100.</param>
    /// <returns>The loss.</returns>
    [Loss("wc = per_column(w, logp); -mean(pick(logp, t), weights: wc[t], where: t != ignoreIndex)")]
    public static partial float Nll(ReadOnlyTensorSpan<float> logp, [Target] ReadOnlySpan<float> w, ReadOnlySpan<int> t, int ignoreIndex = -100);

    /// <summary>
    /// Kullback–Leibler divergence KL(q ‖ p) per row, averaged over rows: mean_i Σ_c q·(log q − log p), with 0·log 0 = 0.
    /// <para>PyTorch <c>F.kl_div(logp, q, reduction="batchmean", log_target=False)</c> (its xlogy convention for q = 0); Optax <c>kl_divergence(logp, q).mean()</c>. Keras <c>KLDivergence</c> takes probabilities for both and clips them to [1e-7, 1].</para>
    /// </summary>
    /// <param name="logp">Predicted log-probabilities [rows, classes].</param>
    /// <param name="q">Target probabilities [rows, classes]; no gradient. Zero entries contribute 0.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(sum(where(q > 0, q * (log(q) - logp), 0), dim: 1))")]
    public static partial double KlDiv(ReadOnlyTensorSpan<double> logp, [Target] ReadOnlyTensorSpan<double> q);

    /// <summary>
    /// Kullback–Leibler divergence KL(q ‖ p) per row, averaged over rows: mean_i Σ_c q·(log q − log p), with 0·log 0 = 0.
    /// <para>PyTorch <c>F.kl_div(logp, q, reduction="batchmean", log_target=False)</c> (its xlogy convention for q = 0); Optax <c>kl_divergence(logp, q).mean()</c>. Keras <c>KLDivergence</c> takes probabilities for both and clips them to [1e-7, 1].</para>
    /// </summary>
    /// <param name="logp">Predicted log-probabilities [rows, classes].</param>
    /// <param name="q">Target probabilities [rows, classes]; no gradient. Zero entries contribute 0.</param>
    /// <returns>The loss.</returns>
    [Loss("mean(sum(where(q > 0, q * (log(q) - logp), 0), dim: 1))")]
    public static partial float KlDiv(ReadOnlyTensorSpan<float> logp, [Target] ReadOnlyTensorSpan<float> q);

    /// <summary>
    /// Multi-class margin loss: mean over rows of Σ_{c ≠ t} max(0, margin − z_t + z_c)^p / C.
    /// <para>PyTorch <c>F.multi_margin_loss(z, t, p=p, margin=margin)</c> / <c>nn.MultiMarginLoss</c> (without its per-class weight). The c = t term, max(0, margin)^p, is computed and subtracted rather than skipped. Other integer p also work here (PyTorch accepts only 1 and 2). Optax <c>multiclass_hinge_loss</c> is the different Crammer–Singer form (a max over classes).</para>
    /// </summary>
    /// <param name="z">Scores [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <param name="margin">The margin.</param>
    /// <param name="p">The exponent: 1 (hinge) or 2 (squared hinge).</param>
    /// <returns>The loss.</returns>
    [Loss("mean((sum(max(0, margin - pick(z, t) + z)^p, dim: 1) - max(0, margin)^p) / cols(z))")]
    public static partial double MultiMargin(ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, double margin = 1, int p = 1);

    /// <summary>
    /// Multi-class margin loss: mean over rows of Σ_{c ≠ t} max(0, margin − z_t + z_c)^p / C.
    /// <para>PyTorch <c>F.multi_margin_loss(z, t, p=p, margin=margin)</c> / <c>nn.MultiMarginLoss</c> (without its per-class weight). The c = t term, max(0, margin)^p, is computed and subtracted rather than skipped. Other integer p also work here (PyTorch accepts only 1 and 2). Optax <c>multiclass_hinge_loss</c> is the different Crammer–Singer form (a max over classes).</para>
    /// </summary>
    /// <param name="z">Scores [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <param name="margin">The margin.</param>
    /// <param name="p">The exponent: 1 (hinge) or 2 (squared hinge).</param>
    /// <returns>The loss.</returns>
    [Loss("mean((sum(max(0, margin - pick(z, t) + z)^p, dim: 1) - max(0, margin)^p) / cols(z))")]
    public static partial float MultiMargin(ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, float margin = 1, int p = 1);

    /// <summary>
    /// Softmax focal loss from logits with integer labels: −mean(α · (1 − pₜ)^γ · log pₜ), pₜ the softmax probability of the label; 1 − pₜ is computed as −expm1(log pₜ).
    /// <para>Keras <c>CategoricalFocalCrossentropy(alpha, gamma, from_logits=True)</c> with one-hot targets (Keras additionally clips the probabilities to [1e-7, 1 − 1e-7]); kornia <c>focal_loss(z, t, alpha, gamma, reduction="mean")</c>. α scales all classes alike; use α = 1 for the unweighted focal loss of Lin et al.</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <param name="alpha">A scale applied to every class (Keras's default 0.25).</param>
    /// <param name="gamma">The focusing exponent (≥ 0).</param>
    /// <returns>The loss.</returns>
    [Loss("lp = pick(z, t) - logsumexp(z, dim: 1); -mean(alpha * (-expm1(lp))^gamma * lp)")]
    public static partial double Focal([Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, double alpha = 0.25, double gamma = 2);

    /// <summary>
    /// Softmax focal loss from logits with integer labels: −mean(α · (1 − pₜ)^γ · log pₜ), pₜ the softmax probability of the label; 1 − pₜ is computed as −expm1(log pₜ).
    /// <para>Keras <c>CategoricalFocalCrossentropy(alpha, gamma, from_logits=True)</c> with one-hot targets (Keras additionally clips the probabilities to [1e-7, 1 − 1e-7]); kornia <c>focal_loss(z, t, alpha, gamma, reduction="mean")</c>. α scales all classes alike; use α = 1 for the unweighted focal loss of Lin et al.</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <param name="alpha">A scale applied to every class (Keras's default 0.25).</param>
    /// <param name="gamma">The focusing exponent (≥ 0).</param>
    /// <returns>The loss.</returns>
    [Loss("lp = pick(z, t) - logsumexp(z, dim: 1); -mean(alpha * (-expm1(lp))^gamma * lp)")]
    public static partial float Focal([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, float alpha = 0.25f, float gamma = 2);

    /// <summary>
    /// Categorical hinge: mean(max(0, max_c((1 − y)·s) − Σ_c y·s + 1)).
    /// <para>Keras <c>CategoricalHinge</c>, term for term, including its convention that the true class contributes 0 (not −∞) to the max, so the negative part is never below 0. Ties in the max share the gradient equally.</para>
    /// </summary>
    /// <param name="y">One-hot targets [rows, classes]; no gradient.</param>
    /// <param name="s">Scores [rows, classes].</param>
    /// <returns>The loss.</returns>
    [Loss("mean(max(0, max((1 - y) * s, dim: 1) - sum(y * s, dim: 1) + 1))")]
    public static partial double CategoricalHinge([Target] ReadOnlyTensorSpan<double> y, ReadOnlyTensorSpan<double> s);

    /// <summary>
    /// Categorical hinge: mean(max(0, max_c((1 − y)·s) − Σ_c y·s + 1)).
    /// <para>Keras <c>CategoricalHinge</c>, term for term, including its convention that the true class contributes 0 (not −∞) to the max, so the negative part is never below 0. Ties in the max share the gradient equally.</para>
    /// </summary>
    /// <param name="y">One-hot targets [rows, classes]; no gradient.</param>
    /// <param name="s">Scores [rows, classes].</param>
    /// <returns>The loss.</returns>
    [Loss("mean(max(0, max((1 - y) * s, dim: 1) - sum(y * s, dim: 1) + 1))")]
    public static partial float CategoricalHinge([Target] ReadOnlyTensorSpan<float> y, ReadOnlyTensorSpan<float> s);

    /// <summary>
    /// Poly-1 cross-entropy (Leng et al., 2022): mean(CE + ε·(1 − pₜ)), with pₜ = exp(−CE) and 1 − pₜ computed as −expm1(−CE).
    /// <para>Optax <c>poly_loss_cross_entropy(z, one_hot(t), epsilon).mean()</c>; the reference <c>poly1_cross_entropy</c> of the paper (without its label smoothing).</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <param name="epsilon">The weight of the first polynomial term (the paper's Poly-1 default is 1; Optax defaults to 2).</param>
    /// <returns>The loss.</returns>
    [Loss("ce = logsumexp(z, dim: 1) - pick(z, t); mean(ce - epsilon * expm1(-ce))")]
    public static partial double Poly1CrossEntropy([Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, double epsilon = 1);

    /// <summary>
    /// Poly-1 cross-entropy (Leng et al., 2022): mean(CE + ε·(1 − pₜ)), with pₜ = exp(−CE) and 1 − pₜ computed as −expm1(−CE).
    /// <para>Optax <c>poly_loss_cross_entropy(z, one_hot(t), epsilon).mean()</c>; the reference <c>poly1_cross_entropy</c> of the paper (without its label smoothing).</para>
    /// </summary>
    /// <param name="z">Logits [rows, classes].</param>
    /// <param name="t">The class of each row, in [0, classes).</param>
    /// <param name="epsilon">The weight of the first polynomial term (the paper's Poly-1 default is 1; Optax defaults to 2).</param>
    /// <returns>The loss.</returns>
    [Loss("ce = logsumexp(z, dim: 1) - pick(z, t); mean(ce - epsilon * expm1(-ce))")]
    public static partial float Poly1CrossEntropy([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, float epsilon = 1);
}
