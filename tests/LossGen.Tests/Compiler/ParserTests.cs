using LossGen.Emit;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Tests.Compiler;

public class ParserTests
{
    private static readonly LossDecl Decl = new("L", "", [
        new InputDecl("y", InputKind.Vector, Role.Target, null),
        new InputDecl("x", InputKind.Vector, Role.None, null),
        new InputDecl("z", InputKind.Matrix, Role.Logits, null),
        new InputDecl("t", InputKind.Labels, Role.None, null),
        new InputDecl("k", InputKind.Scalar, Role.None, 2),
    ]);

    private static string Bound(string formula)
    {
        BoundLoss b = Binder.Bind(Decl with { Formula = formula });
        return new Printer(Decl.Inputs.Select(i => i.Name).ToList()).Print(b.Root);
    }

    [Theory]
    [InlineData("-sum(x^2)", "−sum(x^2)")]                       // ^ binds tighter than unary minus
    [InlineData("sum(-x^2)", "sum(−x^2)")]
    [InlineData("sum(x - y - x)", "sum(−y)")]                     // like terms cancel
    [InlineData("sum(x * x * k)", "sum(k·x^2)")]                  // equal factors become a power
    [InlineData("sum(2^-1 * x)", "sum(0.5·x)")]                   // right-associative, signed exponents
    [InlineData("sum(x / 4)", "sum(0.25·x)")]
    [InlineData("a = x + 1; b = a * a; sum(b)", "sum((1 + x)^2)")]
    [InlineData("sum(log(exp(x)))", "sum(x)")]
    [InlineData("sum(where(1 < 2, x, y))", "sum(x)")]              // constant conditions fold
    public void Parses_binds_and_simplifies(string formula, string expected) => Assert.Equal(expected, Bound(formula));

    [Theory]
    [InlineData("mean(sqrt((y - x)^2))", "(y - x)")]
    [InlineData("mean(((x)))", "((x))")]
    [InlineData("mean(y / (1 + x))", "(1 + x)")]
    public void A_groups_span_includes_its_parentheses(string formula, string group)
    {
        int start = formula.IndexOf(group, StringComparison.Ordinal);
        FormulaSyntax syntax = Parser.Parse(formula);
        Assert.Contains(new Span(start, group.Length), Spans(syntax.Result));
    }

    private static IEnumerable<Span> Spans(Expr e)
    {
        yield return e.Span;
        IEnumerable<Expr> children = e switch
        {
            NegateExpr n => [n.Operand],
            SumExpr s => s.Terms.Select(t => t.Term),
            ProductExpr p => p.Factors.Select(f => f.Factor),
            PowerExpr p => [p.Base, p.Exponent],
            CompareExpr c => [c.Left, c.Right],
            CallExpr c => c.Arguments.Select(a => a.Value),
            IndexExpr i => [i.Target, i.Index],
            _ => [],
        };
        foreach (Expr child in children)
            foreach (Span s in Spans(child)) yield return s;
    }

    [Fact]
    public void Long_sums_stay_flat_and_shallow()
    {
        string formula = "sum(" + string.Join(" + ", Enumerable.Range(0, 20_000).Select(i => $"{i % 7 + 1} * x")) + ")";
        BoundLoss b = Binder.Bind(Decl with { Formula = formula });
        Assert.True(b.Root.Depth < 10);
    }

    [Fact]
    public void Deep_nesting_is_a_located_error_not_a_stack_overflow()
    {
        string formula = new string('(', 10_000) + "x" + new string(')', 10_000);
        var e = Assert.Throws<FormulaException>(() => Parser.Parse(formula));
        Assert.Equal("LG0001", e.Diagnostic.Id);
        Assert.Contains("deeper than", e.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sum(z, dim: 1)", 1)]
    [InlineData("sum(z, dim: 0)", 1)]
    [InlineData("sum(z)", 0)]
    [InlineData("softmax(z, dim: 1)", 2)]
    [InlineData("pick(z, t)", 1)]
    [InlineData("x + z", 2)]
    public void Infers_ranks(string expr, int rank)
    {
        // mean of a scalar is the scalar itself, so the root is Mean exactly when q has rank > 0.
        BoundLoss b = Binder.Bind(Decl with { Formula = $"q = {expr}; mean(q)" });
        Assert.Equal(0, b.Root.Shape.Rank);
        Assert.Equal(rank, b.Root.Op == Op.Mean ? b.Root.Args[0].Shape.Rank : 0);
    }

    [Fact]
    public void Rank_1_combines_with_rank_2_row_by_row()
    {
        BoundLoss b = Binder.Bind(Decl with { Formula = "sum(x * z)" });
        Node x = b.Inputs[1], z = b.Inputs[2];
        Assert.True(b.Graph.Dims.Same(x.Shape.D0, z.Shape.D0));
        Assert.False(b.Graph.Dims.Same(x.Shape.D0, z.Shape.D1));
    }

    [Fact]
    public void Pick_ties_labels_to_rows()
    {
        BoundLoss b = Binder.Bind(Decl with { Formula = "sum(pick(z, t))" });
        Assert.True(b.Graph.Dims.Same(b.Inputs[3].Shape.D0, b.Inputs[2].Shape.D0));
    }

    [Theory]
    [InlineData("x", "LG0003")]
    [InlineData("sum(x) + w", "LG0002")]
    [InlineData("sum(t * x)[0]", "LG0003")]
    [InlineData("sum(foo(x))", "LG0002")]
    [InlineData("sum(x,)", "LG0001")]
    [InlineData("sum(x", "LG0001")]
    [InlineData("sum(clamp(x, 0))", "LG0001")]
    [InlineData("sum(x, dim: 2)", "LG0003")]
    [InlineData("k = 1; sum(x)", "LG0002")]
    [InlineData("a = 1; a = 2; sum(x)", "LG0002")]
    public void Rejects_with_the_right_id(string formula, string id)
    {
        var e = Assert.Throws<FormulaException>(() => Binder.Bind(Decl with { Formula = formula }));
        Assert.Equal(id, e.Diagnostic.Id);
        Assert.InRange(e.Diagnostic.Span.Start, 0, formula.Length);
        Assert.InRange(e.Diagnostic.Span.End, e.Diagnostic.Span.Start, formula.Length);
    }
}
