using System;
using System.Collections.Generic;
using System.Linq;
using LossGen.Ir;

namespace LossGen.Analyzers.Tests;

/// <summary>A value during interpretation: rank 0, 1 or 2, row-major.</summary>
internal sealed class Tensor
{
    public Tensor(int rank, int rows, int cols, double[] data)
    {
        Rank = rank;
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    public int Rank { get; }
    public int Rows { get; }
    public int Cols { get; }
    public double[] Data { get; }

    public static Tensor Scalar(double v) => new(0, 1, 1, [v]);

    public static Tensor Vector(params double[] v) => new(1, v.Length, 1, v);

    public static Tensor Matrix(double[,] m)
    {
        int r = m.GetLength(0), c = m.GetLength(1);
        var d = new double[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) d[i * c + j] = m[i, j];
        return new Tensor(2, r, c, d);
    }

    public double Item => Data[0];
}

/// <summary>
/// Evaluates IR in double precision, straight from the definitions of the operations (no lowering), for the numeric
/// checks of the code fixes: a fixed formula must give the original's values wherever the original was finite.
/// </summary>
internal sealed class Interpreter
{
    private readonly Graph _g;
    private readonly Dictionary<int, int> _sizes = new();
    private readonly Tensor[] _inputs;
    private readonly Dictionary<Node, Tensor> _memo = new();

    private Interpreter(BoundLoss bound, Tensor[] inputs)
    {
        _g = bound.Graph;
        _inputs = inputs;
        foreach (DimSource s in bound.DimSources)
        {
            Tensor t = inputs[s.Input];
            _sizes[_g.Dims.Find(s.Dim)] = s.Axis == 0 ? t.Rows : t.Cols;
        }
    }

    public static double Evaluate(BoundLoss bound, Tensor[] inputs) => Evaluate(bound, bound.Root, inputs).Item;

    public static Tensor Evaluate(BoundLoss bound, Node node, Tensor[] inputs) => new Interpreter(bound, inputs).Eval(node);

    private int Size(int dim) => _sizes[_g.Dims.Find(dim)];

    private (int Rows, int Cols) Extent(Shape s) => s.Rank switch
    {
        0 => (1, 1),
        1 => (Size(s.D0), 1),
        _ => (Size(s.D0), Size(s.D1)),
    };

    private Tensor Eval(Node n)
    {
        if (_memo.TryGetValue(n, out Tensor? known)) return known;
        Tensor result = Compute(n);
        _memo[n] = result;
        return result;
    }

    /// <summary>Element (i, j) of <paramref name="arg"/> broadcast to the shape <paramref name="target"/>, by the graph's rules.</summary>
    private double At(Node arg, Tensor value, Shape target, int i, int j)
    {
        switch (arg.Shape.Rank)
        {
            case 0:
                return value.Data[0];
            case 1 when target.Rank == 2:
            {
                bool alongColumns = _g.Dims.Same(arg.Shape.D0, target.D1) && !_g.Dims.Same(arg.Shape.D0, target.D0);
                return value.Data[alongColumns ? j : i];
            }
            case 1:
                return value.Data[i];
            default:
                return value.Data[i * value.Cols + j];
        }
    }

    private Tensor Elementwise(Node n, Func<double[], double> f)
    {
        Tensor[] args = n.Args.Select(Eval).ToArray();
        (int rows, int cols) = Extent(n.Shape);
        var data = new double[rows * cols];
        var x = new double[args.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                for (int k = 0; k < args.Length; k++) x[k] = At(n.Args[k], args[k], n.Shape, i, j);
                data[i * cols + j] = f(x);
            }
        }
        return new Tensor(n.Shape.Rank, rows, cols, data);
    }

    private Tensor Compute(Node n)
    {
        switch (n.Op)
        {
            case Op.Const:
            {
                (int r, int c) = Extent(n.Shape);
                return new Tensor(n.Shape.Rank, r, c, Enumerable.Repeat(n.Value, r * c).ToArray());
            }
            case Op.Input:
                return _inputs[n.Index];
            case Op.Size:
                return Tensor.Scalar(_sizes[_g.Dims.Find(n.Index)]);
            case Op.ColumnIndex:
            {
                (int r, int c) = Extent(n.Shape);
                var d = new double[r * c];
                for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) d[i * c + j] = j;
                return new Tensor(2, r, c, d);
            }
            case Op.Add: return Elementwise(n, x => x.Sum());
            case Op.Mul: return Elementwise(n, x => x.Aggregate(1.0, (a, b) => a * b));
            case Op.Div: return Elementwise(n, x => x[0] / x[1]);
            case Op.Pow: return Elementwise(n, x => Math.Pow(x[0], x[1]));
            case Op.Exp: return Elementwise(n, x => Math.Exp(x[0]));
            case Op.Log: return Elementwise(n, x => Math.Log(x[0]));
            case Op.Log1p: return Elementwise(n, x => Log1p(x[0]));
            case Op.Expm1: return Elementwise(n, x => Math.Abs(x[0]) < 1e-5 ? x[0] + x[0] * x[0] / 2 : Math.Exp(x[0]) - 1);
            case Op.Sqrt: return Elementwise(n, x => Math.Sqrt(x[0]));
            case Op.Abs: return Elementwise(n, x => Math.Abs(x[0]));
            case Op.Sign: return Elementwise(n, x => Math.Sign(x[0]));
            case Op.Sigmoid: return Elementwise(n, x => Sigmoid(x[0]));
            case Op.LogSigmoid: return Elementwise(n, x => -Softplus(-x[0]));
            case Op.Softplus: return Elementwise(n, x => Softplus(x[0]));
            case Op.Tanh: return Elementwise(n, x => Math.Tanh(x[0]));
            case Op.Cosh: return Elementwise(n, x => Math.Cosh(x[0]));
            case Op.Sinh: return Elementwise(n, x => Math.Sinh(x[0]));
            case Op.Relu: return Elementwise(n, x => Math.Max(x[0], 0));
            case Op.Max2: return Elementwise(n, x => x[0] >= x[1] ? x[0] : x[1]);
            case Op.Min2: return Elementwise(n, x => x[0] <= x[1] ? x[0] : x[1]);
            case Op.Clamp: return Elementwise(n, x => Math.Min(Math.Max(x[0], x[1]), x[2]));
            case Op.Less: return Elementwise(n, x => x[0] < x[1] ? 1 : 0);
            case Op.LessEqual: return Elementwise(n, x => x[0] <= x[1] ? 1 : 0);
            case Op.Greater: return Elementwise(n, x => x[0] > x[1] ? 1 : 0);
            case Op.GreaterEqual: return Elementwise(n, x => x[0] >= x[1] ? 1 : 0);
            case Op.Equal: return Elementwise(n, x => x[0] == x[1] ? 1 : 0);
            case Op.NotEqual: return Elementwise(n, x => x[0] != x[1] ? 1 : 0);
            case Op.Where: return Elementwise(n, x => x[0] != 0 ? x[1] : x[2]);
            case Op.Gather:
            {
                Tensor v = Eval(n.Args[0]), t = Eval(n.Args[1]);
                return Tensor.Vector(t.Data.Select(k => v.Data[(int)k]).ToArray());
            }
            case Op.Pick:
            {
                Tensor z = Eval(n.Args[0]), t = Eval(n.Args[1]);
                return Tensor.Vector(Enumerable.Range(0, z.Rows).Select(i => z.Data[i * z.Cols + (int)t.Data[i]]).ToArray());
            }
            case Op.ScatterSum:
            {
                Tensor v = Eval(n.Args[0]), t = Eval(n.Args[1]);
                var d = new double[Size(n.Shape.D0)];
                for (int i = 0; i < t.Data.Length; i++) d[(int)t.Data[i]] += v.Data[i];
                return Tensor.Vector(d);
            }
            case Op.Sum: return Reduce(n, xs => xs.Sum());
            case Op.Mean: return Reduce(n, xs => xs.Average());
            case Op.Max: return Reduce(n, xs => xs.Max());
            case Op.Min: return Reduce(n, xs => xs.Min());
            case Op.Norm: return Reduce(n, xs => Math.Sqrt(xs.Sum(v => v * v)));
            case Op.LogSumExp: return Reduce(n, LogSumExp);
            case Op.Softmax: return RowTransform(n, (xs, v) => Math.Exp(v - LogSumExp(xs)));
            case Op.LogSoftmax: return RowTransform(n, (xs, v) => v - LogSumExp(xs));
            default:
                throw new NotSupportedException(n.Op.ToString());
        }
    }

    private static IEnumerable<IEnumerable<double>> Groups(Tensor x, Axis axis, out int rank)
    {
        if (x.Rank < 2 || axis == Axis.All)
        {
            rank = 0;
            return [x.Data];
        }
        rank = 1;
        return axis == Axis.Dim1
            ? Enumerable.Range(0, x.Rows).Select(i => x.Data.Skip(i * x.Cols).Take(x.Cols))
            : Enumerable.Range(0, x.Cols).Select(j => Enumerable.Range(0, x.Rows).Select(i => x.Data[i * x.Cols + j]));
    }

    private Tensor Reduce(Node n, Func<IEnumerable<double>, double> f)
    {
        Tensor x = Eval(n.Args[0]);
        double[] values = Groups(x, n.Axis, out int rank).Select(g => f(g.ToList())).ToArray();
        return rank == 0 ? Tensor.Scalar(values[0]) : Tensor.Vector(values);
    }

    private Tensor RowTransform(Node n, Func<IReadOnlyList<double>, double, double> f)
    {
        Tensor x = Eval(n.Args[0]);
        var d = new double[x.Data.Length];
        if (x.Rank < 2 || n.Axis == Axis.All)
        {
            for (int k = 0; k < d.Length; k++) d[k] = f(x.Data, x.Data[k]);
        }
        else if (n.Axis == Axis.Dim1)
        {
            for (int i = 0; i < x.Rows; i++)
            {
                var row = x.Data.Skip(i * x.Cols).Take(x.Cols).ToList();
                for (int j = 0; j < x.Cols; j++) d[i * x.Cols + j] = f(row, row[j]);
            }
        }
        else
        {
            for (int j = 0; j < x.Cols; j++)
            {
                var col = Enumerable.Range(0, x.Rows).Select(i => x.Data[i * x.Cols + j]).ToList();
                for (int i = 0; i < x.Rows; i++) d[i * x.Cols + j] = f(col, col[i]);
            }
        }
        return new Tensor(x.Rank, x.Rows, x.Cols, d);
    }

    private static double LogSumExp(IEnumerable<double> xs)
    {
        var list = xs.ToList();
        double m = list.Max();
        if (double.IsInfinity(m)) return m;
        return m + Math.Log(list.Sum(v => Math.Exp(v - m)));
    }

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    public static double Softplus(double x) => Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x)));

    public static double Log1p(double x) => Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);
}
