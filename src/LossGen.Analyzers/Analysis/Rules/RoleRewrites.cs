using System.Collections.Generic;
using LossGen.Formula;
using LossGen.Ir;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// When the whole loss is a standard loss applied to the wrong kind of input (BCE on logits, BCE-with-logits on
/// probabilities, ...), adds the matching form as a fix of its LG2001/LG2002 finding. Recognized by building the
/// standard formula in the same hash-consed graph: equal (simplified) formulas are the same node, whatever their
/// spelling.
/// </summary>
internal static class RoleRewrites
{
    public static Finding Add(CheckContext c, Finding f)
    {
        if (f.Id is not (DiagnosticIds.LogitsAsProbabilities or DiagnosticIds.ProbabilitiesAsLogits) || f.Fixes.IsEmpty) return f;
        RoleChange? role = f.Fixes[0].Role;
        if (role is null) return f;
        int input = c.IndexOf(role.Parameter);
        if (input < 0) return f;
        string? rewrite = f.Id == DiagnosticIds.LogitsAsProbabilities ? LogitsRewrite(c, input) : ProbabilitiesRewrite(c, input);
        if (rewrite is null) return f;
        string title = f.Id == DiagnosticIds.LogitsAsProbabilities
            ? $"Rewrite as the logits form: {rewrite}"
            : $"Rewrite as the probability form: {rewrite}";
        FixSuggestion? fix = c.Validate(Fix(title, "LossGen.RoleRewrite", FormulaEdit.Replace(c.Text.Balance(c.Text.Syntax.Result.Span), rewrite)));
        return fix is null ? f : f with { Fixes = f.Fixes.Add(fix) };
    }

    private static string? LogitsRewrite(CheckContext c, int z)
    {
        Node Z = c.Bound.Inputs[z];
        string zn = c.Decl.Inputs[z].Name;
        foreach (int y in Others(c, z, label: false))
        {
            Node Y = c.Bound.Inputs[y];
            string yn = c.Decl.Inputs[y].Name;
            foreach ((Op reduce, string name) in new[] { (Op.Mean, "mean"), (Op.Sum, "sum") })
            {
                if (c.Matches(g => g.Neg(g.Reduce(reduce, Bce(g, Y, Z, negate: false), Axis.All)))
                    || c.Matches(g => g.Reduce(reduce, Bce(g, Y, Z, negate: true), Axis.All)))
                    return $"{name}(softplus({zn}) - {yn} * {zn})";
            }
            if (Z.Shape.Rank == 2 && c.Matches(g => g.Neg(g.Reduce(Op.Mean, g.Reduce(Op.Sum, g.Mul(Y, g.Unary(Op.Log, Z)), Axis.Dim1), Axis.All))))
                return $"-mean(sum({yn} * log_softmax({zn}, dim: 1), dim: 1))";
        }
        foreach (int t in Others(c, z, label: true))
        {
            Node T = c.Bound.Inputs[t];
            if (Z.Shape.Rank == 2 && c.Matches(g => g.Neg(g.Reduce(Op.Mean, g.Unary(Op.Log, g.Pick(Z, T)), Axis.All))))
                return $"mean(logsumexp({zn}, dim: 1) - pick({zn}, {c.Decl.Inputs[t].Name}))";
        }
        return null;
    }

    private static string? ProbabilitiesRewrite(CheckContext c, int p)
    {
        Node P = c.Bound.Inputs[p];
        string pn = c.Decl.Inputs[p].Name, eps = c.Epsilon;
        string clamped = $"clamp({pn}, {eps}, 1 - {eps})";
        foreach (int y in Others(c, p, label: false))
        {
            Node Y = c.Bound.Inputs[y];
            string yn = c.Decl.Inputs[y].Name;
            foreach ((Op reduce, string name) in new[] { (Op.Mean, "mean"), (Op.Sum, "sum") })
            {
                if (c.Matches(g => g.Reduce(reduce, g.Sub(g.Unary(Op.Softplus, P), g.Mul(Y, P)), Axis.All)))
                    return $"-{name}({yn} * log({clamped}) + (1 - {yn}) * log(1 - {clamped}))";
            }
            if (P.Shape.Rank == 2 && c.Matches(g => g.Neg(g.Reduce(Op.Mean, g.Reduce(Op.Sum, g.Mul(Y, g.RowTransform(Op.LogSoftmax, P, Axis.Dim1)), Axis.Dim1), Axis.All))))
                return $"-mean(sum({yn} * log(clamp({pn}, {eps}, 1)), dim: 1))";
        }
        foreach (int t in Others(c, p, label: true))
        {
            Node T = c.Bound.Inputs[t];
            if (P.Shape.Rank == 2 && c.Matches(g => g.Reduce(Op.Mean, g.Sub(g.Reduce(Op.LogSumExp, P, Axis.Dim1), g.Pick(P, T)), Axis.All)))
                return $"-mean(log(clamp(pick({pn}, {c.Decl.Inputs[t].Name}), {eps}, 1)))";
        }
        return null;
    }

    private static Node Bce(Graph g, Node y, Node p, bool negate)
    {
        Node a = g.Mul(y, g.Unary(Op.Log, p));
        Node b = g.Mul(g.Sub(g.Const(1), y), g.Unary(Op.Log, g.Sub(g.Const(1), p)));
        return negate ? g.Add(g.Neg(a), g.Neg(b)) : g.Add(a, b);
    }

    private static IEnumerable<int> Others(CheckContext c, int except, bool label)
    {
        for (int i = 0; i < c.Decl.Inputs.Count; i++)
        {
            if (i == except) continue;
            InputKind kind = c.Decl.Inputs[i].Kind;
            if (label ? kind == InputKind.Labels : kind is InputKind.Vector or InputKind.Matrix) yield return i;
        }
    }
}
