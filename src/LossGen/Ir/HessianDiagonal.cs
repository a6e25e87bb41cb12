using System;
using System.Collections.Generic;
using System.Linq;

namespace LossGen.Ir;

/// <summary>
/// The diagonal of the Hessian of a loss with respect to one input x, derived symbolically from the gradient
/// expression G = ∂L/∂x: H[k] = ∂G[k]/∂x_k, the derivative of element k of G along element k of x only.
/// <para>
/// Every node n gets a diagonal tangent D(n): for each element k of x, the derivative of the element of n that k
/// meets under broadcasting, n[π(k)], with respect to x_k (when n is finer than x, as a rank-2 value built from a
/// per-row x, the tangent lives on n's elements instead). Elementwise operations follow the chain rule on these
/// tangents. A reduction or row transform whose reduced axis x also runs along (a sum over all elements, a row sum
/// of a rank-2 x) has D(n)[k] = ∂n[π(k)]/∂x_k, which is the reduction's own gradient: the reverse-mode derivative
/// of n (or of Σ n over rows, when every row of n depends only on the same row of x). A reduction along an axis x
/// does not run along (a row sum over a per-row x) sums its local derivative times its operand's tangent.
/// </para>
/// <para>
/// Everything is built through <see cref="Graph"/>'s constructors, so the result shares the forward and gradient
/// passes' nodes (the softmax of a cross-entropy's gradient is reused by its Hessian p(1 − p)). At points where a
/// second derivative does not exist (abs, relu, max, min, clamp and where boundaries) the first derivative is
/// piecewise constant or routed by a condition, so the tangent of the routing is 0, like PyTorch's double backward.
/// </para>
/// </summary>
internal sealed class HessianDiagonal
{
    private readonly Graph _g;
    private readonly Node _x;
    private readonly Dictionary<Node, Node> _tangents = new();
    private readonly Dictionary<Node, bool> _dependsOnX = new();

    private HessianDiagonal(Graph graph, Node x)
    {
        _g = graph;
        _x = x;
    }

    /// <summary>∂G[k]/∂x_k for every element k of <paramref name="x"/>, with x's shape.</summary>
    /// <exception cref="HessianUnsupportedException">The formula couples x's elements in a way the diagonal method cannot follow exactly.</exception>
    public static Node Of(Graph graph, Node gradient, Node x)
    {
        var d = new HessianDiagonal(graph, x);
        Node h = d.Tangent(gradient);
        // The outputs are written element by element: a constant or lower-rank diagonal is spread over x's shape.
        return h.Shape.Rank == x.Shape.Rank ? h : graph.Mul(graph.Const(1, x.Shape), h);
    }

    /// <summary>
    /// True when every row of <paramref name="n"/> depends on x only through the same row of x (rows being
    /// <paramref name="rowsDim"/>): no reduction over all elements or down the columns, and no label gather or
    /// scatter, touches anything that depends on x. Then the gradient of Σ n equals, row by row, the gradient of
    /// n's own row.
    /// </summary>
    public static bool IsRowLocal(Graph graph, Node n, Node x, int rowsDim)
    {
        DimUnifier dims = graph.Dims;
        if (!dims.Same(x.Shape.D0, rowsDim)) return false;
        HashSet<Node> dependent = Differentiator.DependsOn(n, [x]);
        foreach (Node m in Differentiator.TopologicalOrder(n))
        {
            if (!dependent.Contains(m) || m.Kind == ElemKind.Bool) continue;
            if (m.Shape.Rank >= 1 && !dims.Same(m.Shape.D0, rowsDim)) return false;
            if (m.Shape.Rank == 0) return false;
            switch (m.Op)
            {
                case Op.Sum or Op.Mean or Op.Max or Op.Min or Op.LogSumExp or Op.Norm or Op.Softmax or Op.LogSoftmax:
                    if (m.Axis != Axis.Dim1 || m.Args[0].Shape.Rank != 2) return false;
                    break;
                case Op.Gather or Op.ScatterSum:
                    return false;
            }
        }
        return true;
    }

    private bool DependsOnX(Node n)
    {
        if (_dependsOnX.TryGetValue(n, out bool known)) return known;
        bool result = n == _x || n.Args.Any(DependsOnX);
        _dependsOnX[n] = result;
        return result;
    }

    private Node Tangent(Node n)
    {
        if (_tangents.TryGetValue(n, out Node? known)) return known;
        Node t = Derive(n);
        _tangents[n] = t;
        return t;
    }

    private Node Derive(Node n)
    {
        Graph g = _g;
        if (n == _x) return g.Const(1);
        if (n.Kind == ElemKind.Bool || !DependsOnX(n)) return g.Const(0);
        Node[] a = n.Args;
        Node T(int i) => Tangent(a[i]);
        Node Zero() => g.Const(0);
        switch (n.Op)
        {
            case Op.Add:
                return g.Add(a.Select(Tangent));
            case Op.Mul:
            {
                var terms = new List<Node>();
                for (int k = 0; k < a.Length; k++)
                {
                    Node tk = T(k);
                    if (tk.IsConst(0)) continue;
                    terms.Add(g.Mul(a.Where((_, j) => j != k).Append(tk)));
                }
                return terms.Count == 0 ? Zero() : g.Add(terms);
            }
            case Op.Div:
            {
                // (a/b)' = (a' − (a/b)·b') / b
                Node tb = T(1);
                Node numerator = tb.IsConst(0) ? T(0) : g.Sub(T(0), g.Mul(n, tb));
                return g.Div(numerator, a[1]);
            }
            case Op.Pow:
            {
                Node result = g.Mul(Differentiator.PowDerivative(g, a[0], a[1]), T(0));
                Node tk = T(1);
                return tk.IsConst(0) ? result : g.Add(result, g.Mul(n, g.Unary(Op.Log, a[0]), tk));
            }
            case Op.Exp: return g.Mul(n, T(0));
            case Op.Log: return g.Div(T(0), a[0]);
            case Op.Log1p: return g.Div(T(0), g.Add(g.Const(1), a[0]));
            case Op.Expm1: return g.Mul(g.Unary(Op.Exp, a[0]), T(0));
            case Op.Sqrt: return Differentiator.SqrtDerivative(g, n, T(0));
            case Op.Abs: return g.Mul(g.Unary(Op.Sign, a[0]), T(0));
            case Op.Sign: return Zero();
            case Op.Sigmoid: return g.Mul(n, g.Sub(g.Const(1), n), T(0));
            case Op.LogSigmoid: return g.Mul(g.Unary(Op.Sigmoid, g.Neg(a[0])), T(0));
            case Op.Softplus: return g.Mul(g.Unary(Op.Sigmoid, a[0]), T(0));
            case Op.Tanh: return g.Mul(g.Sub(g.Const(1), g.Mul(n, n)), T(0));
            case Op.Cosh: return g.Mul(g.Unary(Op.Sinh, a[0]), T(0));
            case Op.Sinh: return g.Mul(g.Unary(Op.Cosh, a[0]), T(0));
            case Op.Relu: return g.Where(g.Compare(Op.Greater, a[0], Zero()), T(0), Zero());
            case Op.Max2:
            case Op.Min2:
                // The same routing as the gradient: ties go to the first argument.
                return g.Where(g.Compare(n.Op == Op.Max2 ? Op.GreaterEqual : Op.LessEqual, a[0], a[1]), T(0), T(1));
            case Op.Clamp:
                return g.Where(g.Compare(Op.Less, a[0], a[1]), T(1), g.Where(g.Compare(Op.Greater, a[0], a[2]), T(2), T(0)));
            case Op.Where:
                return g.Where(a[0], T(1), T(2));
            case Op.Softmax:
            {
                // softmax(e) = exp(e − logsumexp(e)): the tangent of the row's logsumexp is the row's softmax.
                Node lse = g.Reduce(Op.LogSumExp, a[0], n.Axis);
                return g.Mul(n, g.Sub(T(0), Tangent(lse)));
            }
            case Op.LogSoftmax:
                return g.Sub(T(0), Tangent(g.Reduce(Op.LogSumExp, a[0], n.Axis)));
            case Op.Sum or Op.Mean or Op.Max or Op.Min or Op.LogSumExp or Op.Norm or Op.Pick:
                return Aggregate(n);
            default:
                // Gather and ScatterSum of a value that depends on x move x's elements to other positions (labels):
                // the diagonal would need the labels' full Jacobian.
                throw new HessianUnsupportedException($"{n.Op.ToString().ToLowerInvariant()} of a value that depends on the input moves elements between positions");
        }
    }

    /// <summary>The diagonal tangent of a reduction (or pick), which combines several elements of its operand.</summary>
    private Node Aggregate(Node n)
    {
        Graph g = _g;
        DimUnifier dims = g.Dims;
        Shape xs = _x.Shape;
        // A scalar: ∂n/∂x_k is n's gradient, exactly.
        if (n.Shape.Rank == 0)
            return Differentiator.Gradients(g, n, [_x])[0];

        Node e = n.Args[0];
        if (xs.Rank == 2)
        {
            // A per-row value of a rank-2 x: the reduced axis (the columns) is x's own, so the tangent is the
            // gradient of the row's value with respect to its row, which is the gradient of Σ n when rows are independent.
            if (dims.Same(n.Shape.D0, xs.D0) && IsRowLocal(g, n, _x, xs.D0))
                return Differentiator.Gradients(g, g.Reduce(Op.Sum, n, Axis.All), [_x])[0];
            throw new HessianUnsupportedException("a per-row value depends on other rows of the input (a reduction over all rows or down the columns inside a row reduction)");
        }

        // A rank-1 x running along n: the reduced axis is not x's, so every element n combines meets the same x_k.
        if (dims.Same(n.Shape.D0, xs.D0) && e.Shape.Rank == 2)
        {
            if (n.Op == Op.Pick)
                return g.Pick(g.Mul(g.Const(1, e.Shape), Tangent(e)), n.Args[1]);
            Node local = Differentiator.Gradients(g, g.Reduce(Op.Sum, n, Axis.All), [e])[0];
            return g.Reduce(Op.Sum, g.Mul(local, Tangent(e)), n.Axis);
        }
        throw new HessianUnsupportedException("a reduction runs along a different axis than the input it depends on");
    }
}

/// <summary>
/// The formula's structure is outside what <see cref="HessianDiagonal"/> derives exactly; the Hessian members are
/// then not generated rather than generated wrong.
/// </summary>
internal sealed class HessianUnsupportedException : Exception
{
    public HessianUnsupportedException(string reason) : base(reason) { }
}
