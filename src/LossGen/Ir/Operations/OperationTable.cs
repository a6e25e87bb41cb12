using System;
using System.Collections.Generic;

namespace LossGen.Ir.Operations;

/// <summary>
/// The built-in elementwise operations, one <see cref="OperationEntry"/> each, declared by family in
/// <see cref="ElementaryFunctions"/> and <see cref="ActivationFunctions"/>. Every stage looks an operation up here
/// instead of switching on it. What stays outside the table is knowledge about several operations together: the
/// graph's algebra (like terms, merged powers, log(exp(x)) = x), the planner's shared softplus/sigmoid exp, and the
/// structural operations (arithmetic, where, comparisons, reductions, gathers), whose rules depend on shapes.
/// </summary>
internal static class OperationTable
{
    /// <summary>Every entry, in the order the binder lists the built-in names (which breaks ties in "did you mean").</summary>
    public static readonly IReadOnlyList<OperationEntry> All =
    [
        ElementaryFunctions.Abs, ElementaryFunctions.Exp, ElementaryFunctions.Log, ElementaryFunctions.Log1p,
        ElementaryFunctions.Expm1, ElementaryFunctions.Sqrt, ActivationFunctions.Sigmoid, ActivationFunctions.LogSigmoid,
        ActivationFunctions.Softplus, ElementaryFunctions.Tanh, ElementaryFunctions.Cosh, ElementaryFunctions.Sinh,
        ActivationFunctions.Relu, ElementaryFunctions.Sign,
    ];

    private static readonly Dictionary<Op, OperationEntry> ByOp = Index(e => e.Op);
    private static readonly Dictionary<string, OperationEntry> ByName = Index(e => e.Name);

    /// <summary>The entry of <paramref name="op"/>, or null for a structural operation.</summary>
    public static OperationEntry? Of(Op op) => ByOp.TryGetValue(op, out OperationEntry? e) ? e : null;

    /// <summary>The entry a formula calls by <paramref name="name"/>, or null.</summary>
    public static OperationEntry? Named(string name) => ByName.TryGetValue(name, out OperationEntry? e) ? e : null;

    private static Dictionary<TKey, OperationEntry> Index<TKey>(Func<OperationEntry, TKey> key)
    {
        var index = new Dictionary<TKey, OperationEntry>();
        foreach (OperationEntry e in All) index.Add(key(e), e);
        return index;
    }

    // ---- helpers the entries share ----

    internal static Func<double[], double> Unary(Func<double, double> f) => args => f(args[0]);

    /// <summary>The range rule of a non-decreasing function.</summary>
    internal static RangeRule Increasing(Func<double, double> f) => (lo, hi) => (f(lo), f(hi));

    /// <summary>The range rule of a function of |x| that grows with |x| (abs, cosh).</summary>
    internal static RangeRule EvenIncreasing(Func<double, double> f) => (lo, hi) =>
    {
        double far = Math.Max(Math.Abs(lo), Math.Abs(hi));
        double near = lo <= 0 && 0 <= hi ? 0 : Math.Min(Math.Abs(lo), Math.Abs(hi));
        return (f(near), f(far));
    };
}
