using LossGen.Generator;
using Microsoft.CodeAnalysis;

namespace LossGen.Tests.Generator;

/// <summary>
/// LG0006: an exception inside LossGen that is not a formula error is reported as LossGen's bug, located on the
/// formula, naming the formula and the exception; never a crash of the generator, never LG0003, never source.
/// </summary>
public class InternalErrorTests
{
    [Theory]
    [InlineData(typeof(NullReferenceException))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(KeyNotFoundException))]
    [InlineData(typeof(FormatException))]
    public void Internal_fault_is_reported_as_LG0006_on_the_formula(Type exceptionType)
    {
        (string source, TextSpanMarkup expected) = TextSpanMarkup.Parse(GeneratorHarness.Usings + """
            public static partial class C
            {
                [Loss("[|mean((yhat - y)^2)|]")]
                public static partial double FaultyLoss([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

                [Loss("mean(abs(yhat - y))")]
                public static partial double Mae([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);
            }
            """);
        GeneratorDriverRunResult result;
        using (InternalFaultInjection.Throw("FaultyLoss", () => (Exception)Activator.CreateInstance(exceptionType, "injected fault")!))
            (result, _) = GeneratorHarness.Run(source);

        GeneratorRunResult run = result.Results.Single();
        Assert.Null(run.Exception);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal("LG0006", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.EndsWith("docs/diagnostics/LG0006.md", d.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Equal(expected.Span, d.Location.SourceSpan);
        string message = d.GetMessage();
        Assert.Contains("this is a LossGen bug, please report it", message, StringComparison.Ordinal);
        Assert.Contains("\"mean((yhat - y)^2)\"", message, StringComparison.Ordinal);
        Assert.Contains(exceptionType.FullName + ": injected fault", message, StringComparison.Ordinal);
        // The faulty method gets no source; its neighbour is unaffected.
        Assert.Single(run.GeneratedSources);
        Assert.Contains(".Mae.", run.GeneratedSources[0].HintName, StringComparison.Ordinal);
    }

    [Fact]
    public void Formula_errors_keep_their_own_ids_and_never_become_LG0006()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Usings +
            "public static partial class C { [Loss(\"yhat - y\")] public static partial double A([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat); }");
        Assert.Equal("LG0003", Assert.Single(result.Diagnostics).Id);
    }
}
