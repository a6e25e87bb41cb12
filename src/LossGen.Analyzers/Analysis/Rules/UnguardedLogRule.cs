using System.Collections.Generic;
using System.Linq;
using LossGen.Formula;
using LossGen.Ir;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>LG1001: log or log1p of a value that can reach the singular point (0, or -1 for log1p) or beyond.</summary>
internal sealed class UnguardedLogRule(CheckContext c) : INodeRule
{
    public bool SeesInlinedNodes => false;

    public Finding? Check(Node n, RangeContext ctx)
    {
        if (n.Op is not (Op.Log or Op.Log1p)) return null;
        bool log1p = n.Op == Op.Log1p;
        Interval x = c.Range(n.Args[0], ctx);
        bool bad = log1p ? !x.IsEmpty && x.Lo <= -1 : x.CanBeNonPositive;
        if (!bad || IsFloored(n, x, log1p)) return null;
        string argText = c.ArgumentText(n, 0) ?? "its argument";
        string what = log1p
            ? (x.Lo < -1 ? "below -1" : "-1")
            : x.CanBeNegative ? (x.Hi <= 0 ? "negative" : "zero or negative") : "0";
        string failure = log1p ? "log1p(x) is -∞ at x = -1 and NaN below" : "the log is -∞ at 0 and NaN below";
        // A sigmoid or softmax computed here reaches 0 from finite logits: a floor would flatten the loss exactly for
        // the confidently wrong samples (constant value, zero gradient), so no guard is offered; the rewrite is to
        // compute the log-probability with log_sigmoid or log_softmax.
        if (c.Kinds.Of(n.Args[0]) is (ValueKind.Probability, Node { Op: Op.Sigmoid or Op.Softmax } activation))
            return c.At(n, DiagnosticIds.UnguardedLog,
                $"'{c.Site(n)}': '{argText}' can be {what}{RangeNote(x)}; {failure}. It comes from '{c.Site(activation)}', which rounds to 0 for finite logits, so a clamp would flatten the loss where it matters most; compute the log-probability with log_sigmoid or log_softmax instead");
        return c.At(n, DiagnosticIds.UnguardedLog,
            $"'{c.Site(n)}': '{argText}' can be {what}{RangeNote(x)}; {failure}, and the gradient is infinite or NaN there",
            Guards(n, x, log1p));
    }

    /// <summary>
    /// PyTorch's BCELoss guard, <c>max(log(p), -100)</c>: the log reaches -∞ only at the end of its argument's
    /// range (never NaN below it), and every use floors it with a finite constant. The floor replaces the -∞, and
    /// the floor's gradient selects 0 there rather than multiplying the infinite 1/p by 0.
    /// </summary>
    private bool IsFloored(Node log, Interval x, bool log1p)
    {
        if (x.IsEmpty || x.Lo < (log1p ? -1 : 0)) return false;
        IReadOnlyList<Node> parents = c.ParentsOf(log);
        if (parents.Count == 0) return false;
        return parents.All(p => p.Op switch
        {
            Op.Max2 => p.Args.Any(a => a != log && a.Op == Op.Const && !double.IsInfinity(a.Value)),
            Op.Clamp => p.Args[0] == log && p.Args[1].Op == Op.Const && !double.IsInfinity(p.Args[1].Value),
            _ => false,
        });
    }

    private IEnumerable<FixSuggestion> Guards(Node n, Interval x, bool log1p)
    {
        if (c.CallArgument(n, 0) is not Expr arg) yield break;
        string eps = c.Epsilon;
        string a = c.InnerText(arg);
        if (log1p)
        {
            yield return Fix($"Guard with max({a}, -1 + {eps}) (changes the loss only where {a} < -1 + {eps})", "LossGen.Guard.Max",
                c.Wrap(arg, "max(", $", -1 + {eps})"));
            yield break;
        }
        yield return Fix($"Guard with max({a}, {eps}) (changes the loss only where {a} < {eps})", "LossGen.Guard.Max",
            c.Wrap(arg, "max(", $", {eps})"));
        if (x.IsWithinUnit)
            yield return Fix($"Clamp to [{eps}, 1 - {eps}] (changes the loss only where {a} is within {eps} of 0 or 1)", "LossGen.Guard.Clamp",
                c.Wrap(arg, "clamp(", $", {eps}, 1 - {eps})"));
    }
}
