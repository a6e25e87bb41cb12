using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LossGen;

// Partial vectors for generated kernels: the last few columns of a row (fewer than a vector's lanes) are processed as
// one vector whose lanes past the row's end are masked off. A masked load reads, and a masked store writes, only the
// active lanes (a prefix of the vector: the mask is Indices < count), so neither touches memory past the row, even
// at the end of the buffer. The inactive lanes of a load are 0. The across-lane max/min helpers reduce a vector to
// one value exactly as a lane-by-lane Math.Max/Min would (IEEE 754:2019 maximum/minimum: NaN wins, -0 < +0).
//
// The spans are pinned through MemoryMarshal.GetReference rather than `fixed (T* p = span)`: the latter calls
// Span.GetPinnableReference, which is larger, and in big generated kernels (sparse cross-entropy) the JIT had run out
// of inlining budget by then and left it a call in the masked path of every row (seen with DOTNET_JitDisasm;
// docs/performance.md). The masked instructions never touch the inactive lanes, so the address of an empty span's
// reference is never dereferenced.
public static partial class LossMath
{
    /// <summary>Loads the lanes of <paramref name="span"/>[<paramref name="index"/>..] selected by <paramref name="mask"/> (a prefix of lanes); the others are 0.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<float> LoadMasked(ReadOnlySpan<float> span, int index, Vector512<float> mask)
    {
        if (Avx512F.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) return Avx512F.MaskLoad(p + index, mask, Vector512<float>.Zero);
        }
        return LoadPrefix(span, index, mask);
    }

    /// <summary>Stores the lanes of <paramref name="value"/> selected by <paramref name="mask"/> (a prefix of lanes) to <paramref name="span"/>[<paramref name="index"/>..].</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreMasked(Vector512<float> value, Span<float> span, int index, Vector512<float> mask)
    {
        if (Avx512F.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) Avx512F.MaskStore(p + index, mask, value);
            return;
        }
        StorePrefix(value, span, index, mask);
    }

    /// <summary>The maximum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Max gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector512<float> value) => MaxAcross(Vector256.Max(value.GetLower(), value.GetUpper()));

    /// <summary>The minimum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Min gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinAcross(Vector512<float> value) => MinAcross(Vector256.Min(value.GetLower(), value.GetUpper()));

    /// <summary>Loads the lanes of <paramref name="span"/>[<paramref name="index"/>..] selected by <paramref name="mask"/> (a prefix of lanes); the others are 0.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<double> LoadMasked(ReadOnlySpan<double> span, int index, Vector512<double> mask)
    {
        if (Avx512F.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) return Avx512F.MaskLoad(p + index, mask, Vector512<double>.Zero);
        }
        return LoadPrefix(span, index, mask);
    }

    /// <summary>Stores the lanes of <paramref name="value"/> selected by <paramref name="mask"/> (a prefix of lanes) to <paramref name="span"/>[<paramref name="index"/>..].</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreMasked(Vector512<double> value, Span<double> span, int index, Vector512<double> mask)
    {
        if (Avx512F.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) Avx512F.MaskStore(p + index, mask, value);
            return;
        }
        StorePrefix(value, span, index, mask);
    }

    /// <summary>The maximum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Max gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxAcross(Vector512<double> value) => MaxAcross(Vector256.Max(value.GetLower(), value.GetUpper()));

    /// <summary>The minimum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Min gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MinAcross(Vector512<double> value) => MinAcross(Vector256.Min(value.GetLower(), value.GetUpper()));

    /// <summary>Loads the lanes of <paramref name="span"/>[<paramref name="index"/>..] selected by <paramref name="mask"/> (a prefix of lanes); the others are 0.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<float> LoadMasked(ReadOnlySpan<float> span, int index, Vector256<float> mask)
    {
        if (Avx512F.VL.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) return Avx512F.VL.MaskLoad(p + index, mask, Vector256<float>.Zero);
        }
        if (Avx.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) return Avx.MaskLoad(p + index, mask);
        }
        return LoadPrefix(span, index, mask);
    }

    /// <summary>Stores the lanes of <paramref name="value"/> selected by <paramref name="mask"/> (a prefix of lanes) to <paramref name="span"/>[<paramref name="index"/>..].</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreMasked(Vector256<float> value, Span<float> span, int index, Vector256<float> mask)
    {
        if (Avx512F.VL.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) Avx512F.VL.MaskStore(p + index, mask, value);
            return;
        }
        if (Avx.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) Avx.MaskStore(p + index, mask, value);
            return;
        }
        StorePrefix(value, span, index, mask);
    }

    /// <summary>The maximum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Max gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector256<float> value) => MaxAcross(Vector128.Max(value.GetLower(), value.GetUpper()));

    /// <summary>The minimum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Min gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinAcross(Vector256<float> value) => MinAcross(Vector128.Min(value.GetLower(), value.GetUpper()));

    /// <summary>Loads the lanes of <paramref name="span"/>[<paramref name="index"/>..] selected by <paramref name="mask"/> (a prefix of lanes); the others are 0.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<double> LoadMasked(ReadOnlySpan<double> span, int index, Vector256<double> mask)
    {
        if (Avx512F.VL.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) return Avx512F.VL.MaskLoad(p + index, mask, Vector256<double>.Zero);
        }
        if (Avx.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) return Avx.MaskLoad(p + index, mask);
        }
        return LoadPrefix(span, index, mask);
    }

    /// <summary>Stores the lanes of <paramref name="value"/> selected by <paramref name="mask"/> (a prefix of lanes) to <paramref name="span"/>[<paramref name="index"/>..].</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreMasked(Vector256<double> value, Span<double> span, int index, Vector256<double> mask)
    {
        if (Avx512F.VL.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) Avx512F.VL.MaskStore(p + index, mask, value);
            return;
        }
        if (Avx.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) Avx.MaskStore(p + index, mask, value);
            return;
        }
        StorePrefix(value, span, index, mask);
    }

    /// <summary>The maximum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Max gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxAcross(Vector256<double> value) => MaxAcross(Vector128.Max(value.GetLower(), value.GetUpper()));

    /// <summary>The minimum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Min gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MinAcross(Vector256<double> value) => MinAcross(Vector128.Min(value.GetLower(), value.GetUpper()));

    /// <summary>Loads the lanes of <paramref name="span"/>[<paramref name="index"/>..] selected by <paramref name="mask"/> (a prefix of lanes); the others are 0.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector128<float> LoadMasked(ReadOnlySpan<float> span, int index, Vector128<float> mask)
    {
        if (Avx512F.VL.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) return Avx512F.VL.MaskLoad(p + index, mask, Vector128<float>.Zero);
        }
        if (Avx.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) return Avx.MaskLoad(p + index, mask);
        }
        return LoadPrefix(span, index, mask);
    }

    /// <summary>Stores the lanes of <paramref name="value"/> selected by <paramref name="mask"/> (a prefix of lanes) to <paramref name="span"/>[<paramref name="index"/>..].</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreMasked(Vector128<float> value, Span<float> span, int index, Vector128<float> mask)
    {
        if (Avx512F.VL.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) Avx512F.VL.MaskStore(p + index, mask, value);
            return;
        }
        if (Avx.IsSupported)
        {
            fixed (float* p = &MemoryMarshal.GetReference(span)) Avx.MaskStore(p + index, mask, value);
            return;
        }
        StorePrefix(value, span, index, mask);
    }

    /// <summary>The maximum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Max gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector128<float> value)
    {
        Vector128<float> h = Vector128.Max(value, Vector128.Shuffle(value, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.Max(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }

    /// <summary>The minimum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Min gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinAcross(Vector128<float> value)
    {
        Vector128<float> h = Vector128.Min(value, Vector128.Shuffle(value, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.Min(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }

    /// <summary>Loads the lanes of <paramref name="span"/>[<paramref name="index"/>..] selected by <paramref name="mask"/> (a prefix of lanes); the others are 0.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector128<double> LoadMasked(ReadOnlySpan<double> span, int index, Vector128<double> mask)
    {
        if (Avx512F.VL.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) return Avx512F.VL.MaskLoad(p + index, mask, Vector128<double>.Zero);
        }
        if (Avx.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) return Avx.MaskLoad(p + index, mask);
        }
        return LoadPrefix(span, index, mask);
    }

    /// <summary>Stores the lanes of <paramref name="value"/> selected by <paramref name="mask"/> (a prefix of lanes) to <paramref name="span"/>[<paramref name="index"/>..].</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreMasked(Vector128<double> value, Span<double> span, int index, Vector128<double> mask)
    {
        if (Avx512F.VL.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) Avx512F.VL.MaskStore(p + index, mask, value);
            return;
        }
        if (Avx.IsSupported)
        {
            fixed (double* p = &MemoryMarshal.GetReference(span)) Avx.MaskStore(p + index, mask, value);
            return;
        }
        StorePrefix(value, span, index, mask);
    }

    /// <summary>The maximum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Max gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxAcross(Vector128<double> value)
    {
        Vector128<double> h = Vector128.Max(value, Vector128.Shuffle(value, Vector128.Create(1L, 0L)));
        return h.ToScalar();
    }

    /// <summary>The minimum of the lanes of <paramref name="value"/>, as a lane-by-lane Math.Min gives it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MinAcross(Vector128<double> value)
    {
        Vector128<double> h = Vector128.Min(value, Vector128.Shuffle(value, Vector128.Create(1L, 0L)));
        return h.ToScalar();
    }

    // Without masked instructions, the active lanes (a prefix) go through a one-vector stack buffer.

    private static Vector512<T> LoadPrefix<T>(ReadOnlySpan<T> span, int index, Vector512<T> mask) where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector512<T>.Count];
        lanes.Clear();
        span.Slice(index, BitOperations.PopCount(Vector512.ExtractMostSignificantBits(mask))).CopyTo(lanes);
        return Vector512.Create((ReadOnlySpan<T>)lanes);
    }

    private static Vector256<T> LoadPrefix<T>(ReadOnlySpan<T> span, int index, Vector256<T> mask) where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        lanes.Clear();
        span.Slice(index, BitOperations.PopCount(Vector256.ExtractMostSignificantBits(mask))).CopyTo(lanes);
        return Vector256.Create((ReadOnlySpan<T>)lanes);
    }

    private static Vector128<T> LoadPrefix<T>(ReadOnlySpan<T> span, int index, Vector128<T> mask) where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector128<T>.Count];
        lanes.Clear();
        span.Slice(index, BitOperations.PopCount(Vector128.ExtractMostSignificantBits(mask))).CopyTo(lanes);
        return Vector128.Create((ReadOnlySpan<T>)lanes);
    }

    private static void StorePrefix<T>(Vector512<T> value, Span<T> span, int index, Vector512<T> mask) where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector512<T>.Count];
        value.CopyTo(lanes);
        lanes.Slice(0, BitOperations.PopCount(Vector512.ExtractMostSignificantBits(mask))).CopyTo(span.Slice(index));
    }

    private static void StorePrefix<T>(Vector256<T> value, Span<T> span, int index, Vector256<T> mask) where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        value.CopyTo(lanes);
        lanes.Slice(0, BitOperations.PopCount(Vector256.ExtractMostSignificantBits(mask))).CopyTo(span.Slice(index));
    }

    private static void StorePrefix<T>(Vector128<T> value, Span<T> span, int index, Vector128<T> mask) where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector128<T>.Count];
        value.CopyTo(lanes);
        lanes.Slice(0, BitOperations.PopCount(Vector128.ExtractMostSignificantBits(mask))).CopyTo(span.Slice(index));
    }
}
