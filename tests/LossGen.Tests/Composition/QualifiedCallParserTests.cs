using LossGen.Declarations;
using LossGen.Formula;

namespace LossGen.Tests.Composition;

/// <summary><c>Type.Method(...)</c> in the parser: a dotted name is one call, located on the whole name.</summary>
public class QualifiedCallParserTests
{
    [Theory]
    [InlineData("RegressionLosses.Huber(y, yhat, delta: 0.5)", "RegressionLosses.Huber", 0, 22)]
    [InlineData("LossGen.RegressionLosses.Huber(y, yhat)", "LossGen.RegressionLosses.Huber", 0, 30)]
    [InlineData("2 * A . B (y)", "A.B", 4, 5)]
    public void Dotted_name_is_one_call_located_on_the_whole_name(string formula, string name, int start, int length)
    {
        FormulaSyntax syntax = Parser.Parse(formula);
        CallExpr call = syntax.Result as CallExpr ?? Assert.IsType<CallExpr>(Assert.IsType<ProductExpr>(syntax.Result).Factors[1].Factor);
        Assert.Equal(name, call.Name);
        Assert.Equal(new Span(start, length), call.NameSpan);
    }

    [Theory]
    [InlineData("A.(y)", "Expected a name after 'A.' but found '('", 2, 1)]
    [InlineData("mean(A.B)", "'A.B' names a [Loss] method of another type; call it with arguments", 5, 3)]
    [InlineData("A.B.", "Expected a name after 'A.B.' but found the end of the formula", 4, 0)]
    public void Malformed_dotted_name_is_a_located_syntax_error(string formula, string message, int start, int length)
    {
        FormulaDiagnostic d = Assert.Throws<FormulaException>(() => Parser.Parse(formula)).Diagnostic;
        Assert.Equal("LG0001", d.Id);
        Assert.StartsWith(message, d.Message, StringComparison.Ordinal);
        Assert.Equal(new Span(start, length), d.Span);
    }

    [Fact]
    public void Number_with_a_leading_dot_is_still_a_number()
    {
        FormulaSyntax syntax = Parser.Parse("mean(y) * .5");
        Assert.Equal(0.5, Assert.IsType<NumberExpr>(Assert.IsType<ProductExpr>(syntax.Result).Factors[1].Factor).Value);
    }

    [Fact]
    public void Call_names_are_every_name_before_a_parenthesis_in_order_each_once()
    {
        Assert.Equal(["Foo", "mean", "A.B", "C.D", "sum"],
            LossCallees.CallNames("a = Foo(x); mean(A.B(y, k: C.D(z))) + sum(x) + Foo(y) + q * (x)"));
        Assert.Empty(LossCallees.CallNames("mean(y $ 2)"));
    }
}
