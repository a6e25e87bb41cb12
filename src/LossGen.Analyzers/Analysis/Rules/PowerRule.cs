using System;
using System.Collections.Generic;
using System.Globalization;
using LossGen.Formula;
using LossGen.Ir;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// Powers and square roots: a negative power of a base that can be 0 (LG1002, it divides by the base), and a
/// fractional power or sqrt of a base that can be negative, or 0 where the base carries a gradient (LG1003).
/// </summary>
internal sealed class PowerRule(CheckContext c) : INodeRule
{
    public bool SeesInlinedNodes => false;

    public Finding? Check(Node n, RangeContext ctx) => n.Op switch
    {
        Op.Pow => Check(n, ctx, n.Args[0], c.Ranges.ExponentValue(n.Args[1])),
        Op.Sqrt => Check(n, ctx, n.Args[0], 0.5),
        _ => null,
    };

    private Finding? Check(Node n, RangeContext ctx, Node baseNode, double? exponent)
    {
        if (exponent is not double k) return null; // a run-time exponent without a default: the caller's choice
        Interval x = c.Range(baseNode, ctx);
        string site = c.Site(n);
        bool integer = k == Math.Floor(k);
        Expr? baseSyntax = n.Op == Op.Sqrt ? c.CallArgument(n, 0) : PowerBase(n);
        string baseText = baseSyntax is null ? "the base" : c.Text.Of(baseSyntax);
        bool asFactor = n.Op == Op.Pow && c.Text.At(n.Origin) is PowerExpr;
        if (k < 0 && x.CanBeZero && !c.IsZeroOnlyByCoincidence(baseNode, x, ctx))
        {
            var fixes = new List<FixSuggestion>();
            if (baseSyntax is not null && x.Lo >= 0)
                fixes.Add(Fix($"Add {c.Epsilon} to the base", "LossGen.Epsilon", c.AddEpsilon(baseSyntax, asFactor)));
            return c.At(n, DiagnosticIds.DivisionByZero,
                $"'{site}' raises '{baseText}' to a negative power, which divides by it, and it can be 0{RangeNote(x)}; the result is ∞ there",
                fixes);
        }
        if (integer) return null;
        bool negative = x.CanBeNegative;
        bool zeroWithGradient = k < 1 && x.CanBeZero && c.IsDifferentiable(baseNode);
        if (!negative && !zeroWithGradient) return null;
        string op = n.Op == Op.Sqrt ? "sqrt" : $"a power of {k.ToString("R", CultureInfo.InvariantCulture)}";
        string message = negative
            ? $"'{site}': '{baseText}' can be negative{RangeNote(x)}, where {op} is NaN"
            : $"'{site}': '{baseText}' can be 0{RangeNote(x)}, where the gradient of {op} is infinite (and ∞ · 0 = NaN in the backward pass)";
        var fix = new List<FixSuggestion>();
        if (baseSyntax is not null)
        {
            fix.Add(negative
                ? Fix($"Guard with max({c.InnerText(baseSyntax)}, {c.Epsilon})", "LossGen.Guard.Max", c.Wrap(baseSyntax, "max(", $", {c.Epsilon})"))
                : Fix($"Add {c.Epsilon} to '{c.InnerText(baseSyntax)}'", "LossGen.Epsilon", c.AddEpsilon(baseSyntax, asFactor)));
        }
        return c.At(n, DiagnosticIds.SingularSqrt, message, fix);
    }

    private Expr? PowerBase(Node n) => c.Text.At(n.Origin) switch
    {
        PowerExpr p => p.Base,
        CallExpr { Name: "pow" } call => Positional(call, 0),
        _ => null,
    };
}
