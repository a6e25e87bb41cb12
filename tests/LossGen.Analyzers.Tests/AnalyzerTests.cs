using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>Each diagnostic through the Roslyn harness, both ways: markup marks where it must appear, and nothing else may.</summary>
public class AnalyzerTests
{
    private const string Probs = "[Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p";
    private const string Logit = "[Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z";
    private const string Reg = "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat";

    // ---- issue 16: mismatches inside the formula, hand-written softmax, the focal form on logits ----

    [Fact]
    public Task LG2002_softplus_of_a_sigmoid_located_on_the_sigmoid() => Verify.Analyzer(Src.One(
        "p = {|LG2002:sigmoid(z)|}; mean(softplus(p) - y * p)", Logit));

    [Fact]
    public Task LG2002_log_softmax_of_a_softmax() => Verify.Analyzer(Src.One(
        "-mean(pick(log_softmax({|LG2002:softmax(z, dim: 1)|}, dim: 1), t))", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"));

    [Fact]
    public Task LG2002_logsumexp_minus_pick_of_a_softmax() => Verify.Analyzer(Src.One(
        "p = {|LG2002:softmax(z, dim: 1)|}; mean(logsumexp(p, dim: 1) - pick(p, t))", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"));

    [Fact]
    public Task LG2002_softmax_of_a_softmax() => Verify.Analyzer(Src.One(
        "mean(sum(y * softmax({|LG2002:softmax(z, dim: 1)|}, dim: 1), dim: 1))", "[Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z"));

    [Theory]
    [InlineData("mean(softplus(z) - y * z)")]
    [InlineData("p = sigmoid(z); -mean(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z)) + 0 * mean(p)")]
    public Task LG2002_not_for_the_logits_form(string formula) => Verify.Analyzer(Src.One(formula, Logit));

    [Theory]
    [InlineData("-mean(pick(log_softmax(z, dim: 1), t))")]
    [InlineData("mean(logsumexp(z, dim: 1) - pick(z, t))")]
    [InlineData("-mean(pick(log(clamp(softmax(z, dim: 1), 1e-7, 1)), t))")]
    public Task LG2002_not_for_cross_entropy_on_logits(string formula) => Verify.Analyzer(Src.One(formula, "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"));

    [Fact]
    public Task LG2001_log_of_a_log_probability_located_on_it() => Verify.Analyzer(Src.One(
        "-mean(pick(log({|LG2001:log_softmax(z, dim: 1)|}), t))", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"));

    [Fact]
    public Task LG1005_hand_written_log_softmax() => Verify.Analyzer(Src.One(
        "-mean(sum(y * {|LG1005:log({|LG1004:exp(z)|} / sum(exp(z), dim: 1))|}, dim: 1))", "[Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z"));

    [Fact]
    public Task LG1005_hand_written_softmax() => Verify.Analyzer(Src.One(
        "s = {|LG1005:{|LG1004:exp(z)|} / sum(exp(z), dim: 1)|}; mean(sum(y * s, dim: 1))", "[Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z"));

    [Fact]
    public Task LG1005_focal_on_logits() => Verify.Analyzer(Src.One(
        "p = sigmoid(z); pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * {|LG1005:log(pt)|})",
        Logit + ", float alpha = 0.25f, float gamma = 2"));

    [Fact]
    public Task LG1005_not_for_the_focal_rewrite() => Verify.Analyzer(Src.One(
        "p = sigmoid(z); pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log_sigmoid(where(y == 1, z, -z)))",
        Logit + ", float alpha = 0.25f, float gamma = 2"));

    // ---- LG2004: a rank-1 parameter meeting a matrix ----

    [Fact]
    public Task LG2004_per_class_quantiles_without_per_column() => Verify.Analyzer(Src.One(
        "mean(max(y - {|LG2004:tau|} * yhat, (tau - 1) * yhat))", "ReadOnlyTensorSpan<float> yhat, [Target] ReadOnlyTensorSpan<float> y, ReadOnlySpan<float> tau"));

    [Theory]
    [InlineData("mean(max(y - per_column(tau) * yhat, (per_column(tau) - 1) * yhat))")]
    [InlineData("mean(max(y - tau * yhat, (tau - 1) * yhat)) + mean(tau)")]
    public Task LG2004_not_when_the_reading_is_declared_or_fixed(string formula) => Verify.Analyzer(Src.One(
        formula, "ReadOnlyTensorSpan<float> yhat, [Target] ReadOnlyTensorSpan<float> y, ReadOnlySpan<float> tau"));

    // ---- LG1001 ----

    [Fact]
    public Task LG1001_log_of_probabilities() => Verify.Analyzer(Src.One("-mean({|LG1001:log(p)|})", "[Probabilities] ReadOnlySpan<float> p"));

    [Fact]
    public Task LG1001_binary_cross_entropy_on_probabilities() => Verify.Analyzer(Src.One(
        "-mean(y * {|LG1001:log(p)|} + (1 - y) * {|LG1001:log(1 - p)|})", Probs));

    [Fact]
    public Task LG1001_log_of_an_unbounded_input() => Verify.Analyzer(Src.One(
        "mean(rate - count * {|LG1001:log(rate)|})", "[Target] ReadOnlySpan<float> count, ReadOnlySpan<float> rate"));

    [Fact]
    public Task LG1001_log1p_of_minus_a_probability() => Verify.Analyzer(Src.One("-mean({|LG1001:log1p(-p)|})", "[Probabilities] ReadOnlySpan<float> p"));

    [Fact]
    public Task LG1001_through_a_binding_in_focal_loss() => Verify.Analyzer(Src.One(
        "pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * {|LG1001:log(pt)|})",
        "[Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p, float alpha = 0.25f, float gamma = 2"));

    [Fact]
    public Task LG1001_an_epsilon_that_rounds_away_in_float() => Verify.Analyzer(Src.One(
        "pc = clamp(p, 1e-12, 1 - 1e-12); -mean(y * log(pc) + (1 - y) * {|LG1001:log(1 - pc)|})", Probs));

    [Fact]
    public Task LG1001_the_same_epsilon_is_enough_in_double() => Verify.Analyzer(Src.One(
        "pc = clamp(p, 1e-12, 1 - 1e-12); -mean(y * log(pc) + (1 - y) * log(1 - pc))",
        "[Target] ReadOnlySpan<double> y, [Probabilities] ReadOnlySpan<double> p", "double"));

    [Theory]
    [InlineData("-mean(log(clamp(p, 1e-7, 1 - 1e-7)))")]
    [InlineData("-mean(log(max(p, 1e-7)))")]
    [InlineData("-mean(log(p + 1e-7))")]
    [InlineData("-mean(where(p > 0, log(p), 0))")]
    [InlineData("-mean(log(1 + p^2))")]
    [InlineData("-mean(log1p(-p * 0.5))")]
    public Task LG1001_not_for_guarded_logs(string formula) => Verify.Analyzer(Src.One(formula, "[Probabilities] ReadOnlySpan<float> p"));

    // PyTorch's BCELoss floor: max(log(p), -100) is -100 at p = 0, and the floor's gradient selects 0 there.
    [Theory]
    [InlineData("-mean(y * max(log(p), -100) + (1 - y) * max(log1p(-p), -100))")]
    [InlineData("-mean(y * max(-100, log(p)))")]
    [InlineData("-mean(y * clamp(log(p), -100, 0))")]
    public Task LG1001_not_for_a_log_floored_by_a_constant(string formula) => Verify.Analyzer(Src.One(formula, Probs));

    // The two log(p) are one node of the graph, reported once, at its first occurrence.
    [Fact]
    public Task LG1001_a_floor_on_one_use_does_not_guard_another() => Verify.Analyzer(Src.One(
        "-mean(y * max({|LG1001:log(p)|}, -100) + log(p))", Probs));

    [Fact]
    public Task LG1001_a_floor_does_not_help_below_zero() => Verify.Analyzer(Src.One(
        "mean(max({|LG1001:log(yhat)|}, -100))", Reg));

    [Fact]
    public Task LG1001_a_floor_that_is_not_a_constant_does_not_guard() => Verify.Analyzer(Src.One(
        "-mean(max({|LG1001:log(p)|}, y))", Probs));

    // ---- LG1002 ----

    [Fact]
    public Task LG1002_division_by_a_probability() => Verify.Analyzer(Src.One("mean({|LG1002:y / p|})", Probs));

    [Fact]
    public Task LG1002_percentage_error_divides_by_the_target() => Verify.Analyzer(Src.One("mean(abs({|LG1002:(y - yhat) / y|}))", Reg));

    [Fact]
    public Task LG1002_negative_power() => Verify.Analyzer(Src.One("mean(y * {|LG1002:p^-1|})", Probs));

    [Theory]
    [InlineData("mean(y / (p + 1e-7))")]
    [InlineData("mean(y / max(p, 1e-7))")]
    [InlineData("mean(y / (1 + p^2))")]
    [InlineData("sum(y * p) / rows(y)")]
    [InlineData("mean(y * p / 2)")]
    public Task LG1002_not_for_safe_divisors(string formula) => Verify.Analyzer(Src.One(formula, Probs));

    // A masked or weighted mean is 0 when it selects nothing, by definition; a hand-written ratio needs the guard.
    [Theory]
    [InlineData("mean(y * p, where: y > 0)")]
    [InlineData("mean(p, weights: y)")]
    [InlineData("mean(p, weights: y, where: p < 0.5)")]
    [InlineData("s = sum(y); where(s != 0, sum(y * p) / s, 0)")]
    [InlineData("s = sum(y); where(s == 0, 0, sum(y * p) / s)")]
    public Task LG1002_not_for_masked_means_and_guarded_ratios(string formula) => Verify.Analyzer(Src.One(formula, Probs));

    [Fact]
    public Task LG1002_an_unguarded_ratio_of_sums() => Verify.Analyzer(Src.One("{|LG1002:sum(y * p) / sum(y)|}", Probs));

    [Fact]
    public Task LG1002_a_guard_on_another_value_does_not_help() => Verify.Analyzer(Src.One(
        "s = sum(y); where(s != 0, {|LG1002:sum(y * p) / sum(p)|}, 0)", Probs));

    // Soft Dice: smooth (default 1) keeps the divisor away from 0 unless the unbounded target cancels it exactly.
    [Fact]
    public Task LG1002_not_for_a_smoothed_dice_denominator() => Verify.Analyzer(Src.One(
        "mean(1 - (2 * sum(y * p, dim: 1) + smooth) / (sum(y, dim: 1) + sum(p, dim: 1) + smooth))",
        "[Target] ReadOnlyTensorSpan<float> y, [Probabilities] ReadOnlyTensorSpan<float> p, float smooth = 1"));

    [Fact]
    public Task LG1002_a_dice_denominator_with_zero_smoothing() => Verify.Analyzer(Src.One(
        "mean(1 - {|LG1002:(2 * sum(y * p, dim: 1) + smooth) / (sum(y, dim: 1) + sum(p, dim: 1) + smooth)|})",
        "[Target] ReadOnlyTensorSpan<float> y, [Probabilities] ReadOnlyTensorSpan<float> p, float smooth = 0"));

    // ---- LG1003 ----

    [Fact]
    public Task LG1003_sqrt_of_one_minus_probability() => Verify.Analyzer(Src.One("mean({|LG1003:sqrt(1 - p)|})", "[Probabilities] ReadOnlySpan<float> p"));

    [Fact]
    public Task LG1003_hand_written_distance() => Verify.Analyzer(Src.One(
        "mean({|LG1003:sqrt(sum((a - p)^2, dim: 1))|})", "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> p"));

    [Fact]
    public Task LG1003_fractional_power_of_a_value_that_can_be_negative() => Verify.Analyzer(Src.One("mean({|LG1003:(yhat - y)^1.5|})", Reg));

    [Theory]
    [InlineData("mean(sqrt(sum((a - p)^2, dim: 1) + 1e-12))")]
    [InlineData("mean(norm(a - p, dim: 1))")]
    [InlineData("mean(norm(a - p + 1e-6, dim: 1))")]
    [InlineData("mean(sum(abs(a - p)^1.5, dim: 1))")]
    public Task LG1003_not_for_guarded_roots_or_norms(string formula) => Verify.Analyzer(Src.One(formula, "ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> p"));

    [Fact]
    public Task LG1003_not_for_a_root_that_gets_no_gradient() => Verify.Analyzer(Src.One("mean(sqrt(abs(y)) * (yhat - y)^2)", Reg));

    // acos' = −1/√(1 − x²) is infinite at ±1, an entry of the operation table's singular points.
    [Fact]
    public Task LG1003_acos_of_an_unbounded_difference() => Verify.Analyzer(Src.One("mean({|LG1003:acos(yhat - y)|})", Reg));

    [Theory]
    [InlineData("mean(acos(clamp(yhat - y, -0.999, 0.999)))")]
    [InlineData("mean(acos(0.5 * tanh(yhat)) + (yhat - y)^2)")]
    [InlineData("mean(acos(detach(tanh(yhat))) * (yhat - y)^2)")]
    public Task LG1003_not_for_acos_strictly_inside_its_domain_or_without_gradient(string formula) => Verify.Analyzer(Src.One(formula, Reg));

    // ---- LG1004 ----

    [Fact]
    public Task LG1004_exp_of_a_difference() => Verify.Analyzer(Src.One("mean({|LG1004:exp(yhat - y)|})", Reg));

    [Fact]
    public Task LG1004_log_cosh() => Verify.Analyzer(Src.One("mean(log({|LG1004:cosh(yhat - y)|}))", Reg));

    [Fact]
    public Task LG1004_hand_written_sigmoid() => Verify.Analyzer(Src.One(
        "mean((y - {|LG1005:1 / (1 + {|LG1004:exp(-z)|})|})^2)", Logit));

    [Theory]
    [InlineData("mean(exp(logRate) - y * logRate)")]
    [InlineData("mean(0.5 * (logRate + (y - 1)^2 * exp(-logRate)))")]
    [InlineData("mean(exp(-abs(logRate - y)))")]
    [InlineData("mean(exp(clamp(logRate - y, -10, 10)))")]
    public Task LG1004_not_for_log_scale_parameters_or_bounded_arguments(string formula) => Verify.Analyzer(Src.One(
        formula, "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> logRate"));

    // ---- LG1005 ----

    [Theory]
    [InlineData("mean({|LG1005:log(sigmoid(z))|})")]
    [InlineData("mean({|LG1005:log(1 - sigmoid(z))|})")]
    [InlineData("mean({|LG1005:log1p(-sigmoid(z))|})")]
    public Task LG1005_sigmoid_patterns(string formula) => Verify.Analyzer(Src.One(formula, "[Logits] ReadOnlySpan<float> z"));

    [Theory]
    [InlineData("mean({|LG1005:log(1 + {|LG1004:exp(z)|})|})")]
    [InlineData("mean({|LG1005:log1p({|LG1004:exp(z)|})|})")]
    public Task LG1005_softplus_patterns(string formula) => Verify.Analyzer(Src.One(formula, "[Logits] ReadOnlySpan<float> z"));

    [Theory]
    [InlineData("-mean(pick({|LG1005:log(softmax(z, dim: 1))|}, t))")]
    [InlineData("mean({|LG1005:log(sum({|LG1004:exp(z)|}, dim: 1))|} - pick(z, t))")]
    public Task LG1005_row_patterns(string formula) => Verify.Analyzer(Src.One(formula, "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"));

    [Theory]
    [InlineData("mean(log(sigmoid(clamp(z, -20, 20))))")]
    [InlineData("mean(log(1 - sigmoid(clamp(z, -10, 10))))")]
    [InlineData("mean(log(1 + exp(-abs(z))))")]
    public Task LG1005_not_where_the_naive_form_is_safe(string formula) => Verify.Analyzer(Src.One(formula, "[Logits] ReadOnlySpan<float> z"));

    [Fact]
    public Task LG1005_not_for_a_hand_written_stable_logsumexp() => Verify.Analyzer(Src.One(
        "m = max(z, dim: 1); mean(m + log(sum(exp(z - m), dim: 1)) - pick(z, t))", "[Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t"));

    // ---- LG2001 / LG2002 ----

    [Fact]
    public Task LG2001_binary_cross_entropy_on_logits() => Verify.Analyzer(Src.One(
        "-mean(y * {|LG2001:log(z)|} + (1 - y) * {|LG2001:log(1 - z)|})", Logit));

    [Fact]
    public Task LG2001_clamping_does_not_make_logits_probabilities() => Verify.Analyzer(Src.One(
        "-mean(y * {|LG2001:log(clamp(z, 1e-7, 1 - 1e-7))|})", Logit));

    [Fact]
    public Task LG2001_logits_passed_to_a_sibling_that_takes_probabilities() => Verify.Analyzer(Src.File(
        Src.Loss("pc = clamp(p, 1e-7, 1 - 1e-7); -mean(y * log(pc) + (1 - y) * log(1 - pc))", Probs, name: "Bce"),
        Src.Loss("Bce(y, {|LG2001:z|})", Logit, name: "Wrong")));

    [Fact]
    public Task LG2001_not_for_logits_in_a_logits_form() => Verify.Analyzer(Src.One("mean(softplus(z) - y * z) + mean(log_sigmoid(z))", Logit));

    [Fact]
    public Task LG2002_softplus_of_probabilities() => Verify.Analyzer(Src.One("mean({|LG2002:softplus(p)|} - y * p)", Probs));

    [Fact]
    public Task LG2002_logsumexp_of_probabilities() => Verify.Analyzer(Src.One(
        "mean({|LG2002:logsumexp(p, dim: 1)|} - pick(p, t))", "[Probabilities] ReadOnlyTensorSpan<float> p, ReadOnlySpan<int> t"));

    [Fact]
    public Task LG2002_probabilities_passed_to_a_sibling_that_takes_logits() => Verify.Analyzer(Src.File(
        Src.Loss("mean(softplus(z) - y * z)", Logit, name: "BceLogits"),
        Src.Loss("BceLogits(y, {|LG2002:p|})", Probs, name: "Wrong")));

    [Fact]
    public Task LG2002_not_for_sigmoid_of_logits() => Verify.Analyzer(Src.One("mean((sigmoid(z) - y)^2)", Logit));

    // ---- LG3001 ----

    [Fact]
    public Task LG3001_gradient_blocked_by_a_comparison() => Verify.Analyzer(Src.One("mean(where({|LG3001:yhat > y|}, 1, 0))", Reg));

    [Fact]
    public Task LG3001_unused_differentiable_input() => Verify.Analyzer("""
        using System;
        using LossGen;

        public static partial class Losses
        {
            [Loss("mean((yhat - y)^2)")]
            public static partial float L([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, ReadOnlySpan<float> {|LG3001:w|});
            public static partial float L(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, ReadOnlySpan<float> w) => 0;
        }
        """ + Src.Attributes);

    [Fact]
    public Task LG3001_not_for_targets_masks_marked_as_targets_or_piecewise_linear_losses() => Verify.Analyzer(Src.One(
        "mean(where(mask > 0, (yhat - y)^2, 0)) + mean(max(0, 1 - y * yhat)) + mean(abs(yhat - y))",
        "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, [Target] ReadOnlySpan<float> mask"));

    // ---- locations, configuration, suppression ----

    [Fact]
    public Task Locations_decode_escapes() => Verify.Analyzer(Src.File("""
            [Loss("-mean({|LG1001:log(\u0070)|}) + 0 * mean(\t p)")]
            public static partial float L([Probabilities] ReadOnlySpan<float> p);
            public static partial float L(ReadOnlySpan<float> p) => 0;
        """));

    [Fact]
    public Task Locations_in_verbatim_and_raw_literals()
    {
        const string q = "\"";
        return Verify.Analyzer(Src.File(
            "    [Loss(@\"-mean({|LG1001:log(p)|})\")]",
            "    public static partial float A([Probabilities] ReadOnlySpan<float> p);",
            "    public static partial float A(ReadOnlySpan<float> p) => 0;",
            "    [Loss(" + q + q + q + "-mean({|LG1001:log(p)|})" + q + q + q + ")]",
            "    public static partial float B([Probabilities] ReadOnlySpan<float> p);",
            "    public static partial float B(ReadOnlySpan<float> p) => 0;"));
    }

    [Fact]
    public Task A_constant_formula_is_reported_on_the_argument() => Verify.Analyzer(Src.File("""
            private const string F = "-mean(log(p))";
            [Loss({|LG1001:F|})]
            public static partial float L([Probabilities] ReadOnlySpan<float> p);
            public static partial float L(ReadOnlySpan<float> p) => 0;
        """));

    [Fact]
    public Task Pragma_suppresses() => Verify.Analyzer(Src.File("""
        #pragma warning disable LG1001
            [Loss("-mean(log(p))")]
            public static partial float L([Probabilities] ReadOnlySpan<float> p);
        #pragma warning restore LG1001
            public static partial float L(ReadOnlySpan<float> p) => 0;
        """));

    [Theory]
    [InlineData("none", null)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    // "error" is checked by a real build in tests/PackageSmoke/run.sh: this harness reports it as a warning.
    public async Task Editorconfig_sets_the_severity(string severity, DiagnosticSeverity? expected)
    {
        var test = new CSharpAnalyzerTest<LossFormulaAnalyzer, DefaultVerifier>
        {
            TestCode = Src.One("-mean(log(p))", "[Probabilities] ReadOnlySpan<float> p"),
            ReferenceAssemblies = TestReferences.None,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n[*.cs]\ndotnet_diagnostic.LG1001.severity = {severity}\n"));
        if (expected is DiagnosticSeverity s)
            test.ExpectedDiagnostics.Add(new DiagnosticResult(LossGenDiagnostics.UnguardedLog).WithSeverity(s).WithSpan(7, 18, 7, 24)
                .WithArguments("'log(p)': 'p' can be 0 (its range is [0, 1]); the log is -∞ at 0 and NaN below, and the gradient is infinite or NaN there"));
        await test.RunAsync();
    }

    [Fact]
    public Task Formulas_that_do_not_compile_are_left_to_the_generator() => Verify.Analyzer(Src.File(
        Src.Loss("-mean(log(p)", "[Probabilities] ReadOnlySpan<float> p", name: "A"),
        Src.Loss("-mean(lgo(p))", "[Probabilities] ReadOnlySpan<float> p", name: "B")));

    [Fact]
    public Task Every_diagnostic_has_a_help_link()
    {
        foreach (var d in new LossFormulaAnalyzer().SupportedDiagnostics)
            Assert.Equal($"https://github.com/lossgen/lossgen/blob/main/docs/diagnostics/{d.Id}.md", d.HelpLinkUri);
        return Task.CompletedTask;
    }
}

/// <summary>
/// In a real build the generator supplies the implementation part, in a generated file and marked [GeneratedCode];
/// that attribute merges into the method's attributes, and the analyzers must still check the user's declaration.
/// </summary>
public class GeneratedImplementationTests
{
    [Fact]
    public async Task The_declaration_is_analyzed_when_the_implementation_is_generated()
    {
        var test = new CSharpAnalyzerTest<LossFormulaAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.None };
        test.TestState.Sources.Add(("/0/Losses.cs", """
            using System;
            using LossGen;

            public static partial class Losses
            {
                [Loss("-mean({|LG1001:log(p)|})")]
                public static partial float L([Probabilities] ReadOnlySpan<float> p);
            }
            """ + Src.Attributes));
        test.TestState.Sources.Add(("/0/Losses.L.g.cs", """
            // <auto-generated/>
            #nullable enable
            public static partial class Losses
            {
                [global::System.CodeDom.Compiler.GeneratedCode("LossGen", "1.0.0.0")]
                public static partial float L(global::System.ReadOnlySpan<float> p) => 0;
            }
            """));
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
    }
}
