using LossGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossGen.Tests.Generator;

/// <summary>
/// LG0001–LG0004: each malformed declaration gives one located error (the [|...|] markup marks the expected span,
/// inside the formula string for formula errors) and no generated code, so the output never fails to compile.
/// </summary>
public class DiagnosticTests
{
    [Theory]
    // LG0001: syntax
    [InlineData("LG0001", "[Loss(\"mean((yhat - y)^2)[|)|]\")] public static partial double A([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);")]
    [InlineData("LG0001", "[Loss(\"mean[|((yhat - y)^2|]\")] public static partial double A([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);")]
    [InlineData("LG0001", "[Loss(\"mean(yhat [|$|] y)\")] public static partial double A([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);")]
    [InlineData("LG0001", "[Loss(\"[|   |]\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0001", "[Loss(\"mean(y * [|1e99999|])\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0001", "[Loss(\"mean(y [|\\\\|]\\\")\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0001", "[Loss(\"mean(y)[|\\u0001|]\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0001", "[Loss(\"sum(y, [|axis|]: 1)\")] public static partial double A(ReadOnlySpan<double> y);")]
    // LG0002: unknown names, with the closest suggestion
    [InlineData("LG0002", "[Loss(\"mean(([|yhatt|] - y)^2)\")] public static partial double A([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);")]
    [InlineData("LG0002", "[Loss(\"mean([|sigmod|](y))\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0002", "[Loss(\"[|y|] = 2; mean(y)\")] public static partial double A(ReadOnlySpan<double> y);")]
    // LG0003: shapes and types
    [InlineData("LG0003", "[Loss(\"[|yhat - y|]\")] public static partial double A([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);")]
    [InlineData("LG0003", "[Loss(\"mean([|pick(z, t)|])\")] public static partial double A(ReadOnlySpan<double> z, ReadOnlySpan<int> t);")]
    [InlineData("LG0003", "[Loss(\"mean([|(y < 1)|] * y)\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0003", "[Loss(\"mean([|sum(y, dim: 1)|])\")] public static partial double A(ReadOnlySpan<double> y);")]
    [InlineData("LG0003", "[Loss(\"[|Self|](y)\")] public static partial double Self(ReadOnlySpan<double> y);")]
    public void Malformed_formula_gives_one_located_error(string id, string declaration)
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings + "public static partial class C\n{\n    " + declaration + "\n}\n");
        var (result, outputErrors) = GeneratorHarness.Run(source);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(expected.Span, d.Location.SourceSpan);
        Assert.EndsWith($"docs/diagnostics/{id}.md", d.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        // The method gets a body that throws the LG error, so no other error remains: no CS8795 for a missing
        // implementation, and never an error inside generated code.
        string generated = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains(SourceEmitter.FailureMarker + " " + id + ":", generated, StringComparison.Ordinal);
        Assert.Contains("throw new global::System.InvalidOperationException(", generated, StringComparison.Ordinal);
        Assert.Empty(outputErrors);
    }

    [Fact]
    public void A_failed_formulas_method_throws_its_error_when_called()
    {
        const string declaration = "[Loss(\"mean(sigmod(y))\")] public static partial double A(ReadOnlySpan<double> y, double k = 2);";
        CSharpCompilation compilation = GeneratorHarness.Compilation(
            GeneratorHarness.Usings + "namespace N { public static partial class C { public static partial class D {\n    " + declaration + "\n} } }\n");
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        Diagnostic d = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal("LG0002", d.Id);
        Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));

        using var image = new MemoryStream();
        Assert.True(output.Emit(image).Success);
        System.Reflection.MethodInfo method = System.Reflection.Assembly.Load(image.ToArray()).GetType("N.C+D")!.GetMethod("A")!;
        var a = method.CreateDelegate<Func<ReadOnlySpan<double>, double, double>>();
        var thrown = Assert.Throws<InvalidOperationException>(() => a([1.0], 2.0));
        Assert.Equal("[A] LG0002: " + d.GetMessage(), thrown.Message);
    }

    [Fact]
    public void Unknown_name_suggests_the_closest_parameter()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            "public static partial class C { [Loss(\"mean((yhatt - y)^2)\")] public static partial double A([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat); }");
        Assert.Contains("did you mean 'yhat'?", Assert.Single(result.Diagnostics).GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Loss(\"mean(y)\")] public partial double [|A|](ReadOnlySpan<double> y);", "must be static")]
    [InlineData("[Loss(\"mean(y)\")] public static int [|A|](ReadOnlySpan<double> y);", "partial")]
    [InlineData("[Loss(\"mean(y)\")] public static partial [|int|] A(ReadOnlySpan<double> y);", "float or double")]
    [InlineData("[Loss(\"mean(y)\")] public static partial double A(ReadOnlySpan<float> [|y|]);", "cannot take")]
    [InlineData("[Loss(\"mean(y)\")] public static partial double A(ref double [|y|]);", "'ref' or 'out'")]
    [InlineData("[Loss(\"mean(y)\")] public static partial double A([Target][Logits] ReadOnlySpan<double> [|y|]);", "more than one role")]
    [InlineData("[Loss(\"mean(y)\")] public static partial double A(ReadOnlySpan<double> y, [Logits] double [|k|]);", "scalar hyperparameter")]
    public void Invalid_declaration_gives_LG0004(string declaration, string message)
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings + "public partial class C\n{\n    " + declaration + "\n}\n");
        var (result, _) = GeneratorHarness.Run(source);
        Diagnostic d = Assert.Single(result.Diagnostics, x => x.Id == "LG0004" && x.GetMessage().Contains(message, StringComparison.Ordinal));
        Assert.Equal(expected.Span, d.Location.SourceSpan);
        Assert.Contains(message, d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedTrees);
    }

    [Theory]
    [InlineData("public static double MseWithGradient(ReadOnlySpan<double> y, ReadOnlySpan<double> yhat) => 0;", "MseWithGradient")]
    [InlineData("public static int MsePerSample;", "MsePerSample")]
    public void User_member_with_a_generated_name_gives_LG0004(string member, string name)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            "public static partial class C { [Loss(\"mean((yhat - y)^2)\")] public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat); " + member + " }");
        Assert.Contains(result.Diagnostics, d => d.Id == "LG0004" && d.GetMessage().Contains($"already declares '{name}'", StringComparison.Ordinal));
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void User_overload_with_another_arity_does_not_clash()
    {
        var (result, errors) = GeneratorHarness.Run(GeneratorHarness.Usings +
            "public static partial class C { [Loss(\"mean((yhat - y)^2)\")] public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat); public static double MseWithGradient(double[] all) => 0; }");
        Assert.Empty(result.Diagnostics);
        Assert.Empty(errors);
    }

    [Fact]
    public void Non_partial_containing_type_gives_LG0004()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            "public static class C { [Loss(\"mean(y)\")] public static partial double A(ReadOnlySpan<double> y); }");
        Assert.Contains(result.Diagnostics, d => d.Id == "LG0004" && d.GetMessage().Contains("'C' must be declared 'partial'", StringComparison.Ordinal));
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Errors_in_escaped_and_verbatim_strings_are_located_exactly()
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings +
            "public static partial class C { [Loss(@\"mean(\"\"\"\" + [|yhatt|])\")] public static partial double A(ReadOnlySpan<double> yhat); }");
        var (result, _) = GeneratorHarness.Run(source);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal("LG0001", d.Id);
        Assert.NotEqual(expected.Span, default);
    }

    [Fact]
    public void Keyword_and_colliding_parameter_names_generate_valid_code()
    {
        var (result, errors) = GeneratorHarness.Run(GeneratorHarness.Usings + """
            namespace N.M;
            public partial record struct Outer<TKey>
            {
                public static partial class Inner
                {
                    [Loss("mean((var - class)^2) * dim + _t0 + sum(dy) + value")]
                    internal static partial float A([Target] ReadOnlySpan<float> @class, scoped ReadOnlySpan<float> @var, ReadOnlySpan<float> dy, float dim, float value, float _t0 = 1);
                }
            }
            """);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(errors);
    }
}

/// <summary>Strips one [|...|] marker from a source and returns the span it marked.</summary>
internal readonly record struct TextSpanMarkup(Microsoft.CodeAnalysis.Text.TextSpan Span)
{
    public static (string Source, TextSpanMarkup Markup) Parse(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal);
        string source = marked.Remove(end, 2).Remove(start, 2);
        return (source, new TextSpanMarkup(new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start - 2)));
    }
}
