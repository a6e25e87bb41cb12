using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace LossGen;

/// <summary>
/// The epilogue of InfoNCE, CLIP and every softmax over a pair matrix: s = scale · S, with the row logsumexp (a
/// running max and a running sum of exp(s − max) per row), optionally the column logsumexp (the same, per chunk
/// and column, combined by <see cref="PairEpilogues.CombineColumnLogSumExp{T}"/>), the diagonal, and a store of s.
/// Every pointer may be null except <see cref="RowMax"/> and <see cref="RowSum"/>; the caller pins the memory,
/// initializes the statistics with <see cref="PairEpilogues.ResetLogSumExp{T}"/> and finishes them with
/// <see cref="PairEpilogues.FinishLogSumExp{T}"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public unsafe struct LogSumExpEpilogue<T> : IPairEpilogue<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The factor of S (1/τ for InfoNCE, exp(logitScale) for CLIP).</summary>
    public T Scale;
    /// <summary>[n, m] output of s, row stride <see cref="StoreStride"/>; null: not stored.</summary>
    public T* Store;
    /// <summary>Row stride of <see cref="Store"/>.</summary>
    public int StoreStride;
    /// <summary>[n] running row maxima and sums.</summary>
    public T* RowMax, RowSum;
    /// <summary>[n] s[i, i] (square S); null: not kept.</summary>
    public T* Diagonal;
    /// <summary>[chunks, m] per-chunk running column maxima and sums; null: no column statistics.</summary>
    public T* ColumnMax, ColumnSum;
    /// <summary>m, the row length of the column partials.</summary>
    public int Columns;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TL, TV>(int chunk, int row, int column, T* values, int count)
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count;
        TV scale = TL.Broadcast(Scale);
        TV v0 = TL.Multiply(TL.Load(values), scale), v1 = TL.Multiply(TL.Load(values + w), scale);
        TL.Store(values, v0);
        TL.Store(values + w, v1);
        if (Store != null) PairEpilogues.StoreSegment<T, TL, TV>(Store + (long)row * StoreStride + column, values, count);
        if (Diagonal != null && row >= column && row < column + count) Diagonal[row] = values[row - column];
        if (ColumnMax != null)
            PairEpilogues.ColumnLogSumExp<T, TL, TV>(ColumnMax + (long)chunk * Columns + column, ColumnSum + (long)chunk * Columns + column, values, count);
        PairEpilogues.RowLogSumExp<T, TL, TV>(values, count, ref RowMax[row], ref RowSum[row]);
    }
}

/// <summary>
/// The epilogue of SupCon over a self-similarity: s = scale · S; per anchor row i, the logsumexp of s[i, j] over
/// j ≠ i, and the sum and count of s[i, j] over the positives (same label, j ≠ i). Labels are read through
/// <see cref="RowLabels"/> and <see cref="ColumnLabels"/> (the same array for a self-similarity).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public unsafe struct SupConEpilogue<T> : IPairEpilogue<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The factor of S (1/τ).</summary>
    public T Scale;
    /// <summary>[n, m] output of s, row stride <see cref="StoreStride"/>; null: not stored.</summary>
    public T* Store;
    /// <summary>Row stride of <see cref="Store"/>.</summary>
    public int StoreStride;
    /// <summary>[n] labels of the rows and [m] of the columns.</summary>
    public int* RowLabels, ColumnLabels;
    /// <summary>[n] running maxima and sums of the logsumexp over j ≠ i.</summary>
    public T* RowMax, RowSum;
    /// <summary>[n] Σ s over the positives, and their number.</summary>
    public T* PositiveSum, PositiveCount;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TL, TV>(int chunk, int row, int column, T* values, int count)
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count;
        TV scale = TL.Broadcast(Scale);
        TL.Store(values, TL.Multiply(TL.Load(values), scale));
        TL.Store(values + w, TL.Multiply(TL.Load(values + w), scale));
        if (Store != null) PairEpilogues.StoreSegment<T, TL, TV>(Store + (long)row * StoreStride + column, values, count);
        int label = RowLabels[row];
        T positiveSum = PositiveSum[row], positiveCount = PositiveCount[row];
        for (int jj = 0; jj < count; jj++)
            if (ColumnLabels[column + jj] == label && column + jj != row)
            {
                positiveSum += values[jj];
                positiveCount += T.One;
            }
        PositiveSum[row] = positiveSum;
        PositiveCount[row] = positiveCount;
        // The anchor itself is left out of the logsumexp: its lane becomes -inf, which exp sends to 0.
        if (row >= column && row < column + count) values[row - column] = T.NegativeInfinity;
        PairEpilogues.RowLogSumExp<T, TL, TV>(values, count, ref RowMax[row], ref RowSum[row]);
    }
}

/// <summary>
/// The epilogue of batch-hard triplet mining over a self-similarity of e: the distance
/// d[i, j] = sqrt(max(‖e_i‖² + ‖e_j‖² − 2·S[i, j], 0)); per anchor i, the largest d over the positives (same label,
/// j ≠ i) and the smallest over the negatives (other label), with the first column that attains each (ties go to
/// the smaller j). Empty selections leave −∞ / +∞ and column −1.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public unsafe struct BatchHardEpilogue<T> : IPairEpilogue<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>[n] ‖e_i‖² of the rows and [m] of the columns.</summary>
    public T* RowSquaredNorms, ColumnSquaredNorms;
    /// <summary>[n] labels of the rows and [m] of the columns.</summary>
    public int* RowLabels, ColumnLabels;
    /// <summary>[n, m] output of d, row stride <see cref="StoreStride"/>; null: not stored.</summary>
    public T* Store;
    /// <summary>Row stride of <see cref="Store"/>.</summary>
    public int StoreStride;
    /// <summary>[n] hardest positive distance (start −∞).</summary>
    public T* HardestPositive;
    /// <summary>[n] the column of the hardest positive (start −1; −1 after the call: no positive).</summary>
    public int* HardestPositiveColumn;
    /// <summary>[n] hardest negative distance (start +∞).</summary>
    public T* HardestNegative;
    /// <summary>[n] the column of the hardest negative (start −1; −1 after the call: no negative).</summary>
    public int* HardestNegativeColumn;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TL, TV>(int chunk, int row, int column, T* values, int count)
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        T rowNorm = RowSquaredNorms[row];
        T two = T.One + T.One;
        int label = RowLabels[row];
        T positive = HardestPositive[row], negative = HardestNegative[row];
        int positiveColumn = HardestPositiveColumn[row], negativeColumn = HardestNegativeColumn[row];
        for (int jj = 0; jj < count; jj++)
        {
            int j = column + jj;
            T distance = T.Sqrt(T.Max(rowNorm + ColumnSquaredNorms[j] - two * values[jj], T.Zero));
            values[jj] = distance;
            if (ColumnLabels[j] == label)
            {
                if (j != row && (distance > positive || positiveColumn < 0)) { positive = distance; positiveColumn = j; }
            }
            else if (distance < negative || negativeColumn < 0) { negative = distance; negativeColumn = j; }
        }
        HardestPositive[row] = positive;
        HardestPositiveColumn[row] = positiveColumn;
        HardestNegative[row] = negative;
        HardestNegativeColumn[row] = negativeColumn;
        if (Store != null)
            for (int jj = 0; jj < count; jj++) Store[(long)row * StoreStride + column + jj] = values[jj];
    }
}

/// <summary>Helpers shared by the epilogues and their callers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class PairEpilogues
{
    /// <summary>Starts running logsumexp statistics: max −∞, sum 0.</summary>
    public static void ResetLogSumExp<T>(Span<T> max, Span<T> sum) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        max.Fill(T.NegativeInfinity);
        sum.Clear();
    }

    /// <summary>logsumexp = max + log(sum); an empty selection (max −∞) gives −∞.</summary>
    public static void FinishLogSumExp<T>(ReadOnlySpan<T> max, ReadOnlySpan<T> sum, Span<T> logSumExp) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (sum.Length < max.Length) throw new ArgumentException($"sum holds {sum.Length} elements, max {max.Length}.", nameof(sum));
        if (logSumExp.Length < max.Length) throw new ArgumentException($"logSumExp holds {logSumExp.Length} elements, max {max.Length}.", nameof(logSumExp));
        for (int i = 0; i < max.Length; i++)
            logSumExp[i] = T.IsNegativeInfinity(max[i]) ? T.NegativeInfinity : max[i] + Log(sum[i]);
    }

    /// <summary>
    /// The column logsumexp from the per-chunk partials of <see cref="LogSumExpEpilogue{T}"/> ([chunks, m] each),
    /// combined in chunk order (so the result does not depend on the thread count).
    /// </summary>
    public static void CombineColumnLogSumExp<T>(ReadOnlySpan<T> columnMax, ReadOnlySpan<T> columnSum, int chunks, int m, Span<T> logSumExp)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        long needed = (long)chunks * m;
        if (columnMax.Length < needed) throw new ArgumentException($"columnMax holds {columnMax.Length} elements; [{chunks}, {m}] partials need {needed}.", nameof(columnMax));
        if (columnSum.Length < needed) throw new ArgumentException($"columnSum holds {columnSum.Length} elements; [{chunks}, {m}] partials need {needed}.", nameof(columnSum));
        if (logSumExp.Length < m) throw new ArgumentException($"logSumExp holds {logSumExp.Length} elements; {m} columns need {m}.", nameof(logSumExp));
        for (int j = 0; j < m; j++)
        {
            T max = T.NegativeInfinity;
            for (int c = 0; c < chunks; c++) max = T.Max(max, columnMax[c * m + j]);
            if (T.IsNegativeInfinity(max)) { logSumExp[j] = max; continue; }
            T sum = T.Zero;
            for (int c = 0; c < chunks; c++)
                if (!T.IsNegativeInfinity(columnMax[c * m + j])) sum += columnSum[c * m + j] * Exp(columnMax[c * m + j] - max);
            logSumExp[j] = max + Log(sum);
        }
    }

    /// <summary>Adds a segment (2 vectors, lanes past <paramref name="count"/> ignored) to a row's running logsumexp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RowLogSumExp<T, TL, TV>(T* values, int count, ref T runningMax, ref T runningSum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count;
        for (int jj = count; jj < 2 * w; jj++) values[jj] = T.NegativeInfinity;
        TV v0 = TL.Load(values), v1 = TL.Load(values + w);
        T segmentMax = TL.MaxAcross(TL.Max(v0, v1));
        T oldMax = runningMax;
        if (!(segmentMax > oldMax))
        {
            if (T.IsNegativeInfinity(oldMax)) return; // nothing selected yet, nor in this segment
        }
        else
        {
            if (!T.IsNegativeInfinity(oldMax)) runningSum *= Exp(oldMax - segmentMax);
            runningMax = oldMax = segmentMax;
        }
        TV max = TL.Broadcast(oldMax);
        runningSum += TL.Sum(TL.Add(TL.Exp(TL.Subtract(v0, max)), TL.Exp(TL.Subtract(v1, max))));
    }

    /// <summary>Adds a segment to per-column running logsumexp partials.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ColumnLogSumExp<T, TL, TV>(T* columnMax, T* columnSum, T* values, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count;
        if (count == 2 * w)
        {
            for (int half = 0; half < 2 * w; half += w)
            {
                TV v = TL.Load(values + half), oldMax = TL.Load(columnMax + half);
                TV newMax = TL.Max(oldMax, v);
                // Where the max did not move the old sum keeps its weight 1 (this also keeps −∞ − −∞ out).
                TV rescale = TL.Exp(TL.SelectEqual(oldMax, newMax, TL.Zero, TL.Subtract(oldMax, newMax)));
                TL.Store(columnSum + half, TL.Fma(TL.Load(columnSum + half), rescale, TL.Exp(TL.Subtract(v, newMax))));
                TL.Store(columnMax + half, newMax);
            }
            return;
        }
        for (int jj = 0; jj < count; jj++)
        {
            T v = values[jj], oldMax = columnMax[jj];
            T newMax = T.Max(oldMax, v);
            T rescale = Exp(oldMax == newMax ? T.Zero : oldMax - newMax);
            columnSum[jj] = T.FusedMultiplyAdd(columnSum[jj], rescale, Exp(v - newMax));
            columnMax[jj] = newMax;
        }
    }

    /// <summary>Copies the first <paramref name="count"/> values of a segment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSegment<T, TL, TV>(T* destination, T* values, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count;
        if (count == 2 * w)
        {
            TL.Store(destination, TL.Load(values));
            TL.Store(destination + w, TL.Load(values + w));
            return;
        }
        for (int jj = 0; jj < count; jj++) destination[jj] = values[jj];
    }

    /// <summary>LossMath.Exp: the same function as the vector lanes compute (bit for bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) { float r = LossMath.Exp(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        double d = LossMath.Exp(Unsafe.As<T, double>(ref x));
        return Unsafe.As<double, T>(ref d);
    }

    /// <summary>LossMath.Log.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log<T>(T x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) { float r = LossMath.Log(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        double d = LossMath.Log(Unsafe.As<T, double>(ref x));
        return Unsafe.As<double, T>(ref d);
    }
}
