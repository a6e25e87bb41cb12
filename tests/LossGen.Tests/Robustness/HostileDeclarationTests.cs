using System.Diagnostics;
using LossGen.Tests.Generator;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace LossGen.Tests.Robustness;

/// <summary>Declarations and formulas a user can type that must either work or give one clear LG diagnostic.</summary>
public class HostileDeclarationTests(ITestOutputHelper output)
{
    [Fact]
    public void Overloads_for_float_and_double_both_generate()
    {
        var (result, errors) = GeneratorHarness.Run(GeneratorHarness.Usings + """
            public static partial class L
            {
                [Loss("mean((yhat - y)^2)")] public static partial float Mse([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);
                [Loss("mean((yhat - y)^2)")] public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
            }
            """);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(errors);
        Assert.Equal(2, result.GeneratedTrees.Length);
    }

    [Fact]
    public void Partial_parts_in_two_files_compose()
    {
        var (result, errors) = GeneratorHarness.Run(
            GeneratorHarness.Usings + "namespace N { public static partial class L { [Loss(\"mean((yhat - y)^2)\")] public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat); } }",
            GeneratorHarness.Usings + "namespace N { public static partial class L { [Loss(\"2 * Mse(y, yhat)\")] public static partial double Twice([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat); } }");
        Assert.Empty(result.Diagnostics);
        Assert.Empty(errors);
    }

    [Fact]
    public void Mutual_recursion_is_reported_not_looped()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings + """
            public static partial class L
            {
                [Loss("B(y)")] public static partial double A(ReadOnlySpan<double> y);
                [Loss("A(y)")] public static partial double B(ReadOnlySpan<double> y);
            }
            """);
        Assert.Equal(2, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d => Assert.Contains("Recursive composition", d.GetMessage(), StringComparison.Ordinal));
    }

    [Fact]
    public void Unused_binding_is_fine()
    {
        var (result, errors) = GeneratorHarness.Run(GeneratorHarness.Usings +
            "public static partial class L { [Loss(\"unused = exp(y); mean(y)\")] public static partial double A(ReadOnlySpan<double> y); }");
        Assert.Empty(result.Diagnostics);
        Assert.Empty(errors);
    }

    [Fact]
    public void Global_namespace_struct_and_generic_containers_work()
    {
        var (result, errors) = GeneratorHarness.Run(GeneratorHarness.Usings + """
            public partial struct S { [Loss("mean(y)")] public static partial double A(ReadOnlySpan<double> y); }
            public partial class G<T> where T : class { private static partial class Inner { [Loss("sum(y)")] private static partial float B(in ReadOnlySpan<float> y); } }
            """);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_formula_of_100000_terms_compiles_in_near_linear_time()
    {
        double PerTerm(int terms)
        {
            string formula = string.Join(" + ", Enumerable.Range(0, terms).Select(i => $"{i % 13 + 1} * sum(y * {i % 7 + 1})"));
            string source = GeneratorHarness.Usings + $"public static partial class L {{ [Loss(\"{formula}\")] public static partial double A(ReadOnlySpan<double> y); }}";
            var compilation = GeneratorHarness.Compilation(source);
            var stopwatch = Stopwatch.StartNew();
            GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
            stopwatch.Stop();
            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            Assert.Null(run.Exception);
            Assert.Empty(run.Diagnostics);
            output.WriteLine($"{terms} terms: {stopwatch.Elapsed.TotalMilliseconds:F0} ms in the generator");
            return stopwatch.Elapsed.TotalMilliseconds / terms;
        }
        PerTerm(1000); // warm-up
        double small = PerTerm(10_000);
        double large = PerTerm(100_000);
        // Like terms collapse, so the work is dominated by parsing and binding: per-term cost must not grow 10x.
        Assert.True(large < small * 10, $"per-term cost grew from {small:F4} ms to {large:F4} ms");
    }
}
