using System.ComponentModel;
using System.Numerics;

namespace LossGen;

/// <summary>
/// What <see cref="PairGemm.Forward{T, TEpilogue}"/> does with each register tile of S = a·bᵀ while the tile is still in
/// L1: the row and column reductions of a formula (logsumexp, masked max/min, sums), the diagonal, and optionally a
/// store of S or a function of it into an [n, m] buffer. The kernel is generic over the epilogue (a struct), so the
/// JIT compiles one specialized kernel per epilogue and inlines <see cref="Apply"/> into it.
/// <para>
/// Call order, which makes the reductions deterministic: for one row, the segments arrive with ascending columns
/// (each column exactly once); the rows of one chunk are all handled by the same thread, and the chunks (fixed
/// blocks of rows, <see cref="PairGemm.ForwardChunkRows{T}"/>) depend only on the shape. An epilogue must write only
/// memory owned by the row (per-row statistics) or by the chunk (per-chunk partials of column statistics, combined
/// afterwards in chunk order), so that results are bit-identical for any number of threads.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public unsafe interface IPairEpilogue<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Handles S[<paramref name="row"/>, <paramref name="column"/> .. <paramref name="column"/> + <paramref name="count"/>),
    /// the values at <paramref name="values"/>. The memory is readable for 2 · <c>TLanes.Count</c> elements (full
    /// vectors; lanes past <paramref name="count"/> hold 0 and must be ignored) and may be overwritten.
    /// </summary>
    /// <param name="chunk">The row chunk this row belongs to (the index of per-chunk partials).</param>
    /// <param name="row">The row i of S.</param>
    /// <param name="column">The first column j of the segment.</param>
    /// <param name="values">S[i, j ..], in a per-thread tile buffer.</param>
    /// <param name="count">How many values of the segment are real (1 to 2 · <c>TLanes.Count</c>).</param>
    void Apply<TLanes, TV>(int chunk, int row, int column, T* values, int count)
        where TLanes : struct, IPairLanes<T, TV>
        where TV : struct;
}
