using System.Collections.Generic;
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
/// <param name="IgnoredLabels">
/// Label input index → the value the formula masks (<see cref="LabelGuards"/>): a label holding it reads (and
/// discards) class 0 instead of indexing out of range.
/// </param>
internal sealed record KernelPlan(ImmutableArray<PassPlan> Passes, Node? Result, IReadOnlyDictionary<int, Node> IgnoredLabels)
{
    /// <summary>Whether some pass reduces into a per-element buffer (a column sum or a scatter), rented for the call.</summary>
    public bool NeedsBuffers => Passes.Any(p => p.Reductions.Any(r => r.RentsBuffer));
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
/// <param name="Chunks">
/// Non-null when the pass runs in fixed chunks (possibly on several threads): when every reduction it computes is
/// one scalar, the partial results of the chunks combine in chunk order.
/// </param>
/// <param name="Cost">Estimated work per element (1, plus 4 per transcendental or division), which chooses threading.</param>
/// <param name="RowReductions">Row reductions (dim: 1) computed in the row loop, batched by dependency level.</param>
/// <param name="LaneLoops">The lane loops of the pass's own work: the element loop, or one column loop per column dimension.</param>
internal sealed record PassPlan(
    int Number,
    int Dim,
    PassLoop Loop,
    ChunkPlan? Chunks,
    ImmutableArray<ReductionPlan> Reductions,
    ImmutableArray<Sink> Sinks,
    int Cost,
    ImmutableArray<RowReductionBatch> RowReductions,
    ImmutableArray<LanePlan> LaneLoops)
{
    public bool Chunked => Chunks is not null;
}

/// <summary>
/// How a chunked pass runs: the parameters of its chunk function (what of the method's spans, sizes,
/// hyperparameters and earlier results its loop reads, in a fixed order), the column dimension whose size, times the
/// rows, counts its elements (null: one element per outer index), and whether helper threads may run it.
/// </summary>
/// <param name="Threaded">
/// False when the chunk function reads more spans (plus the partial results' span) than LossParallel.Run can pin
/// (<see cref="MaxPins"/>): then the chunks always run in order on the calling thread.
/// </param>
internal sealed record ChunkPlan(ImmutableArray<ChunkInput> Inputs, int? ColumnDim, bool Threaded)
{
    /// <summary>Spans LossGen.LossParallel.Run can pin for one parallel pass.</summary>
    public const int MaxPins = 12;
}

/// <summary>What a chunk function's parameter holds.</summary>
internal enum ChunkInputKind
{
    /// <summary>The method's input <see cref="ChunkInput.Index"/> (a span, or a hyperparameter by value).</summary>
    Input,

    /// <summary>The output <see cref="ChunkInput.Output"/> the pass writes.</summary>
    Output,

    /// <summary>The run-time size of dimension class <see cref="ChunkInput.Index"/>.</summary>
    Size,

    /// <summary>The result of an earlier pass's reduction <see cref="ChunkInput.Reduction"/> (a scalar, or a per-element buffer).</summary>
    Reduction,
}

/// <summary>One parameter of a chunk function; <see cref="IsSpan"/> parameters are pinned to reach helper threads.</summary>
internal sealed record ChunkInput(ChunkInputKind Kind, int Index, bool IsSpan, Sink? Output = null, Node? Reduction = null);

/// <summary>
/// A global reduction (over all elements, down columns, or scattered by labels) and its combine rule; a per-element
/// result lives in a buffer (<see cref="RentsBuffer"/>: stack memory up to 256 elements, else rented for the call).
/// </summary>
internal sealed record ReductionPlan(Node Node, ReductionRule Rule)
{
    public bool RentsBuffer => Node.Shape.Rank == 1;
}

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
/// <param name="MaskedRemainder">
/// Whether a vectorized loop ends with one masked vector for the last lanes (fewer than a vector), whose mask is
/// computed once outside all loops: column loops, whose short rows (a few classes) would otherwise run scalar.
/// </param>
internal sealed record LanePlan(
    int Dim,
    ImmutableArray<LaneItem> Items,
    ScalarReason? WhyScalar,
    int Unroll,
    ImmutableHashSet<Node> SharedSoftplusSigmoid,
    bool MaskedRemainder)
{
    public bool IsVectorized => WhyScalar is null;
}

/// <summary>Why a lane loop stays scalar, with the node (and so the formula span) responsible.</summary>
internal sealed record ScalarReason(string Reason, Node Node);
