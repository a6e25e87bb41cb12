using System.Collections.Immutable;

namespace LossGen.Formula;

/// <summary>A half-open character range inside the formula string.</summary>
internal readonly record struct Span(int Start, int Length)
{
    public int End => Start + Length;

    public static Span FromBounds(int start, int end) => new(start, end - start);

    public Span Union(Span other) => FromBounds(System.Math.Min(Start, other.Start), System.Math.Max(End, other.End));
}

/// <summary>A problem found in a formula, located by a span inside the formula string.</summary>
internal sealed record FormulaDiagnostic(string Id, string Message, Span Span);

/// <summary>Thrown inside the compiler to abandon a formula; always caught and turned into a diagnostic.</summary>
internal sealed class FormulaException(FormulaDiagnostic diagnostic) : System.Exception(diagnostic.Message)
{
    public FormulaDiagnostic Diagnostic { get; } = diagnostic;
}

/// <summary>Base class of the formula's syntax tree.</summary>
internal abstract record Expr(Span Span);

internal sealed record NumberExpr(double Value, Span Span) : Expr(Span);

internal sealed record NameExpr(string Name, Span Span) : Expr(Span);

internal sealed record NegateExpr(Expr Operand, Span Span) : Expr(Span);

/// <summary>A chain <c>a + b - c ...</c>, kept flat so that long sums do not make deep trees.</summary>
internal sealed record SumExpr(ImmutableArray<(bool Negate, Expr Term)> Terms, Span Span) : Expr(Span);

/// <summary>A chain <c>a * b / c ...</c>, kept flat like <see cref="SumExpr"/>.</summary>
internal sealed record ProductExpr(ImmutableArray<(bool Divide, Expr Factor)> Factors, Span Span) : Expr(Span);

internal sealed record PowerExpr(Expr Base, Expr Exponent, Span Span) : Expr(Span);

internal enum CompareOp { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual }

internal sealed record CompareExpr(CompareOp Op, Expr Left, Expr Right, Span Span) : Expr(Span);

/// <summary><c>a &amp;&amp; b</c> (<see cref="IsAnd"/>) or <c>a || b</c>: combines two conditions.</summary>
internal sealed record LogicalExpr(bool IsAnd, Expr Left, Expr Right, Span Span) : Expr(Span);

/// <summary><c>!c</c>: the negation of a condition.</summary>
internal sealed record NotExpr(Expr Operand, Span Span) : Expr(Span);

internal sealed record Argument(string? Name, Span NameSpan, Expr Value);

internal sealed record CallExpr(string Name, Span NameSpan, ImmutableArray<Argument> Arguments, Span Span) : Expr(Span);

/// <summary><c>v[t]</c>: gathers a rank-1 value by integer labels.</summary>
internal sealed record IndexExpr(Expr Target, Expr Index, Span Span) : Expr(Span);

internal sealed record Binding(string Name, Span NameSpan, Expr Value);

/// <summary>A whole formula: bindings followed by the final expression.</summary>
internal sealed record FormulaSyntax(ImmutableArray<Binding> Bindings, Expr Result);
