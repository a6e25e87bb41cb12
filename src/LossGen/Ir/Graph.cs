using System;
using System.Collections.Generic;
using System.Linq;
using LossGen.Formula;
using LossGen.Ir.Operations;

namespace LossGen.Ir;

/// <summary>
/// Builds the expression DAG. Every constructor infers the shape (unifying sizes the formula forces equal),
/// simplifies locally (constant folding, identities, like terms, pushing products into one-sided <c>where</c>s)
/// and hash-conses the result, so equal subexpressions are one node. The differentiator builds the backward pass
/// through the same constructors, which is how forward and backward share their common subexpressions.
/// </summary>
internal sealed class Graph
{
    /// <summary>Deeper graphs are rejected so that the recursive passes stay far from the stack limit.</summary>
    public const int MaxDepth = 600;

    private readonly Dictionary<NodeKey, Node> _nodes = new();
    private readonly List<int> _columnDims = new();
    private int _nextId;

    public Graph(DimUnifier dims) => Dims = dims;

    public DimUnifier Dims { get; set; }

    /// <summary>The formula span that new nodes are attributed to and that shape errors are reported at.</summary>
    public Span CurrentSpan { get; set; }

    public int NodeCount => _nextId;

    // ---- leaves ----

    public Node Const(double value, Shape? shape = null, ElemKind kind = ElemKind.Real)
        => Make(Op.Const, [], shape ?? Shape.Scalar, kind, value: value == 0 ? 0.0 : value);

    public Node Input(int index, Shape shape, ElemKind kind) => Make(Op.Input, [], shape, kind, index: index);

    public Node Size(int dim) => Make(Op.Size, [], Shape.Scalar, ElemKind.Real, index: Dims.Find(dim));

    /// <summary>The column index j of each element of a rank-2 shape (used for one-hot masks).</summary>
    public Node ColumnIndex(Shape matrix) => Make(Op.ColumnIndex, [], matrix, ElemKind.Int);

    /// <summary>The number of elements a reduction over <paramref name="axis"/> of <paramref name="shape"/> combines.</summary>
    public Node Count(Shape shape, Axis axis) => shape.Rank switch
    {
        0 => Const(1),
        1 => Size(shape.D0),
        _ => axis switch
        {
            Axis.Dim0 => Size(shape.D0),
            Axis.Dim1 => Size(shape.D1),
            _ => Mul(Size(shape.D0), Size(shape.D1)),
        },
    };

    // ---- arithmetic ----

    public Node Neg(Node x) => Mul(Const(-1), x);

    public Node Sub(Node a, Node b) => Add(a, Neg(b));

    public Node Add(params Node[] terms) => Add((IEnumerable<Node>)terms);

    public Node Add(IEnumerable<Node> terms)
    {
        var flat = new List<Node>();
        foreach (Node t in terms)
        {
            RequireNumeric(t, "+");
            if (t.Op == Op.Add) flat.AddRange(t.Args); else flat.Add(t);
        }
        Shape shape = BroadcastAll(flat);
        double constant = 0;
        // Like terms: coefficient * rest, keyed by rest.
        var order = new List<Node>();
        var coefficients = new Dictionary<Node, double>();
        var wheres = new Dictionary<Node, Node>();
        foreach (Node t in flat)
        {
            if (t.Op == Op.Const) { constant += t.Value; continue; }
            (double c, Node rest) = SplitCoefficient(t);
            if (rest.Op == Op.Where && wheres.TryGetValue(rest.Args[0], out Node? other) && other != rest)
            {
                // c1·where(k, a, b) + c2·where(k, d, e) = where(k, c1·a + c2·d, c1·b + c2·e): one-sided wheres stay one-sided.
                double c1 = coefficients[other];
                order.Remove(other);
                coefficients.Remove(other);
                Node merged = Where(rest.Args[0],
                    Add(Mul(Const(c1), other.Args[1]), Mul(Const(c), rest.Args[1])),
                    Add(Mul(Const(c1), other.Args[2]), Mul(Const(c), rest.Args[2])));
                wheres.Remove(rest.Args[0]);
                (c, rest) = SplitCoefficient(merged);
            }
            if (coefficients.TryGetValue(rest, out double existing))
            {
                coefficients[rest] = existing + c;
            }
            else
            {
                coefficients[rest] = c;
                order.Add(rest);
                if (rest.Op == Op.Where) wheres[rest.Args[0]] = rest;
            }
        }
        var result = new List<Node>();
        foreach (Node rest in order)
        {
            double c = coefficients[rest];
            if (c == 0) continue;
            result.Add(c == 1 ? rest : Mul(Const(c), rest));
        }
        bool shapeLost = shape.Rank > 0 && result.Count > 1 && result.All(r => r.Shape.Rank < shape.Rank);
        if (constant != 0 || result.Count == 0 || shapeLost) result.Add(Const(constant, shapeLost ? shape : null));
        if (result.Count == 1) return Fit(result[0], shape);
        result.Sort((a, b) => Rank(a).CompareTo(Rank(b)));
        return Fit(Make(Op.Add, result.ToArray(), shape, ElemKind.Real), shape);
    }

    public Node Mul(params Node[] factors) => Mul((IEnumerable<Node>)factors);

    public Node Mul(IEnumerable<Node> factors)
    {
        var flat = new List<Node>();
        foreach (Node f in factors)
        {
            RequireNumeric(f, "*");
            if (f.Op == Op.Mul) flat.AddRange(f.Args); else flat.Add(f);
        }
        Shape shape = BroadcastAll(flat);
        double coefficient = 1;
        var rest = new List<Node>();
        foreach (Node f in flat)
        {
            if (f.Op == Op.Const) coefficient *= f.Value; else rest.Add(f);
        }
        if (coefficient == 0) return Const(0, shape);

        // Push the product into a one-sided where: where(c, a, 0) * g = where(c, a * g, 0). Then g (which may be
        // inf or NaN where c is false) never multiplies the zero of the unselected branch: the "double where" fix.
        int whereAt = rest.FindIndex(f => f.Op == Op.Where && (f.Args[1].IsConst(0) || f.Args[2].IsConst(0)));
        if (whereAt >= 0 && rest.Count > 1)
        {
            Node w = rest[whereAt];
            // The coefficient carries the product's shape, so the factors keep meeting it rather than each other.
            var others = rest.Where((_, i) => i != whereAt).Append(Const(coefficient, shape)).ToList();
            Node a = w.Args[1].IsConst(0) ? w.Args[1] : Mul(others.Append(w.Args[1]));
            Node b = w.Args[2].IsConst(0) ? w.Args[2] : Mul(others.Append(w.Args[2]));
            return Fit(Where(w.Args[0], a, b), shape);
        }

        // A scattered adjoint is exactly 0 in the entries that no label selects, where another per-entry factor may
        // be NaN or ∞ (the sqrt of a negative column sum that no row picks). The factor is gathered into the scatter
        // instead, Σ_{i: t_i = j} a_i · g_j = Σ_{i: t_i = j} a_i · g[t_i], so unselected entries are never multiplied.
        int scatterAt = rest.FindIndex(f => f.Op == Op.ScatterSum);
        if (scatterAt >= 0 && rest.Count > 1 && rest.All(f => f == rest[scatterAt] || IsPerEntryOf(f, rest[scatterAt])))
        {
            Node s = rest[scatterAt];
            var inner = rest.Where((_, i) => i != scatterAt).Select(f => f.Shape.Rank == 0 ? f : Gather(f, s.Args[1]))
                .Append(Const(coefficient)).Append(s.Args[0]).ToList();
            return Fit(ScatterSum(Mul(inner), s.Args[1], s.Shape.D0), shape);
        }

        // Equal factors become powers: x * x = x^2, and a base times a power of it merges for a run-time exponent
        // too: s * s^(k - 1) = s^k. Kept apart, the pair is 0 * ∞ = NaN at s = 0 when k < 1 (the focal loss's
        // gradient at a confident sample), where the merged power is 0.
        var powers = new List<(Node Base, Node Exponent)>();
        foreach (Node f in rest)
        {
            (Node b, Node e) = f.Op == Op.Pow && f.Args[1].Shape.Rank == 0 ? (f.Args[0], f.Args[1]) : (f, Const(1));
            int at = powers.FindIndex(p => p.Base == b);
            if (at >= 0) powers[at] = (b, Add(powers[at].Exponent, e)); else powers.Add((b, e));
        }
        var result = new List<Node>();
        foreach ((Node b, Node e) in powers)
        {
            if (e.IsConst(0)) continue;
            result.Add(e.IsConst(1) ? b : Pow(b, e));
        }
        if (result.Count == 0) return Const(coefficient, shape);
        result.Sort((a, b) => Rank(a).CompareTo(Rank(b)));
        // The arguments must broadcast back to the node's shape when it is rebuilt: when only lower-rank factors
        // remain (a row vector times a column vector), the coefficient carries the full shape.
        bool shapeLost = shape.Rank > 0 && result.All(r => r.Shape.Rank < shape.Rank);
        if (coefficient != 1 || (shapeLost && result.Count > 1)) result.Insert(0, Const(coefficient, shapeLost ? shape : null));
        if (result.Count == 1) return Fit(result[0], shape);
        return Fit(Make(Op.Mul, result.ToArray(), shape, ElemKind.Real), shape);
    }

    public Node Div(Node a, Node b)
    {
        RequireNumeric(a, "/");
        RequireNumeric(b, "/");
        Shape shape = Broadcast(a.Shape, b.Shape);
        if (b.Op == Op.Const) return Fit(Mul(a, Const(1 / b.Value)), shape);
        if (a.IsConst(0)) return Const(0, shape);
        if (a.Op == Op.Where && (a.Args[1].IsConst(0) || a.Args[2].IsConst(0)))
            return Fit(Where(a.Args[0], Div(a.Args[1], b), Div(a.Args[2], b)), shape);
        // The divisor is gathered into a scatter for the same reason as in Mul: unselected entries stay exactly 0.
        if (a.Op == Op.ScatterSum && IsPerEntryOf(b, a))
            return Fit(ScatterSum(Div(a.Args[0], b.Shape.Rank == 0 ? b : Gather(b, a.Args[1])), a.Args[1], a.Shape.D0), shape);
        return Make(Op.Div, [a, b], shape, ElemKind.Real);
    }

    public Node Pow(Node x, Node k)
    {
        RequireNumeric(x, "^");
        RequireNumeric(k, "^");
        Shape shape = Broadcast(x.Shape, k.Shape);
        if (k.Op == Op.Const)
        {
            if (k.Value == 0) return Const(1, shape);
            if (k.Value == 1) return Fit(x, shape);
            if (x.Op == Op.Const) return Const(Math.Pow(x.Value, k.Value), shape);
            if (x.Op == Op.Pow && x.Args[1].Op == Op.Const && IsInteger(k.Value) && IsInteger(x.Args[1].Value))
                return Pow(x.Args[0], Const(x.Args[1].Value * k.Value));
        }
        return Make(Op.Pow, [x, k], shape, ElemKind.Real);
    }

    // ---- elementwise functions ----

    public Node Unary(Op op, Node x) => Apply(OperationTable.Of(op) ?? throw new InvalidOperationException($"{op} is not a table operation"), x);

    /// <summary>
    /// An operation of <see cref="OperationTable"/> applied to its operands: checks that each is a number or a
    /// condition as the entry requires, folds constant operands with the entry's value rule, and simplifies the two
    /// single-operation identities: abs of a non-negative function is the function, log(exp(x)) is x.
    /// </summary>
    public Node Apply(OperationEntry f, params Node[] args)
    {
        foreach (Node arg in args)
        {
            if (f.Operands == OperandKind.Number) RequireNumeric(arg, f.Name);
            else RequireCondition(arg, f.Name);
        }
        Shape shape = args.Length == 1 ? args[0].Shape : BroadcastAll(args);
        ElemKind kind = f.Result == OperandKind.Condition ? ElemKind.Bool : ElemKind.Real;
        if (args.All(a => a.Op == Op.Const))
            return Const(f.Value(args.Select(a => a.Value).ToArray()), shape, kind);
        Node x = args[0];
        if (f.Op == Op.Abs && OperationTable.Of(x.Op) is { IsNonNegative: true }) return x;
        if (f.Op == Op.Log && x.Op == Op.Exp) return x.Args[0];
        return Make(f.Op, args, shape, kind);
    }

    public Node Max2(Node a, Node b) => Binary(Op.Max2, a, b);

    public Node Min2(Node a, Node b) => Binary(Op.Min2, a, b);

    private Node Binary(Op op, Node a, Node b)
    {
        RequireNumeric(a, op == Op.Max2 ? "max" : "min");
        RequireNumeric(b, op == Op.Max2 ? "max" : "min");
        Shape shape = Broadcast(a.Shape, b.Shape);
        if (a.Op == Op.Const && b.Op == Op.Const)
            return Const(op == Op.Max2 ? Math.Max(a.Value, b.Value) : Math.Min(a.Value, b.Value), shape);
        if (a == b) return Fit(a, shape);
        return Make(op, [a, b], shape, ElemKind.Real);
    }

    public Node Clamp(Node x, Node lo, Node hi)
    {
        RequireNumeric(x, "clamp");
        RequireNumeric(lo, "clamp");
        RequireNumeric(hi, "clamp");
        Shape shape = BroadcastAll([x, lo, hi]);
        if (x.Op == Op.Const && lo.Op == Op.Const && hi.Op == Op.Const)
            return Const(Math.Min(Math.Max(x.Value, lo.Value), hi.Value), shape);
        return Make(Op.Clamp, [x, lo, hi], shape, ElemKind.Real);
    }

    public Node Compare(Op op, Node a, Node b)
    {
        if (a.Kind == ElemKind.Bool || b.Kind == ElemKind.Bool)
            throw ShapeError("A comparison cannot compare the result of another comparison");
        Shape shape = Broadcast(a.Shape, b.Shape);
        if (a.Op == Op.Const && b.Op == Op.Const)
        {
            bool r = op switch
            {
                Op.Less => a.Value < b.Value,
                Op.LessEqual => a.Value <= b.Value,
                Op.Greater => a.Value > b.Value,
                Op.GreaterEqual => a.Value >= b.Value,
                Op.Equal => a.Value == b.Value,
                _ => a.Value != b.Value,
            };
            return Const(r ? 1 : 0, shape, ElemKind.Bool);
        }
        return Make(op, [a, b], shape, ElemKind.Bool);
    }

    public Node Where(Node c, Node a, Node b)
    {
        if (c.Kind != ElemKind.Bool)
            throw ShapeError("The first argument of where(...) must be a comparison such as y == 1 or yhat < y");
        RequireNumeric(a, "where");
        RequireNumeric(b, "where");
        Shape shape = BroadcastAll([c, a, b]);
        if (c.Op == Op.Const) return Fit(c.Value != 0 ? a : b, shape);
        if (a == b) return Fit(a, shape);
        // where(c, where(c, x, _), y) = where(c, x, y)
        if (a.Op == Op.Where && a.Args[0] == c) a = a.Args[1];
        if (b.Op == Op.Where && b.Args[0] == c) b = b.Args[2];
        ElemKind kind = a.Kind == ElemKind.Int && b.Kind == ElemKind.Int ? ElemKind.Int : ElemKind.Real;
        return Make(Op.Where, [c, a, b], shape, kind);
    }

    // ---- indexing ----

    /// <summary><c>v[t]</c>: element t[i] of the rank-1 value v, for each i.</summary>
    public Node Gather(Node v, Node labels)
    {
        RequireLabels(labels, "v[t]");
        if (v.Shape.Rank != 1)
            throw ShapeError($"Only rank-1 values can be indexed by labels, but this value has rank {v.Shape.Rank}");
        RequireNumeric(v, "[]");
        return Make(Op.Gather, [v, labels], Shape.Vector(labels.Shape.D0), v.Kind);
    }

    /// <summary><c>pick(z, t)</c>: z[i, t[i]] for each row i.</summary>
    public Node Pick(Node z, Node labels)
    {
        RequireLabels(labels, "pick");
        if (z.Shape.Rank != 2)
            throw ShapeError($"pick(x, t) needs a rank-2 x [rows, classes], but x has rank {z.Shape.Rank}");
        RequireNumeric(z, "pick");
        Dims.Union(labels.Shape.D0, z.Shape.D0);
        return Make(Op.Pick, [z, labels], Shape.Vector(z.Shape.D0), z.Kind);
    }

    /// <summary>The adjoint of <see cref="Gather"/>: out[k] = sum of values[i] over i with labels[i] = k.</summary>
    /// <summary>A scalar, or a rank-1 value with one entry per entry of <paramref name="scatter"/>.</summary>
    private bool IsPerEntryOf(Node f, Node scatter)
        => f.Shape.Rank == 0 || (f.Shape.Rank == 1 && Dims.Same(f.Shape.D0, scatter.Shape.D0));

    public Node ScatterSum(Node values, Node labels, int dim)
        => Make(Op.ScatterSum, [values, labels], Shape.Vector(dim), ElemKind.Real);

    // ---- reductions ----

    public Node Reduce(Op op, Node x, Axis axis)
    {
        RequireNumeric(x, op.ToString().ToLowerInvariant());
        axis = NormalizeAxis(x.Shape, axis, op);
        if (x.Shape.Rank == 0)
        {
            return op switch
            {
                Op.Norm => Unary(Op.Abs, x),
                _ => x,
            };
        }
        Shape shape = ReducedShape(x.Shape, axis);
        if (x.Op == Op.Const)
        {
            switch (op)
            {
                case Op.Mean or Op.Max or Op.Min:
                    // The constant itself, except over an empty set, where the unfolded reduction gives NaN (0/0), −∞
                    // or +∞: folding must not turn an empty batch's NaN mean into a number.
                    double empty = op switch { Op.Mean => double.NaN, Op.Max => double.NegativeInfinity, _ => double.PositiveInfinity };
                    return Fit(Where(Compare(Op.Greater, Count(x.Shape, axis), Const(0)), Const(x.Value), Const(empty)), shape);
                case Op.Sum: return Fit(Mul(Const(x.Value), Count(x.Shape, axis)), shape);
            }
        }
        return Make(op, [x], shape, ElemKind.Real, axis: axis);
    }

    /// <summary>
    /// <c>sum(x, where: c)</c> is the sum of the selected elements; <c>mean(x, where: c, weights: w)</c> is
    /// Σ w·x / Σ w over the selected elements (w = 1 without weights:). A mean that selects nothing (or whose weights
    /// sum to 0) is 0 with a zero gradient, so a batch of ignored rows adds nothing instead of NaN.
    /// </summary>
    public Node SelectiveReduce(Op op, Node x, Axis axis, Node? selected, Node? weights)
    {
        RequireNumeric(x, op.ToString().ToLowerInvariant());
        if (weights is not null) RequireNumeric(weights, "weights:");
        Node term = weights is null ? x : Mul(weights, x);
        if (selected is not null) term = Where(selected, term, Const(0));
        if (op == Op.Sum) return Reduce(Op.Sum, term, axis);
        Node weight = Fit(weights ?? Const(1), term.Shape);
        if (selected is not null) weight = Where(selected, weight, Const(0));
        Node total = Reduce(Op.Sum, Fit(weight, term.Shape), axis);
        return Where(Compare(Op.NotEqual, total, Const(0)), Div(Reduce(Op.Sum, term, axis), total), Const(0));
    }

    /// <summary>
    /// <c>per_column(v)</c>: v has one entry per column, so it meets rank-2 values column by column (v[j] with column
    /// j) rather than row by row. <c>per_column(v, x)</c> also makes v's length the column count of x at once, for a v
    /// that is only ever indexed (<c>w[t]</c>). The declaration is about v's length, so it holds wherever v is used.
    /// </summary>
    public Node PerColumn(Node v, Node? of = null)
    {
        if (v.Shape.Rank != 1)
            throw ShapeError($"per_column(v) needs a rank-1 value, but this one has rank {v.Shape.Rank}");
        if (of is not null && of.Shape.Rank != 2)
            throw ShapeError($"per_column(v, x) needs a rank-2 x, but x has rank {of.Shape.Rank}");
        if (!_columnDims.Any(d => Dims.Same(d, v.Shape.D0))) _columnDims.Add(v.Shape.D0);
        if (of is not null) Broadcast(v.Shape, of.Shape);
        return v;
    }

    /// <summary>softmax or log_softmax along an axis; the result has the shape of <paramref name="x"/>.</summary>
    public Node RowTransform(Op op, Node x, Axis axis)
    {
        RequireNumeric(x, op == Op.Softmax ? "softmax" : "log_softmax");
        axis = NormalizeAxis(x.Shape, axis, op);
        if (x.Shape.Rank == 0)
            return op == Op.Softmax ? Const(1) : Const(0);
        return Make(op, [x], x.Shape, ElemKind.Real, axis: axis);
    }

    public static Shape ReducedShape(Shape shape, Axis axis) => (shape.Rank, axis) switch
    {
        (2, Axis.Dim1) => Shape.Vector(shape.D0),
        (2, Axis.Dim0) => Shape.Vector(shape.D1),
        _ => Shape.Scalar,
    };

    private Axis NormalizeAxis(Shape shape, Axis axis, Op op)
    {
        if (shape.Rank == 2) return axis;
        if (axis == Axis.Dim1)
            throw ShapeError($"{Describe(op)} over dim: 1 needs a rank-2 value, but this one has rank {shape.Rank}");
        return Axis.All;
    }

    private static string Describe(Op op) => op switch
    {
        Op.LogSumExp => "logsumexp",
        Op.LogSoftmax => "log_softmax",
        _ => op.ToString().ToLowerInvariant(),
    };

    // ---- shapes ----

    public Shape Broadcast(Shape a, Shape b)
    {
        if (a.Rank == 0) return b;
        if (b.Rank == 0) return a;
        if (a.Rank == 1 && b.Rank == 1) { Dims.Union(a.D0, b.D0); return a; }
        if (a.Rank == 2 && b.Rank == 2) { Dims.Union(a.D0, b.D0); Dims.Union(a.D1, b.D1); return a; }
        (Shape v, Shape m) = a.Rank == 1 ? (a, b) : (b, a);
        if (_columnDims.Any(d => Dims.Same(d, v.D0)))
        {
            if (Dims.Same(v.D0, m.D0))
                throw ShapeError("A per_column value meets a rank-2 value whose row count is its length too, so it would be read both per row and per column");
            Dims.Union(v.D0, m.D1);
            return m;
        }
        // A rank-1 value meets a rank-2 one row by row, unless its size is already known to be the column count.
        if (!(Dims.Same(v.D0, m.D1) && !Dims.Same(v.D0, m.D0)))
            Dims.Union(v.D0, m.D0);
        return m;
    }

    private Shape BroadcastAll(IReadOnlyList<Node> nodes)
    {
        // Highest rank first, so that each rank-1 operand meets the matrix (per row, or per column) rather than
        // being tied to another rank-1 operand that may run the other way.
        Shape shape = Shape.Scalar;
        foreach (Node n in nodes.OrderByDescending(n => n.Shape.Rank)) shape = Broadcast(shape, n.Shape);
        return shape;
    }

    /// <summary>Keeps a simplified result at the shape of the expression it replaces, so counts stay right.</summary>
    private Node Fit(Node node, Shape shape)
    {
        if (node.Shape.Rank >= shape.Rank) return node;
        if (node.Op == Op.Const) return Const(node.Value, shape, node.Kind);
        return Make(Op.Mul, [Const(1, shape), node], shape, ElemKind.Real);
    }

    // ---- helpers ----

    private (double, Node) SplitCoefficient(Node t)
    {
        if (t.Op != Op.Mul || t.Args[0].Op != Op.Const || t.Args[0].Shape.Rank != 0)
            return (1, t);
        Node rest = t.Args.Length == 2 ? t.Args[1] : Make(Op.Mul, t.Args.Skip(1).ToArray(), t.Shape, ElemKind.Real);
        return (t.Args[0].Value, rest);
    }

    private void RequireNumeric(Node n, string what)
    {
        if (n.Kind == ElemKind.Bool)
            throw new FormulaException(new FormulaDiagnostic(DiagnosticIds.Shape,
                $"A comparison cannot be used as a number (in '{what}'); use where(condition, a, b)", n.Origin));
    }

    /// <summary>Located at the operator (the current span): a number operand, such as an input, may have no span of its own.</summary>
    private void RequireCondition(Node n, string what)
    {
        if (n.Kind != ElemKind.Bool)
            throw ShapeError($"'{what}' combines conditions such as y > 0 or t != 0, but one of its operands is a number");
    }

    private void RequireLabels(Node labels, string what)
    {
        if (labels.Op != Op.Input || labels.Kind != ElemKind.Int || labels.Shape.Rank != 1)
            throw ShapeError($"The index in {what} must be an integer label parameter (ReadOnlySpan<int>)");
    }

    public FormulaException ShapeError(string message)
        => new(new FormulaDiagnostic(DiagnosticIds.Shape, message, CurrentSpan));

    private static bool IsInteger(double v) => Math.Abs(v) < 1e9 && v == Math.Floor(v);

    private static int Rank(Node n) => n.Op == Op.Const ? -1 : n.Id;

    private Node Make(Op op, Node[] args, Shape shape, ElemKind kind, double value = 0, int index = 0, Axis axis = Axis.All)
    {
        var key = new NodeKey(op, args, shape, kind, value, index, axis);
        if (_nodes.TryGetValue(key, out Node? existing)) return existing;
        var node = new Node(_nextId++, op, args, shape, kind, value, index, axis, CurrentSpan);
        if (node.Depth > MaxDepth)
            throw new FormulaException(new FormulaDiagnostic(DiagnosticIds.Syntax,
                $"The formula is too deeply nested ({MaxDepth} levels of operations); split it into fewer nested steps", CurrentSpan));
        _nodes.Add(key, node);
        return node;
    }

    private readonly struct NodeKey : IEquatable<NodeKey>
    {
        private readonly Op _op;
        private readonly Node[] _args;
        private readonly Shape _shape;
        private readonly ElemKind _kind;
        private readonly long _value;
        private readonly int _index;
        private readonly Axis _axis;

        public NodeKey(Op op, Node[] args, Shape shape, ElemKind kind, double value, int index, Axis axis)
        {
            _op = op;
            _args = args;
            _shape = shape;
            _kind = kind;
            _value = BitConverter.DoubleToInt64Bits(value);
            _index = index;
            _axis = axis;
        }

        public bool Equals(NodeKey other)
        {
            if (_op != other._op || _shape != other._shape || _kind != other._kind || _value != other._value
                || _index != other._index || _axis != other._axis || _args.Length != other._args.Length)
                return false;
            for (int i = 0; i < _args.Length; i++)
                if (!ReferenceEquals(_args[i], other._args[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is NodeKey k && Equals(k);

        public override int GetHashCode()
        {
            int h = ((int)_op * 397) ^ _shape.GetHashCode() ^ (_value.GetHashCode() * 31) ^ (_index * 17) ^ ((int)_axis << 3) ^ ((int)_kind << 5);
            foreach (Node a in _args) h = (h * 31) + a.Id;
            return h;
        }
    }
}
