using System.Threading.Tasks;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>
/// Every code fix through the Roslyn harness: the exact fixed source (so everything outside the edit stays byte for
/// byte), incremental application and Fix All. The numeric equivalence of each fix is in <see cref="NumericFixTests"/>.
/// </summary>
public class CodeFixTests
{
    private const string Probs = "[Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p";
    private const string ProbsD = "[Target] ReadOnlySpan<double> y, [Probabilities] ReadOnlySpan<double> p";
    private const string Logit = "[Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z";

    // ---- LG1001 ----

    [Fact]
    public Task LG1001_guard_with_max() => Verify.Fix(
        Src.One("-mean({|LG1001:log(p)|})", "[Probabilities] ReadOnlySpan<float> p"),
        Src.One("-mean(log(max(p, 1e-7)))", "[Probabilities] ReadOnlySpan<float> p"),
        "LossGen.Guard.Max");

    [Fact]
    public Task LG1001_clamp_fix_all_in_binary_cross_entropy() => Verify.Fix(
        Src.One("-mean(y * {|LG1001:log(p)|} + (1 - y) * {|LG1001:log(1 - p)|})", Probs),
        Src.One("-mean(y * log(clamp(p, 1e-7, 1 - 1e-7)) + (1 - y) * log(clamp(1 - p, 1e-7, 1 - 1e-7)))", Probs),
        "LossGen.Guard.Clamp");

    [Fact]
    public Task LG1001_double_methods_use_a_smaller_epsilon() => Verify.Fix(
        Src.One("-mean(y * {|LG1001:log(p)|} + (1 - y) * {|LG1001:log(1 - p)|})", ProbsD, "double"),
        Src.One("-mean(y * log(max(p, 1e-12)) + (1 - y) * log(max(1 - p, 1e-12)))", ProbsD, "double"),
        "LossGen.Guard.Max");

    [Fact]
    public Task LG1001_log1p() => Verify.Fix(
        Src.One("-mean({|LG1001:log1p(-p)|})", "[Probabilities] ReadOnlySpan<float> p"),
        Src.One("-mean(log1p(max(-p, -1 + 1e-7)))", "[Probabilities] ReadOnlySpan<float> p"),
        "LossGen.Guard.Max");

    [Fact]
    public Task LG1001_focal_loss_through_a_binding() => Verify.Fix(
        Src.One("pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * {|LG1001:log(pt)|})", Probs + ", float alpha = 0.25f, float gamma = 2"),
        Src.One("pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(max(pt, 1e-7)))", Probs + ", float alpha = 0.25f, float gamma = 2"),
        "LossGen.Guard.Max");

    [Fact]
    public Task LG1001_keeps_escapes_and_verbatim_literals_byte_for_byte() => Verify.Fix(
        Src.File("""
                [Loss("-mean({|LG1001:log(\u0070)|})")]
                public static partial float A([Probabilities] ReadOnlySpan<float> p);
                public static partial float A(ReadOnlySpan<float> p) => 0;
                [Loss(@"-mean({|LG1001:log(p)|}) ")]
                public static partial float B([Probabilities] ReadOnlySpan<float> p);
                public static partial float B(ReadOnlySpan<float> p) => 0;
            """),
        Src.File("""
                [Loss("-mean(log(max(\u0070, 1e-7)))")]
                public static partial float A([Probabilities] ReadOnlySpan<float> p);
                public static partial float A(ReadOnlySpan<float> p) => 0;
                [Loss(@"-mean(log(max(p, 1e-7))) ")]
                public static partial float B([Probabilities] ReadOnlySpan<float> p);
                public static partial float B(ReadOnlySpan<float> p) => 0;
            """),
        "LossGen.Guard.Max");

    // ---- LG1002 / LG1003 ----

    [Fact]
    public Task LG1002_add_epsilon_to_a_name() => Verify.Fix(
        Src.One("mean({|LG1002:y / p|})", Probs),
        Src.One("mean(y / (p + 1e-7))", Probs),
        "LossGen.Epsilon");

    [Fact]
    public Task LG1002_add_epsilon_inside_existing_parentheses() => Verify.Fix(
        Src.One("mean({|LG1002:y / (1 - p)|})", Probs),
        Src.One("mean(y / (1 - p + 1e-7))", Probs),
        "LossGen.Epsilon");

    [Fact]
    public Task LG1003_add_epsilon_under_sqrt() => Verify.Fix(
        Src.One("mean({|LG1003:sqrt(sum((a - p)^2, dim: 1))|})", "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> p"),
        Src.One("mean(sqrt(sum((a - p)^2, dim: 1) + 1e-7))", "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> p"),
        "LossGen.Epsilon");

    [Fact]
    public Task LG1003_fractional_power() => Verify.Fix(
        Src.One("mean({|LG1003:p^0.5|} * y)", Probs),
        Src.One("mean((p + 1e-7)^0.5 * y)", Probs),
        "LossGen.Epsilon");

    [Fact]
    public Task LG1003_guard_a_base_that_can_be_negative() => Verify.Fix(
        Src.One("mean({|LG1003:(yhat - y)^1.5|})", "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat"),
        Src.One("mean((max(yhat - y, 1e-7))^1.5)", "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat"),
        "LossGen.Guard.Max");

    [Fact]
    public Task LG2004_read_per_column() => Verify.Fix(
        Src.One("mean(max(y - {|LG2004:tau|} * yhat, (tau - 1) * yhat))", "ReadOnlyTensorSpan<float> yhat, [Target] ReadOnlyTensorSpan<float> y, ReadOnlySpan<float> tau"),
        Src.One("mean(max(y - per_column(tau) * yhat, (per_column(tau) - 1) * yhat))", "ReadOnlyTensorSpan<float> yhat, [Target] ReadOnlyTensorSpan<float> y, ReadOnlySpan<float> tau"),
        "LossGen.PerColumn");

    // ---- LG1004 / LG1005 ----

    [Fact]
    public Task LG2002_drop_the_inner_softmax() => Verify.Fix(
        Src.One("p = {|LG2002:softmax(z, dim: 1)|}; mean(logsumexp(p, dim: 1) - pick(p, t))", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"),
        Src.One("p = z; mean(logsumexp(p, dim: 1) - pick(p, t))", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"),
        "LossGen.DropActivation");

    [Fact]
    public Task LG1005_focal_on_logits_rewrite() => Verify.Fix(
        Src.One("p = sigmoid(z); pt = where(y == 1, p, 1 - p); -mean((1 - pt)^2 * {|LG1005:log(pt)|})", "[Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z"),
        Src.One("p = sigmoid(z); pt = where(y == 1, p, 1 - p); -mean((1 - pt)^2 * log_sigmoid(where(y == 1, z, -z)))", "[Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z"),
        "LossGen.StableBuiltin");

    [Fact]
    public Task LG1004_log_cosh_rewrite() => Verify.Fix(
        Src.One("mean(log({|LG1004:cosh(yhat - y)|}))", "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat"),
        Src.One("mean(abs(yhat - y) + softplus(-2 * abs(yhat - y)) - log(2))", "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat"),
        "LossGen.LogCosh");

    [Theory]
    [InlineData("mean({|LG1005:log(sigmoid(z))|})", "mean(log_sigmoid(z))")]
    [InlineData("mean({|LG1005:log(1 - sigmoid(z))|})", "mean(log_sigmoid(-z))")]
    [InlineData("mean({|LG1005:log(1 - sigmoid(2 * z - y))|})", "mean(log_sigmoid(-(2 * z - y)))")]
    [InlineData("mean({|LG1005:log1p(-sigmoid(-z))|})", "mean(log_sigmoid(z))")]
    [InlineData("s = sigmoid(z); mean({|LG1005:log(s)|})", "s = sigmoid(z); mean(log_sigmoid(z))")]
    public Task LG1005_sigmoid_rewrites(string source, string fixedFormula) => Verify.Fix(
        Src.One(source, Logit), Src.One(fixedFormula, Logit), "LossGen.StableBuiltin");

    [Fact]
    public Task LG1005_fix_all_in_binary_cross_entropy_on_sigmoid() => Verify.Fix(
        Src.One("-mean(y * {|LG1005:log(sigmoid(z))|} + (1 - y) * {|LG1005:log(1 - sigmoid(z))|})", Logit),
        Src.One("-mean(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))", Logit),
        "LossGen.StableBuiltin");

    [Theory]
    [InlineData("mean({|LG1005:log(1 + {|LG1004:exp(z)|})|} - y * z)", "mean(softplus(z) - y * z)")]
    [InlineData("mean({|LG1005:log1p({|LG1004:exp(z)|})|} - y * z)", "mean(softplus(z) - y * z)")]
    [InlineData("mean((y - {|LG1005:1 / (1 + {|LG1004:exp(-z)|})|})^2)", "mean((y - sigmoid(z))^2)")]
    public Task LG1005_rewrites_that_also_remove_the_overflow(string source, string fixedFormula) => Verify.Fix(
        Src.One(source, Logit), Src.One(fixedFormula, Logit), "LossGen.StableBuiltin", iterations: 1);

    [Theory]
    [InlineData("-mean(pick({|LG1005:log(softmax(z, dim: 1))|}, t))", "-mean(pick(log_softmax(z, dim: 1), t))", null)]
    [InlineData("mean({|LG1005:log(sum({|LG1004:exp(z)|}, dim: 1))|} - pick(z, t))", "mean(logsumexp(z, dim: 1) - pick(z, t))", 1)]
    public Task LG1005_row_rewrites(string source, string fixedFormula, int? iterations) => Verify.Fix(
        Src.One(source, "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"),
        Src.One(fixedFormula, "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"),
        "LossGen.StableBuiltin", iterations: iterations);

    [Fact]
    public Task LG1004_offers_the_rewrite_of_its_pattern() => Verify.Fix(
        Src.One("mean(log(1 + {|LG1004:exp(z)|}) - y * z)", Logit).Replace("log(1 + {|LG1004:exp(z)|})", "{|LG1005:log(1 + {|LG1004:exp(z)|})|}"),
        Src.One("mean(softplus(z) - y * z)", Logit),
        "LossGen.StableBuiltin", iterations: 1);

    // ---- LG2001 / LG2002 ----

    [Fact]
    public Task LG2001_change_the_role_to_probabilities() => Verify.Fix(
        Src.One("-mean(y * {|LG2001:log(z)|} + (1 - y) * {|LG2001:log(1 - z)|})", Logit),
        Src.One("-mean(y * {|LG1001:log(z)|} + (1 - y) * {|LG1001:log(1 - z)|})", Logit.Replace("[Logits]", "[Probabilities]")),
        "LossGen.Role", iterations: 1);

    [Fact]
    public Task LG2001_rewrite_as_binary_cross_entropy_with_logits() => Verify.Fix(
        Src.One("-mean(y * {|LG2001:log(z)|} + (1 - y) * {|LG2001:log(1 - z)|})", Logit),
        Src.One("mean(softplus(z) - y * z)", Logit),
        "LossGen.RoleRewrite", iterations: 1);

    [Fact]
    public Task LG2001_rewrite_categorical_cross_entropy() => Verify.Fix(
        Src.One("-mean(sum(y * {|LG2001:log(z)|}, dim: 1))", "[Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z"),
        Src.One("-mean(sum(y * log_softmax(z, dim: 1), dim: 1))", "[Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z"),
        "LossGen.RoleRewrite");

    [Fact]
    public Task LG2001_rewrite_negative_log_likelihood() => Verify.Fix(
        Src.One("-mean({|LG2001:log(pick(z, t))|})", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"),
        Src.One("mean(logsumexp(z, dim: 1) - pick(z, t))", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"),
        "LossGen.RoleRewrite");

    [Fact]
    public Task LG2002_change_the_role_to_logits() => Verify.Fix(
        Src.One("mean({|LG2002:softplus(p)|} - y * p)", Probs),
        Src.One("mean(softplus(p) - y * p)", Probs.Replace("[Probabilities]", "[Logits]")),
        "LossGen.Role");

    [Fact]
    public Task LG2002_rewrite_as_binary_cross_entropy_on_probabilities() => Verify.Fix(
        Src.One("mean({|LG2002:softplus(p)|} - y * p)", Probs),
        Src.One("-mean(y * log(clamp(p, 1e-7, 1 - 1e-7)) + (1 - y) * log(1 - clamp(p, 1e-7, 1 - 1e-7)))", Probs),
        "LossGen.RoleRewrite");

    [Fact]
    public Task LG2002_rewrite_sparse_cross_entropy_on_probabilities() => Verify.Fix(
        Src.One("mean({|LG2002:logsumexp(p, dim: 1)|} - pick(p, t))", "[Probabilities] ReadOnlyTensorSpan<float> p, ReadOnlySpan<int> t"),
        Src.One("-mean(log(clamp(pick(p, t), 1e-7, 1)))", "[Probabilities] ReadOnlyTensorSpan<float> p, ReadOnlySpan<int> t"),
        "LossGen.RoleRewrite");

    [Fact]
    public Task LG2001_role_fix_keeps_a_qualified_attribute_name() => Verify.Fix(
        Src.File("""
                [Loss("-mean({|LG2001:log(z)|})")]
                public static partial float L([LossGen.LogitsAttribute] ReadOnlySpan<float> z);
                public static partial float L(ReadOnlySpan<float> z) => 0;
            """),
        Src.File("""
                [Loss("-mean({|LG1001:log(z)|})")]
                public static partial float L([LossGen.ProbabilitiesAttribute] ReadOnlySpan<float> z);
                public static partial float L(ReadOnlySpan<float> z) => 0;
            """),
        "LossGen.Role");
}
