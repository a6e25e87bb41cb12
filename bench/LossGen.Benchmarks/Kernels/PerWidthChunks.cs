using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LossGen.Benchmarks.Kernels;

/// <summary>
/// Today's generated chunk functions, copied from the generator's output for <c>BenchLosses</c> (obj/.../generated,
/// commit 105a562) with only the <c>global::</c> prefixes shortened: each vector loop printed three times, for
/// Vector512, Vector256 and Vector128, behind <c>IsHardwareAccelerated</c> checks. The baseline of
/// <see cref="WidthGenericChunks"/>, which writes the same loops once over a per-width operation struct.
/// </summary>
public static class PerWidthChunks
{
    // MSE, mean((yhat - y)^2): one chunk of MseWithGradient.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChunkMsePerWidth(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, Span<float> dyhat, int _n0, int _lo0, int _hi1, out float _p3)
    {
        float _g2 = 0f;
        int _i4 = _lo0;
        float _t13 = 1f / ((float)_n0);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> _va5 = Vector512<float>.Zero, _vb6 = Vector512<float>.Zero, _vc7 = Vector512<float>.Zero, _vd8 = Vector512<float>.Zero;
            Vector512<float> _s14 = Vector512.Create((2f * _t13));
            for (; _i4 <= _hi1 - 4 * Vector512<float>.Count; _i4 += 4 * Vector512<float>.Count)
            {
                Vector512<float> _x9 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4));
                Vector512<float> _x10 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector512<float> _t11 = _x9 - _x10;
                Vector512<float> _t12 = _t11 * _t11;
                _va5 += _t12;
                Vector512<float> _t15 = _s14 * _t11;
                Vector512<float> _x16 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(Vector512<float>.Count));
                Vector512<float> _x17 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(Vector512<float>.Count));
                Vector512<float> _t18 = _x16 - _x17;
                Vector512<float> _t19 = _t18 * _t18;
                _vb6 += _t19;
                Vector512<float> _t20 = _s14 * _t18;
                Vector512<float> _x21 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(2 * Vector512<float>.Count));
                Vector512<float> _x22 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(2 * Vector512<float>.Count));
                Vector512<float> _t23 = _x21 - _x22;
                Vector512<float> _t24 = _t23 * _t23;
                _vc7 += _t24;
                Vector512<float> _t25 = _s14 * _t23;
                Vector512<float> _x26 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(3 * Vector512<float>.Count));
                Vector512<float> _x27 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(3 * Vector512<float>.Count));
                Vector512<float> _t28 = _x26 - _x27;
                Vector512<float> _t29 = _t28 * _t28;
                _vd8 += _t29;
                Vector512<float> _t30 = _s14 * _t28;
                Vector512.StoreUnsafe(_t15, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4));
                Vector512.StoreUnsafe(_t20, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(Vector512<float>.Count));
                Vector512.StoreUnsafe(_t25, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(2 * Vector512<float>.Count));
                Vector512.StoreUnsafe(_t30, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(3 * Vector512<float>.Count));
            }
            for (; _i4 <= _hi1 - Vector512<float>.Count; _i4 += Vector512<float>.Count) // one vector at a time
            {
                Vector512<float> _x31 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4));
                Vector512<float> _x32 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector512<float> _t33 = _x31 - _x32;
                Vector512<float> _t34 = _t33 * _t33;
                _va5 += _t34;
                Vector512<float> _t35 = _s14 * _t33;
                Vector512.StoreUnsafe(_t35, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4));
            }
            _g2 += Vector512.Sum(_va5 + _vb6 + (_vc7 + _vd8));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> _va36 = Vector256<float>.Zero, _vb37 = Vector256<float>.Zero, _vc38 = Vector256<float>.Zero, _vd39 = Vector256<float>.Zero;
            Vector256<float> _s44 = Vector256.Create((2f * _t13));
            for (; _i4 <= _hi1 - 4 * Vector256<float>.Count; _i4 += 4 * Vector256<float>.Count)
            {
                Vector256<float> _x40 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4));
                Vector256<float> _x41 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector256<float> _t42 = _x40 - _x41;
                Vector256<float> _t43 = _t42 * _t42;
                _va36 += _t43;
                Vector256<float> _t45 = _s44 * _t42;
                Vector256<float> _x46 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(Vector256<float>.Count));
                Vector256<float> _x47 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(Vector256<float>.Count));
                Vector256<float> _t48 = _x46 - _x47;
                Vector256<float> _t49 = _t48 * _t48;
                _vb37 += _t49;
                Vector256<float> _t50 = _s44 * _t48;
                Vector256<float> _x51 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(2 * Vector256<float>.Count));
                Vector256<float> _x52 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(2 * Vector256<float>.Count));
                Vector256<float> _t53 = _x51 - _x52;
                Vector256<float> _t54 = _t53 * _t53;
                _vc38 += _t54;
                Vector256<float> _t55 = _s44 * _t53;
                Vector256<float> _x56 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(3 * Vector256<float>.Count));
                Vector256<float> _x57 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(3 * Vector256<float>.Count));
                Vector256<float> _t58 = _x56 - _x57;
                Vector256<float> _t59 = _t58 * _t58;
                _vd39 += _t59;
                Vector256<float> _t60 = _s44 * _t58;
                Vector256.StoreUnsafe(_t45, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4));
                Vector256.StoreUnsafe(_t50, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(Vector256<float>.Count));
                Vector256.StoreUnsafe(_t55, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(2 * Vector256<float>.Count));
                Vector256.StoreUnsafe(_t60, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(3 * Vector256<float>.Count));
            }
            for (; _i4 <= _hi1 - Vector256<float>.Count; _i4 += Vector256<float>.Count) // one vector at a time
            {
                Vector256<float> _x61 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4));
                Vector256<float> _x62 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector256<float> _t63 = _x61 - _x62;
                Vector256<float> _t64 = _t63 * _t63;
                _va36 += _t64;
                Vector256<float> _t65 = _s44 * _t63;
                Vector256.StoreUnsafe(_t65, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4));
            }
            _g2 += Vector256.Sum(_va36 + _vb37 + (_vc38 + _vd39));
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> _va66 = Vector128<float>.Zero, _vb67 = Vector128<float>.Zero, _vc68 = Vector128<float>.Zero, _vd69 = Vector128<float>.Zero;
            Vector128<float> _s74 = Vector128.Create((2f * _t13));
            for (; _i4 <= _hi1 - 4 * Vector128<float>.Count; _i4 += 4 * Vector128<float>.Count)
            {
                Vector128<float> _x70 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4));
                Vector128<float> _x71 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector128<float> _t72 = _x70 - _x71;
                Vector128<float> _t73 = _t72 * _t72;
                _va66 += _t73;
                Vector128<float> _t75 = _s74 * _t72;
                Vector128<float> _x76 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(Vector128<float>.Count));
                Vector128<float> _x77 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(Vector128<float>.Count));
                Vector128<float> _t78 = _x76 - _x77;
                Vector128<float> _t79 = _t78 * _t78;
                _vb67 += _t79;
                Vector128<float> _t80 = _s74 * _t78;
                Vector128<float> _x81 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(2 * Vector128<float>.Count));
                Vector128<float> _x82 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(2 * Vector128<float>.Count));
                Vector128<float> _t83 = _x81 - _x82;
                Vector128<float> _t84 = _t83 * _t83;
                _vc68 += _t84;
                Vector128<float> _t85 = _s74 * _t83;
                Vector128<float> _x86 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4) + (nuint)(3 * Vector128<float>.Count));
                Vector128<float> _x87 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(3 * Vector128<float>.Count));
                Vector128<float> _t88 = _x86 - _x87;
                Vector128<float> _t89 = _t88 * _t88;
                _vd69 += _t89;
                Vector128<float> _t90 = _s74 * _t88;
                Vector128.StoreUnsafe(_t75, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4));
                Vector128.StoreUnsafe(_t80, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(Vector128<float>.Count));
                Vector128.StoreUnsafe(_t85, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(2 * Vector128<float>.Count));
                Vector128.StoreUnsafe(_t90, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4) + (nuint)(3 * Vector128<float>.Count));
            }
            for (; _i4 <= _hi1 - Vector128<float>.Count; _i4 += Vector128<float>.Count) // one vector at a time
            {
                Vector128<float> _x91 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(yhat), (nuint)(_i4));
                Vector128<float> _x92 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector128<float> _t93 = _x91 - _x92;
                Vector128<float> _t94 = _t93 * _t93;
                _va66 += _t94;
                Vector128<float> _t95 = _s74 * _t93;
                Vector128.StoreUnsafe(_t95, ref MemoryMarshal.GetReference(dyhat), (nuint)(_i4));
            }
            _g2 += Vector128.Sum(_va66 + _vb67 + (_vc68 + _vd69));
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
    public static void ChunkBceLogitsPerWidth(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz, int _n0, int _lo0, int _hi1, out float _p3)
    {
        float _g2 = 0f;
        int _i4 = _lo0;
        float _t12 = 1f / ((float)_n0);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> _va5 = Vector512<float>.Zero, _vb6 = Vector512<float>.Zero;
            Vector512<float> _s13 = Vector512.Create(((-1f) * _t12));
            Vector512<float> _s15 = Vector512.Create(_t12);
            for (; _i4 <= _hi1 - 2 * Vector512<float>.Count; _i4 += 2 * Vector512<float>.Count)
            {
                Vector512<float> _x7 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(z), (nuint)(_i4));
                Vector512<float> _sp8 = LossMath.SoftplusAndSigmoid(_x7, out Vector512<float> _sg9);
                Vector512<float> _x10 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector512<float> _t11 = _sp8 - _x10 * _x7;
                _va5 += _t11;
                Vector512<float> _t14 = _s13 * _x10;
                Vector512<float> _t16 = _s15 * _sg9;
                Vector512<float> _t17 = _t14 + _t16;
                Vector512<float> _x18 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(z), (nuint)(_i4) + (nuint)(Vector512<float>.Count));
                Vector512<float> _sp19 = LossMath.SoftplusAndSigmoid(_x18, out Vector512<float> _sg20);
                Vector512<float> _x21 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(Vector512<float>.Count));
                Vector512<float> _t22 = _sp19 - _x21 * _x18;
                _vb6 += _t22;
                Vector512<float> _t23 = _s13 * _x21;
                Vector512<float> _t24 = _s15 * _sg20;
                Vector512<float> _t25 = _t23 + _t24;
                Vector512.StoreUnsafe(_t17, ref MemoryMarshal.GetReference(dz), (nuint)(_i4));
                Vector512.StoreUnsafe(_t25, ref MemoryMarshal.GetReference(dz), (nuint)(_i4) + (nuint)(Vector512<float>.Count));
            }
            _g2 += Vector512.Sum(_va5 + _vb6);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> _va26 = Vector256<float>.Zero, _vb27 = Vector256<float>.Zero;
            Vector256<float> _s33 = Vector256.Create(((-1f) * _t12));
            Vector256<float> _s35 = Vector256.Create(_t12);
            for (; _i4 <= _hi1 - 2 * Vector256<float>.Count; _i4 += 2 * Vector256<float>.Count)
            {
                Vector256<float> _x28 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(z), (nuint)(_i4));
                Vector256<float> _sp29 = LossMath.SoftplusAndSigmoid(_x28, out Vector256<float> _sg30);
                Vector256<float> _x31 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector256<float> _t32 = _sp29 - _x31 * _x28;
                _va26 += _t32;
                Vector256<float> _t34 = _s33 * _x31;
                Vector256<float> _t36 = _s35 * _sg30;
                Vector256<float> _t37 = _t34 + _t36;
                Vector256<float> _x38 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(z), (nuint)(_i4) + (nuint)(Vector256<float>.Count));
                Vector256<float> _sp39 = LossMath.SoftplusAndSigmoid(_x38, out Vector256<float> _sg40);
                Vector256<float> _x41 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(Vector256<float>.Count));
                Vector256<float> _t42 = _sp39 - _x41 * _x38;
                _vb27 += _t42;
                Vector256<float> _t43 = _s33 * _x41;
                Vector256<float> _t44 = _s35 * _sg40;
                Vector256<float> _t45 = _t43 + _t44;
                Vector256.StoreUnsafe(_t37, ref MemoryMarshal.GetReference(dz), (nuint)(_i4));
                Vector256.StoreUnsafe(_t45, ref MemoryMarshal.GetReference(dz), (nuint)(_i4) + (nuint)(Vector256<float>.Count));
            }
            _g2 += Vector256.Sum(_va26 + _vb27);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> _va46 = Vector128<float>.Zero, _vb47 = Vector128<float>.Zero;
            Vector128<float> _s53 = Vector128.Create(((-1f) * _t12));
            Vector128<float> _s55 = Vector128.Create(_t12);
            for (; _i4 <= _hi1 - 2 * Vector128<float>.Count; _i4 += 2 * Vector128<float>.Count)
            {
                Vector128<float> _x48 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(z), (nuint)(_i4));
                Vector128<float> _sp49 = LossMath.SoftplusAndSigmoid(_x48, out Vector128<float> _sg50);
                Vector128<float> _x51 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4));
                Vector128<float> _t52 = _sp49 - _x51 * _x48;
                _va46 += _t52;
                Vector128<float> _t54 = _s53 * _x51;
                Vector128<float> _t56 = _s55 * _sg50;
                Vector128<float> _t57 = _t54 + _t56;
                Vector128<float> _x58 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(z), (nuint)(_i4) + (nuint)(Vector128<float>.Count));
                Vector128<float> _sp59 = LossMath.SoftplusAndSigmoid(_x58, out Vector128<float> _sg60);
                Vector128<float> _x61 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)(_i4) + (nuint)(Vector128<float>.Count));
                Vector128<float> _t62 = _sp59 - _x61 * _x58;
                _vb47 += _t62;
                Vector128<float> _t63 = _s53 * _x61;
                Vector128<float> _t64 = _s55 * _sg60;
                Vector128<float> _t65 = _t63 + _t64;
                Vector128.StoreUnsafe(_t57, ref MemoryMarshal.GetReference(dz), (nuint)(_i4));
                Vector128.StoreUnsafe(_t65, ref MemoryMarshal.GetReference(dz), (nuint)(_i4) + (nuint)(Vector128<float>.Count));
            }
            _g2 += Vector128.Sum(_va46 + _vb47);
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
    public static void ChunkSparseCePerWidth(ReadOnlySpan<float> _f0, ReadOnlySpan<int> t, Span<float> _odz, int _n0, int _n1, int _lo0, int _hi1, out float _p3)
    {
        float _g2 = 0f;
        Vector512<float> _m10 = Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)(_n1 % Vector512<float>.Count)));
        Vector256<float> _m15 = Vector256.LessThan(Vector256<float>.Indices, Vector256.Create((float)(_n1 % Vector256<float>.Count)));
        Vector128<float> _m20 = Vector128.LessThan(Vector128<float>.Indices, Vector128.Create((float)(_n1 % Vector128<float>.Count)));
        float _t61 = 1f / ((float)_n0);
        float _t62 = -_t61;
        for (int _i4 = _lo0; _i4 < _hi1; _i4++)
        {
            float _r5 = float.NegativeInfinity;
            // max(z, dim: 1)
            int _j6 = 0;
            int _o9 = _i4 * _n1;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> _va7 = Vector512.Create(float.NegativeInfinity);
                for (; _j6 <= _n1 - Vector512<float>.Count; _j6 += Vector512<float>.Count)
                {
                    Vector512<float> _x8 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j6));
                    _va7 = Vector512.Max(_va7, _x8);
                }
                Vector512<float> _s12 = Vector512.Create(float.NegativeInfinity);
                if (_j6 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector512<float> _x11 = LossMath.LoadMasked(_f0, _o9 + _j6, _m10);
                    _va7 = Vector512.Max(_va7, Vector512.ConditionalSelect(_m10, _x11, _s12));
                    _j6 = _n1;
                }
                _r5 = MathF.Max(_r5, LossMath.MaxAcross(_va7));
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> _va13 = Vector256.Create(float.NegativeInfinity);
                for (; _j6 <= _n1 - Vector256<float>.Count; _j6 += Vector256<float>.Count)
                {
                    Vector256<float> _x14 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j6));
                    _va13 = Vector256.Max(_va13, _x14);
                }
                Vector256<float> _s17 = Vector256.Create(float.NegativeInfinity);
                if (_j6 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector256<float> _x16 = LossMath.LoadMasked(_f0, _o9 + _j6, _m15);
                    _va13 = Vector256.Max(_va13, Vector256.ConditionalSelect(_m15, _x16, _s17));
                    _j6 = _n1;
                }
                _r5 = MathF.Max(_r5, LossMath.MaxAcross(_va13));
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                Vector128<float> _va18 = Vector128.Create(float.NegativeInfinity);
                for (; _j6 <= _n1 - Vector128<float>.Count; _j6 += Vector128<float>.Count)
                {
                    Vector128<float> _x19 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j6));
                    _va18 = Vector128.Max(_va18, _x19);
                }
                Vector128<float> _s22 = Vector128.Create(float.NegativeInfinity);
                if (_j6 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector128<float> _x21 = LossMath.LoadMasked(_f0, _o9 + _j6, _m20);
                    _va18 = Vector128.Max(_va18, Vector128.ConditionalSelect(_m20, _x21, _s22));
                    _j6 = _n1;
                }
                _r5 = MathF.Max(_r5, LossMath.MaxAcross(_va18));
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
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> _va25 = Vector512<float>.Zero;
                Vector512<float> _s30 = Vector512.Create(_t29);
                for (; _j24 <= _n1 - Vector512<float>.Count; _j24 += Vector512<float>.Count)
                {
                    Vector512<float> _x26 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j24));
                    Vector512<float> _t31 = _x26 - _s30;
                    Vector512<float> _t32 = LossMath.Exp(_t31);
                    _va25 += _t32;
                }
                if (_j24 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector512<float> _x33 = LossMath.LoadMasked(_f0, _o9 + _j24, _m10);
                    Vector512<float> _t34 = _x33 - _s30;
                    Vector512<float> _t35 = LossMath.Exp(_t34);
                    _va25 += Vector512.ConditionalSelect(_m10, _t35, Vector512<float>.Zero);
                    _j24 = _n1;
                }
                _r23 += Vector512.Sum(_va25);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> _va36 = Vector256<float>.Zero;
                Vector256<float> _s38 = Vector256.Create(_t29);
                for (; _j24 <= _n1 - Vector256<float>.Count; _j24 += Vector256<float>.Count)
                {
                    Vector256<float> _x37 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j24));
                    Vector256<float> _t39 = _x37 - _s38;
                    Vector256<float> _t40 = LossMath.Exp(_t39);
                    _va36 += _t40;
                }
                if (_j24 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector256<float> _x41 = LossMath.LoadMasked(_f0, _o9 + _j24, _m15);
                    Vector256<float> _t42 = _x41 - _s38;
                    Vector256<float> _t43 = LossMath.Exp(_t42);
                    _va36 += Vector256.ConditionalSelect(_m15, _t43, Vector256<float>.Zero);
                    _j24 = _n1;
                }
                _r23 += Vector256.Sum(_va36);
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                Vector128<float> _va44 = Vector128<float>.Zero;
                Vector128<float> _s46 = Vector128.Create(_t29);
                for (; _j24 <= _n1 - Vector128<float>.Count; _j24 += Vector128<float>.Count)
                {
                    Vector128<float> _x45 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j24));
                    Vector128<float> _t47 = _x45 - _s46;
                    Vector128<float> _t48 = LossMath.Exp(_t47);
                    _va44 += _t48;
                }
                if (_j24 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector128<float> _x49 = LossMath.LoadMasked(_f0, _o9 + _j24, _m20);
                    Vector128<float> _t50 = _x49 - _s46;
                    Vector128<float> _t51 = LossMath.Exp(_t50);
                    _va44 += Vector128.ConditionalSelect(_m20, _t51, Vector128<float>.Zero);
                    _j24 = _n1;
                }
                _r23 += Vector128.Sum(_va44);
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
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> _s59 = Vector512.Create((float)(t[_i4]));
                Vector512<float> _s63 = Vector512.Create(_t62);
                Vector512<float> _s64 = Vector512.Create(0f);
                Vector512<float> _s68 = Vector512.Create(_t67);
                Vector512<float> _s71 = Vector512.Create(_t61);
                for (; _j58 <= _n1 - Vector512<float>.Count; _j58 += Vector512<float>.Count)
                {
                    Vector512<float> _t60 = Vector512.Equals((Vector512.Create((float)(_j58)) + Vector512<float>.Indices), _s59);
                    Vector512<float> _t65 = Vector512.ConditionalSelect(_t60, _s63, _s64);
                    Vector512<float> _x66 = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j58));
                    Vector512<float> _t69 = _x66 - _s68;
                    Vector512<float> _t70 = LossMath.Exp(_t69);
                    Vector512<float> _t72 = _s71 * _t70;
                    Vector512<float> _t73 = _t65 + _t72;
                    Vector512.StoreUnsafe(_t73, ref MemoryMarshal.GetReference(_odz), (nuint)(_o9) + (nuint)(_j58));
                }
                if (_j58 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector512<float> _t74 = Vector512.Equals((Vector512.Create((float)(_j58)) + Vector512<float>.Indices), _s59);
                    Vector512<float> _t75 = Vector512.ConditionalSelect(_t74, _s63, _s64);
                    Vector512<float> _x76 = LossMath.LoadMasked(_f0, _o9 + _j58, _m10);
                    Vector512<float> _t77 = _x76 - _s68;
                    Vector512<float> _t78 = LossMath.Exp(_t77);
                    Vector512<float> _t79 = _s71 * _t78;
                    Vector512<float> _t80 = _t75 + _t79;
                    LossMath.StoreMasked(_t80, _odz, _o9 + _j58, _m10);
                    _j58 = _n1;
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> _s81 = Vector256.Create((float)(t[_i4]));
                Vector256<float> _s83 = Vector256.Create(_t62);
                Vector256<float> _s84 = Vector256.Create(0f);
                Vector256<float> _s87 = Vector256.Create(_t67);
                Vector256<float> _s90 = Vector256.Create(_t61);
                for (; _j58 <= _n1 - Vector256<float>.Count; _j58 += Vector256<float>.Count)
                {
                    Vector256<float> _t82 = Vector256.Equals((Vector256.Create((float)(_j58)) + Vector256<float>.Indices), _s81);
                    Vector256<float> _t85 = Vector256.ConditionalSelect(_t82, _s83, _s84);
                    Vector256<float> _x86 = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j58));
                    Vector256<float> _t88 = _x86 - _s87;
                    Vector256<float> _t89 = LossMath.Exp(_t88);
                    Vector256<float> _t91 = _s90 * _t89;
                    Vector256<float> _t92 = _t85 + _t91;
                    Vector256.StoreUnsafe(_t92, ref MemoryMarshal.GetReference(_odz), (nuint)(_o9) + (nuint)(_j58));
                }
                if (_j58 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector256<float> _t93 = Vector256.Equals((Vector256.Create((float)(_j58)) + Vector256<float>.Indices), _s81);
                    Vector256<float> _t94 = Vector256.ConditionalSelect(_t93, _s83, _s84);
                    Vector256<float> _x95 = LossMath.LoadMasked(_f0, _o9 + _j58, _m15);
                    Vector256<float> _t96 = _x95 - _s87;
                    Vector256<float> _t97 = LossMath.Exp(_t96);
                    Vector256<float> _t98 = _s90 * _t97;
                    Vector256<float> _t99 = _t94 + _t98;
                    LossMath.StoreMasked(_t99, _odz, _o9 + _j58, _m15);
                    _j58 = _n1;
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                Vector128<float> _s100 = Vector128.Create((float)(t[_i4]));
                Vector128<float> _s102 = Vector128.Create(_t62);
                Vector128<float> _s103 = Vector128.Create(0f);
                Vector128<float> _s106 = Vector128.Create(_t67);
                Vector128<float> _s109 = Vector128.Create(_t61);
                for (; _j58 <= _n1 - Vector128<float>.Count; _j58 += Vector128<float>.Count)
                {
                    Vector128<float> _t101 = Vector128.Equals((Vector128.Create((float)(_j58)) + Vector128<float>.Indices), _s100);
                    Vector128<float> _t104 = Vector128.ConditionalSelect(_t101, _s102, _s103);
                    Vector128<float> _x105 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(_f0), (nuint)(_o9) + (nuint)(_j58));
                    Vector128<float> _t107 = _x105 - _s106;
                    Vector128<float> _t108 = LossMath.Exp(_t107);
                    Vector128<float> _t110 = _s109 * _t108;
                    Vector128<float> _t111 = _t104 + _t110;
                    Vector128.StoreUnsafe(_t111, ref MemoryMarshal.GetReference(_odz), (nuint)(_o9) + (nuint)(_j58));
                }
                if (_j58 < _n1)
                {
                    // The last columns, fewer than a vector: one vector with the lanes past the row's end masked off.
                    Vector128<float> _t112 = Vector128.Equals((Vector128.Create((float)(_j58)) + Vector128<float>.Indices), _s100);
                    Vector128<float> _t113 = Vector128.ConditionalSelect(_t112, _s102, _s103);
                    Vector128<float> _x114 = LossMath.LoadMasked(_f0, _o9 + _j58, _m20);
                    Vector128<float> _t115 = _x114 - _s106;
                    Vector128<float> _t116 = LossMath.Exp(_t115);
                    Vector128<float> _t117 = _s109 * _t116;
                    Vector128<float> _t118 = _t113 + _t117;
                    LossMath.StoreMasked(_t118, _odz, _o9 + _j58, _m20);
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
