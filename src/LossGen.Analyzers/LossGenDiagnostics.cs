using Microsoft.CodeAnalysis;

namespace LossGen.Analyzers;

/// <summary>
/// The descriptors of the LossGen analyzers, one per ID (the IDs live in <see cref="DiagnosticIds"/>, shared with
/// the generator and the code fixes). All are warnings by default except LG2004 (information); each can be configured in .editorconfig
/// (<c>dotnet_diagnostic.LG1001.severity = error</c>) or suppressed with <c>#pragma warning disable LG1001</c>.
/// </summary>
internal static class LossGenDiagnostics
{
    public const string NumericsCategory = "LossGen.Numerics";
    public const string UsageCategory = "LossGen.Usage";
    private const string HelpRoot = "https://github.com/lossgen/lossgen/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor UnguardedLog = Warning(DiagnosticIds.UnguardedLog, NumericsCategory,
        "Logarithm of a value that can be zero or negative",
        "log(x) is -∞ at x = 0 and NaN below it, and its gradient 1/x is infinite there. Guard the argument with max(x, eps) or clamp(x, eps, 1 - eps).");

    public static readonly DiagnosticDescriptor DivisionByZero = Warning(DiagnosticIds.DivisionByZero, NumericsCategory,
        "Division by a value that can be zero",
        "Dividing by a value that can be 0 gives ±∞ or NaN in the loss and in its gradient. Add an epsilon to a non-negative divisor.");

    public static readonly DiagnosticDescriptor SingularSqrt = Warning(DiagnosticIds.SingularSqrt, NumericsCategory,
        "Square root or fractional power where the value can be zero or negative",
        "The derivative of sqrt(x) or x^k (0 < k < 1) is infinite at x = 0 (and that of acos(x) at x = ±1), so the backward pass produces ∞ or NaN; a negative x makes the value itself NaN. Add an epsilon, or keep the argument strictly inside acos's domain.");

    public static readonly DiagnosticDescriptor ExpOverflow = Warning(DiagnosticIds.ExpOverflow, NumericsCategory,
        "exp or cosh of an unbounded argument can overflow",
        "exp(x) is +∞ for x above about 88.7 in float (709.8 in double), and so is its gradient. Bound the argument, or use a stable built-in (softplus, log_sigmoid, logsumexp, sigmoid).");

    public static readonly DiagnosticDescriptor StableBuiltin = Warning(DiagnosticIds.StableBuiltin, NumericsCategory,
        "A numerically stable built-in exists for this expression",
        "The naive form of this expression overflows or underflows in floating point; the built-in computes the same value stably and has a stable gradient.");

    public static readonly DiagnosticDescriptor LogitsAsProbabilities = Warning(DiagnosticIds.LogitsAsProbabilities, UsageCategory,
        "[Logits] input used as a probability",
        "An input marked [Logits] holds raw, unbounded scores. Using it inside log(...) or as 1 - z treats it as a probability in [0, 1], which gives NaN for negative scores and a wrong loss for the others. Also reported on the log of a value that is already a log-probability (log_sigmoid, log_softmax).");

    public static readonly DiagnosticDescriptor ProbabilitiesAsLogits = Warning(DiagnosticIds.ProbabilitiesAsLogits, UsageCategory,
        "[Probabilities] input used as logits",
        "An input marked [Probabilities] already went through a sigmoid or softmax. Passing it to sigmoid, softmax, log_softmax, log_sigmoid, softplus or logsumexp applies the activation twice, which squashes the loss and its gradient. Also reported, on the inner activation, when a sigmoid or softmax computed in the formula is passed to one of them.");

    public static readonly DiagnosticDescriptor ActivationMismatchAtCall = Warning(DiagnosticIds.ActivationMismatchAtCall, UsageCategory,
        "Activation mismatch at a call to a [Loss] method",
        "A value computed by a sigmoid or softmax is passed to a [Logits] parameter, or a value marked as logits is passed to a [Probabilities] parameter.");

    public static readonly DiagnosticDescriptor AmbiguousBroadcast = new(DiagnosticIds.AmbiguousBroadcast,
        "A rank-1 parameter meets a rank-2 value: read per row or per column?", "{0}", UsageCategory, DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: "A rank-1 parameter combined with a matrix is read row by row (one value per row) unless it is declared per_column(v). When nothing else in the formula fixes its length, a per-column parameter such as per-class quantiles fails at run time with a size error or, when rows equal columns, silently computes another loss.",
        helpLinkUri: HelpRoot + DiagnosticIds.AmbiguousBroadcast + ".md");

    public static readonly DiagnosticDescriptor ZeroGradient = Warning(DiagnosticIds.ZeroGradient, UsageCategory,
        "The gradient with respect to a differentiable input is identically zero",
        "The input reaches the loss only through comparisons (or not at all), so its gradient is zero everywhere and training cannot change it.");

    private static DiagnosticDescriptor Warning(string id, string category, string title, string description) => new(
        id, title, "{0}", category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: description,
        helpLinkUri: HelpRoot + id + ".md");

    public static DiagnosticDescriptor For(string id) => id switch
    {
        DiagnosticIds.UnguardedLog => UnguardedLog,
        DiagnosticIds.DivisionByZero => DivisionByZero,
        DiagnosticIds.SingularSqrt => SingularSqrt,
        DiagnosticIds.ExpOverflow => ExpOverflow,
        DiagnosticIds.StableBuiltin => StableBuiltin,
        DiagnosticIds.LogitsAsProbabilities => LogitsAsProbabilities,
        DiagnosticIds.ProbabilitiesAsLogits => ProbabilitiesAsLogits,
        DiagnosticIds.ActivationMismatchAtCall => ActivationMismatchAtCall,
        DiagnosticIds.AmbiguousBroadcast => AmbiguousBroadcast,
        _ => ZeroGradient,
    };
}
