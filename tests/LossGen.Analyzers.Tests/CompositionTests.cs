using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>
/// The analyzers bind a formula that calls [Loss] methods of other types exactly as the generator does (the same
/// LossCallees resolution): role mismatches at a qualified call, findings in a caller that composes, callees in other
/// files resolved in their own file's scope. A call that cannot be resolved is the generator's error, not theirs.
/// </summary>
public class CompositionTests
{
    private const string Probs = "[Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p";
    private const string Logit = "[Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z";
    private const string Reg = "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat";

    private static string Library(params string[] members) => $$"""

        namespace Lib
        {
            using System;
            using LossGen;

            public static partial class Other
            {
            {{string.Join("\n", members)}}
            }
        }
        """;

    [Fact]
    public Task LG2001_logits_passed_to_another_types_loss_that_takes_probabilities() => Verify.Analyzer(
        Src.File(Src.Loss("Lib.Other.Bce(y, {|LG2001:z|})", Logit, name: "Wrong"))
        + Library(Src.Loss("pc = clamp(p, 1e-7, 1 - 1e-7); -mean(y * log(pc) + (1 - y) * log(1 - pc))", Probs, name: "Bce")));

    [Fact]
    public Task LG2002_probabilities_passed_to_another_types_loss_that_takes_logits() => Verify.Analyzer(
        Src.File(Src.Loss("0.5 * Lib.Other.BceLogits(y, {|LG2002:p|}) + 0.5 * mean(p)", Probs, name: "Wrong"))
        + Library(Src.Loss("mean(softplus(z) - y * z)", Logit, name: "BceLogits")));

    [Fact]
    public Task Caller_that_composes_another_type_is_still_checked() => Verify.Analyzer(
        Src.File(Src.Loss("-mean({|LG1001:log(p)|}) + Lib.Other.Sq(y, p)", Probs, name: "Mixed"))
        + Library(Src.Loss("mean((yhat - y)^2)", Reg, name: "Sq")));

    [Fact]
    public Task Unresolvable_qualified_call_is_left_to_the_generator() => Verify.Analyzer(
        Src.File(Src.Loss("-mean(log(p)) + Nowhere.Sq(y, p) + Lib.Other.Missing(y, p)", Probs, name: "Broken"))
        + Library(Src.Loss("mean((yhat - y)^2)", Reg, name: "Sq")));

    [Fact]
    public async Task Callee_in_another_file_resolves_its_own_calls_there()
    {
        // The caller's file knows Mid by a using directive; Mid's file knows Deep by an alias that the caller's file lacks.
        var test = new CSharpAnalyzerTest<LossFormulaAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.None };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.Sources.Add(("Caller.cs", """
            using System;
            using LossGen;
            using Lib;

            public static partial class Losses
            {
                [Loss("Mid.Twice(y, {|LG2002:p|})")]
                public static partial float Wrong([Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p);
                public static partial float Wrong(ReadOnlySpan<float> y, ReadOnlySpan<float> p) => 0;
            }
            """ + Src.Attributes));
        test.TestState.Sources.Add(("Mid.cs", """
            using System;
            using LossGen;
            using D = Lib.Deeper.Deep;

            namespace Lib
            {
                public static partial class Mid
                {
                    [Loss("2 * D.BceLogits(y, z)")]
                    public static partial float Twice([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z);
                    public static partial float Twice(ReadOnlySpan<float> y, ReadOnlySpan<float> z) => 0;
                }
            }

            namespace Lib.Deeper
            {
                public static partial class Deep
                {
                    [Loss("mean(softplus(z) - y * z)")]
                    public static partial float BceLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z);
                    public static partial float BceLogits(ReadOnlySpan<float> y, ReadOnlySpan<float> z) => 0;
                }
            }
            """));
        await test.RunAsync();
    }
}
