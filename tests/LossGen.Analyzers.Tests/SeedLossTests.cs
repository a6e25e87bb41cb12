using System.Linq;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>
/// The contract declarations of the core issue (tests/LossGen.Tests/SeedLosses.cs). Several are written in their
/// textbook, unguarded form, and the analyzer must say exactly where: BCE and CCE on probabilities take log(p), and
/// focal loss log(pt). The rest are stable and raise nothing. Triplet's norm(a - p) is not flagged: LossGen
/// differentiates norm with PyTorch's subgradient (0 at 0), so it has no singular gradient (see NormTests).
/// </summary>
public class SeedLossTests
{
    public static TheoryData<string, string, string> Seeds => new()
    {
        { "mean((yhat - y)^2)", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat", "" },
        { "-mean(y * log(p) + (1 - y) * log(1 - p))", "[Target] ReadOnlySpan<T> y, [Probabilities] ReadOnlySpan<T> p", "LG1001 log(p); LG1001 log(1 - p)" },
        { "mean(softplus(z) - y * z)", "[Target] ReadOnlySpan<T> y, [Logits] ReadOnlySpan<T> z", "" },
        { "-mean(sum(y * log(p), dim: 1))", "[Target] ReadOnlyTensorSpan<T> y, [Probabilities] ReadOnlyTensorSpan<T> p", "LG1001 log(p)" },
        { "-mean(sum(y * log_softmax(z, dim: 1), dim: 1))", "[Target] ReadOnlyTensorSpan<T> y, [Logits] ReadOnlyTensorSpan<T> z", "" },
        { "mean(logsumexp(z, dim: 1) - pick(z, t))", "[Logits] ReadOnlyTensorSpan<T> z, ReadOnlySpan<int> t", "" },
        { "pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(pt))", "[Target] ReadOnlySpan<T> y, [Probabilities] ReadOnlySpan<T> p, T alpha = 0.25, T gamma = 2", "LG1001 log(pt)" },
        { "mean(max(0, 1 - y * s))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> s", "" },
        { "mean(max(0, norm(a - p, dim: 1) - norm(a - n, dim: 1) + margin))", "ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> p, ReadOnlyTensorSpan<T> n, T margin = 1", "" },
        { "mean(where(yhat < y, 2, 1) * abs(y - yhat))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat", "" },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Float(string formula, string parameters, string expected) => Check(formula, parameters.Replace("<T>", "<float>").Replace("T ", "float "), false, expected);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Double(string formula, string parameters, string expected) => Check(formula, parameters.Replace("<T>", "<double>").Replace("T ", "double "), true, expected);

    private static void Check(string formula, string parameters, bool isDouble, string expected)
    {
        var findings = Engine.Check(formula, parameters, isDouble);
        string actual = string.Join("; ", findings.Select(f => $"{f.Id} {formula.Substring(f.Span!.Value.Start, f.Span.Value.Length)}"));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Multi_task_composition_of_seeds_raises_nothing()
    {
        var mse = Engine.Decl("mean((yhat - y)^2)", "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat", "Mse");
        var ce = Engine.Decl("mean(logsumexp(z, dim: 1) - pick(z, t))", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t", "SparseCe");
        var siblings = new System.Collections.Generic.Dictionary<string, LossGen.Ir.LossDecl> { ["Mse"] = mse, ["SparseCe"] = ce };
        var findings = Engine.Check("lambda1 * Mse(steer, steerHat) + lambda2 * SparseCe(z, t)",
            "[Target] ReadOnlySpan<float> steer, ReadOnlySpan<float> steerHat, [Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, float lambda1 = 0.7f, float lambda2 = 0.3f",
            siblings: siblings);
        Assert.True(findings.Count == 0, Engine.Describe(findings));
    }

    [Fact]
    public void Composition_does_not_repeat_the_siblings_own_findings()
    {
        var bce = Engine.Decl("-mean(y * log(p) + (1 - y) * log(1 - p))", "[Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p", "Bce");
        var siblings = new System.Collections.Generic.Dictionary<string, LossGen.Ir.LossDecl> { ["Bce"] = bce };
        var findings = Engine.Check("2 * Bce(y, p)", "[Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p", siblings: siblings);
        Assert.True(findings.Count == 0, Engine.Describe(findings));
    }
}
