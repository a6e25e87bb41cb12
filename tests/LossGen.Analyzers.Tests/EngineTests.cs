using System.Collections.Generic;
using System;
using System.Linq;
using System.Text;
using System.Threading;
using LossGen.Analyzers.Analysis;
using LossGen.Ir;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>Properties of the formula checker that are easier to state without the Roslyn harness.</summary>
public class EngineTests
{
    private const string Logit = "[Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z";

    [Fact]
    public void An_overflowing_exp_inside_a_stable_pattern_offers_the_patterns_rewrite()
    {
        var findings = Engine.Check("mean(log(1 + exp(z)) - y * z)", Logit);
        Finding exp = Assert.Single(findings, f => f.Id == "LG1004");
        FixSuggestion fix = Assert.Single(exp.Fixes);
        Assert.Equal("LossGen.StableBuiltin", fix.Key);
        Assert.Equal("mean(softplus(z) - y * z)", FormulaEdit.Apply("mean(log(1 + exp(z)) - y * z)", fix.Edits));
    }

    [Fact]
    public void A_parenthesized_subexpression_is_quoted_with_its_parentheses()
    {
        const string formula = "mean(sqrt((y - yhat)^2))";
        Finding f = Assert.Single(Engine.Check(formula, "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat"));
        Assert.Equal("LG1003", f.Id);
        Assert.StartsWith("'sqrt((y - yhat)^2)': '(y - yhat)^2' can be 0", f.Message, StringComparison.Ordinal);
        Assert.Equal("sqrt((y - yhat)^2)", formula.Substring(f.Span!.Value.Start, f.Span.Value.Length));
    }

    [Fact]
    public void A_finding_on_a_group_covers_both_parentheses()
    {
        const string formula = "mean(y / (p * (1 - p)))";
        Finding f = Assert.Single(Engine.Check(formula, "[Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p"));
        Assert.Equal("LG1002", f.Id);
        Assert.Contains("divides by '(p * (1 - p))'", f.Message, StringComparison.Ordinal);
        Assert.Equal("y / (p * (1 - p))", formula.Substring(f.Span!.Value.Start, f.Span.Value.Length));
        // The epsilon goes inside the existing parentheses.
        Assert.Equal("mean(y / (p * (1 - p) + 1e-7))", FormulaEdit.Apply(formula, Assert.Single(f.Fixes).Edits));
    }

    [Fact]
    public void A_sigmoid_passed_to_a_sibling_loss_on_logits_is_reported_in_the_caller()
    {
        var siblings = new Dictionary<string, LossDecl>
        {
            ["BceLogits"] = Engine.Decl("mean(softplus(z) - y * z)", "[Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z", "BceLogits"),
        };
        const string formula = "BceLogits(y, sigmoid(q))";
        Finding f = Assert.Single(Engine.Check(formula, "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> q", siblings: siblings));
        Assert.Equal("LG2002", f.Id);
        Assert.Equal("sigmoid(q)", formula.Substring(f.Span!.Value.Start, f.Span.Value.Length));
        Assert.Equal("BceLogits(y, q)", FormulaEdit.Apply(formula, Assert.Single(f.Fixes).Edits));
    }

    [Fact]
    public void A_sigmoid_also_used_as_a_probability_is_reported_without_a_fix()
    {
        // Dropping the sigmoid would break log(p); which use is meant is not clear.
        Finding f = Assert.Single(Engine.Check("p = sigmoid(z); mean(softplus(p) - y * log(p))", Logit), x => x.Id == "LG2002");
        Assert.Empty(f.Fixes);
    }

    [Fact]
    public void One_diagnostic_per_node_the_most_specific()
    {
        // log(sigmoid(z)) is also a log of a value that can be 0, but LG1005 says why and how to fix it.
        Assert.Equal(["LG1005"], Engine.Check("mean(log(sigmoid(z)))", Logit).Select(f => f.Id));
        // log(z) of logits can be negative, but the mistake is using logits as a probability.
        Assert.Equal(["LG2001"], Engine.Check("-mean(log(z))", Logit).Select(f => f.Id));
    }

    [Theory]
    [InlineData("mean(y / (z - 1))", "")]
    [InlineData("mean(y / z)", "LG1002")]
    [InlineData("mean(y / (z - y))", "LG1002")]
    [InlineData("mean(y / abs(z))", "LG1002")]
    public void Divisors_that_are_zero_only_by_coincidence_are_not_reported(string formula, string expected)
        => Assert.Equal(expected, string.Join(",", Engine.Check(formula, Logit).Select(f => f.Id)));

    [Theory]
    [InlineData("mean(exp(z))", "")]
    [InlineData("mean(exp(-2 * z + 1))", "")]
    [InlineData("mean(exp(z) / sum(exp(z)))", "LG1002,LG1004")] // and the sum can underflow to 0: 0 / 0
    [InlineData("mean(sqrt(exp(z)))", "LG1003,LG1004")] // exp can also underflow to 0, where sqrt has an infinite slope
    [InlineData("mean(exp(z * y))", "LG1004")]
    [InlineData("mean(cosh(y - z))", "LG1004")]
    public void Exp_of_a_log_scale_parameter_is_reported_only_where_its_overflow_is_spurious(string formula, string expected)
        => Assert.Equal(expected, string.Join(",", Engine.Check(formula, Logit).Select(f => f.Id)));

    [Fact]
    public void Where_branches_narrow_the_compared_value()
    {
        const string q = "[Target] ReadOnlySpan<float> q, ReadOnlySpan<float> logp";
        Assert.Empty(Engine.Check("mean(where(q > 0, q * (log(q) - logp), 0))", q));
        Assert.Empty(Engine.Check("mean(where(q <= 0, 0, q * log(q)) - logp)", q));
        Assert.Empty(Engine.Check("mean(where(q == 1, log(q), 0) - logp)", q));
        Assert.Equal(["LG1001"], Engine.Check("mean(where(q >= 0, q * log(q), 0) - logp)", q).Select(f => f.Id));
        Assert.Equal(["LG1001"], Engine.Check("mean(where(q > 0, 0, log(q)) - logp)", q).Select(f => f.Id));
    }

    [Fact]
    public void Root_mean_square_error_has_a_singular_gradient_at_a_perfect_fit()
        => Assert.Equal(["LG1003"], Engine.Check("sqrt(mean((yhat - y)^2))", "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat").Select(f => f.Id));

    [Fact]
    public void Naive_cosine_similarity_divides_by_a_norm_that_can_be_zero()
        => Assert.Equal(["LG1002"], Engine.Check("mean(1 - sum(a * b, dim: 1) / (norm(a, dim: 1) * norm(b, dim: 1)))",
            "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b").Select(f => f.Id));

    [Fact]
    public void Deep_formulas_do_not_exhaust_a_small_stack()
    {
        var formula = new StringBuilder("a0 = z; ");
        for (int i = 1; i < 580; i++) formula.Append($"a{i} = sigmoid(a{i - 1}); ");
        formula.Append("mean(log(a579) + y)");
        System.Collections.Generic.IReadOnlyList<Finding>? findings = null;
        var thread = new Thread(() => findings = Engine.Check(formula.ToString(), Logit), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(findings);
    }

    [Fact]
    public void Formulas_that_do_not_compile_give_no_findings()
    {
        Assert.Empty(Engine.Check("mean(log(z)", Logit));
        Assert.Empty(Engine.Check("mean(lgo(z))", Logit));
        Assert.Empty(Engine.Check("log(z)", Logit));
        Assert.Empty(Engine.Check("", Logit));
    }
}
