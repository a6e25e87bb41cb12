using System.Collections.Generic;
using System.Linq;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG2004 (information): a rank-1 parameter whose every use combines it elementwise with a rank-2 value. It is read
/// row by row unless declared per_column(v), and nothing else in the formula ties its length to the rows, so a
/// per-column meaning (per-class quantiles, class weights) cannot be told apart. Offers the per_column reading.
/// </summary>
internal static class AmbiguousBroadcastRule
{
    public static IEnumerable<Finding> Check(CheckContext c)
    {
        for (int i = 0; i < c.Decl.Inputs.Count; i++)
        {
            InputDecl input = c.Decl.Inputs[i];
            if (input.Kind != InputKind.Vector || input.Role is Role.Probabilities or Role.Logits) continue;
            if (c.Text.IsPerColumnArgument(input.Name)) continue;
            if (BroadcastUses(c, c.Bound.Inputs[i]) is not { Count: > 0 } uses) continue;
            List<NameExpr> names = c.Text.NameUses(input.Name).ToList();
            if (names.Count == 0) continue;
            string name = input.Name;
            FixSuggestion fix = CheckContext.Fix($"Read '{name}' per column: per_column({name}) (one value per column instead of per row)",
                "LossGen.PerColumn", names.Select(n => FormulaEdit.Replace(n.Span, $"per_column({name})")).ToArray());
            yield return new Finding(DiagnosticIds.AmbiguousBroadcast, names[0].Span,
                $"'{name}' is rank-1 and meets a matrix in '{c.Site(uses[0])}', so it is read row by row (its length must be the number of rows); nothing else in the formula fixes its length. If it holds one value per column, write per_column({name})",
                c.Validate([fix]));
        }
    }

    /// <summary>
    /// The rank-2 elementwise nodes that <paramref name="x"/> (or a function of it and constants alone, such as
    /// tau - 1) meets; null if some use ties its length to something else (a rank-1 value, a reduction).
    /// </summary>
    private static List<Node>? BroadcastUses(CheckContext c, Node x)
    {
        var result = new List<Node>();
        var stack = new Stack<Node>();
        stack.Push(x);
        while (stack.Count > 0)
        {
            foreach (Node u in c.ParentsOf(stack.Pop()))
            {
                if (!IsElementwise(u.Op) || c.Text.IsInlined(u.Origin)) return null;
                if (u.Shape.Rank == 2) result.Add(u);
                else if (u.Shape.Rank == 1 && u.Args.Count(a => a.Op != Op.Const) == 1) stack.Push(u);
                else return null;
            }
        }
        return result;
    }

    private static bool IsElementwise(Op op) => op is Op.Add or Op.Mul or Op.Div or Op.Pow or Op.Max2 or Op.Min2 or Op.Clamp or Op.Where
        or Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual;
}
