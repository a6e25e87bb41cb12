using System.Collections.Generic;
using System.Linq;
using LossGen.Ir.Operations;

namespace LossGen.Ir;

/// <summary>
/// Rewrites the composite operations into the few the kernel planner schedules: sums, maxima and minima over
/// axes, plus elementwise code. mean = sum / count; logsumexp = m + log(sum(exp(x - m))) with m the row maximum
/// (0 when m is infinite, as PyTorch does); softmax = exp(x - logsumexp); log_softmax = x - logsumexp;
/// norm = sqrt(sum(x^2)). Runs after differentiation, so derivatives keep their stable rules.
/// </summary>
internal sealed class Lowering
{
    private readonly Graph _g;
    private readonly Dictionary<Node, Node> _map = new();

    public Lowering(Graph graph) => _g = graph;

    public Node Lower(Node node)
    {
        // Iterative post-order, so lowering never recurses as deep as the graph.
        foreach (Node n in Differentiator.TopologicalOrder(node))
        {
            if (_map.ContainsKey(n)) continue;
            _map[n] = Rewrite(n, n.Args.Select(a => _map[a]).ToArray());
        }
        return _map[node];
    }

    private Node Rewrite(Node n, Node[] x)
    {
        Graph g = _g;
        g.CurrentSpan = n.Origin;
        return n.Op switch
        {
            Op.Const or Op.Input or Op.Size or Op.ColumnIndex => n,
            Op.Add => g.Add(x),
            Op.Mul => g.Mul(x),
            Op.Div => g.Div(x[0], x[1]),
            Op.Pow => g.Pow(x[0], x[1]),
            Op.Max2 => g.Max2(x[0], x[1]),
            Op.Min2 => g.Min2(x[0], x[1]),
            Op.Clamp => g.Clamp(x[0], x[1], x[2]),
            Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual => g.Compare(n.Op, x[0], x[1]),
            Op.Where => g.Where(x[0], x[1], x[2]),
            Op.Gather => g.Gather(x[0], x[1]),
            Op.Pick => g.Pick(x[0], x[1]),
            Op.ScatterSum => g.ScatterSum(x[0], x[1], n.Shape.D0),
            Op.Sum or Op.Max or Op.Min => g.Reduce(n.Op, x[0], n.Axis),
            Op.Mean => g.Div(g.Reduce(Op.Sum, x[0], n.Axis), g.Count(x[0].Shape, n.Axis)),
            Op.LogSumExp => LogSumExp(x[0], n.Axis),
            Op.Softmax => g.Unary(Op.Exp, g.Sub(x[0], LogSumExp(x[0], n.Axis))),
            Op.LogSoftmax => g.Sub(x[0], LogSumExp(x[0], n.Axis)),
            Op.Norm => g.Unary(Op.Sqrt, g.Reduce(Op.Sum, g.Mul(x[0], x[0]), n.Axis)),
            _ => OperationTable.Of(n.Op) is { } f
                ? f.Lowering?.Invoke(g, x[0]) ?? g.Apply(f, x)
                : throw new System.InvalidOperationException($"No lowering for {n.Op}."),
        };
    }

    private Node LogSumExp(Node x, Axis axis)
    {
        Graph g = _g;
        Node max = g.Reduce(Op.Max, x, axis);
        Node shift = g.Where(g.Compare(Op.Equal, g.Unary(Op.Abs, max), g.Const(double.PositiveInfinity)), g.Const(0), max);
        return g.Add(shift, g.Unary(Op.Log, g.Reduce(Op.Sum, g.Unary(Op.Exp, g.Sub(x, shift)), axis)));
    }
}
