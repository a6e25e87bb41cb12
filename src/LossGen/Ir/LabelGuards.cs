using System.Collections.Generic;
using System.Linq;

namespace LossGen.Ir;

/// <summary>
/// Finds, for each label parameter, a value that its labels may hold outside the class range because the formula
/// masks it: PyTorch's <c>ignore_index = -100</c>. A label value k is allowed when every read through the labels
/// (<c>pick(z, t)</c>, <c>v[t]</c>, and the scatter of <c>v[t]</c>'s gradient) lies in a branch where <c>t != k</c> holds,
/// which is what <c>where(t != k, ...)</c> and <c>where: t != k</c> produce. Such reads then use a safe index and
/// their values are discarded.
/// </summary>
internal static class LabelGuards
{
    /// <summary>Label input index → the masked value (a constant or a scalar parameter).</summary>
    public static Dictionary<int, Node> Find(IReadOnlyCollection<Node> roots)
    {
        var order = new List<Node>();
        var seen = new HashSet<Node>();
        foreach (Node root in roots)
            foreach (Node n in Differentiator.TopologicalOrder(root))
                if (seen.Add(n)) order.Add(n);

        var result = new Dictionary<int, Node>();
        var reads = order.Where(n => n.Op is Op.Gather or Op.Pick or Op.ScatterSum).GroupBy(n => n.Args[1]);
        foreach (IGrouping<Node, Node> byLabels in reads)
        {
            Node labels = byLabels.Key;
            foreach (Node condition in order.Where(n => IsExclusion(n, labels)))
            {
                if (Covers(roots, labels, condition))
                {
                    result[labels.Index] = condition.Args[0] == labels ? condition.Args[1] : condition.Args[0];
                    break;
                }
            }
        }
        return result;
    }

    /// <summary><c>t != k</c> or <c>t == k</c> (either order) with k a constant or a scalar parameter.</summary>
    private static bool IsExclusion(Node n, Node labels)
    {
        if (n.Op is not (Op.NotEqual or Op.Equal)) return false;
        Node? k = n.Args[0] == labels ? n.Args[1] : n.Args[1] == labels ? n.Args[0] : null;
        return k is not null && k.Shape.Rank == 0 && k.Op is Op.Const or Op.Input;
    }

    /// <summary>Whether every path from a root to a read through <paramref name="labels"/> passes the exclusion.</summary>
    private static bool Covers(IEnumerable<Node> roots, Node labels, Node condition)
    {
        var visited = new HashSet<(Node, bool)>();
        var stack = new Stack<(Node Node, bool Guarded)>(roots.Select(r => (r, false)));
        while (stack.Count > 0)
        {
            (Node n, bool guarded) = stack.Pop();
            if (!visited.Add((n, guarded))) continue;
            if (n.Op is Op.Gather or Op.Pick && n.Args[1] == labels && !guarded) return false;
            if (n.Op == Op.ScatterSum && n.Args[1] == labels && !guarded)
            {
                // The scatter writes every row; the masked rows add the zero of a where on the same condition.
                Node values = n.Args[0];
                if (!(values.Op == Op.Where && values.Args[0] == condition && values.Args[ExcludedBranch(condition)].IsConst(0)))
                    return false;
            }
            if (n.Op == Op.Where && n.Args[0] == condition)
            {
                int excluded = ExcludedBranch(condition);
                stack.Push((n.Args[0], guarded));
                stack.Push((n.Args[3 - excluded], true));
                stack.Push((n.Args[excluded], guarded));
                continue;
            }
            foreach (Node a in n.Args) stack.Push((a, guarded));
        }
        return true;
    }

    /// <summary>The where argument taken where t == k: the false branch of <c>t != k</c>, the true branch of <c>t == k</c>.</summary>
    private static int ExcludedBranch(Node condition) => condition.Op == Op.NotEqual ? 2 : 1;
}
