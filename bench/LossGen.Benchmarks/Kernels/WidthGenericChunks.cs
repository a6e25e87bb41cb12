using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LossGen.Benchmarks.Kernels;

/// <summary>
/// The chunk functions of <see cref="PerWidthChunks"/> written once, generically over the width: a type parameter
/// <c>O</c> (LossGen.Runtime's F128/F256/F512 operation structs) whose static abstract operations the JIT specializes
/// per width. Each body is the Vector512 branch of the per-width copy with every operator turned into an <c>O.</c> call
/// (same operations, same order, same locals); the width is chosen by the non-generic entry, whose
/// <c>IsHardwareAccelerated</c> checks are JIT-time constants. This is the form issue 11 item 4 proposes for the
/// generated code; it is measured against today's copies before the emitter is changed (docs/performance.md).
/// </summary>
public static class WidthGenericChunks
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChunkMseGeneric(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, Span<float> dyhat, int n0, int lo, int hi, out float partial)
    {
        if (Vector512.IsHardwareAccelerated) ChunkMse<Vector512<float>, F512>(y, yhat, dyhat, n0, lo, hi, out partial);
        else if (Vector256.IsHardwareAccelerated) ChunkMse<Vector256<float>, F256>(y, yhat, dyhat, n0, lo, hi, out partial);
        else ChunkMse<Vector128<float>, F128>(y, yhat, dyhat, n0, lo, hi, out partial);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChunkBceLogitsGeneric(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz, int n0, int lo, int hi, out float partial)
    {
        if (Vector512.IsHardwareAccelerated) ChunkBceLogits<Vector512<float>, F512>(y, z, dz, n0, lo, hi, out partial);
        else if (Vector256.IsHardwareAccelerated) ChunkBceLogits<Vector256<float>, F256>(y, z, dz, n0, lo, hi, out partial);
        else ChunkBceLogits<Vector128<float>, F128>(y, z, dz, n0, lo, hi, out partial);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChunkSparseCeGeneric(ReadOnlySpan<float> z, ReadOnlySpan<int> t, Span<float> dz, int n0, int n1, int lo, int hi, out float partial)
    {
        if (Vector512.IsHardwareAccelerated) ChunkSparseCe<Vector512<float>, F512>(z, t, dz, n0, n1, lo, hi, out partial);
        else if (Vector256.IsHardwareAccelerated) ChunkSparseCe<Vector256<float>, F256>(z, t, dz, n0, n1, lo, hi, out partial);
        else ChunkSparseCe<Vector128<float>, F128>(z, t, dz, n0, n1, lo, hi, out partial);
    }

    // MSE, mean((yhat - y)^2): one chunk of MseWithGradient.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChunkMse<TV, O>(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, Span<float> dyhat, int _n0, int _lo0, int _hi1, out float _p3)
        where TV : struct where O : struct, IFloatOps<TV>
    {
        float _g2 = 0f;
        int _i4 = _lo0;
        float _t13 = 1f / ((float)_n0);
        if (O.IsHardwareAccelerated)
        {
            TV _va5 = O.Zero, _vb6 = O.Zero, _vc7 = O.Zero, _vd8 = O.Zero;
            TV _s14 = O.Splat(2f * _t13);
            for (; _i4 <= _hi1 - 4 * O.Count; _i4 += 4 * O.Count)
            {
                TV _x9 = O.Load(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4));
                TV _x10 = O.Load(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                TV _t11 = O.Sub(_x9, _x10);
                TV _t12 = O.Mul(_t11, _t11);
                _va5 = O.Add(_va5, _t12);
                TV _t15 = O.Mul(_s14, _t11);
                TV _x16 = O.Load(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(O.Count));
                TV _x17 = O.Load(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(O.Count));
                TV _t18 = O.Sub(_x16, _x17);
                TV _t19 = O.Mul(_t18, _t18);
                _vb6 = O.Add(_vb6, _t19);
                TV _t20 = O.Mul(_s14, _t18);
                TV _x21 = O.Load(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(2 * O.Count));
                TV _x22 = O.Load(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(2 * O.Count));
                TV _t23 = O.Sub(_x21, _x22);
                TV _t24 = O.Mul(_t23, _t23);
                _vc7 = O.Add(_vc7, _t24);
                TV _t25 = O.Mul(_s14, _t23);
                TV _x26 = O.Load(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(3 * O.Count));
                TV _x27 = O.Load(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(3 * O.Count));
                TV _t28 = O.Sub(_x26, _x27);
                TV _t29 = O.Mul(_t28, _t28);
                _vd8 = O.Add(_vd8, _t29);
                TV _t30 = O.Mul(_s14, _t28);
                O.Store(_t15, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4));
                O.Store(_t20, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(O.Count));
                O.Store(_t25, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(2 * O.Count));
                O.Store(_t30, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(3 * O.Count));
            }
            for (; _i4 <= _hi1 - O.Count; _i4 += O.Count) // one vector at a time
            {
                TV _x31 = O.Load(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4));
                TV _x32 = O.Load(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                TV _t33 = O.Sub(_x31, _x32);
                TV _t34 = O.Mul(_t33, _t33);
                _va5 = O.Add(_va5, _t34);
                TV _t35 = O.Mul(_s14, _t33);
                O.Store(_t35, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4));
            }
            _g2 += O.Sum(O.Add(O.Add(_va5, _vb6), O.Add(_vc7, _vd8)));
        }
        for (; _i4 < _hi1; _i4++) // scalar tail
        {
            float _t96 = yhat[_i4] - y[_i4];
            float _t97 = _t96 * _t96;
            _g2 += _t97;
            float _t98 = 2f * _t96 * _t13;
            dyhat[_i4] = _t98;
        }
        _p3 = _g2;
    }

    // BCE with logits, mean(softplus(z) - y * z): one chunk of BceLogitsWithGradient.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChunkBceLogits<TV, O>(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz, int _n0, int _lo0, int _hi1, out float _p3)
        where TV : struct where O : struct, IFloatOps<TV>
    {
        float _g2 = 0f;
        int _i4 = _lo0;
        float _t12 = 1f / ((float)_n0);
        if (O.IsHardwareAccelerated)
        {
            TV _va5 = O.Zero, _vb6 = O.Zero;
            TV _s13 = O.Splat((-1f) * _t12);
            TV _s15 = O.Splat(_t12);
            for (; _i4 <= _hi1 - 2 * O.Count; _i4 += 2 * O.Count)
            {
                TV _x7 = O.Load(ref MemoryMarshal.GetReference(z), (nuint)(_i4));
                TV _sp8 = O.SoftplusAndSigmoid(_x7, out TV _sg9);
                TV _x10 = O.Load(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                TV _t11 = O.Sub(_sp8, O.Mul(_x10, _x7));
                _va5 = O.Add(_va5, _t11);
                TV _t14 = O.Mul(_s13, _x10);
                TV _t16 = O.Mul(_s15, _sg9);
                TV _t17 = O.Add(_t14, _t16);
                TV _x18 = O.Load(ref MemoryMarshal.GetReference(z), (nuint)(_i4) + (nuint)(O.Count));
                TV _sp19 = O.SoftplusAndSigmoid(_x18, out TV _sg20);
                TV _x21 = O.Load(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(O.Count));
                TV _t22 = O.Sub(_sp19, O.Mul(_x21, _x18));
                _vb6 = O.Add(_vb6, _t22);
                TV _t23 = O.Mul(_s13, _x21);
                TV _t24 = O.Mul(_s15, _sg20);
                TV _t25 = O.Add(_t23, _t24);
                O.Store(_t17, ref MemoryMarshal.GetReference(dz), (nuint)(_i4));
                O.Store(_t25, ref MemoryMarshal.GetReference(dz), (nuint)(_i4) + (nuint)(O.Count));
            }
            _g2 += O.Sum(O.Add(_va5, _vb6));
        }
        for (; _i4 < _hi1; _i4++) // scalar tail
        {
            float _sp66 = LossMath.SoftplusAndSigmoid(z[_i4], out float _sg67);
            float _t68 = _sp66 - y[_i4] * z[_i4];
            _g2 += _t68;
            float _t69 = -y[_i4] * _t12;
            float _t70 = _t12 * _sg67;
            float _t71 = _t69 + _t70;
            dz[_i4] = _t71;
        }
        _p3 = _g2;
    }

    // Sparse CE, mean(logsumexp(z, dim: 1) - pick(z, t)): one chunk of rows of SparseCeWithGradient.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChunkSparseCe<TV, O>(ReadOnlySpan<float> _f0, ReadOnlySpan<int> t, Span<float> _odz, int _n0, int _n1, int _lo0, int _hi1, out float _p3)
        where TV : struct where O : struct, IFloatOps<TV>
    {
        float _g2 = 0f;
        TV _m10 = O.LessThan(O.Indices, O.Splat((float)(_n1 % O.Count)));
        float _t61 = 1f / ((float)_n0);
        float _t62 = -_t61;
        for (int _i4 = _lo0; _i4 < _hi1; _i4++)
        {
            float _r5 = float.NegativeInfinity;
            // max(z, dim: 1)
            int _j6 = 0;
            int _o9 = _i4 * _n1;
            if (O.IsHardwareAccelerated)
            {
                TV _va7 = O.Splat(float.NegativeInfinity);
                for (; _j6 <= _n1 - O.Count; _j6 += O.Count)
                {
                    TV _x8 = O.Load(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j6));
                    _va7 = O.Max(_va7, _x8);
                }
                TV _s12 = O.Splat(float.NegativeInfinity);
                if (_j6 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    TV _x11 = O.LoadMasked(_f0, _o9 + _j6, _m10);
                    _va7 = O.Max(_va7, O.Select(_m10, _x11, _s12));
                    _j6 = _n1;
                }
                _r5 = MathF.Max(_r5, O.MaxAcross(_va7));
            }
            for (; _j6 < _n1; _j6++) // scalar tail
            {
                _r5 = MathF.Max(_r5, _f0[_o9 + _j6]);
            }
            float _r23 = 0f;
            // sum(exp(z − where(abs(max(z, dim: 1)) == ∞, 0, max(z, dim: 1))), dim: 1)
            int _j24 = 0;
            float _t27 = MathF.Abs(_r5);
            bool _t28 = _t27 == float.PositiveInfinity;
            float _t29 = _t28 ? 0f : _r5;
            if (O.IsHardwareAccelerated)
            {
                TV _va25 = O.Zero;
                TV _s30 = O.Splat(_t29);
                for (; _j24 <= _n1 - O.Count; _j24 += O.Count)
                {
                    TV _x26 = O.Load(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j24));
                    TV _t31 = O.Sub(_x26, _s30);
                    TV _t32 = O.Exp(_t31);
                    _va25 = O.Add(_va25, _t32);
                }
                if (_j24 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    TV _x33 = O.LoadMasked(_f0, _o9 + _j24, _m10);
                    TV _t34 = O.Sub(_x33, _s30);
                    TV _t35 = O.Exp(_t34);
                    _va25 = O.Add(_va25, O.Select(_m10, _t35, O.Zero));
                    _j24 = _n1;
                }
                _r23 += O.Sum(_va25);
            }
            for (; _j24 < _n1; _j24++) // scalar tail
            {
                float _t52 = _f0[_o9 + _j24] - _t29;
                float _t53 = LossMath.Exp(_t52);
                _r23 += _t53;
            }
            float _t54 = _f0[_o9 + t[_i4]];
            float _t55 = -_t54;
            float _t56 = LossMath.Log(_r23);
            float _t57 = _t55 + _t29 + _t56;
            _g2 += _t57;
            int _j58 = 0;
            float _t67 = _t29 + _t56;
            if (O.IsHardwareAccelerated)
            {
                TV _s59 = O.Splat((float)(t[_i4]));
                TV _s63 = O.Splat(_t62);
                TV _s64 = O.Splat(0f);
                TV _s68 = O.Splat(_t67);
                TV _s71 = O.Splat(_t61);
                for (; _j58 <= _n1 - O.Count; _j58 += O.Count)
                {
                    TV _t60 = O.Equal(O.Add(O.Splat((float)(_j58)), O.Indices), _s59);
                    TV _t65 = O.Select(_t60, _s63, _s64);
                    TV _x66 = O.Load(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j58));
                    TV _t69 = O.Sub(_x66, _s68);
                    TV _t70 = O.Exp(_t69);
                    TV _t72 = O.Mul(_s71, _t70);
                    TV _t73 = O.Add(_t65, _t72);
                    O.Store(_t73, ref MemoryMarshal.GetReference(_odz), (nuint)(_o9) + (nuint)(_j58));
                }
                if (_j58 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    TV _t74 = O.Equal(O.Add(O.Splat((float)(_j58)), O.Indices), _s59);
                    TV _t75 = O.Select(_t74, _s63, _s64);
                    TV _x76 = O.LoadMasked(_f0, _o9 + _j58, _m10);
                    TV _t77 = O.Sub(_x76, _s68);
                    TV _t78 = O.Exp(_t77);
                    TV _t79 = O.Mul(_s71, _t78);
                    TV _t80 = O.Add(_t75, _t79);
                    O.StoreMasked(_t80, _odz, _o9 + _j58, _m10);
                    _j58 = _n1;
                }
            }
            for (; _j58 < _n1; _j58++) // scalar tail
            {
                bool _t119 = _j58 == t[_i4];
                float _t120 = _t119 ? _t62 : 0f;
                float _t121 = _f0[_o9 + _j58] - _t67;
                float _t122 = LossMath.Exp(_t121);
                float _t123 = _t61 * _t122;
                float _t124 = _t120 + _t123;
                _odz[_o9 + _j58] = _t124;
            }
        }
        _p3 = _g2;
    }
}
