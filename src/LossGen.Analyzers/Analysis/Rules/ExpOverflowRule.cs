using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LossGen.Formula;
using LossGen.Ir;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG1004: exp or cosh of an argument with no upper bound. An exp inside an LG1005 pattern (log(sum(exp(x))), ...)
/// offers that pattern's rewrite, which removes both findings; log(cosh(x)) offers its overflow-free form.
/// </summary>
internal sealed class ExpOverflowRule(CheckContext c, StableBuiltinRule stable) : INodeRule
{
    private readonly Dictionary<Node, bool> _compressed = new();

    public bool SeesInlinedNodes => false;

    public Finding? Check(Node n, RangeContext ctx)
    {
        if (n.Op is not (Op.Exp or Op.Cosh)) return null;
        if (!double.IsPositiveInfinity(c.Range(n, ctx).Hi)) return null;
        Node u = n.Args[0];
        // A bare input under exp is a log-scale parameter (log-rate, log-variance): exp of it is the modelled
        // quantity itself, so an overflow there means the prediction is out of range, which no rewrite fixes.
        // Where the result is compressed again (log, a divisor, sqrt), a finite value overflows spuriously.
        if (IsLogScaleParameter(u) && !IsCompressed(n)) return null;
        string f = n.Op == Op.Exp ? "exp" : "cosh";
        string arg = c.ArgumentText(n, 0) ?? "its argument";
        double limit = n.Op == Op.Exp ? c.Precision.ExpOverflow : c.Precision.ExpOverflow + System.Math.Log(2);
        string limitText = limit.ToString("0.0", CultureInfo.InvariantCulture);
        FixSuggestion? fix = n.Op == Op.Cosh ? LogCoshFix(n) : PatternFix(n, ctx);
        return c.At(n, DiagnosticIds.ExpOverflow,
            $"'{c.Site(n)}' can overflow: '{arg}' is unbounded{RangeNote(c.Range(u, ctx))}, and {f} is ∞ in {c.Precision.TypeName} {(n.Op == Op.Exp ? "above " : "beyond ±")}{limitText}, and so is its gradient",
            fix is null ? null : [fix]);
    }

    /// <summary>The rewrite of the LG1005 pattern (at most two levels up) whose overflowing exp is <paramref name="exp"/>.</summary>
    private FixSuggestion? PatternFix(Node exp, RangeContext ctx)
    {
        // The outermost pattern first: in log(exp(x) / sum(exp(x), dim: 1)) the log_softmax rewrite, not softmax.
        IEnumerable<Node> candidates = c.ParentsOf(exp).SelectMany(c.ParentsOf).Concat(c.ParentsOf(exp));
        foreach (Node p in candidates.Distinct())
        {
            if (c.Text.IsInlined(p.Origin)) continue;
            if (stable.MatchAt(p, ctx) is { Fix: { } fix, Exp: { } e } && e == exp) return fix;
        }
        return null;
    }

    /// <summary>log(cosh(x)) = |x| + softplus(-2|x|) - log(2), which cannot overflow.</summary>
    private FixSuggestion? LogCoshFix(Node cosh)
    {
        Node? log = c.ParentsOf(cosh).FirstOrDefault(p => p.Op == Op.Log && !c.Text.IsInlined(p.Origin));
        if (log is null || c.Text.At(log.Origin) is not CallExpr { Name: "log" } call || Positional(call, 0) is not Expr a
            || c.Text.Resolve(a) is not CallExpr { Name: "cosh" } cc || Positional(cc, 0) is not Expr x)
            return null;
        string xs = c.Text.Of(x);
        Span span = c.Text.Balance(log.Origin);
        string body = $"abs({xs}) + softplus(-2 * abs({xs})) - log(2)";
        return c.Validate(Fix($"Rewrite as {body}", "LossGen.LogCosh", FormulaEdit.Replace(span, c.NeedsParentheses(span) ? "(" + body + ")" : body)));
    }

    private static bool IsLogScaleParameter(Node u)
    {
        if (u.Op is Op.Gather or Op.Pick) u = u.Args[0];
        if (u.Op == Op.Add && u.Args.Length == 2 && u.Args[0].Op == Op.Const) u = u.Args[1];
        if (u.Op == Op.Mul && u.Args.Length == 2 && u.Args[0].Op == Op.Const) u = u.Args[1];
        return u.Op == Op.Input;
    }

    /// <summary>Whether the value flows into a log, a divisor, a root or a power below 1, where its overflow is spurious.</summary>
    private bool IsCompressed(Node n)
    {
        if (_compressed.TryGetValue(n, out bool known)) return known;
        _compressed[n] = false;
        bool result = false;
        foreach (Node p in c.ParentsOf(n))
        {
            result = p.Op switch
            {
                Op.Log or Op.Log1p or Op.Sqrt or Op.LogSumExp => true,
                Op.Div => p.Args[1] == n || IsCompressed(p),
                Op.Pow => p.Args[0] == n && c.Ranges.ExponentValue(p.Args[1]) is double k && k < 1 || IsCompressed(p),
                Op.Add or Op.Mul or Op.Sum or Op.Mean or Op.Gather or Op.Pick => IsCompressed(p),
                _ => false,
            };
            if (result) break;
        }
        _compressed[n] = result;
        return result;
    }
}
