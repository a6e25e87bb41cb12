using LossGen.Generator;
using LossGen.Tests.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossGen.Tests.Composition;

/// <summary>
/// The callee's formula is part of the caller's model: editing a callee in another file regenerates the caller,
/// while an edit elsewhere in the callee's file that leaves its formula alone keeps the caller's output cached.
/// </summary>
public class CompositionIncrementalTests
{
    private const string Caller = GeneratorHarness.Usings + """
        public static partial class Caller
        {
            [Loss("Lib.Sq(y, yhat) + mean(yhat)")]
            public static partial double UsesSq([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

            [Loss("mean(abs(yhat - y))")]
            public static partial double Independent([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
        }
        """;

    private const string Callee = GeneratorHarness.Usings + """
        public static partial class Lib
        {
            [Loss("mean((yhat - y)^2)")]
            public static partial double Sq([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

            public static int Unrelated() => 1;
        }
        """;

    private static (GeneratorRunResult Run, GeneratorDriverRunResult Result) EditCallee(string edited) => EditCallee(edited, out _);

    private static (GeneratorRunResult Run, GeneratorDriverRunResult Result) EditCallee(string edited, out GeneratorDriverRunResult before)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Caller, Callee);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
        before = driver.GetRunResult();
        Assert.Empty(before.Diagnostics);
        SyntaxTree old = compilation.SyntaxTrees.Last();
        CSharpCompilation next = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorDriverRunResult result = driver.RunGenerators(next).GetRunResult();
        return (result.Results.Single(), result);
    }

    private static IncrementalStepRunReason SourceReason(GeneratorRunResult run, string method)
        => run.TrackedSteps[TrackingNames.Sources].SelectMany(s => s.Outputs)
            .Single(o => ((ValueTuple<string, string>)o.Value).Item1.Contains("." + method + ".", StringComparison.Ordinal)).Reason;

    [Fact]
    public void Editing_a_callees_formula_in_another_file_regenerates_the_caller()
    {
        (GeneratorRunResult run, GeneratorDriverRunResult result) = EditCallee(
            Callee.Replace("mean((yhat - y)^2)", "mean(abs(yhat - y)^3)", StringComparison.Ordinal), out GeneratorDriverRunResult before);
        Assert.Equal(IncrementalStepRunReason.Modified, SourceReason(run, "Sq"));
        Assert.Equal(IncrementalStepRunReason.Modified, SourceReason(run, "UsesSq"));
        Assert.True(SourceReason(run, "Independent") is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        // The regenerated caller inlines the new formula: its derived gradient now has |yhat - y|.
        static string UsesSq(GeneratorDriverRunResult r) => r.GeneratedTrees.Single(t => t.FilePath.Contains(".UsesSq.", StringComparison.Ordinal)).ToString();
        Assert.DoesNotContain("abs(", UsesSq(before), StringComparison.Ordinal);
        Assert.Contains("abs(", UsesSq(result), StringComparison.Ordinal);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Editing_the_callees_file_elsewhere_leaves_the_caller_cached()
    {
        (GeneratorRunResult run, _) = EditCallee(Callee.Replace("Unrelated() => 1", "Unrelated() => 2", StringComparison.Ordinal));
        foreach (string method in new[] { "Sq", "UsesSq", "Independent" })
            Assert.True(SourceReason(run, method) is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, method);
        var compiled = run.TrackedSteps[TrackingNames.Compiled].SelectMany(s => s.Outputs).ToList();
        Assert.All(compiled, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }
}
