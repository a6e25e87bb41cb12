using System.Collections.Generic;
using System.Linq;
using LossGen.Formula;
using LossGen.Ir;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>LG1002 for divisions: a divisor whose range holds 0 other than by coincidence.</summary>
internal sealed class DivisionByZeroRule(CheckContext c) : INodeRule
{
    public bool SeesInlinedNodes => false;

    public Finding? Check(Node n, RangeContext ctx)
    {
        if (n.Op != Op.Div) return null;
        // log(exp(x) / sum(exp(x), dim: 1)) is reported whole, with its log_softmax rewrite, by LG1005.
        if (StableBuiltinRule.HandWrittenSoftmax(n) is not null && c.ParentsOf(n).All(p => p.Op == Op.Log)) return null;
        Node den = n.Args[1];
        Interval d = c.Range(den, ctx);
        if (!d.CanBeZero || c.IsZeroOnlyByCoincidence(den, d, ctx)) return null;
        Expr? divisor = c.Text.DivisorAt(n.Origin);
        string denText = divisor is null ? "the divisor" : c.Text.Of(divisor);
        var fixes = new List<FixSuggestion>();
        if (divisor is not null && d.Lo >= 0)
            fixes.Add(Fix($"Add {c.Epsilon} to the divisor", "LossGen.Epsilon", c.AddEpsilon(divisor, asFactor: true)));
        return c.At(n, DiagnosticIds.DivisionByZero,
            $"'{c.Site(n)}' divides by '{denText}', which can be 0{RangeNote(d)}; the result is ±∞ or NaN there",
            fixes);
    }
}
