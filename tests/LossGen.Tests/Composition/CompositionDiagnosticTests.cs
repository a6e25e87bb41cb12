using LossGen.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace LossGen.Tests.Composition;

/// <summary>
/// A call to another type's [Loss] method that cannot be made is one located error on the call in the formula (the
/// [|...|] markup marks the span), whose message names what exists; the output still compiles.
/// </summary>
public class CompositionDiagnosticTests
{
    private const string Reg = "([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat)";

    // Another user type: a private [Loss] method, one of double only, and an ordinary method.
    private const string Library = """
        namespace Lib
        {
            public static partial class Other
            {
                [Loss("mean(yhat - y)")]
                private static partial double Hidden([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

                [Loss("mean((yhat - y)^2)")]
                public static partial double DoubleOnly([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

                public static double NotALoss(double x) => x;
            }
        }
        """;

    [Theory]
    // Unknown type: with the closest type in scope, or with how to bring one into scope.
    [InlineData("LG0002", "[|RegresionLosses.Huber|](y, yhat)", "did you mean 'RegressionLosses'?")]
    [InlineData("LG0002", "[|Nowhere.Huber|](y, yhat)", "add a using directive")]
    [InlineData("LG0002", "[|LossGen.Regression.Huber|](y, yhat)", "'LossGen' has no type or namespace 'Regression'")]
    [InlineData("LG0002", "[|LossGen.Huber|](y, yhat)", "'LossGen' is a namespace")]
    // A type without that [Loss] method: its [Loss] methods are listed.
    [InlineData("LG0002", "[|RegressionLosses.Hubber|](y, yhat)", "its [Loss] methods are ")]
    [InlineData("LG0002", "[|Lib.Other.NotALoss|](y)", "'Other' has no [Loss] method 'NotALoss'; its [Loss] methods are DoubleOnly")]
    // Inaccessible, and no overload of the caller's precision.
    [InlineData("LG0002", "[|Lib.Other.Hidden|](y, yhat)", "'Lib.Other.Hidden' is private, so 'C' cannot call it")]
    // Wrong argument count: too many (on the extra argument), too few (on the call).
    [InlineData("LG0003", "RegressionLosses.Huber(y, yhat, 0.5, [|y|])", "'RegressionLosses.Huber' takes 3 arguments (y, yhat, delta = 1), but this call passes more")]
    [InlineData("LG0003", "[|RegressionLosses.Huber(y)|]", "is missing the argument 'yhat'")]
    // Unknown named argument: the callee's parameters are listed.
    [InlineData("LG0002", "RegressionLosses.Huber(y, yhat, [|beta|]: 0.5)", "'RegressionLosses.Huber' has no parameter named 'beta'; its parameters are (y, yhat, delta = 1)")]
    // A tensor where the callee takes a scalar.
    [InlineData("LG0003", "RegressionLosses.Huber(y, yhat, delta: [|yhat|])", "'delta' of 'RegressionLosses.Huber' expects a scalar, but the argument has rank 1")]
    // The same argument twice.
    [InlineData("LG0003", "RegressionLosses.Huber(y, yhat, 0.5, [|delta|]: 1)", "passes 'delta' twice")]
    // A dotted name is only a call.
    [InlineData("LG0001", "mean(y) * [|RegressionLosses.Huber|]", "call it with arguments")]
    public void Call_that_cannot_be_made_is_one_located_error(string id, string formula, string message)
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings +
            "public static partial class C\n{\n    [Loss(\"" + formula + "\")] public static partial double A" + Reg + ";\n}\n" + Library);
        var (result, outputErrors) = GeneratorHarness.Run(source);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal(expected.Span, d.Location.SourceSpan);
        Assert.Contains(message, d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(outputErrors);
    }

    [Fact]
    public void Float_caller_of_a_double_only_loss_is_told_the_precision()
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings +
            "public static partial class C\n{\n    [Loss(\"[|Lib.Other.DoubleOnly|](y, yhat)\")] public static partial float A([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);\n}\n" + Library);
        var (result, outputErrors) = GeneratorHarness.Run(source);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal("LG0002", d.Id);
        Assert.Equal(expected.Span, d.Location.SourceSpan);
        Assert.Contains("no [Loss] overload whose parameters fit this method's precision (float)", d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(outputErrors);
    }

    [Fact]
    public void Cycle_across_types_is_located_on_the_call_that_closes_it_in_each_declaration()
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings + """
            namespace N
            {
                public static partial class A
                {
                    [Loss("[|B.G(y, yhat)|] + mean(yhat)")]
                    public static partial double F([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
                }
            }
            namespace N
            {
                public static partial class B
                {
                    [Loss("2 * A.F(y, yhat)")]
                    public static partial double G([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
                }
            }
            """);
        var (result, outputErrors) = GeneratorHarness.Run(source);
        Assert.Equal(2, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d => Assert.Equal("LG0003", d.Id));
        Diagnostic inA = Assert.Single(result.Diagnostics, d => d.Location.SourceSpan == expected.Span);
        Assert.Equal("In 'B.G': Recursive composition: F -> B.G -> A.F; a loss cannot call itself", inA.GetMessage());
        Assert.Contains(result.Diagnostics, d => d.GetMessage().Contains("G -> A.F -> B.G", StringComparison.Ordinal));
        Assert.Empty(outputErrors);
    }

    [Fact]
    public void Names_resolve_as_in_CSharp_from_the_declaration()
    {
        // A using alias, a using directive, a nested type, and a type in an enclosing namespace.
        var (result, outputErrors) = GeneratorHarness.Run(GeneratorHarness.Usings + """
            using R = LossGen.RegressionLosses;
            using Lib.Inner;
            namespace Lib.Inner
            {
                public static partial class Shared
                {
                    [Loss("mean(abs(yhat - y))")]
                    public static partial double L1([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
                }
            }
            namespace Outer.Deep
            {
                public static partial class C
                {
                    [Loss("R.Mse(y, yhat) + Shared.L1(y, yhat) + Nested.Half(y, yhat) + Sibling.Two(y, yhat)")]
                    public static partial double A([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

                    public static partial class Nested
                    {
                        [Loss("0.5 * mean(yhat - y)")]
                        public static partial double Half([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
                    }
                }
            }
            namespace Outer
            {
                public static partial class Sibling
                {
                    [Loss("2 * mean(yhat - y)")]
                    public static partial double Two([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
                }
            }
            """);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(outputErrors);
    }
}
