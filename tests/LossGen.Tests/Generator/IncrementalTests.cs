using LossGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossGen.Tests.Generator;

/// <summary>The named pipeline steps are cached across edits that do not change a declaration.</summary>
public class IncrementalTests
{
    private const string Losses = GeneratorHarness.Usings + """
        public static partial class L
        {
            [Loss("mean((yhat - y)^2)")]
            public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

            [Loss("mean(softplus(z) - y * z)")]
            public static partial double BceLogits([Target] ReadOnlySpan<double> y, [Logits] ReadOnlySpan<double> z);
        }
        """;

    private const string Other = "public static class Unrelated { public static int F() => 1; }";

    [Fact]
    public void Unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Losses, Other);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        SyntaxTree old = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText("public static class Unrelated { public static int F() => 2; }", GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in new[] { TrackingNames.Declarations, TrackingNames.Compiled, TrackingNames.Sources })
        {
            var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
    }

    [Fact]
    public void Editing_one_formula_regenerates_only_that_declaration()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Losses, Other);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        SyntaxTree old = compilation.SyntaxTrees.First();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText(Losses.Replace("mean((yhat - y)^2)", "mean(abs(yhat - y))", StringComparison.Ordinal), GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var sources = run.TrackedSteps[TrackingNames.Sources].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, sources.Count);
        Assert.Single(sources, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(sources, o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        string modified = ((ValueTuple<string, string>)sources.Single(o => o.Reason == IncrementalStepRunReason.Modified).Value).Item1;
        Assert.Contains(".Mse.", modified, StringComparison.Ordinal);
    }

    [Fact]
    public void Typing_a_line_above_a_loss_reruns_only_the_diagnostics_step()
    {
        // One valid loss and one with a formula error, so that the diagnostics step has a location to move.
        string losses = Losses[..Losses.LastIndexOf('}')] + """
                [Loss("mean(yhat - )")]
                public static partial double Broken([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
            }
            """;
        CSharpCompilation compilation = GeneratorHarness.Compilation(losses, Other);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
        Diagnostic before = Assert.Single(driver.GetRunResult().Diagnostics);

        SyntaxTree old = compilation.SyntaxTrees.First();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText("// a line typed above every [Loss] method\n" + losses, GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorDriverRunResult result = driver.RunGenerators(edited).GetRunResult();
        GeneratorRunResult run = result.Results.Single();

        foreach (string step in new[] { TrackingNames.CompileKeys, TrackingNames.Compiled, TrackingNames.Sources })
        {
            var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
        var diagnostics = run.TrackedSteps[TrackingNames.Diagnostics].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(diagnostics, o => o.Reason == IncrementalStepRunReason.Modified);

        // The rerun diagnostics step moved the error down by the typed line.
        Diagnostic after = Assert.Single(result.Diagnostics);
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 1, after.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(before.Location.SourceSpan.Length, after.Location.SourceSpan.Length);
    }
}
