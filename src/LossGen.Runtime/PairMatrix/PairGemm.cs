using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen;

/// <summary>
/// The pair-matrix kernels behind <c>dot(a, b)</c> and the losses built on it (InfoNCE, CLIP, SupCon, batch-hard
/// triplet): the forward product S = a·bᵀ with a fused epilogue, and the backward products ā += S̄·b and b̄ += S̄ᵀ·a.
/// <para>
/// Matrices are row-major with a row stride (in elements, at least the number of columns): a is [n, d], b is [m, d],
/// S and S̄ are [n, m]. The vector width (Vector512, 256 or 128) is chosen once per call.
/// </para>
/// <para>
/// Every output element is one fused multiply-add chain in ascending order of the summed index, started from 0
/// (forward) or from the gradient's current value (backward), whatever the tile, vector width or thread it falls
/// in: results are bit-identical for any <see cref="LossParallel.MaxDegreeOfParallelism"/>, and equal to the naive
/// loop <c>s = fma(x[k], y[k], s)</c>. Row blocks run on LossParallel's threads; the only memory a call takes is a
/// pooled panel of b (forward), so after warm-up a call allocates nothing.
/// </para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class PairGemm
{
    /// <summary>Rows of a register tile: each tile is <see cref="TileRows"/> rows × 2 vectors of columns.</summary>
    public const int TileRows = 8;

    /// <summary>Rows per chunk of the backward products (a multiple of <see cref="TileRows"/>).</summary>
    public const int BackwardChunkRows = 64;

    /// <summary>Length of a block of the summed index in the backward products: S̄ and b (or a) rows reused from L1/L2.</summary>
    private const int BackwardBlock = 256;

    /// <summary>Bytes of a that one forward chunk reads: its rows stay in L2 while the b panels stream past.</summary>
    private const int ForwardChunkBytes = 128 * 1024;

    /// <summary>
    /// Rows per chunk of <see cref="Forward{T, TEpilogue}"/> for rows of <paramref name="d"/> elements: a multiple of
    /// <see cref="TileRows"/>, about 128 KB of a. Depends only on the shape (never on the thread count).
    /// </summary>
    public static int ForwardChunkRows<T>(int d) where T : unmanaged
    {
        long bytes = Math.Max(1L, (long)d * sizeof(T));
        long rows = ForwardChunkBytes / bytes / TileRows * TileRows;
        return (int)Math.Clamp(rows, TileRows, 1 << 20);
    }

    /// <summary>The number of row chunks of <see cref="Forward{T, TEpilogue}"/> (the size of per-chunk column partials).</summary>
    public static int ForwardChunks<T>(int n, int d) where T : unmanaged
    {
        int rows = ForwardChunkRows<T>(d);
        return (n + rows - 1) / rows;
    }

    /// <summary>
    /// S = a·bᵀ, handed tile by tile to <paramref name="epilogue"/> (see <see cref="IPairEpilogue{T}"/> for the order).
    /// </summary>
    /// <param name="a">[n, d], row stride <paramref name="lda"/>.</param>
    /// <param name="b">[m, d], row stride <paramref name="ldb"/>.</param>
    /// <param name="lda">Row stride of a (≥ d).</param>
    /// <param name="ldb">Row stride of b (≥ d).</param>
    /// <param name="n">Rows of a (and of S).</param>
    /// <param name="m">Rows of b (columns of S).</param>
    /// <param name="d">Columns of a and b.</param>
    /// <param name="epilogue">Receives every tile; copied back after the call.</param>
    public static void Forward<T, TEpilogue>(ReadOnlySpan<T> a, int n, int lda, ReadOnlySpan<T> b, int m, int ldb, int d, ref TEpilogue epilogue)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TEpilogue : struct, IPairEpilogue<T>
    {
        RequireType<T>();
        RequireMatrix(a, n, d, lda, nameof(a), nameof(lda));
        RequireMatrix(b, m, d, ldb, nameof(b), nameof(ldb));
        if (n == 0 || m == 0) return;
        if (Vector512.IsHardwareAccelerated) Forward<T, TEpilogue, PairLanes512<T>, Vector512<T>>(a, n, lda, b, m, ldb, d, ref epilogue);
        else if (Vector256.IsHardwareAccelerated) Forward<T, TEpilogue, PairLanes256<T>, Vector256<T>>(a, n, lda, b, m, ldb, d, ref epilogue);
        else Forward<T, TEpilogue, PairLanes128<T>, Vector128<T>>(a, n, lda, b, m, ldb, d, ref epilogue);
    }

    /// <summary>
    /// ā += S̄·b: <c>aBar[i, k] += Σ_j sBar[i, j] · b[j, k]</c>, j ascending.
    /// </summary>
    /// <param name="sBar">[n, m], row stride <paramref name="lds"/>.</param>
    /// <param name="b">[m, d], row stride <paramref name="ldb"/>.</param>
    /// <param name="aBar">[n, d], row stride <paramref name="ldaBar"/>; must not overlap the inputs.</param>
    /// <param name="lds">Row stride of S̄ (≥ m).</param>
    /// <param name="ldb">Row stride of b (≥ d).</param>
    /// <param name="ldaBar">Row stride of ā (≥ d).</param>
    /// <param name="n">Rows of a (and of S).</param>
    /// <param name="m">Rows of b (columns of S).</param>
    /// <param name="d">Columns of a and b.</param>
    public static void AddProduct<T>(ReadOnlySpan<T> sBar, int lds, ReadOnlySpan<T> b, int ldb, Span<T> aBar, int ldaBar, int n, int m, int d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RequireType<T>();
        RequireMatrix(sBar, n, m, lds, nameof(sBar), nameof(lds));
        RequireMatrix(b, m, d, ldb, nameof(b), nameof(ldb));
        RequireMatrix(aBar, n, d, ldaBar, nameof(aBar), nameof(ldaBar));
        fixed (T* s = sBar, pb = b, o = aBar)
            Accumulate(s, lds, 1, pb, ldb, o, ldaBar, n, m, d);
    }

    /// <summary>
    /// b̄ += S̄ᵀ·a: <c>bBar[j, k] += Σ_i sBar[i, j] · a[i, k]</c>, i ascending.
    /// </summary>
    /// <param name="sBar">[n, m], row stride <paramref name="lds"/>.</param>
    /// <param name="a">[n, d], row stride <paramref name="lda"/>.</param>
    /// <param name="bBar">[m, d], row stride <paramref name="ldbBar"/>; must not overlap the inputs.</param>
    /// <param name="lds">Row stride of S̄ (≥ m).</param>
    /// <param name="lda">Row stride of a (≥ d).</param>
    /// <param name="ldbBar">Row stride of b̄ (≥ d).</param>
    /// <param name="n">Rows of a (and of S).</param>
    /// <param name="m">Rows of b (columns of S).</param>
    /// <param name="d">Columns of a and b.</param>
    public static void AddTransposedProduct<T>(ReadOnlySpan<T> sBar, int lds, ReadOnlySpan<T> a, int lda, Span<T> bBar, int ldbBar, int n, int m, int d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RequireType<T>();
        RequireMatrix(sBar, n, m, lds, nameof(sBar), nameof(lds));
        RequireMatrix(a, n, d, lda, nameof(a), nameof(lda));
        RequireMatrix(bBar, m, d, ldbBar, nameof(bBar), nameof(ldbBar));
        fixed (T* s = sBar, pa = a, o = bBar)
            Accumulate(s, 1, lds, pa, lda, o, ldbBar, m, n, d);
    }

    /// <summary>
    /// The gradient of a self-similarity S = a·aᵀ: ā += S̄·a + S̄ᵀ·a, computed as (S̄ + S̄ᵀ)·a (one product instead of
    /// two). <paramref name="sBar"/> is symmetrized in place first: afterwards it holds S̄ + S̄ᵀ.
    /// </summary>
    /// <param name="sBar">[n, n], row stride <paramref name="lds"/>; overwritten.</param>
    /// <param name="a">[n, d], row stride <paramref name="lda"/>.</param>
    /// <param name="aBar">[n, d], row stride <paramref name="ldaBar"/>; must not overlap the inputs.</param>
    /// <param name="lds">Row stride of S̄ (≥ n).</param>
    /// <param name="lda">Row stride of a (≥ d).</param>
    /// <param name="ldaBar">Row stride of ā (≥ d).</param>
    /// <param name="n">Rows of a (S̄ is [n, n]).</param>
    /// <param name="d">Columns of a.</param>
    public static void AddSelfProduct<T>(Span<T> sBar, int lds, ReadOnlySpan<T> a, int lda, Span<T> aBar, int ldaBar, int n, int d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RequireType<T>();
        RequireMatrix(sBar, n, n, lds, nameof(sBar), nameof(lds));
        RequireMatrix(a, n, d, lda, nameof(a), nameof(lda));
        RequireMatrix(aBar, n, d, ldaBar, nameof(aBar), nameof(ldaBar));
        fixed (T* s = sBar, pa = a, o = aBar)
        {
            Symmetrize(s, lds, n);
            Accumulate(s, lds, 1, pa, lda, o, ldaBar, n, n, d);
        }
    }

    // ---------------------------------------------------------------- validation

    private static void RequireType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"The pair-matrix kernels support float and double, not {typeof(T).Name}.");
    }

    /// <summary>Checks that a [rows, columns] matrix with the given row stride fits in <paramref name="span"/>.</summary>
    internal static void RequireMatrix<T>(ReadOnlySpan<T> span, int rows, int columns, int stride, string name, string strideName)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(name, rows, $"{name}: the number of rows must not be negative (got {rows}).");
        if (columns < 0) throw new ArgumentOutOfRangeException(name, columns, $"{name}: the number of columns must not be negative (got {columns}).");
        if (stride < columns)
            throw new ArgumentOutOfRangeException(strideName, stride,
                $"{strideName} ({stride}) is smaller than the {columns} columns of {name} [{rows}, {columns}].");
        long needed = rows == 0 || columns == 0 ? 0 : (long)(rows - 1) * stride + columns;
        if (span.Length < needed)
            throw new ArgumentException(
                $"{name} holds {span.Length} elements, but a [{rows}, {columns}] matrix with row stride {stride} needs {needed}.", name);
    }

    // ---------------------------------------------------------------- forward

    private struct ForwardState<T, TEpilogue>
        where T : unmanaged
    {
        public T* A;
        public T* Packed;
        public int Lda, N, M, D, ChunkRows;
        public TEpilogue Epilogue;
    }

    private static void Forward<T, TEpilogue, TL, TV>(ReadOnlySpan<T> a, int n, int lda, ReadOnlySpan<T> b, int m, int ldb, int d, ref TEpilogue epilogue)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TEpilogue : struct, IPairEpilogue<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int panelWidth = 2 * TL.Count;
        int panels = (m + panelWidth - 1) / panelWidth;
        int packedLength = checked(panels * panelWidth * Math.Max(d, 1));
        T[] packed = ArrayPool<T>.Shared.Rent(packedLength);
        try
        {
            fixed (T* pa = a, pb = b, pp = packed)
            {
                Pack(pb, ldb, m, d, panelWidth, pp);
                var state = new ForwardState<T, TEpilogue>
                {
                    A = pa, Packed = pp, Lda = lda, N = n, M = m, D = d,
                    ChunkRows = ForwardChunkRows<T>(d), Epilogue = epilogue,
                };
                int chunks = (n + state.ChunkRows - 1) / state.ChunkRows;
                int degree = LossParallel.Degree(chunks, (long)n * m * Math.Max(d, 1));
                LossParallel.Run(ref state, chunks, degree, static (ref ForwardState<T, TEpilogue> s, int chunk, in LossPins _) => ForwardChunk<T, TEpilogue, TL, TV>(ref s, chunk));
                epilogue = state.Epilogue;
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packed);
        }
    }

    /// <summary>b [m, d] as panels of <paramref name="panelWidth"/> rows, each stored k-major ([d][panelWidth]), zero-padded past m.</summary>
    private static void Pack<T>(T* b, int ldb, int m, int d, int panelWidth, T* packed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int j0 = 0; j0 < m; j0 += panelWidth)
        {
            T* panel = packed + (long)j0 * d;
            int width = Math.Min(panelWidth, m - j0);
            for (int jj = 0; jj < panelWidth; jj++)
            {
                if (jj < width)
                {
                    T* row = b + (long)(j0 + jj) * ldb;
                    for (int k = 0; k < d; k++) panel[k * panelWidth + jj] = row[k];
                }
                else
                {
                    for (int k = 0; k < d; k++) panel[k * panelWidth + jj] = T.Zero;
                }
            }
        }
    }

    private static void ForwardChunk<T, TEpilogue, TL, TV>(ref ForwardState<T, TEpilogue> s, int chunk)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TEpilogue : struct, IPairEpilogue<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int panelWidth = 2 * TL.Count;
        int row0 = chunk * s.ChunkRows;
        int rowEnd = Math.Min(s.N, row0 + s.ChunkRows);
        int d = s.D;
        // One tile: TileRows × 2 vectors; 8 × 32 elements is the largest (Vector512<float>).
        T* tile = stackalloc T[TileRows * 32];
        for (int j0 = 0; j0 < s.M; j0 += panelWidth)
        {
            T* panel = s.Packed + (long)j0 * d;
            int count = Math.Min(panelWidth, s.M - j0);
            for (int i0 = row0; i0 < rowEnd; i0 += TileRows)
            {
                int rows = Math.Min(TileRows, rowEnd - i0);
                ForwardTile<T, TL, TV>(s.A + (long)i0 * s.Lda, s.Lda, rows, panel, d, tile);
                for (int r = 0; r < rows; r++)
                    s.Epilogue.Apply<TL, TV>(chunk, i0 + r, j0, tile + r * panelWidth, count);
            }
        }
    }

    /// <summary>
    /// The forward microkernel: 8 rows of a × one packed panel (2 vectors of columns), 16 accumulators, k ascending.
    /// Rows past <paramref name="rows"/> re-read row 0 (their results are never handed on).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile<T, TL, TV>(T* a, int lda, int rows, T* panel, int d, T* tile)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count;
        T* a0 = a;
        T* a1 = rows > 1 ? a + lda : a;
        T* a2 = rows > 2 ? a + 2 * (long)lda : a;
        T* a3 = rows > 3 ? a + 3 * (long)lda : a;
        T* a4 = rows > 4 ? a + 4 * (long)lda : a;
        T* a5 = rows > 5 ? a + 5 * (long)lda : a;
        T* a6 = rows > 6 ? a + 6 * (long)lda : a;
        T* a7 = rows > 7 ? a + 7 * (long)lda : a;
        TV c00 = TL.Zero, c01 = TL.Zero, c10 = TL.Zero, c11 = TL.Zero, c20 = TL.Zero, c21 = TL.Zero, c30 = TL.Zero, c31 = TL.Zero;
        TV c40 = TL.Zero, c41 = TL.Zero, c50 = TL.Zero, c51 = TL.Zero, c60 = TL.Zero, c61 = TL.Zero, c70 = TL.Zero, c71 = TL.Zero;
        T* p = panel;
        for (int k = 0; k < d; k++, p += 2 * w)
        {
            TV b0 = TL.Load(p), b1 = TL.Load(p + w);
            TV x = TL.Broadcast(a0[k]); c00 = TL.Fma(x, b0, c00); c01 = TL.Fma(x, b1, c01);
            x = TL.Broadcast(a1[k]); c10 = TL.Fma(x, b0, c10); c11 = TL.Fma(x, b1, c11);
            x = TL.Broadcast(a2[k]); c20 = TL.Fma(x, b0, c20); c21 = TL.Fma(x, b1, c21);
            x = TL.Broadcast(a3[k]); c30 = TL.Fma(x, b0, c30); c31 = TL.Fma(x, b1, c31);
            x = TL.Broadcast(a4[k]); c40 = TL.Fma(x, b0, c40); c41 = TL.Fma(x, b1, c41);
            x = TL.Broadcast(a5[k]); c50 = TL.Fma(x, b0, c50); c51 = TL.Fma(x, b1, c51);
            x = TL.Broadcast(a6[k]); c60 = TL.Fma(x, b0, c60); c61 = TL.Fma(x, b1, c61);
            x = TL.Broadcast(a7[k]); c70 = TL.Fma(x, b0, c70); c71 = TL.Fma(x, b1, c71);
        }
        int stride = 2 * w;
        TL.Store(tile, c00); TL.Store(tile + w, c01);
        TL.Store(tile + stride, c10); TL.Store(tile + stride + w, c11);
        TL.Store(tile + 2 * stride, c20); TL.Store(tile + 2 * stride + w, c21);
        TL.Store(tile + 3 * stride, c30); TL.Store(tile + 3 * stride + w, c31);
        TL.Store(tile + 4 * stride, c40); TL.Store(tile + 4 * stride + w, c41);
        TL.Store(tile + 5 * stride, c50); TL.Store(tile + 5 * stride + w, c51);
        TL.Store(tile + 6 * stride, c60); TL.Store(tile + 6 * stride + w, c61);
        TL.Store(tile + 7 * stride, c70); TL.Store(tile + 7 * stride + w, c71);
    }

    // ---------------------------------------------------------------- backward

    private struct AccumulateState<T> where T : unmanaged
    {
        public T* S;
        public nint RowStep, SumStep;
        public T* B;
        public T* Out;
        public int Ldb, Ldo, Rows, Sum, D;
    }

    /// <summary>
    /// out[r, c] += Σ_k S(r, k) · b[k, c], k ascending, where S(r, k) = s[r·rowStep + k·sumStep] (so one kernel serves
    /// S̄·b, with steps (lds, 1), and S̄ᵀ·a, with steps (1, lds)).
    /// </summary>
    private static void Accumulate<T>(T* s, nint rowStep, nint sumStep, T* b, int ldb, T* output, int ldo, int rows, int sum, int d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (rows == 0 || d == 0 || sum == 0) return;
        var state = new AccumulateState<T> { S = s, RowStep = rowStep, SumStep = sumStep, B = b, Out = output, Ldb = ldb, Ldo = ldo, Rows = rows, Sum = sum, D = d };
        int chunks = (rows + BackwardChunkRows - 1) / BackwardChunkRows;
        int degree = LossParallel.Degree(chunks, (long)rows * sum * d);
        if (Vector512.IsHardwareAccelerated)
            LossParallel.Run(ref state, chunks, degree, static (ref AccumulateState<T> st, int c, in LossPins _) => AccumulateChunk<T, PairLanes512<T>, Vector512<T>>(ref st, c));
        else if (Vector256.IsHardwareAccelerated)
            LossParallel.Run(ref state, chunks, degree, static (ref AccumulateState<T> st, int c, in LossPins _) => AccumulateChunk<T, PairLanes256<T>, Vector256<T>>(ref st, c));
        else
            LossParallel.Run(ref state, chunks, degree, static (ref AccumulateState<T> st, int c, in LossPins _) => AccumulateChunk<T, PairLanes128<T>, Vector128<T>>(ref st, c));
    }

    private static void AccumulateChunk<T, TL, TV>(ref AccumulateState<T> s, int chunk)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count;
        int row0 = chunk * BackwardChunkRows;
        int rowEnd = Math.Min(s.Rows, row0 + BackwardChunkRows);
        // The summed index in blocks: the running sums go through the output between blocks, which changes nothing
        // (a stored value is exact), while the block of b and of S stays in cache for all the row tiles.
        for (int k0 = 0; k0 < s.Sum; k0 += BackwardBlock)
        {
            int k1 = Math.Min(s.Sum, k0 + BackwardBlock);
            for (int i0 = row0; i0 < rowEnd; i0 += TileRows)
            {
                int rows = Math.Min(TileRows, rowEnd - i0);
                T* sRows = s.S + i0 * s.RowStep;
                T* outRows = s.Out + (long)i0 * s.Ldo;
                int c = 0;
                for (; c + 2 * w <= s.D; c += 2 * w)
                    AccumulateTile2<T, TL, TV>(sRows, s.RowStep, s.SumStep, s.B, s.Ldb, outRows + c, s.Ldo, rows, k0, k1, c);
                for (; c + w <= s.D; c += w)
                    AccumulateTile1<T, TL, TV>(sRows, s.RowStep, s.SumStep, s.B, s.Ldb, outRows + c, s.Ldo, rows, k0, k1, c);
                for (; c < s.D; c++)
                    for (int r = 0; r < rows; r++)
                    {
                        T* sr = sRows + r * s.RowStep;
                        T acc = outRows[(long)r * s.Ldo + c];
                        for (int k = k0; k < k1; k++)
                            acc = T.FusedMultiplyAdd(sr[k * s.SumStep], s.B[(long)k * s.Ldb + c], acc);
                        outRows[(long)r * s.Ldo + c] = acc;
                    }
            }
        }
    }

    /// <summary>The backward microkernel: 8 output rows × 2 vectors of columns, 16 accumulators, k ascending.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile2<T, TL, TV>(T* s, nint rowStep, nint sumStep, T* b, int ldb, T* o, int ldo, int rows, int k0, int k1, int c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count;
        // Rows past `rows` re-read row 0 and are not stored.
        T* s0 = s;
        T* s1 = rows > 1 ? s + rowStep : s;
        T* s2 = rows > 2 ? s + 2 * rowStep : s;
        T* s3 = rows > 3 ? s + 3 * rowStep : s;
        T* s4 = rows > 4 ? s + 4 * rowStep : s;
        T* s5 = rows > 5 ? s + 5 * rowStep : s;
        T* s6 = rows > 6 ? s + 6 * rowStep : s;
        T* s7 = rows > 7 ? s + 7 * rowStep : s;
        T* o0 = o;
        T* o1 = rows > 1 ? o + ldo : o;
        T* o2 = rows > 2 ? o + 2 * (long)ldo : o;
        T* o3 = rows > 3 ? o + 3 * (long)ldo : o;
        T* o4 = rows > 4 ? o + 4 * (long)ldo : o;
        T* o5 = rows > 5 ? o + 5 * (long)ldo : o;
        T* o6 = rows > 6 ? o + 6 * (long)ldo : o;
        T* o7 = rows > 7 ? o + 7 * (long)ldo : o;
        TV c00 = TL.Load(o0), c01 = TL.Load(o0 + w), c10 = TL.Load(o1), c11 = TL.Load(o1 + w);
        TV c20 = TL.Load(o2), c21 = TL.Load(o2 + w), c30 = TL.Load(o3), c31 = TL.Load(o3 + w);
        TV c40 = TL.Load(o4), c41 = TL.Load(o4 + w), c50 = TL.Load(o5), c51 = TL.Load(o5 + w);
        TV c60 = TL.Load(o6), c61 = TL.Load(o6 + w), c70 = TL.Load(o7), c71 = TL.Load(o7 + w);
        T* bk = b + (long)k0 * ldb + c;
        for (int k = k0; k < k1; k++, bk += ldb)
        {
            nint at = k * sumStep;
            TV b0 = TL.Load(bk), b1 = TL.Load(bk + w);
            TV x = TL.Broadcast(s0[at]); c00 = TL.Fma(x, b0, c00); c01 = TL.Fma(x, b1, c01);
            x = TL.Broadcast(s1[at]); c10 = TL.Fma(x, b0, c10); c11 = TL.Fma(x, b1, c11);
            x = TL.Broadcast(s2[at]); c20 = TL.Fma(x, b0, c20); c21 = TL.Fma(x, b1, c21);
            x = TL.Broadcast(s3[at]); c30 = TL.Fma(x, b0, c30); c31 = TL.Fma(x, b1, c31);
            x = TL.Broadcast(s4[at]); c40 = TL.Fma(x, b0, c40); c41 = TL.Fma(x, b1, c41);
            x = TL.Broadcast(s5[at]); c50 = TL.Fma(x, b0, c50); c51 = TL.Fma(x, b1, c51);
            x = TL.Broadcast(s6[at]); c60 = TL.Fma(x, b0, c60); c61 = TL.Fma(x, b1, c61);
            x = TL.Broadcast(s7[at]); c70 = TL.Fma(x, b0, c70); c71 = TL.Fma(x, b1, c71);
        }
        // Only the real rows are stored (the duplicates of row 0 computed the same value from the same start anyway).
        if (rows > 7) { TL.Store(o7, c70); TL.Store(o7 + w, c71); }
        if (rows > 6) { TL.Store(o6, c60); TL.Store(o6 + w, c61); }
        if (rows > 5) { TL.Store(o5, c50); TL.Store(o5 + w, c51); }
        if (rows > 4) { TL.Store(o4, c40); TL.Store(o4 + w, c41); }
        if (rows > 3) { TL.Store(o3, c30); TL.Store(o3 + w, c31); }
        if (rows > 2) { TL.Store(o2, c20); TL.Store(o2 + w, c21); }
        if (rows > 1) { TL.Store(o1, c10); TL.Store(o1 + w, c11); }
        TL.Store(o0, c00); TL.Store(o0 + w, c01);
    }

    /// <summary>The column tail of the backward product: 8 output rows × 1 vector.</summary>
    private static void AccumulateTile1<T, TL, TV>(T* s, nint rowStep, nint sumStep, T* b, int ldb, T* o, int ldo, int rows, int k0, int k1, int c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        for (int r = 0; r < rows; r++)
        {
            T* sr = s + r * rowStep;
            T* or = o + (long)r * ldo;
            TV acc = TL.Load(or);
            T* bk = b + (long)k0 * ldb + c;
            for (int k = k0; k < k1; k++, bk += ldb)
                acc = TL.Fma(TL.Broadcast(sr[k * sumStep]), TL.Load(bk), acc);
            TL.Store(or, acc);
        }
    }

    private struct SymmetrizeState<T> where T : unmanaged
    {
        public T* S;
        public int Lds, N;
    }

    /// <summary>S ← S + Sᵀ in place: the chunk owning row i writes the pairs (i, j ≥ i), so chunks never overlap.</summary>
    private static void Symmetrize<T>(T* s, int lds, int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (n == 0) return;
        var state = new SymmetrizeState<T> { S = s, Lds = lds, N = n };
        int chunks = (n + BackwardChunkRows - 1) / BackwardChunkRows;
        int degree = LossParallel.Degree(chunks, (long)n * n / 2);
        LossParallel.Run(ref state, chunks, degree, static (ref SymmetrizeState<T> st, int chunk, in LossPins _) =>
        {
            int rowEnd = Math.Min(st.N, (chunk + 1) * BackwardChunkRows);
            for (int i = chunk * BackwardChunkRows; i < rowEnd; i++)
            {
                T* rowI = st.S + (long)i * st.Lds;
                rowI[i] += rowI[i];
                for (int j = i + 1; j < st.N; j++)
                {
                    T* mirror = st.S + (long)j * st.Lds + i;
                    T sum = rowI[j] + *mirror;
                    rowI[j] = sum;
                    *mirror = sum;
                }
            }
        });
    }
}
