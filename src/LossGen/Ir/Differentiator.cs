using System.Collections.Generic;
using System.Linq;
using LossGen.Ir.Operations;

namespace LossGen.Ir;

/// <summary>
/// Symbolic reverse-mode differentiation over the DAG. Each primitive has its own stable rule (d softplus = sigmoid,
/// d logsumexp = softmax, d log_sigmoid(x) = sigmoid(-x), ...) rather than the derivative of its naive definition;
/// the elementwise functions' rules are their <see cref="OperationTable"/> entries' chain rules.
/// Non-smooth points follow PyTorch: abs'(0) = 0, norm'(0) = 0, relu'(0) = 0; max/min/clamp route the gradient to
/// the selected argument (max(a, b) selects a on ties, so max(0, u) behaves like relu); where sends the gradient only
/// into the selected branch. Adjoints are built with the <see cref="Graph"/> constructors, so they are simplified and
/// share nodes with the forward pass.
/// </summary>
internal sealed class Differentiator
{
    private readonly Graph _g;
    private readonly Dictionary<Node, List<Node>> _contributions = new();

    private Differentiator(Graph graph) => _g = graph;

    /// <summary>Returns d root / d wrt[k] for each requested input node, each with the shape of its input.</summary>
    public static Node[] Gradients(Graph graph, Node root, IReadOnlyList<Node> wrt)
    {
        var d = new Differentiator(graph);
        HashSet<Node> needed = DependsOn(root, wrt);
        d._contributions[root] = new List<Node> { graph.Const(1) };
        foreach (Node node in TopologicalOrder(root).AsEnumerable().Reverse())
        {
            if (!needed.Contains(node) || !d._contributions.TryGetValue(node, out List<Node>? parts)) continue;
            if (node.Op == Op.Input) continue;
            Node adjoint = d.Sum(node, parts);
            d.Propagate(node, adjoint, needed);
        }
        return wrt.Select(x => d._contributions.TryGetValue(x, out List<Node>? parts) ? d.Sum(x, parts) : graph.Const(0, x.Shape)).ToArray();
    }

    /// <summary>Nodes in an order where every argument precedes its users.</summary>
    public static List<Node> TopologicalOrder(Node root)
    {
        var order = new List<Node>();
        var seen = new HashSet<Node>();
        var stack = new Stack<(Node Node, int Next)>();
        stack.Push((root, 0));
        seen.Add(root);
        while (stack.Count > 0)
        {
            (Node node, int next) = stack.Pop();
            if (next < node.Args.Length)
            {
                stack.Push((node, next + 1));
                Node arg = node.Args[next];
                if (seen.Add(arg)) stack.Push((arg, 0));
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }

    /// <summary>The nodes on some path from <paramref name="root"/> to one of <paramref name="wrt"/>.</summary>
    public static HashSet<Node> DependsOn(Node root, IEnumerable<Node> wrt)
    {
        var result = new HashSet<Node>(wrt);
        foreach (Node n in TopologicalOrder(root))
            if (n.Args.Any(result.Contains)) result.Add(n);
        return result;
    }

    private Node Sum(Node target, List<Node> parts) => Unbroadcast(_g.Add(parts), target.Shape);

    /// <summary>Sums an adjoint over the axes its value was broadcast along, back to <paramref name="shape"/>.</summary>
    private Node Unbroadcast(Node adjoint, Shape shape)
    {
        Shape a = adjoint.Shape;
        if (a.Rank <= shape.Rank) return adjoint;
        if (shape.Rank == 0) return _g.Reduce(Op.Sum, adjoint, Axis.All);
        // rank 2 adjoint, rank 1 target: sum along the axis the target was repeated over.
        bool alongColumns = _g.Dims.Same(shape.D0, a.D1) && !_g.Dims.Same(shape.D0, a.D0);
        return _g.Reduce(Op.Sum, adjoint, alongColumns ? Axis.Dim0 : Axis.Dim1);
    }

    private void Add(Node target, Node contribution, HashSet<Node> needed)
    {
        if (!needed.Contains(target) || contribution.IsConst(0)) return;
        if (!_contributions.TryGetValue(target, out List<Node>? list))
            _contributions[target] = list = new List<Node>();
        list.Add(Unbroadcast(contribution, target.Shape));
    }

    private void Propagate(Node n, Node a, HashSet<Node> needed)
    {
        Graph g = _g;
        // A per-row adjoint of a rank-2 node is expanded to the node's shape first: combined directly with a rank-1
        // argument that broadcasts along columns (class weights), it would otherwise tie rows to columns.
        // Under a reduction the adjoint arrives as a broadcast scalar (mean gives ā/count to every element). Two
        // kinds of rule need it spelled out at the node's shape: one that reduces the adjoint along the node's axis
        // (log_softmax's Σā: a sum along dim: 1 of a rank-0 value is not defined), and one that hands it to an
        // argument of lower rank, which must receive the sum over the elements it was broadcast to (in
        // mean(S - u) with a scalar S, ∂/∂S is 1, not 1/count).
        if ((a.Shape.Rank == 1 && n.Shape.Rank == 2)
            || (a.Shape.Rank < n.Shape.Rank && (ReducesItsAdjoint(n) || n.Args.Any(x => x.Shape.Rank < n.Shape.Rank && needed.Contains(x)))))
            a = g.Mul(g.Const(1, n.Shape), a);
        // A lower-rank adjoint (a constant chain below a sum: sum(2 * (x - mean(x)))) is expanded too when an argument
        // was broadcast into the node, so that the argument's contributions are summed over the node's elements.
        else if (a.Shape.Rank < n.Shape.Rank && n.Args.Any(x => needed.Contains(x) && x.Shape.Rank < n.Shape.Rank))
            a = g.Mul(g.Const(1, n.Shape), a);
        Node[] x = n.Args;
        Node Zero() => g.Const(0);
        if (OperationTable.Of(n.Op) is { Derivative: { } chain })
        {
            Add(x[0], chain(g, x[0], n, () => a), needed);
            return;
        }
        switch (n.Op)
        {
            case Op.Add:
                foreach (Node t in x) Add(t, a, needed);
                break;
            case Op.Mul:
                for (int k = 0; k < x.Length; k++)
                    if (needed.Contains(x[k]))
                        Add(x[k], g.Mul(x.Where((_, j) => j != k).Append(a)), needed);
                break;
            case Op.Div:
                Add(x[0], g.Div(a, x[1]), needed);
                if (needed.Contains(x[1])) Add(x[1], g.Neg(g.Div(g.Mul(a, n), x[1])), needed);
                break;
            case Op.Pow:
                if (needed.Contains(x[0])) Add(x[0], g.Mul(a, PowDerivative(g, x[0], x[1])), needed);
                if (needed.Contains(x[1])) Add(x[1], g.Mul(a, n, g.Unary(Op.Log, x[0])), needed);
                break;
            case Op.Max2:
            case Op.Min2:
            {
                Node firstWins = g.Compare(n.Op == Op.Max2 ? Op.GreaterEqual : Op.LessEqual, x[0], x[1]);
                Add(x[0], g.Where(firstWins, a, Zero()), needed);
                Add(x[1], g.Where(firstWins, Zero(), a), needed);
                break;
            }
            case Op.Clamp:
            {
                Node below = g.Compare(Op.Less, x[0], x[1]);
                Node above = g.Compare(Op.Greater, x[0], x[2]);
                Add(x[0], g.Where(below, Zero(), g.Where(above, Zero(), a)), needed);
                Add(x[1], g.Where(below, a, Zero()), needed);
                Add(x[2], g.Where(below, Zero(), g.Where(above, a, Zero())), needed);
                break;
            }
            case Op.Where:
                Add(x[1], g.Where(x[0], a, Zero()), needed);
                Add(x[2], g.Where(x[0], Zero(), a), needed);
                break;
            case Op.Gather:
                // The scattered values need one entry per label, even when the adjoint is a broadcast scalar.
                Add(x[0], g.ScatterSum(a.Shape.Rank == 0 ? g.Mul(g.Const(1, n.Shape), a) : a, x[1], x[0].Shape.D0), needed);
                break;
            case Op.Pick:
                Add(x[0], g.Where(g.Compare(Op.Equal, g.ColumnIndex(x[0].Shape), x[1]), a, Zero()), needed);
                break;
            case Op.Sum:
                Add(x[0], a, needed);
                break;
            case Op.Mean:
                Add(x[0], g.Div(a, g.Count(x[0].Shape, n.Axis)), needed);
                break;
            case Op.Max:
            case Op.Min:
            {
                // Ties share the gradient equally, like torch.amax.
                Node hit = g.Compare(Op.Equal, x[0], n);
                Node count = g.Reduce(Op.Sum, g.Where(hit, g.Const(1), Zero()), n.Axis);
                Add(x[0], g.Where(hit, g.Div(a, count), Zero()), needed);
                break;
            }
            case Op.LogSumExp:
                Add(x[0], g.Mul(a, g.Unary(Op.Exp, g.Sub(x[0], n))), needed);
                break;
            case Op.Norm:
                Add(x[0], g.Where(g.Compare(Op.Equal, n, Zero()), Zero(), g.Div(g.Mul(a, x[0]), n)), needed);
                break;
            case Op.Softmax:
                Add(x[0], g.Mul(n, g.Sub(a, g.Reduce(Op.Sum, g.Mul(a, n), n.Axis))), needed);
                break;
            case Op.LogSoftmax:
                Add(x[0], g.Sub(a, g.Mul(g.Unary(Op.Exp, n), g.Reduce(Op.Sum, a, n.Axis))), needed);
                break;
            case Op.ScatterSum:
                Add(x[0], g.Gather(a, x[1]), needed);
                break;
        }
    }

    /// <summary>The rules that sum the adjoint along the node's own axis, rather than only combining it elementwise.</summary>
    private static bool ReducesItsAdjoint(Node n) => n.Op is Op.LogSoftmax;

    /// <summary>
    /// d(x^k)/dx. Integer constants give exact polynomials. Where x^(k−1) would be evaluated at x = 0 with k &lt; 1
    /// (a run-time k, or a constant 0 &lt; k &lt; 1), the slope is infinite and the chain rule multiplies it by the
    /// derivative of x, which is typically 0 there too (1 − σ(z) saturated at 0 in the focal loss): 0·∞ = NaN where
    /// the true limit is 0. So at x = 0 the derivative is 0 for k &lt; 1, the same convention as abs'(0) and norm'(0),
    /// and the exact slope for k ≥ 1; k = 0 gives 0 everywhere. Shared with
    /// <see cref="HessianDiagonal"/>.
    /// </summary>
    internal static Node PowDerivative(Graph g, Node x, Node k)
    {
        if (k.Op == Op.Const)
        {
            Node slope = g.Mul(k, g.Pow(x, g.Const(k.Value - 1)));
            return k.Value > 0 && k.Value < 1 ? g.Where(g.Compare(Op.Equal, x, g.Const(0)), g.Const(0), slope) : slope;
        }
        // For k ≥ 1 the slope itself is right at 0, and so is its own derivative (the Hessian's k(k−1)·x^(k−2)).
        Node general = g.Mul(k, g.Pow(x, g.Sub(k, g.Const(1))));
        Node belowOne = g.Where(g.Compare(Op.Equal, x, g.Const(0)), g.Const(0), general);
        return g.Where(g.Compare(Op.Equal, k, g.Const(0)), g.Const(0), g.Where(g.Compare(Op.Less, k, g.Const(1)), belowOne, general));
    }

    /// <summary>
    /// <paramref name="adjoint"/>·d√x/dx = adjoint/(2√x) from the forward value <paramref name="root"/>, and 0 at x = 0
    /// where the slope is infinite: the same convention as x^k for k &lt; 1 (x^0.5 and sqrt(x) agree), so sqrt(x²) or
    /// sqrt(1 − σ(z)) at a saturated point give 0 rather than 0·∞ = NaN. Shared with <see cref="HessianDiagonal"/>.
    /// </summary>
    internal static Node SqrtDerivative(Graph g, Node root, Node adjoint)
        => g.Where(g.Compare(Op.Equal, root, g.Const(0)), g.Const(0), g.Div(adjoint, g.Mul(g.Const(2), root)));
}
