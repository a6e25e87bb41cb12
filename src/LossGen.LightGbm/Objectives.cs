using System.Numerics.Tensors;

namespace LossGen.LightGbm;

/// <summary>
/// A per-sample objective for one score per sample (regression, binary classification): the shape of the member
/// <c>NamePerSampleDerivatives</c> that LossGen generates for a loss declared as
/// <c>Name([Target] ReadOnlySpan&lt;T&gt; y, ReadOnlySpan&lt;T&gt; yhat)</c>, so the method group plugs in directly.
/// It writes, for every sample i, the loss ℓ_i, g_i = ∂ℓ_i/∂score_i and h_i = ∂²ℓ_i/∂score_i², not divided by the
/// number of samples.
/// </summary>
public delegate void PerSampleDerivatives<T>(ReadOnlySpan<T> labels, ReadOnlySpan<T> scores, Span<T> losses, Span<T> gradients, Span<T> hessians);

/// <summary>
/// A per-sample objective for multi-class models: the shape of <c>NamePerSampleDerivatives</c> generated for a loss
/// declared as <c>Name([Logits] ReadOnlyTensorSpan&lt;T&gt; z, ReadOnlySpan&lt;int&gt; t)</c>. <c>scores</c> is
/// <c>[rows, classes]</c>, and so are the gradients and Hessian diagonals (entry [i, k] is ∂ℓ_i/∂z_ik and ∂²ℓ_i/∂z_ik²).
/// The trainer converts to and from LightGBM's class-major layout.
/// </summary>
public delegate void MulticlassPerSampleDerivatives<T>(ReadOnlyTensorSpan<T> scores, ReadOnlySpan<int> labels, Span<T> losses, TensorSpan<T> gradients, TensorSpan<T> hessians);
