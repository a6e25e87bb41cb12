using System.Collections.Immutable;
using System.Linq;
using LossGen.Ir;

namespace LossGen.Emit;

/// <summary>A value the kernel writes element by element: a gradient or the per-sample losses.</summary>
internal sealed record Sink(Node Value, Shape Domain, string Output, bool IsMatrix, string What);

/// <summary>
/// The schedule of one generated method, decided by <see cref="KernelPlanner"/> before any C# is written: its
/// passes in order, each pass's loop and what it reduces and writes, and for every lane loop whether it is
/// vectorized and why not. <see cref="KernelEmitter"/> prints it.
/// </summary>
internal sealed record KernelPlan(ImmutableArray<PassPlan> Passes, Node? Result)
{
    /// <summary>Whether some pass reduces into a per-element buffer (a column sum or a scatter), rented for the call.</summary>
    public bool NeedsBuffers => Passes.Any(p => p.Reductions.Any(r => r.Node.Shape.Rank == 1));
}

/// <summary>How a pass walks its outer dimension.</summary>
internal enum PassLoop
{
    /// <summary>Rank-1 work only: the outer loop is itself the lane loop (vectorized when it can be).</summary>
    Elements,

    /// <summary>One row at a time: per-row values, row reductions and column lane loops inside the row loop.</summary>
    Rows,
}

/// <summary>
/// One pass over one outer dimension: the global reductions it computes (the barriers between passes) and the
/// outputs it writes, fused into one loop.
/// </summary>
/// <param name="Number">1-based; a pass reads the global reductions of earlier passes.</param>
/// <param name="Dim">The outer dimension's size class.</param>
/// <param name="Chunked">
/// Whether the pass runs in fixed chunks (possibly on several threads): when every reduction it computes is one
/// scalar, the partial results of the chunks combine in chunk order.
/// </param>
/// <param name="Cost">Estimated work per element (1, plus 4 per transcendental or division), which chooses threading.</param>
/// <param name="RowReductions">Row reductions (dim: 1) computed in the row loop, batched by dependency level.</param>
/// <param name="LaneLoops">The lane loops of the pass's own work: the element loop, or one column loop per column dimension.</param>
internal sealed record PassPlan(
    int Number,
    int Dim,
    PassLoop Loop,
    bool Chunked,
    ImmutableArray<ReductionPlan> Reductions,
    ImmutableArray<Sink> Sinks,
    int Cost,
    ImmutableArray<RowReductionBatch> RowReductions,
    ImmutableArray<LanePlan> LaneLoops);

/// <summary>A global reduction (over all elements, down columns, or scattered by labels) and its combine rule.</summary>
internal sealed record ReductionPlan(Node Node, ReductionRule Rule);

/// <summary>Row reductions of one dependency level over one column dimension, computed by one shared lane loop.</summary>
internal sealed record RowReductionBatch(int Level, ImmutableArray<Node> Reductions, LanePlan Loop);

/// <summary>Where a lane loop puts the value of one item.</summary>
internal enum LaneTarget
{
    /// <summary>Accumulated into a scalar with the item's rule.</summary>
    Scalar,

    /// <summary>Accumulated lane by lane into a buffer indexed by the lane (a reduction down columns).</summary>
    Buffer,

    /// <summary>Stored into an output.</summary>
    Output,
}

/// <summary>One thing a lane loop does per element.</summary>
/// <param name="Rule">The combine rule of an accumulated item; null for a store.</param>
internal sealed record LaneItem(Node Value, LaneTarget Target, ReductionRule? Rule);

/// <summary>
/// A loop over one lane dimension, and how it runs: vectorized (then with <paramref name="Unroll"/> vectors per
/// iteration, and the arguments whose softplus and sigmoid share one exp) or scalar, with the reason (LG0005).
/// </summary>
internal sealed record LanePlan(
    int Dim,
    ImmutableArray<LaneItem> Items,
    ScalarReason? WhyScalar,
    int Unroll,
    ImmutableHashSet<Node> SharedSoftplusSigmoid)
{
    public bool IsVectorized => WhyScalar is null;
}

/// <summary>Why a lane loop stays scalar, with the node (and so the formula span) responsible.</summary>
internal sealed record ScalarReason(string Reason, Node Node);
