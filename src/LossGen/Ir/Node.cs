using System.Collections.Generic;
using LossGen.Formula;

namespace LossGen.Ir;

internal enum Op
{
    // Leaves
    Const, Input, Size, ColumnIndex,
    // Arithmetic (Add and Mul are n-ary)
    Add, Mul, Div, Pow,
    // Elementwise functions
    Exp, Log, Log1p, Expm1, Sqrt, Abs, Sign, Sigmoid, LogSigmoid, Softplus, Tanh, Cosh, Sinh, Relu,
    Max2, Min2, Clamp,
    // Comparisons (Bool results, used by Where)
    Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual,
    Where,
    // Indexing by labels
    Gather, Pick,
    // Reductions and row transforms
    Sum, Mean, Max, Min, LogSumExp, Norm, Softmax, LogSoftmax,
    // Gradient of Gather: values[i] added into slot labels[i] of a vector
    ScatterSum,
    // Later elementwise functions (see Operations/OperationTable): trigonometric, special, stop-gradient, logic
    Sin, Cos, Atan, Acos, Erf, LogGamma, Digamma, Trigamma, Detach, And, Or, Not,
}

/// <summary>Which axes a reduction removes. Dim1 reduces each row (the result is per-row); Dim0 each column.</summary>
internal enum Axis { All, Dim0, Dim1 }

internal enum ElemKind { Real, Int, Bool }

/// <summary>
/// Shape of a value: rank 0 (scalar), rank 1 (one dimension) or rank 2 (rows, cols). Dimensions are symbolic
/// ids resolved through a <see cref="DimUnifier"/>, so sizes that the formula forces to be equal share one class.
/// </summary>
internal readonly record struct Shape(int Rank, int D0, int D1)
{
    public static readonly Shape Scalar = new(0, -1, -1);

    public static Shape Vector(int d) => new(1, d, -1);

    public static Shape Matrix(int rows, int cols) => new(2, rows, cols);

    public IEnumerable<int> Dims
    {
        get
        {
            if (Rank >= 1) yield return D0;
            if (Rank >= 2) yield return D1;
        }
    }
}

/// <summary>
/// One node of the expression DAG. Nodes are immutable and hash-consed by <see cref="Graph"/>: structurally equal
/// nodes are the same object, which is what shares subexpressions between the forward and backward passes.
/// </summary>
internal sealed class Node
{
    public Node(int id, Op op, Node[] args, Shape shape, ElemKind kind, double value, int index, Axis axis, Span origin)
    {
        Id = id;
        Op = op;
        Args = args;
        Shape = shape;
        Kind = kind;
        Value = value;
        Index = index;
        Axis = axis;
        Origin = origin;
        int depth = 0;
        foreach (Node arg in args)
            depth = System.Math.Max(depth, arg.Depth);
        Depth = depth + 1;
    }

    public int Id { get; }
    public Op Op { get; }
    public Node[] Args { get; }
    public Shape Shape { get; }
    public ElemKind Kind { get; }

    /// <summary>The constant's value (Const).</summary>
    public double Value { get; }

    /// <summary>The input's position (Input) or the dimension id (Size).</summary>
    public int Index { get; }

    public Axis Axis { get; }

    /// <summary>The formula text this node was built from; used to locate diagnostics.</summary>
    public Span Origin { get; }

    public int Depth { get; }

    public bool IsConst(double value) => Op == Op.Const && Value.Equals(value);

    public bool IsReduction => Op is Op.Sum or Op.Mean or Op.Max or Op.Min or Op.LogSumExp or Op.Norm;

    public override string ToString() => $"#{Id} {Op}";
}

/// <summary>Union-find over symbolic dimension ids.</summary>
internal sealed class DimUnifier
{
    private readonly List<int> _parent;

    public DimUnifier() => _parent = new List<int>();

    private DimUnifier(List<int> parent) => _parent = parent;

    public int Count => _parent.Count;

    public int NewDim()
    {
        _parent.Add(_parent.Count);
        return _parent.Count - 1;
    }

    public int Find(int d)
    {
        while (_parent[d] != d)
        {
            _parent[d] = _parent[_parent[d]];
            d = _parent[d];
        }
        return d;
    }

    public bool Same(int a, int b) => Find(a) == Find(b);

    public void Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a == b) return;
        // The smaller id stays the representative, so the first parameter that mentions a size names it.
        if (a < b) _parent[b] = a; else _parent[a] = b;
    }

    public DimUnifier Clone() => new(new List<int>(_parent));
}
