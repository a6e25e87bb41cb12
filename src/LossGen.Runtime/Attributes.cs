namespace LossGen;

/// <summary>
/// Declares a loss by its formula. Put it on a <c>static partial</c> method returning <see cref="float"/> or
/// <see cref="double"/>; the LossGen generator emits the forward pass, <c>NameWithGradient</c> and, when the
/// formula is a mean or sum over rows, <c>NamePerSample</c>.
/// </summary>
/// <example><code>
/// [Loss("mean((yhat - y)^2)")]
/// public static partial float Mse([Target] ReadOnlySpan&lt;float&gt; y, ReadOnlySpan&lt;float&gt; yhat);
/// </code></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LossAttribute(string formula) : Attribute
{
    /// <summary>The formula, in the LossGen formula language (see docs/language.md).</summary>
    public string Formula { get; } = formula;
}

/// <summary>A constant input (ground truth, weights): it gets no gradient.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class TargetAttribute : Attribute;

/// <summary>
/// A differentiable input whose values lie in [0, 1]. On a method's return value, marks the result as probabilities
/// so that the analyzers can catch it being passed where logits are expected.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = false)]
public sealed class ProbabilitiesAttribute : Attribute;

/// <summary>
/// A differentiable, unbounded input (raw scores before a sigmoid or softmax). On a method's return value, marks the
/// result as logits.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = false)]
public sealed class LogitsAttribute : Attribute;
