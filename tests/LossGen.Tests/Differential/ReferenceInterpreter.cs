using System.Collections.Immutable;
using LossGen.Formula;

namespace LossGen.Tests.Differential;

/// <summary>A parameter of a loss as the reference interpreter sees it.</summary>
internal enum ParamKind { Vector, Matrix, Labels, Scalar }

internal sealed record RefParam(string Name, ParamKind Kind, double? Default = null);

/// <summary>A [Loss] declaration for the reference interpreter: its formula and parameters (siblings are callable).</summary>
internal sealed record RefLoss(string Name, string Formula, ImmutableArray<RefParam> Parameters);

/// <summary>An argument value: a tensor (row-major, rows × cols; a vector has cols = 1), labels or a scalar.</summary>
internal sealed record RefArgument(double[]? Data, int Rows, int Cols, int[]? Labels, double Scalar)
{
    public static RefArgument Vector(double[] data) => new(data, data.Length, 1, null, 0);

    public static RefArgument Matrix(double[] data, int rows, int cols) => new(data, rows, cols, null, 0);

    public static RefArgument Of(int[] labels) => new(null, labels.Length, 1, labels, 0);

    public static RefArgument Of(double scalar) => new(null, 1, 1, null, scalar);
}

/// <summary>What the interpreter computed: the loss, the per-row losses when the formula has that form, gradients.</summary>
internal sealed class RefResult
{
    public required double Loss { get; init; }
    public required bool LossRough { get; init; }

    /// <summary>Σ |∂loss/∂v|·|v| over the intermediate values: the loss's first-order rounding-error scale.</summary>
    public required double ErrorScale { get; init; }
    public double[]? PerSample { get; init; }
    public bool[]? PerSampleRough { get; init; }

    /// <summary>Per row, the largest magnitude among the values it was computed from: its rounding-error scale
    /// (−u + (1 + u) is 1 to the compiler, which merges like terms, and 0 in floating point at u = 1e30).</summary>
    public double[]? PerSampleLargest { get; init; }

    /// <summary>Per tensor parameter name.</summary>
    public required Dictionary<string, RefGradient> Gradients { get; init; }
}

/// <summary>
/// ∂loss/∂element; the same with every path's contribution in magnitude (the scale of its rounding error); which
/// entries went through an infinite or NaN value or partial (unreliable), and which through a kink.
/// </summary>
internal sealed record RefGradient(double[] Gradient, double[] Magnitude, bool[] Unreliable, bool[] NearKink);

/// <summary>
/// The reference evaluator of the differential fuzzer: a direct, scalar, double-precision tree-walking interpreter of
/// the formula language, written from docs/language.md. It walks the shared parser's syntax tree (there is one
/// parser) and nothing else of the compiler: no binder, no IR, no simplification, no lowering, no emitter. Gradients
/// come from its own scalar reverse-mode <see cref="Tape"/>. Conventions at non-smooth points follow the language
/// reference (abs'(0) = 0, relu'(0) = 0, ties of max/min go to the first argument, tied maxima of a reduction share
/// the gradient, norm'(0) = 0, where sends the gradient to the selected branch only, x^k has derivative exactly 0
/// when k = 0).
/// </summary>
internal sealed class ReferenceInterpreter
{
    private readonly IReadOnlyDictionary<string, RefLoss> _siblings;
    private readonly double _kinkTolerance;
    private readonly Tape _tape;
    private readonly double _epsilon;
    private readonly HashSet<string> _perColumnNames = new();
    private readonly HashSet<string> _scalarParameters = new();

    /// <param name="isDouble">the method's element type, which decides what counts as out of range.</param>
    /// <param name="kinkTolerance">relative distance to a kink, tie or branch boundary under which a value counts as
    /// "near" it: results that depend on it are compared for their NaN/∞ pattern only (1e-5 for float methods, whose
    /// intermediate roundings can pick the other side).</param>
    private ReferenceInterpreter(IReadOnlyDictionary<string, RefLoss> siblings, double kinkTolerance, bool isDouble)
    {
        // Double's range is taken as 1e±200: constants the compiler folds in another order (1e300 * exp(226)) then
        // still lie inside the real range.
        _tape = isDouble ? new Tape(1e200, 1e-200) : new Tape(float.MaxValue, 1.2e-38);
        _epsilon = isDouble ? 1.1e-16 : 6e-8;
        _siblings = siblings;
        _kinkTolerance = kinkTolerance;
    }

    public static RefResult Run(RefLoss loss, IReadOnlyDictionary<string, RefLoss> siblings, IReadOnlyDictionary<string, RefArgument> arguments, bool isDouble)
    {
        double kinkTolerance = isDouble ? 1e-12 : 1e-5;
        var interpreter = new ReferenceInterpreter(siblings, kinkTolerance, isDouble);
        var leaves = new Dictionary<string, Value>();
        foreach (RefParam p in loss.Parameters)
        {
            RefArgument a = arguments[p.Name];
            leaves[p.Name] = p.Kind switch
            {
                ParamKind.Vector => interpreter.Tensor(1, a.Rows, 1, a.Data!),
                ParamKind.Matrix => interpreter.Tensor(2, a.Rows, a.Cols, a.Data!),
                ParamKind.Labels => new Value(1, a.Rows, 1, [], false) { Labels = a.Labels },
                _ => interpreter.Tensor(0, 1, 1, [a.Scalar]),
            };
        }
        FormulaSyntax syntax = Parser.Parse(loss.Formula);
        Value root = interpreter.EvaluateFormula(syntax, leaves);
        if (root.Rank != 0) throw new InvalidOperationException($"'{loss.Formula}' does not reduce to a scalar");
        int rootId = root.Ids[0];
        (double[] adjoint, double[] absolute, bool[] unreliable, bool[] nearKink, double errorScale) = interpreter._tape.Backward(rootId);
        var gradients = new Dictionary<string, RefGradient>();
        foreach (RefParam p in loss.Parameters.Where(p => p.Kind is ParamKind.Vector or ParamKind.Matrix))
        {
            int[] ids = leaves[p.Name].Ids;
            gradients[p.Name] = new RefGradient(ids.Select(i => i <= rootId ? adjoint[i] : 0).ToArray(),
                ids.Select(i => i <= rootId ? absolute[i] : 0).ToArray(),
                ids.Select(i => i <= rootId && unreliable[i]).ToArray(),
                ids.Select(i => i <= rootId && nearKink[i]).ToArray());
        }

        double[]? perSample = null;
        bool[]? perSampleRough = null;
        double[]? perSampleLargest = null;
        var fresh = new ReferenceInterpreter(siblings, kinkTolerance, isDouble);
        var freshLeaves = loss.Parameters.ToDictionary(p => p.Name, p => leaves[p.Name].Labels is int[] l
            ? new Value(1, leaves[p.Name].Rows, 1, [], false) { Labels = l }
            : fresh.Tensor(leaves[p.Name].Rank, leaves[p.Name].Rows, leaves[p.Name].Cols, leaves[p.Name].Ids.Select(interpreter._tape.Value).ToArray()));
        fresh._scalarParameters.UnionWith(loss.Parameters.Where(p => p.Kind == ParamKind.Scalar).Select(p => p.Name));
        if (fresh.PerSampleForm(syntax, freshLeaves) is Value rows)
        {
            perSample = rows.Ids.Select(fresh._tape.Value).ToArray();
            perSampleRough = rows.Ids.Select(id => fresh._tape.IsRough(id) || fresh._tape.IsFromInexact(id)).ToArray();
            perSampleLargest = rows.Ids.Select(fresh._tape.Largest).ToArray();
        }
        return new RefResult
        {
            Loss = interpreter._tape.Value(rootId),
            LossRough = interpreter._tape.IsRough(rootId),
            ErrorScale = errorScale,
            PerSample = perSample,
            PerSampleRough = perSampleRough,
            PerSampleLargest = perSampleLargest,
            Gradients = gradients,
        };
    }

    // ---- values ----

    /// <summary>A rank-0, 1 or 2 value: one tape entry per element (row-major). A rank-1 value read per column of a
    /// matrix carries <see cref="PerColumn"/>; label parameters carry <see cref="Labels"/> instead of entries.</summary>
    private sealed record Value(int Rank, int Rows, int Cols, int[] Ids, bool PerColumn)
    {
        public int[]? Labels { get; init; }

        public int Length => Ids.Length;
    }

    private Value Tensor(int rank, int rows, int cols, double[] data)
        => new(rank, rows, cols, data.Select(_tape.Leaf).ToArray(), false);

    private Value Scalar(int id) => new(0, 1, 1, [id], false);

    private Value Constant(double v) => Scalar(_tape.Leaf(v));

    private double V(int id) => _tape.Value(id);

    private bool Near(double a, double b)
        => a == b || (_kinkTolerance > 0 && Math.Abs(a - b) <= _kinkTolerance * Math.Max(Math.Abs(a), Math.Abs(b)))
           || (_kinkTolerance > 0 && Math.Abs(a - b) <= 1e-30);

    // ---- formulas, bindings, composition ----

    private Value EvaluateFormula(FormulaSyntax syntax, Dictionary<string, Value> scope)
    {
        foreach (Binding b in syntax.Bindings) scope[b.Name] = Eval(b.Value, scope);
        return Eval(syntax.Result, scope);
    }

    /// <summary>
    /// The per-row losses of a loss written Σ ±c·mean(e) or Σ ±c·sum(e), with e rank-1 per-row terms and c scalar
    /// factors free of reductions (language.md: "when the loss is a mean or sum over rows of per-row terms, possibly
    /// scaled, negated or added"). Null for any other form of formula.
    /// </summary>
    private Value? PerSampleForm(FormulaSyntax syntax, Dictionary<string, Value> scope)
    {
        foreach (Binding b in syntax.Bindings) scope[b.Name] = Eval(b.Value, scope);
        var terms = syntax.Result is SumExpr s ? s.Terms : [(false, syntax.Result)];
        Value? total = null;
        foreach ((bool negate, Expr term) in terms)
        {
            Expr inner = term;
            bool neg = negate;
            while (inner is NegateExpr n) { neg = !neg; inner = n.Operand; }
            var factors = inner is ProductExpr p ? p.Factors : [(false, inner)];
            Value? rows = null;
            var scale = new List<(bool Divide, Value Factor)>();
            foreach ((bool divide, Expr f) in factors)
            {
                if (rows is null && !divide && f is CallExpr { Name: "mean" or "sum" } c && c.Arguments.Length == 1 && c.Arguments[0].Name is null)
                {
                    Value e = Eval(c.Arguments[0].Value, scope);
                    if (e.Rank != 1) return null;
                    rows = e;
                }
                else if (IsBatchConstant(f, scope))
                {
                    scale.Add((divide, Eval(f, scope)));
                }
                else
                {
                    return null;
                }
            }
            if (rows is null) return null;
            Value row = rows;
            foreach ((bool divide, Value factor) in scale)
                row = divide ? Elementwise(row, factor, (a, b) => a / b, (a, b) => 1 / b, (a, b) => -a / (b * b)) : Multiply(row, factor);
            if (neg) row = Negate(row);
            total = total is null ? row : Elementwise(total, row, (a, b) => a + b, (_, _) => 1, (_, _) => 1);
        }
        return total;
    }

    /// <summary>A scalar factor that is the same for every row: numbers and scalar parameters, no reductions.</summary>
    private bool IsBatchConstant(Expr e, Dictionary<string, Value> scope) => e switch
    {
        NumberExpr => true,
        NameExpr n => _scalarParameters.Contains(n.Name),
        NegateExpr n => IsBatchConstant(n.Operand, scope),
        PowerExpr p => IsBatchConstant(p.Base, scope) && IsBatchConstant(p.Exponent, scope),
        ProductExpr p => p.Factors.All(f => IsBatchConstant(f.Factor, scope)),
        SumExpr s => s.Terms.All(t => IsBatchConstant(t.Term, scope)),
        _ => false,
    };

    private Value Eval(Expr e, Dictionary<string, Value> scope)
    {
        switch (e)
        {
            case NumberExpr n:
                return Constant(n.Value);
            case NameExpr n:
            {
                if (!scope.TryGetValue(n.Name, out Value? v)) throw new InvalidOperationException($"unknown name '{n.Name}'");
                return v.Rank == 1 && _perColumnNames.Contains(n.Name) ? v with { PerColumn = true } : v;
            }
            case NegateExpr n:
                return Negate(Eval(n.Operand, scope));
            case SumExpr s:
            {
                Value acc = Eval(s.Terms[0].Term, scope);
                if (s.Terms[0].Negate) acc = Negate(acc);
                foreach ((bool negate, Expr term) in s.Terms.Skip(1))
                {
                    Value t = Eval(term, scope);
                    acc = negate
                        ? Elementwise(acc, t, (a, b) => a - b, (_, _) => 1, (_, _) => -1)
                        : Elementwise(acc, t, (a, b) => a + b, (_, _) => 1, (_, _) => 1);
                }
                return acc;
            }
            case ProductExpr p:
            {
                Value acc = Eval(p.Factors[0].Factor, scope);
                if (p.Factors[0].Divide) acc = Elementwise(Constant(1), acc, (a, b) => a / b, (_, b) => 1 / b, (a, b) => -a / (b * b));
                foreach ((bool divide, Expr factor) in p.Factors.Skip(1))
                {
                    Value f = Eval(factor, scope);
                    acc = divide ? Elementwise(acc, f, (a, b) => a / b, (_, b) => 1 / b, (a, b) => -a / (b * b)) : Multiply(acc, f);
                }
                return acc;
            }
            case PowerExpr p:
                return Power(Eval(p.Base, scope), Eval(p.Exponent, scope));
            case IndexExpr ix:
            {
                Value v = Eval(ix.Target, scope);
                Value t = Eval(ix.Index, scope);
                if (v.Rank != 1 || t.Labels is null) throw new InvalidOperationException("v[t] needs a rank-1 v and labels t");
                // The generated code rejects such labels before reading; a shrinker's candidate (u[t]) can have them.
                if (t.Labels.Any(l => l < 0 || l >= v.Ids.Length)) throw new InvalidOperationException("a label is outside v");
                return new Value(1, t.Rows, 1, t.Labels.Select(l => v.Ids[l]).ToArray(), false);
            }
            case CallExpr c:
                return Call(c, scope);
            default:
                throw new InvalidOperationException($"unexpected syntax {e.GetType().Name}");
        }
    }

    private Value Call(CallExpr c, Dictionary<string, Value> scope)
    {
        var positional = c.Arguments.Where(a => a.Name is null).Select(a => a.Value).ToList();
        Expr? Named(string name) => c.Arguments.FirstOrDefault(a => a.Name == name)?.Value;
        Value Arg(int k) => Eval(positional[k], scope);
        int? dim = Named("dim") is Expr d ? (int)DimValue(d) : null;

        switch (c.Name)
        {
            case "abs": return Map(Arg(0), Math.Abs, x => x > 0 ? 1 : x < 0 ? -1 : 0, x => x == 0 || Near(x, 0));
            case "exp": return Map(Arg(0), Math.Exp, Math.Exp);
            case "log": return Map(Arg(0), Math.Log, x => 1 / x);
            case "log1p": return Map(Arg(0), Log1p, x => 1 / (1 + x));
            case "expm1": return Map(Arg(0), Expm1, Math.Exp);
            case "sqrt": return Map(Arg(0), Math.Sqrt, x => 1 / (2 * Math.Sqrt(x)));
            case "sigmoid": return Map(Arg(0), Sigmoid, x => Sigmoid(x) * (1 - Sigmoid(x)), scale: Sigmoid);
            case "log_sigmoid": return Map(Arg(0), x => -Softplus(-x), x => Sigmoid(-x));
            case "softplus": return Map(Arg(0), Softplus, Sigmoid);
            case "tanh": return Map(Arg(0), Math.Tanh, x => 1 - Math.Tanh(x) * Math.Tanh(x), scale: _ => 1);
            case "cosh": return Map(Arg(0), Math.Cosh, Math.Sinh);
            case "sinh": return Map(Arg(0), Math.Sinh, Math.Cosh);
            case "relu": return Map(Arg(0), x => Math.Max(x, 0), x => x > 0 ? 1 : 0, x => Near(x, 0));
            case "pow": return Power(Arg(0), Arg(1));
            case "max" or "min" when positional.Count == 2:
            {
                bool isMax = c.Name == "max";
                return Select2(Arg(0), Arg(1), (a, b) => isMax ? a >= b : a <= b);
            }
            case "clamp": return Clamp(Arg(0), Arg(1), Arg(2));
            case "where":
            {
                Mask m = Compare((CompareExpr)positional[0], scope);
                return Where(m, Arg(1), Arg(2));
            }
            case "sum" or "mean" or "max" or "min" or "logsumexp" or "norm":
            {
                Value x = Arg(0);
                Mask? selected = Named("where") is CompareExpr w ? Compare(w, scope) : null;
                Value? weights = Named("weights") is Expr we ? Eval(we, scope) : null;
                return Reduce(c.Name, x, dim, selected, weights);
            }
            case "softmax" or "log_softmax":
                return RowTransform(c.Name == "log_softmax", Arg(0), dim);
            case "pick":
            {
                Value z = Arg(0);
                Value t = Arg(1);
                int[] labels = t.Labels!;
                return new Value(1, z.Rows, 1, Enumerable.Range(0, z.Rows).Select(i => z.Ids[i * z.Cols + labels[i]]).ToArray(), false);
            }
            case "rows": return Constant(Arg(0).Rows);
            case "cols": return Constant(Arg(0).Cols);
            case "per_column":
            {
                if (positional[0] is NameExpr n) _perColumnNames.Add(n.Name);
                return Arg(0) with { PerColumn = true };
            }
            default:
                return CallSibling(c, scope);
        }
    }

    private static double DimValue(Expr d) => d switch
    {
        NumberExpr n => n.Value,
        NegateExpr { Operand: NumberExpr n } => -n.Value,
        _ => throw new InvalidOperationException("dim: takes a literal"),
    };

    private Value CallSibling(CallExpr c, Dictionary<string, Value> scope)
    {
        RefLoss callee = _siblings[c.Name];
        var inner = new Dictionary<string, Value>();
        int position = 0;
        foreach (Argument a in c.Arguments)
        {
            string name = a.Name ?? callee.Parameters[position++].Name;
            inner[name] = Eval(a.Value, scope);
        }
        foreach (RefParam p in callee.Parameters.Where(p => !inner.ContainsKey(p.Name)))
            inner[p.Name] = Constant(p.Default ?? throw new InvalidOperationException($"missing argument {p.Name} of {c.Name}"));
        // The callee's per_column declarations are about its own parameter names.
        var saved = new HashSet<string>(_perColumnNames);
        _perColumnNames.Clear();
        Value result = EvaluateFormula(Parser.Parse(callee.Formula), inner);
        _perColumnNames.Clear();
        _perColumnNames.UnionWith(saved);
        return result;
    }

    // ---- elementwise operations with broadcasting ----

    /// <summary>The common shape of two operands (language.md, "Shapes and broadcasting").</summary>
    private static (int Rank, int Rows, int Cols, bool PerColumn) Common(Value a, Value b)
    {
        if (a.Rank == 0) return (b.Rank, b.Rows, b.Cols, b.PerColumn);
        if (b.Rank == 0) return (a.Rank, a.Rows, a.Cols, a.PerColumn);
        if (a.Rank == 1 && b.Rank == 1)
        {
            if (a.Length != b.Length) throw new InvalidOperationException($"lengths {a.Length} and {b.Length} differ");
            return (1, a.Rows, 1, a.PerColumn || b.PerColumn);
        }
        Value m = a.Rank == 2 ? a : b;
        if (a.Rank == 2 && b.Rank == 2 && (a.Rows != b.Rows || a.Cols != b.Cols)) throw new InvalidOperationException("matrix shapes differ");
        return (2, m.Rows, m.Cols, false);
    }

    /// <summary>Element (i, j) of <paramref name="v"/> broadcast to a value of rank <paramref name="rank"/>.</summary>
    private static int At(Value v, int rank, int cols, int i, int j)
    {
        switch (v.Rank)
        {
            case 0: return v.Ids[0];
            case 1 when rank == 2:
            {
                int index = v.PerColumn ? j : i;
                if (index >= v.Length) throw new InvalidOperationException($"a rank-1 value of length {v.Length} does not fit the matrix {(v.PerColumn ? "per column" : "per row")}");
                return v.Ids[index];
            }
            case 1: return v.Ids[i];
            default: return v.Ids[i * cols + j];
        }
    }

    private Value Build(int rank, int rows, int cols, bool perColumn, Func<int, int, int> element)
    {
        var ids = new int[rank == 0 ? 1 : rows * cols];
        for (int i = 0; i < (rank == 0 ? 1 : rows); i++)
            for (int j = 0; j < (rank == 2 ? cols : 1); j++)
                ids[rank == 2 ? i * cols + j : i] = element(i, j);
        return new Value(rank, rank == 0 ? 1 : rows, rank == 2 ? cols : 1, ids, rank == 1 && perColumn);
    }

    private Value Map(Value x, Func<double, double> f, Func<double, double> df, Func<double, bool>? nearKink = null, Func<double, double>? scale = null)
        => x with
        {
            Ids = x.Ids.Select(id => { double v = V(id); return _tape.Unary(f(v), id, df(v), nearKink?.Invoke(v) ?? false, scale?.Invoke(v)); }).ToArray(),
        };

    private Value Elementwise(Value a, Value b, Func<double, double, double> f, Func<double, double, double> da, Func<double, double, double> db)
    {
        (int rank, int rows, int cols, bool perColumn) = Common(a, b);
        return Build(rank, rows, cols, perColumn, (i, j) =>
        {
            int x = At(a, rank, cols, i, j), y = At(b, rank, cols, i, j);
            double u = V(x), w = V(y);
            return _tape.Binary(f(u, w), x, da(u, w), y, db(u, w));
        });
    }

    private Value Multiply(Value a, Value b) => Elementwise(a, b, (x, y) => x * y, (_, y) => y, (x, _) => x);

    private Value Negate(Value a) => Map(a, x => -x, _ => -1);

    /// <summary>x^k: derivative k·x^(k−1) to x (exactly 0 when k = 0) and x^k·log x to k.</summary>
    private Value Power(Value x, Value k)
        => Elementwise(x, k, Math.Pow, (u, e) => e == 0 ? 0 : e * Math.Pow(u, e - 1), (u, e) => Math.Pow(u, e) * Math.Log(u));

    /// <summary>max(a, b) / min(a, b): the first argument wins ties (<paramref name="firstWins"/>).</summary>
    private Value Select2(Value a, Value b, Func<double, double, bool> firstWins)
    {
        (int rank, int rows, int cols, bool perColumn) = Common(a, b);
        return Build(rank, rows, cols, perColumn, (i, j) =>
        {
            int x = At(a, rank, cols, i, j), y = At(b, rank, cols, i, j);
            // A NaN argument makes the result NaN (Math.Max/Min and IEEE 754-2019 maximum/minimum propagate it).
            if (double.IsNaN(V(x)) || double.IsNaN(V(y))) return _tape.Binary(double.NaN, x, double.NaN, y, double.NaN);
            bool first = firstWins(V(x), V(y));
            return _tape.Unary(first ? V(x) : V(y), first ? x : y, 1, Near(V(x), V(y)));
        });
    }

    private Value Clamp(Value x, Value lo, Value hi)
    {
        (int r1, int rows1, int cols1, bool pc1) = Common(x, lo);
        (int rank, int rows, int cols, bool perColumn) = Common(new Value(r1, rows1, cols1, new int[r1 == 0 ? 1 : rows1 * cols1], pc1), hi);
        return Build(rank, rows, cols, perColumn, (i, j) =>
        {
            int xi = At(x, rank, cols, i, j), l = At(lo, rank, cols, i, j), h = At(hi, rank, cols, i, j);
            double v = V(xi);
            int chosen = v < V(l) ? l : v > V(h) ? h : xi;
            bool near = Near(v, V(l)) || Near(v, V(h));
            // Near a bound x stays a (zero-weight) parent, so that its gradient entry is known to sit at a kink.
            return near && chosen != xi ? _tape.Binary(V(chosen), chosen, 1, xi, 0, nearKink: true) : _tape.Unary(V(chosen), chosen, 1, near);
        });
    }

    // ---- comparisons and where ----

    private sealed record Mask(int Rank, int Rows, int Cols, bool PerColumn, bool[] Holds, bool[] Near);

    private Mask Compare(CompareExpr c, Dictionary<string, Value> scope)
    {
        Value a = Eval(c.Left, scope), b = Eval(c.Right, scope);
        double Read(Value v, int rank, int cols, int i, int j)
            => v.Labels is int[] l ? l[i] : V(At(v, rank, cols, i, j));
        Value shapeA = a.Labels is null ? a : new Value(1, a.Rows, 1, new int[a.Rows], false);
        Value shapeB = b.Labels is null ? b : new Value(1, b.Rows, 1, new int[b.Rows], false);
        (int rank, int rows, int cols, bool perColumn) = Common(shapeA, shapeB);
        int count = rank == 0 ? 1 : rows * cols;
        var holds = new bool[count];
        var near = new bool[count];
        for (int i = 0; i < (rank == 0 ? 1 : rows); i++)
        {
            for (int j = 0; j < (rank == 2 ? cols : 1); j++)
            {
                double u = Read(a, rank, cols, i, j), w = Read(b, rank, cols, i, j);
                int at = rank == 2 ? i * cols + j : i;
                holds[at] = c.Op switch
                {
                    CompareOp.Less => u < w,
                    CompareOp.LessEqual => u <= w,
                    CompareOp.Greater => u > w,
                    CompareOp.GreaterEqual => u >= w,
                    CompareOp.Equal => u == w,
                    _ => u != w,
                };
                // Labels and exact data are compared exactly; computed values near the boundary may round either way.
                near[at] = a.Labels is null && b.Labels is null && _kinkTolerance > 0 && Near(u, w) && !(c.Op is CompareOp.Equal or CompareOp.NotEqual && u == w);
            }
        }
        return new Mask(rank, rows, cols, perColumn, holds, near);
    }

    private static (bool Holds, bool Near) MaskAt(Mask m, int rank, int cols, int i, int j)
    {
        int at = m.Rank switch
        {
            0 => 0,
            1 when rank == 2 => m.PerColumn ? j : i,
            1 => i,
            _ => i * cols + j,
        };
        return (m.Holds[at], m.Near[at]);
    }

    private static Value ShapeOf(Mask m) => new(m.Rank, m.Rows, m.Cols, new int[m.Rank == 0 ? 1 : m.Rows * m.Cols], m.PerColumn);

    private Value Where(Mask m, Value a, Value b)
    {
        (int r1, int rows1, int cols1, bool pc1) = Common(ShapeOf(m), a);
        (int rank, int rows, int cols, bool perColumn) = Common(new Value(r1, rows1, cols1, new int[r1 == 0 ? 1 : rows1 * cols1], pc1), b);
        return Build(rank, rows, cols, perColumn, (i, j) =>
        {
            (bool holds, bool near) = MaskAt(m, rank, cols, i, j);
            int chosen = holds ? At(a, rank, cols, i, j) : At(b, rank, cols, i, j);
            return near ? _tape.Unary(V(chosen), chosen, 1, nearKink: true) : chosen;
        });
    }

    // ---- reductions and row transforms ----

    /// <summary>The groups of element positions a reduction combines, and the result's shape.</summary>
    private static (List<List<int>> Groups, int Rank, int Length, bool PerColumn) Groups(int rank, int rows, int cols, int? dim)
    {
        var groups = new List<List<int>>();
        if (rank == 2 && dim is 0)
        {
            for (int j = 0; j < cols; j++) groups.Add(Enumerable.Range(0, rows).Select(i => i * cols + j).ToList());
            return (groups, 1, cols, true);
        }
        if (rank == 2 && dim is 1 or -1)
        {
            for (int i = 0; i < rows; i++) groups.Add(Enumerable.Range(0, cols).Select(j => i * cols + j).ToList());
            return (groups, 1, rows, false);
        }
        if (rank == 1 && dim is 1 or -1) throw new InvalidOperationException("dim: 1 on a rank-1 value");
        groups.Add(Enumerable.Range(0, rank == 0 ? 1 : rank == 1 ? rows : rows * cols).ToList());
        return (groups, 0, 1, false);
    }

    private Value Reduce(string op, Value x, int? dim, Mask? selected, Value? weights)
    {
        if (x.Rank == 0 && selected is null && weights is null)
            return op == "norm" ? Map(x, Math.Abs, v => v > 0 ? 1 : v < 0 ? -1 : 0, v => Near(v, 0)) : x;

        // where: and weights: broadcast with x like arithmetic; the reduction then runs over the common shape.
        Value term = x, weight = Constant(1);
        if (weights is not null)
        {
            term = Multiply(weights, x);
            (int wr, int wrows, int wcols, bool wpc) = Common(weights, term);
            weight = Build(wr, wrows, wcols, wpc, (i, j) => At(weights, wr, wcols, i, j));
        }
        int rank = term.Rank, rows = term.Rows, cols = term.Cols;
        bool[]? keep = null;
        if (selected is not null)
        {
            (rank, rows, cols, _) = Common(ShapeOf(selected), term);
            keep = new bool[rank == 0 ? 1 : rows * cols];
            var near = new bool[keep.Length];
            for (int i = 0; i < (rank == 0 ? 1 : rows); i++)
                for (int j = 0; j < (rank == 2 ? cols : 1); j++)
                    (keep[rank == 2 ? i * cols + j : i], near[rank == 2 ? i * cols + j : i]) = MaskAt(selected, rank, cols, i, j);
            Value t0 = term, w0 = weight;
            term = Build(rank, rows, cols, false, (i, j) => At(t0, rank, cols, i, j));
            weight = Build(rank, rows, cols, false, (i, j) => At(w0, rank, cols, i, j));
            if (near.Any(n => n)) term = term with { Ids = term.Ids.Select((id, k) => near[k] ? _tape.Unary(V(id), id, 1, nearKink: true) : id).ToArray() };
        }
        else if (weights is not null && weight.Rank < rank)
        {
            Value w0 = weight;
            weight = Build(rank, rows, cols, false, (i, j) => At(w0, rank, cols, i, j));
        }

        (List<List<int>> groups, int outRank, int length, bool perColumn) = Groups(rank, rows, cols, dim);
        var result = new int[outRank == 0 ? 1 : length];
        for (int g = 0; g < groups.Count; g++)
        {
            List<int> members = keep is null ? groups[g] : groups[g].Where(k => keep[k]).ToList();
            int[] ids = members.Select(k => term.Ids[rank == 0 ? 0 : k]).ToArray();
            result[g] = op switch
            {
                "sum" => SumOf(ids),
                "mean" when selected is null && weights is null => MeanOf(ids),
                "mean" => WeightedMean(ids, members.Select(k => weight.Ids[weight.Rank == 0 ? 0 : k]).ToArray()),
                "max" => Extreme(ids, true),
                "min" => Extreme(ids, false),
                "logsumexp" => LogSumExp(ids),
                _ => NormOf(ids),
            };
        }
        return new Value(outRank, outRank == 0 ? 1 : length, 1, result, perColumn);
    }

    private int SumOf(int[] ids)
    {
        if (ids.Length == 0) return _tape.Leaf(0);
        double sum = ids.Sum(V), magnitude = ids.Sum(i => Math.Abs(V(i)));
        int id = _tape.Nary(sum, ids, Enumerable.Repeat(1.0, ids.Length).ToArray());
        // Terms that cancel beyond the element type's precision (each rounding is ε·Σ|x| absolutely): the generated sum
        // and this one differ by more than a thousandth of the result, in an order-dependent way. Seed 7648604's
        // float dw[204] (1.352e-5 against 1.463e-5) came from σ′ of such a row mean (±1e30 among O(1) entries).
        if (double.IsFinite(magnitude) && _epsilon * magnitude > 1e-3 * Math.Abs(sum)) _tape.MarkInexact(id);
        return id;
    }

    /// <summary>The sum, then the division: the sum is a value of its own, which can overflow where the mean does not.</summary>
    private int MeanOf(int[] ids)
    {
        int sum = SumOf(ids);
        return _tape.Unary(V(sum) / ids.Length, sum, 1.0 / ids.Length);
    }

    /// <summary>Σ w·x / Σ w over the selected elements (the w·x products are the <paramref name="terms"/>); 0 with a
    /// zero gradient when Σ w = 0.</summary>
    private int WeightedMean(int[] terms, int[] weights)
    {
        double total = weights.Sum(V);
        if (total == 0) return _tape.Leaf(0);
        double numerator = terms.Sum(V);
        var parents = terms.Concat(weights).ToArray();
        var partials = terms.Select(_ => 1 / total).Concat(weights.Select(_ => -numerator / (total * total))).ToArray();
        return _tape.Nary(numerator / total, parents, partials, Near(total, 0));
    }

    private int Extreme(int[] ids, bool max)
    {
        if (ids.Length == 0) return _tape.Leaf(max ? double.NegativeInfinity : double.PositiveInfinity);
        double best = max ? ids.Max(V) : ids.Min(V);
        int ties = ids.Count(i => V(i) == best);
        bool near = ids.Count(i => Near(V(i), best)) > 1;
        return _tape.Nary(best, ids, ids.Select(i => V(i) == best ? 1.0 / ties : 0).ToArray(), near);
    }

    private int LogSumExp(int[] ids)
    {
        if (ids.Length == 0) return _tape.Leaf(double.NegativeInfinity);
        double m = ids.Max(V);
        if (double.IsInfinity(m)) m = 0;
        double value = m + Math.Log(ids.Sum(i => Math.Exp(V(i) - m)));
        // x − m loses eps·|m| absolutely; beyond 1e-5 the exponentials carry no comparable digits.
        return _tape.Nary(value, ids, ids.Select(i => Math.Exp(V(i) - value)).ToArray(), illConditioned: _epsilon * Math.Abs(m) > 1e-5);
    }

    private int NormOf(int[] ids)
    {
        // √(Σ x²) as written: the squares and their sum are values of their own, which can overflow or underflow.
        int[] squares = ids.Select(i => _tape.Unary(V(i) * V(i), i, 2 * V(i))).ToArray();
        int sum = SumOf(squares);
        double value = Math.Sqrt(V(sum));
        return _tape.Unary(value, sum, value == 0 ? 0 : 1 / (2 * value), value == 0 || Near(value, 0));
    }

    private Value RowTransform(bool log, Value x, int? dim)
    {
        if (x.Rank == 0) return Constant(log ? 0 : 1);
        (List<List<int>> groups, _, _, _) = Groups(x.Rank, x.Rows, x.Cols, x.Rank == 1 ? null : dim);
        var ids = new int[x.Length];
        foreach (List<int> group in groups)
        {
            int lse = LogSumExp(group.Select(k => x.Ids[k]).ToArray());
            foreach (int k in group)
            {
                double value = V(x.Ids[k]) - V(lse);
                int logp = _tape.Binary(value, x.Ids[k], 1, lse, -1);
                ids[k] = log ? logp : _tape.Unary(Math.Exp(value), logp, Math.Exp(value));
            }
        }
        return x with { Ids = ids };
    }

    // ---- scalar functions, from their definitions ----

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Softplus(double x) => Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x)));

    private static double Log1p(double x) => Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4 : Math.Log(1 + x);

    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
}
