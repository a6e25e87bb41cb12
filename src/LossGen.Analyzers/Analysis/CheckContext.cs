using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using LossGen.Formula;
using LossGen.Ir;
using LossGen.Ir.Operations;

namespace LossGen.Analyzers.Analysis;

/// <summary>
/// What every rule of <see cref="FormulaChecker"/> reads about one bound [Loss] declaration: the declaration, its
/// IR with parent links and ranges, the formula's syntax, and the helpers that turn nodes back into formula text
/// and fixes. Built once per check; the rules never change it, so they can run in any order without passing
/// results to one another.
/// </summary>
internal sealed class CheckContext
{
    private readonly Dictionary<Node, List<Node>> _parents = new();
    private readonly HashSet<Node> _differentiable;

    public CheckContext(LossDecl decl, IReadOnlyDictionary<string, LossDecl> siblings, BoundLoss bound, Precision precision, CancellationToken ct)
    {
        Decl = decl;
        Siblings = siblings;
        Bound = bound;
        Precision = precision;
        CancellationToken = ct;
        Text = new FormulaText(decl.Formula, bound.Syntax, siblings.Keys.ToList());
        Ranges = new RangeAnalysis(decl, precision);
        Order = Differentiator.TopologicalOrder(bound.Root);
        foreach (Node n in Order)
        {
            foreach (Node a in n.Args.Distinct())
            {
                if (!_parents.TryGetValue(a, out List<Node>? list)) _parents[a] = list = new List<Node>();
                list.Add(n);
            }
        }
        Kinds = new ValueKinds(decl);
        _differentiable = GradientCarriers(bound.Root,
            Enumerable.Range(0, decl.Inputs.Count).Where(i => decl.Inputs[i].IsDifferentiable).Select(i => bound.Inputs[i]));
    }

    /// <summary>
    /// The nodes that depend on a differentiable input through operations that pass a gradient on: not through
    /// an entry whose derivative is 0 by definition (detach, sign).
    /// </summary>
    private static HashSet<Node> GradientCarriers(Node root, IEnumerable<Node> inputs)
    {
        var result = new HashSet<Node>(inputs);
        foreach (Node n in Differentiator.TopologicalOrder(root))
            if (OperationTable.Of(n.Op) is not { HasNoDerivative: true } && n.Args.Any(result.Contains)) result.Add(n);
        return result;
    }

    public LossDecl Decl { get; }
    public IReadOnlyDictionary<string, LossDecl> Siblings { get; }
    public BoundLoss Bound { get; }
    public Graph Graph => Bound.Graph;
    public Precision Precision { get; }
    public CancellationToken CancellationToken { get; }
    public FormulaText Text { get; }
    public RangeAnalysis Ranges { get; }

    /// <summary>What each node holds: a probability, a log-probability, logits or unknown.</summary>
    public ValueKinds Kinds { get; }

    /// <summary>The IR nodes reachable from the root, operands before their users.</summary>
    public IReadOnlyList<Node> Order { get; }

    /// <summary>Whether <paramref name="n"/> depends on a differentiable input.</summary>
    public bool IsDifferentiable(Node n) => _differentiable.Contains(n);

    public IReadOnlyList<Node> ParentsOf(Node n) => _parents.TryGetValue(n, out List<Node>? list) ? list : Array.Empty<Node>();

    public Interval Range(Node n, RangeContext ctx) => Ranges.Of(n, ctx);

    public string Epsilon => Precision.Epsilon;

    /// <summary>exp's overflow threshold in the method's type, as printed in messages.</summary>
    public string Threshold => Precision.ExpOverflow.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The formula text a node was built from, or "the formula" for a node with no span.</summary>
    public string Site(Node n) => n.Origin.Length == 0 ? "the formula" : Text.Of(Text.Balance(n.Origin));

    public Expr? CallArgument(Node n, int index)
        => Text.At(n.Origin) is CallExpr call ? Positional(call, index) : null;

    public string? ArgumentText(Node n, int index)
    {
        if (CallArgument(n, index) is Expr e) return Text.Of(e);
        Node a = n.Args[index];
        return a.Op == Op.Input ? Decl.Inputs[a.Index].Name : null;
    }

    public int IndexOf(string name) => IndexOf(Decl, name);

    public static int IndexOf(LossDecl decl, string name)
    {
        for (int i = 0; i < decl.Inputs.Count; i++)
            if (decl.Inputs[i].Name == name) return i;
        return -1;
    }

    public static Expr? Positional(CallExpr call, int index)
    {
        int i = 0;
        foreach (Argument a in call.Arguments)
        {
            if (a.Name is not null) continue;
            if (i++ == index) return a.Value;
        }
        return null;
    }

    /// <summary>The call in <c>1 - f(x)</c> (either order), written in the syntax.</summary>
    public CallExpr? OneMinusCall(Expr? e, string name) => OneAndCall(e, name, negated: true);

    /// <summary>The call in <c>1 + f(x)</c> (either order), written in the syntax.</summary>
    public CallExpr? OnePlusCall(Expr? e, string name) => OneAndCall(e, name, negated: false);

    private CallExpr? OneAndCall(Expr? e, string name, bool negated)
    {
        if (e is not SumExpr { Terms.Length: 2 } s) return null;
        for (int i = 0; i < 2; i++)
        {
            (bool neg1, Expr one) = s.Terms[i];
            (bool neg2, Expr call) = s.Terms[1 - i];
            if (!neg1 && Text.Resolve(one) is NumberExpr { Value: 1 } && neg2 == negated && Text.Resolve(call) is CallExpr c && c.Name == name)
                return c;
        }
        return null;
    }

    public static bool IsOneMinus(Node n, out Node rest)
    {
        rest = n;
        if (n.Op != Op.Add || n.Args.Length != 2 || !n.Args[0].IsConst(1)) return false;
        if (!IsNegation(n.Args[1], out Node? r)) return false;
        rest = r!;
        return true;
    }

    public static bool IsNegation(Node n, out Node? operand)
    {
        operand = null;
        if (n.Op != Op.Mul || n.Args.Length != 2 || !n.Args[0].IsConst(-1)) return false;
        operand = n.Args[1];
        return true;
    }

    /// <summary>
    /// A divisor u + c, where c cannot be 0 (a nonzero constant, a hyperparameter whose default is nonzero,
    /// exp(...)), whose range holds 0 only strictly inside because u is unbounded, is zero only if u happens to
    /// equal -c exactly; soft Dice's sum(p) + sum(y) + smooth with unbounded [Target] y is the standard case.
    /// Divisors that reach 0 at an end of their range (p, 1 - p) or where inputs coincide (y, a - b) are reported.
    /// </summary>
    public bool IsZeroOnlyByCoincidence(Node divisor, Interval range, RangeContext ctx)
        => range.Lo < 0 && range.Hi > 0 && divisor.Op == Op.Add && divisor.Args.Any(a => !Range(a, ctx).CanBeZero);

    /// <summary>
    /// Edits that add epsilon to <paramref name="e"/>. A whole argument takes <c>e + eps</c> as it is; a factor or
    /// a base needs parentheses, which it may already have (then the epsilon goes inside them).
    /// </summary>
    public FormulaEdit[] AddEpsilon(Expr e, bool asFactor)
    {
        Span inner = Text.Inner(e);
        if (!asFactor || Text.IsParenthesized(e))
            return [FormulaEdit.Insert(inner.End, $" + {Epsilon}")];
        return [FormulaEdit.Insert(inner.Start, "("), FormulaEdit.Insert(inner.End, $" + {Epsilon})")];
    }

    /// <summary>Whether replacing <paramref name="span"/> by a sum needs parentheses to keep its precedence.</summary>
    public bool NeedsParentheses(Span span)
    {
        int i = span.Start - 1;
        while (i >= 0 && char.IsWhiteSpace(Text.Text[i])) i--;
        int j = span.End;
        while (j < Text.Text.Length && char.IsWhiteSpace(Text.Text[j])) j++;
        bool openLeft = i < 0 || Text.Text[i] is '(' or ',' or ';' or '=' or ':';
        bool openRight = j >= Text.Text.Length || Text.Text[j] is ')' or ',' or ';';
        return !(openLeft && openRight);
    }

    public static string RangeNote(Interval x)
    {
        if (x.IsEmpty) return "";
        return $" (its range is [{Print(x.Lo)}, {Print(x.Hi)}])";
    }

    private static string Print(double v) => double.IsPositiveInfinity(v) ? "∞" : double.IsNegativeInfinity(v) ? "-∞"
        : v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Edits that wrap <paramref name="e"/> (inside its group parentheses, if any) as <c>head</c>e<c>tail</c>.</summary>
    public FormulaEdit[] Wrap(Expr e, string head, string tail)
    {
        Span inner = Text.Inner(e);
        return [FormulaEdit.Insert(inner.Start, head), FormulaEdit.Insert(inner.End, tail)];
    }

    /// <summary>The text of <paramref name="e"/> without its group parentheses.</summary>
    public string InnerText(Expr e) => Text.Of(Text.Inner(e));

    public static FixSuggestion Fix(string title, string key, params FormulaEdit[] edits)
        => new(title, key, edits.ToImmutableArray());

    public static FixSuggestion RoleFix(string parameter, Role from, Role to)
        => new($"Mark '{parameter}' as [{to}]", "LossGen.Role", ImmutableArray<FormulaEdit>.Empty, new RoleChange(parameter, from, to));

    public ImmutableArray<FixSuggestion> Validate(IEnumerable<FixSuggestion>? fixes)
    {
        if (fixes is null) return ImmutableArray<FixSuggestion>.Empty;
        var builder = ImmutableArray.CreateBuilder<FixSuggestion>();
        foreach (FixSuggestion f in fixes)
            if (Validate(f) is FixSuggestion ok) builder.Add(ok);
        return builder.ToImmutable();
    }

    /// <summary>Keeps a formula fix only if the edited formula still compiles.</summary>
    public FixSuggestion? Validate(FixSuggestion? fix)
    {
        if (fix is null) return null;
        if (fix.Role is not null) return fix;
        string formula = FormulaEdit.Apply(Decl.Formula, fix.Edits);
        return FormulaChecker.Binds(Decl with { Formula = formula }, Siblings) ? fix : null;
    }

    /// <summary>A finding located on the (balanced) span of <paramref name="n"/>, keeping only the fixes that compile.</summary>
    public Finding At(Node n, string id, string message, IEnumerable<FixSuggestion>? fixes = null)
        => new(id, Text.Balance(n.Origin), message, Validate(fixes));

    /// <summary>
    /// Builds a candidate formula in the loss's own hash-consed graph and tests whether it is the loss itself: equal
    /// (simplified) formulas are the same node, whatever their spelling. The graph's dimension facts are restored.
    /// </summary>
    public bool Matches(Func<Graph, Node> build)
    {
        DimUnifier saved = Graph.Dims;
        Graph.Dims = saved.Clone();
        try
        {
            return build(Graph) == Bound.Root;
        }
        catch (FormulaException)
        {
            return false;
        }
        finally
        {
            Graph.Dims = saved;
        }
    }
}
