using System;
using LossGen.Ir;

namespace LossGen.Emit;

/// <summary>
/// How one kind of reduction (sum, max or min) starts and combines, in every form the kernels need: scalar
/// accumulators, per-lane vector accumulators, buffers updated a vector at a time, the horizontal step from a vector
/// to a scalar, and the identity that masked-off lanes contribute. The one place that knows these rules.
/// </summary>
internal sealed class ReductionRule
{
    public static readonly ReductionRule Sum = new(Op.Sum, null);
    public static readonly ReductionRule Max = new(Op.Max, "Max");
    public static readonly ReductionRule Min = new(Op.Min, "Min");

    private readonly string? _pick;

    private ReductionRule(Op op, string? pick)
    {
        Op = op;
        _pick = pick;
    }

    public Op Op { get; }

    /// <summary>The rule of a reduction node's operator (sum, mean and scatter-sums combine by addition).</summary>
    public static ReductionRule For(Op op) => op switch
    {
        Op.Max => Max,
        Op.Min => Min,
        _ => Sum,
    };

    /// <summary>The scalar every accumulator starts from: 0, −∞ for max, +∞ for min.</summary>
    public string Identity(ScalarSyntax t) => Op switch
    {
        Op.Max => t.NegativeInfinity,
        Op.Min => t.PositiveInfinity,
        _ => t.Literal(0),
    };

    /// <summary>The statement folding <paramref name="value"/> into the scalar <paramref name="target"/>.</summary>
    public string Accumulate(ScalarSyntax t, string target, string value)
        => _pick is null ? $"{target} += {value};" : $"{target} = {t.Math}.{_pick}({target}, {value});";

    /// <summary>The initial value of a per-lane vector accumulator.</summary>
    public string VectorIdentity(ScalarSyntax t, VectorSyntax v)
        => _pick is null ? $"{v.Type}.Zero" : $"{v.Api}.Create({Identity(t)})";

    /// <summary>The lane-wise combination of two vectors.</summary>
    public string CombineVectors(VectorSyntax v, string a, string b)
        => _pick is null ? $"{a} + {b}" : $"{v.Api}.{_pick}({a}, {b})";

    /// <summary>The statement folding the vector <paramref name="value"/> into the vector accumulator <paramref name="acc"/>.</summary>
    public string AccumulateVector(VectorSyntax v, string acc, string value)
        => _pick is null ? $"{acc} += {value};" : $"{acc} = {CombineVectors(v, acc, value)};";

    /// <summary>
    /// The statement folding unrolled vector accumulators (1, 2 or 4; combined pairwise) across their lanes into the
    /// scalar <paramref name="target"/>.
    /// </summary>
    public string AccumulateAcross(ScalarSyntax t, VectorSyntax v, string target, string[] acc)
    {
        string all = acc.Length switch
        {
            1 => acc[0],
            2 => CombineVectors(v, acc[0], acc[1]),
            4 => _pick is null
                ? $"{acc[0]} + {acc[1]} + ({acc[2]} + {acc[3]})"
                : CombineVectors(v, CombineVectors(v, acc[0], acc[1]), CombineVectors(v, acc[2], acc[3])),
            _ => throw new ArgumentOutOfRangeException(nameof(acc), acc.Length, "Lane loops unroll 1, 2 or 4 times."),
        };
        return _pick is null
            ? $"{target} += {v.Api}.Sum({all});"
            : $"{target} = {t.Math}.{_pick}({target}, {RuntimeNames.LossMath}.{_pick}Across({all}));";
    }
}
