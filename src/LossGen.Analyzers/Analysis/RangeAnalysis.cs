using System;
using System.Collections.Generic;
using LossGen.Ir;
using LossGen.Ir.Operations;

namespace LossGen.Analyzers.Analysis;

/// <summary>The floating-point type a loss computes in, and the thresholds that follow from it.</summary>
internal sealed class Precision
{
    public static readonly Precision Single = new(false);
    public static readonly Precision Double = new(true);

    private Precision(bool isDouble) => IsDouble = isDouble;

    public bool IsDouble { get; }

    public string TypeName => IsDouble ? "double" : "float";

    /// <summary>exp(x) is +∞ above this.</summary>
    public double ExpOverflow => IsDouble ? 709.782712893384 : 88.72283905206835;

    /// <summary>The epsilon the code fixes insert: far above the type's resolution near 0, far below any real value.</summary>
    public string Epsilon => IsDouble ? "1e-12" : "1e-7";

    /// <summary>Rounds to the method's type, as the generated kernel would store the value.</summary>
    public double Round(double v) => IsDouble ? v : (double)(float)v;

    /// <summary>Some value strictly above <paramref name="v"/> and representable in the method's type.</summary>
    public double Above(double v)
    {
        if (double.IsInfinity(v) || double.IsNaN(v)) return v;
        if (v == 0) return IsDouble ? double.Epsilon : 1.401298464324817E-45;
        double step = Math.Abs(v) * (IsDouble ? 2.3e-16 : 1.2e-7);
        return v + Math.Max(step, IsDouble ? double.Epsilon : 1.401298464324817E-45);
    }

    /// <summary>Some value strictly below <paramref name="v"/>.</summary>
    public double Below(double v) => -Above(-v);
}

/// <summary>
/// Facts that hold inside one branch of a <c>where</c>: the narrowed ranges of the nodes its condition compares,
/// plus the ranges computed under those facts. The root context has no facts.
/// </summary>
internal sealed class RangeContext
{
    public RangeContext(RangeContext? parent, Dictionary<Node, Interval>? facts)
    {
        Parent = parent;
        Facts = facts ?? new Dictionary<Node, Interval>();
    }

    public RangeContext? Parent { get; }
    public Dictionary<Node, Interval> Facts { get; }
    public Dictionary<Node, Interval> Memo { get; } = new();
    public Dictionary<(Node, bool), RangeContext> Branches { get; } = new();

    public bool TryGetFact(Node n, out Interval interval)
    {
        for (RangeContext? c = this; c is not null; c = c.Parent)
            if (c.Facts.TryGetValue(n, out interval)) return true;
        interval = default;
        return false;
    }
}

/// <summary>
/// Interval analysis over the IR. Inputs are seeded by their roles ([Probabilities] in [0, 1]; [Logits], [Target] and
/// unannotated tensors unbounded; hyperparameters at their default value, or an unknown positive number without
/// one), constants are exact (rounded to the method's type), and every operation has a rule that includes the
/// values rounding can produce (exp underflows to 0, sigmoid rounds to 0 or 1). Inside a <c>where</c> branch, the
/// nodes its condition compares are narrowed by the condition, so <c>where(q &gt; 0, log(q), 0)</c> is safe.
/// </summary>
internal sealed class RangeAnalysis
{
    // Narrowing multiplies work by the number of branch contexts; past this many node evaluations the analysis
    // stops narrowing (it stays sound, only less precise).
    private const int NarrowingBudget = 200_000;

    private readonly LossDecl _decl;
    private readonly Precision _p;
    private int _evaluations;

    public RangeAnalysis(LossDecl decl, Precision precision)
    {
        _decl = decl;
        _p = precision;
        Root = new RangeContext(null, null);
    }

    public RangeContext Root { get; }

    public Interval Of(Node n, RangeContext ctx)
    {
        if (Known(n, ctx, out Interval result)) return result;
        // Post-order with an explicit stack, so that deep formulas cannot overflow the call stack. The branches of a
        // where are computed in their own contexts (a nested call, as deep as wheres are nested).
        var stack = new Stack<Node>();
        stack.Push(n);
        while (stack.Count > 0)
        {
            Node top = stack.Peek();
            if (Known(top, ctx, out _))
            {
                stack.Pop();
                continue;
            }
            bool ready = true;
            int args = top.Op == Op.Where ? 1 : top.Args.Length;
            for (int i = 0; i < args; i++)
            {
                if (Known(top.Args[i], ctx, out _)) continue;
                stack.Push(top.Args[i]);
                ready = false;
            }
            if (!ready) continue;
            stack.Pop();
            _evaluations++;
            ctx.Memo[top] = Compute(top, ctx);
        }
        Known(n, ctx, out result);
        return result;
    }

    private static bool Known(Node n, RangeContext ctx, out Interval interval)
        => ctx.TryGetFact(n, out interval) || ctx.Memo.TryGetValue(n, out interval);

    /// <summary>The context of one branch of a <c>where</c> node: its condition assumed true or false.</summary>
    public RangeContext Branch(Node where, bool whenTrue, RangeContext ctx)
    {
        if (ctx.Branches.TryGetValue((where, whenTrue), out RangeContext? known)) return known;
        RangeContext result = ctx;
        if (_evaluations < NarrowingBudget)
        {
            Dictionary<Node, Interval>? facts = Narrow(where.Args[0], whenTrue, ctx);
            if (facts is not null && facts.Count > 0) result = new RangeContext(ctx, facts);
        }
        ctx.Branches[(where, whenTrue)] = result;
        return result;
    }

    private Interval Compute(Node n, RangeContext ctx)
    {
        Interval A(int i) => Of(n.Args[i], ctx);
        if (OperationTable.Of(n.Op) is { } f)
        {
            if (f.Range is null) return Interval.Unit;
            Interval x = A(0);
            if (x.IsEmpty) return x;
            (double lo, double hi) = f.Range(x.Lo, x.Hi);
            return Round(new Interval(lo, hi));
        }
        switch (n.Op)
        {
            case Op.Const:
                return Interval.Point(_p.Round(n.Value));
            case Op.Input:
                return InputRange(_decl.Inputs[n.Index]);
            case Op.Size:
                return new Interval(1, double.PositiveInfinity);
            case Op.ColumnIndex:
                return Interval.NonNegative;
            case Op.Add:
            {
                if (IsShiftedByOwnMaximum(n)) return new Interval(double.NegativeInfinity, 0);
                Interval sum = Interval.Point(0);
                foreach (Node a in n.Args) sum += Of(a, ctx);
                return Round(sum);
            }
            case Op.Mul:
            {
                Interval product = Interval.Point(1);
                foreach (Node a in n.Args) product *= Of(a, ctx);
                return Round(product);
            }
            case Op.Div:
            {
                Interval num = A(0);
                if (num.IsEmpty) return Interval.Empty;
                if (num.Lo == 0 && num.Hi == 0) return Interval.Point(0);
                return Round(num * A(1).Reciprocal());
            }
            case Op.Pow:
                return Round(Power(A(0), ExponentValue(n.Args[1]), A(1)));
            case Op.Max2:
                return Max(A(0), A(1));
            case Op.Min2:
                return Min(A(0), A(1));
            case Op.Clamp:
                return Min(Max(A(0), A(1)), A(2));
            case Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual:
                return Interval.Unit;
            case Op.Where:
                return Of(n.Args[1], Branch(n, true, ctx)).Union(Of(n.Args[2], Branch(n, false, ctx)));
            case Op.Gather or Op.Pick:
                return A(0);
            case Op.Sum:
            {
                Interval x = A(0);
                if (x.IsEmpty) return x;
                // sum(exp(x - max(x))) has a term exp(0) = 1.
                if (n.Args[0].Op == Op.Exp && MaxNodeOf(n.Args[0].Args[0]) is { } max && max.Axis == n.Axis)
                    return new Interval(1, double.PositiveInfinity);
                return new Interval(x.Lo >= 0 ? x.Lo : double.NegativeInfinity, x.Hi <= 0 ? x.Hi : double.PositiveInfinity);
            }
            case Op.Mean or Op.Max or Op.Min:
                return A(0);
            case Op.LogSumExp:
            {
                Interval x = A(0);
                return x.IsEmpty ? x : new Interval(x.Lo, double.PositiveInfinity);
            }
            case Op.Norm:
            {
                Interval x = A(0);
                if (x.IsEmpty) return x;
                if (x.Lo == 0 && x.Hi == 0) return Interval.Point(0);
                double lo = x.Lo > 0 ? x.Lo : x.Hi < 0 ? -x.Hi : 0;
                return new Interval(lo, double.PositiveInfinity);
            }
            case Op.Softmax:
                return Interval.Unit;
            case Op.LogSoftmax:
                return new Interval(double.NegativeInfinity, 0);
            default:
                return Interval.All;
        }
    }

    private Interval InputRange(InputDecl input)
    {
        switch (input.Kind)
        {
            case InputKind.Labels:
                return Interval.NonNegative;
            case InputKind.Scalar:
            case InputKind.IntScalar:
                // A hyperparameter is the caller's choice: its default when it has one, else a positive number.
                return input.DefaultValue is double d ? Interval.Point(_p.Round(d)) : new Interval(_p.Above(0), double.PositiveInfinity);
            default:
                return input.Role == Role.Probabilities ? Interval.Unit : Interval.All;
        }
    }

    /// <summary>The exponent's value when it is known: a constant, or a hyperparameter's default.</summary>
    public double? ExponentValue(Node k) => k.Op switch
    {
        Op.Const => k.Value,
        Op.Input when _decl.Inputs[k.Index].Kind is InputKind.Scalar or InputKind.IntScalar => _decl.Inputs[k.Index].DefaultValue,
        _ => null,
    };

    private Interval Power(Interval x, double? k, Interval kRange)
    {
        if (x.IsEmpty) return x;
        if (k is not double e)
            return x.Lo >= 0 ? Interval.NonNegative : Interval.All;
        bool integer = e == Math.Floor(e) && Math.Abs(e) < 1e9;
        if (integer && e > 0)
        {
            bool even = e % 2 == 0;
            double a = Math.Pow(x.Lo, e), b = Math.Pow(x.Hi, e);
            if (!even) return new Interval(a, b);
            if (x.Contains(0)) return new Interval(0, Math.Max(a, b));
            return new Interval(Math.Min(a, b), Math.Max(a, b));
        }
        if (integer && e < 0)
        {
            if (x.CanBeZero) return e % 2 == 0 ? Interval.NonNegative : Interval.All;
            double a = Math.Pow(x.Lo, e), b = Math.Pow(x.Hi, e);
            return new Interval(Math.Min(a, b), Math.Max(a, b));
        }
        // A fractional power is real only for x >= 0.
        double lo = Math.Max(x.Lo, 0), hi = Math.Max(x.Hi, 0);
        return e > 0 ? new Interval(Math.Pow(lo, e), Math.Pow(hi, e)) : new Interval(Math.Pow(hi, e), Math.Pow(lo, e));
    }

    private static Interval Max(Interval a, Interval b)
        => a.IsEmpty || b.IsEmpty ? Interval.Empty : new Interval(Math.Max(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi));

    private static Interval Min(Interval a, Interval b)
        => a.IsEmpty || b.IsEmpty ? Interval.Empty : new Interval(Math.Min(a.Lo, b.Lo), Math.Min(a.Hi, b.Hi));

    private Interval Round(Interval i) => i.IsEmpty ? i : new Interval(_p.Round(i.Lo), _p.Round(i.Hi));

    /// <summary>x - max(x) or x - logsumexp(x) (along some axis): never positive.</summary>
    private static bool IsShiftedByOwnMaximum(Node n) => MaxNodeOf(n) is not null;

    private static Node? MaxNodeOf(Node n)
    {
        if (n.Op != Op.Add || n.Args.Length != 2) return null;
        for (int i = 0; i < 2; i++)
        {
            Node x = n.Args[i], other = n.Args[1 - i];
            if (other.Op == Op.Mul && other.Args.Length == 2 && other.Args[0].IsConst(-1)
                && other.Args[1].Op is Op.Max or Op.LogSumExp && other.Args[1].Args[0] == x)
                return other.Args[1];
        }
        return null;
    }

    /// <summary>The narrowed ranges that hold when <paramref name="condition"/> is <paramref name="whenTrue"/>.</summary>
    private Dictionary<Node, Interval>? Narrow(Node condition, bool whenTrue, RangeContext ctx)
    {
        if (condition.Args.Length != 2 || condition.Op is not (Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual))
            return null;
        Node a = condition.Args[0], b = condition.Args[1];
        Interval ia = Of(a, ctx), ib = Of(b, ctx);
        Op op = whenTrue ? condition.Op : condition.Op switch
        {
            Op.Less => Op.GreaterEqual,
            Op.LessEqual => Op.Greater,
            Op.Greater => Op.LessEqual,
            Op.GreaterEqual => Op.Less,
            Op.Equal => Op.NotEqual,
            _ => Op.Equal,
        };
        Interval na = ia, nb = ib;
        switch (op)
        {
            case Op.Greater:
                na = ia.Intersect(new Interval(_p.Above(ib.Lo), double.PositiveInfinity));
                nb = ib.Intersect(new Interval(double.NegativeInfinity, _p.Below(ia.Hi)));
                break;
            case Op.GreaterEqual:
                na = ia.Intersect(new Interval(ib.Lo, double.PositiveInfinity));
                nb = ib.Intersect(new Interval(double.NegativeInfinity, ia.Hi));
                break;
            case Op.Less:
                na = ia.Intersect(new Interval(double.NegativeInfinity, _p.Below(ib.Hi)));
                nb = ib.Intersect(new Interval(_p.Above(ia.Lo), double.PositiveInfinity));
                break;
            case Op.LessEqual:
                na = ia.Intersect(new Interval(double.NegativeInfinity, ib.Hi));
                nb = ib.Intersect(new Interval(ia.Lo, double.PositiveInfinity));
                break;
            case Op.Equal:
                na = nb = ia.Intersect(ib);
                break;
            case Op.NotEqual:
                na = ExcludePoint(ia, ib);
                nb = ExcludePoint(ib, ia);
                break;
        }
        var facts = new Dictionary<Node, Interval>();
        AddFact(facts, a, ia, na, ctx);
        AddFact(facts, b, ib, nb, ctx);
        return facts;
    }

    private void AddFact(Dictionary<Node, Interval> facts, Node n, Interval before, Interval after, RangeContext ctx)
    {
        if (n.Op == Op.Const || after.Equals(before)) return;
        facts[n] = after;
        // |x| < c also bounds x.
        if (n.Op == Op.Abs && !after.IsEmpty && !double.IsInfinity(after.Hi))
            facts[n.Args[0]] = Of(n.Args[0], ctx).Intersect(new Interval(-after.Hi, after.Hi));
    }

    private Interval ExcludePoint(Interval x, Interval point)
    {
        if (x.IsEmpty || point.IsEmpty || point.Lo != point.Hi) return x;
        double c = point.Lo;
        if (x.Lo == c && x.Hi == c) return Interval.Empty;
        if (x.Lo == c) return new Interval(_p.Above(c), x.Hi);
        if (x.Hi == c) return new Interval(x.Lo, _p.Below(c));
        return c == 0 ? x.WithoutZero() : x;
    }
}
