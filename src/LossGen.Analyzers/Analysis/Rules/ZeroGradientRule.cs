using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG3001: a differentiable input whose gradient is identically zero, because the formula never uses it (reported
/// on the parameter) or reaches it only through piecewise-constant operations (located on the first of them).
/// </summary>
internal static class ZeroGradientRule
{
    public static IEnumerable<Finding> Check(CheckContext c)
    {
        // Only inputs that no gradient-carrying path reaches can have an identically zero gradient; the
        // differentiator confirms it for those (and differentiating just them keeps the check cheap).
        HashSet<Node> carried = GradientCarryingNodes(c.Bound.Root);
        LossDecl decl = c.Decl;
        int[] differentiable = Enumerable.Range(0, decl.Inputs.Count)
            .Where(i => decl.Inputs[i].IsDifferentiable && !carried.Contains(c.Bound.Inputs[i])).ToArray();
        if (differentiable.Length == 0) return Array.Empty<Finding>();
        Node[] gradients;
        DimUnifier saved = c.Graph.Dims;
        c.Graph.Dims = saved.Clone();
        try
        {
            gradients = Differentiator.Gradients(c.Graph, c.Bound.Root, differentiable.Select(i => c.Bound.Inputs[i]).ToList());
        }
        catch (FormulaException)
        {
            return Array.Empty<Finding>();
        }
        finally
        {
            c.Graph.Dims = saved;
        }
        var reachable = new HashSet<Node>(c.Order);
        var result = new List<Finding>();
        for (int k = 0; k < differentiable.Length; k++)
        {
            if (!gradients[k].IsConst(0)) continue;
            InputDecl input = decl.Inputs[differentiable[k]];
            Node x = c.Bound.Inputs[differentiable[k]];
            string advice = $"mark '{input.Name}' [Target] if it is data that needs no gradient";
            if (!reachable.Contains(x))
            {
                result.Add(new Finding(DiagnosticIds.ZeroGradient, null,
                    $"'{input.Name}' does not affect the loss (it is unused or cancels out), so its gradient is identically zero; {advice}",
                    ImmutableArray<FixSuggestion>.Empty, input.Name));
                continue;
            }
            HashSet<Node> depends = Differentiator.DependsOn(c.Bound.Root, [x]);
            Node? blocker = c.Order
                .Where(n => IsPiecewiseConstant(n.Op) && n.Args.Any(depends.Contains) && n.Origin.Length > 0)
                .OrderBy(n => n.Origin.Start).FirstOrDefault();
            Span span = blocker is null ? c.Text.Balance(c.Text.Syntax.Result.Span) : c.Text.Balance(blocker.Origin);
            string through = blocker is null ? "" : $" only through '{c.Text.Of(span)}', which is piecewise constant,";
            result.Add(new Finding(DiagnosticIds.ZeroGradient, span,
                $"The gradient with respect to '{input.Name}' is identically zero: it reaches the loss{through} so training cannot move it; {advice}",
                ImmutableArray<FixSuggestion>.Empty));
        }
        return result;
    }

    private static bool IsPiecewiseConstant(Op op)
        => op is Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual or Op.Sign;

    /// <summary>Nodes reachable from the root without passing a comparison, a where's condition, sign or an index.</summary>
    private static HashSet<Node> GradientCarryingNodes(Node root)
    {
        var result = new HashSet<Node> { root };
        var stack = new Stack<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            Node n = stack.Pop();
            if (IsPiecewiseConstant(n.Op)) continue;
            for (int i = 0; i < n.Args.Length; i++)
            {
                bool blocked = n.Op == Op.Where && i == 0 || n.Op is Op.Gather or Op.Pick or Op.ScatterSum && i == 1;
                if (!blocked && result.Add(n.Args[i])) stack.Push(n.Args[i]);
            }
        }
        return result;
    }
}
