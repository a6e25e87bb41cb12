using System.Collections.Generic;
using System.Linq;
using LossGen.Formula;

namespace LossGen.Analyzers.Analysis;

/// <summary>
/// The formula's text with its syntax tree (from the one shared parser), indexed by span so that an IR node's
/// <see cref="Ir.Node.Origin"/> leads back to the syntax it was built from. Used to name subexpressions in messages
/// and to build the text edits of the code fixes.
/// </summary>
internal sealed class FormulaText
{
    private readonly Dictionary<Span, Expr> _bySpan = new();
    private readonly Dictionary<string, Expr> _bindings = new();
    private readonly List<(ProductExpr Product, int Factor)> _divisions = new();
    private readonly HashSet<Span> _siblingCalls = new();

    public FormulaText(string text, FormulaSyntax syntax, ICollection<string> siblingNames)
    {
        Text = text;
        Syntax = syntax;
        foreach (Binding b in syntax.Bindings)
        {
            _bindings[b.Name] = b.Value;
            Walk(b.Value, siblingNames);
        }
        Walk(syntax.Result, siblingNames);
    }

    public string Text { get; }
    public FormulaSyntax Syntax { get; }

    /// <summary>Every call to a sibling [Loss] method; IR nodes inlined from it carry the call's span.</summary>
    public IEnumerable<CallExpr> SiblingCalls
    {
        get
        {
            foreach (Span s in _siblingCalls)
                if (_bySpan.TryGetValue(s, out Expr? e) && e is CallExpr c) yield return c;
        }
    }

    public bool IsInlined(Span origin) => _siblingCalls.Contains(origin);

    /// <summary>Whether the formula writes <c>per_column(name, ...)</c>: the parameter's reading is then declared.</summary>
    public bool IsPerColumnArgument(string name)
        => _bySpan.Values.Any(e => e is CallExpr { Name: "per_column" } call && call.Arguments.Length > 0
            && Resolve(call.Arguments[0].Value) is NameExpr n && n.Name == name);

    /// <summary>Every occurrence of <paramref name="name"/> as a name in the formula, in text order.</summary>
    public IEnumerable<NameExpr> NameUses(string name)
    {
        var uses = new List<NameExpr>();
        foreach (Expr e in _bySpan.Values)
            if (e is NameExpr n && n.Name == name && !IsGroup(n.Span)) uses.Add(n);
        uses.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return uses;
    }

    /// <summary>The syntax whose span is exactly <paramref name="span"/>, if any.</summary>
    public Expr? At(Span span) => _bySpan.TryGetValue(span, out Expr? e) ? e : null;

    /// <summary>Follows names bound by <c>name = expr;</c> to their expressions.</summary>
    public Expr Resolve(Expr e)
    {
        for (int guard = 0; guard < 1000 && e is NameExpr n && _bindings.TryGetValue(n.Name, out Expr? v); guard++)
            e = v;
        return e;
    }

    public bool IsBinding(string name) => _bindings.ContainsKey(name);

    public string Of(Expr e) => Of(e.Span);

    public string Of(Span s) => Text.Substring(s.Start, s.Length);

    /// <summary>The divisor of the division whose IR node has <paramref name="origin"/> (the binder's span for a / b).</summary>
    public Expr? DivisorAt(Span origin)
    {
        foreach ((ProductExpr p, int i) in _divisions)
            if (Span.FromBounds(p.Span.Start, p.Factors[i].Factor.Span.End) == origin) return p.Factors[i].Factor;
        return null;
    }

    /// <summary>
    /// Widens <paramref name="span"/> over the parentheses it leaves unbalanced. The parser's spans include a group's
    /// parentheses; this keeps a span built from pieces (a binder's span for part of a product) balanced as well.
    /// </summary>
    public Span Balance(Span span)
    {
        int start = span.Start, end = span.End, depth = 0, lowest = 0;
        for (int i = start; i < end; i++)
        {
            if (Text[i] == '(') depth++;
            else if (Text[i] == ')') { depth--; lowest = System.Math.Min(lowest, depth); }
        }
        for (int missing = -lowest; missing > 0;)
        {
            int j = start - 1;
            while (j >= 0 && char.IsWhiteSpace(Text[j])) j--;
            if (j < 0 || Text[j] != '(') break;
            start = j;
            missing--;
        }
        for (int missing = depth - lowest; missing > 0;)
        {
            int j = end;
            while (j < Text.Length && char.IsWhiteSpace(Text[j])) j++;
            if (j >= Text.Length || Text[j] != ')') break;
            end = j + 1;
            missing--;
        }
        return Span.FromBounds(start, end);
    }

    /// <summary>
    /// Whether <paramref name="e"/> is a parenthesized group <c>(e)</c> (the parser's span of a group includes its
    /// parentheses) or stands directly inside grouping parentheses.
    /// </summary>
    public bool IsParenthesized(Expr e) => IsGroup(e.Span) || IsInsideParentheses(e);

    /// <summary>Whether the text of <paramref name="span"/> is one group: '(' ... ')' with the first '(' closed last.</summary>
    public bool IsGroup(Span span)
    {
        if (span.Length < 2 || Text[span.Start] != '(' || Text[span.End - 1] != ')') return false;
        int depth = 0;
        for (int i = span.Start; i < span.End; i++)
        {
            if (Text[i] == '(') depth++;
            else if (Text[i] == ')' && --depth == 0) return i == span.End - 1;
        }
        return false;
    }

    /// <summary>The span of <paramref name="e"/> without its group parentheses, if it is a group: where a guard goes.</summary>
    public Span Inner(Expr e)
    {
        Span span = e.Span;
        while (IsGroup(span)) span = new Span(span.Start + 1, span.Length - 2);
        return span;
    }

    private bool IsInsideParentheses(Expr e)
    {
        int i = e.Span.Start - 1;
        while (i >= 0 && char.IsWhiteSpace(Text[i])) i--;
        int j = e.Span.End;
        while (j < Text.Length && char.IsWhiteSpace(Text[j])) j++;
        return i >= 0 && Text[i] == '(' && j < Text.Length && Text[j] == ')';
    }

    /// <summary>Text for -e, usable as a function argument.</summary>
    public string Negated(Expr e) => e switch
    {
        NegateExpr n when !IsGroup(n.Span) => Of(Inner(n.Operand)),
        _ when IsGroup(e.Span) => "-" + Of(e),
        NameExpr or NumberExpr or CallExpr or IndexExpr or PowerExpr => "-" + Of(e),
        _ => "-(" + Of(e) + ")",
    };

    private void Walk(Expr e, ICollection<string> siblingNames)
    {
        if (!_bySpan.ContainsKey(e.Span)) _bySpan[e.Span] = e;
        switch (e)
        {
            case NegateExpr n:
                Walk(n.Operand, siblingNames);
                break;
            case SumExpr s:
                foreach ((bool _, Expr t) in s.Terms) Walk(t, siblingNames);
                break;
            case ProductExpr p:
                for (int i = 0; i < p.Factors.Length; i++)
                {
                    if (p.Factors[i].Divide) _divisions.Add((p, i));
                    Walk(p.Factors[i].Factor, siblingNames);
                }
                break;
            case PowerExpr pw:
                Walk(pw.Base, siblingNames);
                Walk(pw.Exponent, siblingNames);
                break;
            case CompareExpr c:
                Walk(c.Left, siblingNames);
                Walk(c.Right, siblingNames);
                break;
            case CallExpr call:
                if (siblingNames.Contains(call.Name) && !Builtins.Contains(call.Name)) _siblingCalls.Add(call.Span);
                foreach (Argument a in call.Arguments) Walk(a.Value, siblingNames);
                break;
            case IndexExpr ix:
                Walk(ix.Target, siblingNames);
                Walk(ix.Index, siblingNames);
                break;
        }
    }

    /// <summary>The built-in functions, which take precedence over a sibling of the same name (the binder's list).</summary>
    public static readonly HashSet<string> Builtins = new(LossGen.Ir.Binder.BuiltinFunctions);
}
