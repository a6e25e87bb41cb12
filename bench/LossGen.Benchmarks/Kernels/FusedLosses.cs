using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LossGen.Benchmarks.Kernels;

/// <summary>
/// Variant (c): hand-fused SIMD kernels, the practical ceiling for the generator. One pass over memory computes the
/// loss and writes the gradient; Vector512 when it is hardware accelerated, else Vector256, else Vector128 (else the
/// scalar loops); a scalar head up to the first vector-aligned gradient element, four independent accumulators
/// (4× unrolled) in the main loop, then a one-vector loop, then a scalar tail. exp and log1p are the inlined
/// <see cref="VMath"/> versions, so the hot loops contain no calls. Same formulas as <see cref="ScalarLosses"/>.
/// Not done (would go further): a cross-row ("transposed") kernel for cross-entropy with K smaller than a vector,
/// which here handles one row per masked vector with horizontal max/sum.
/// </summary>
public static unsafe class FusedLosses
{
    // ---------------------------------------------------------------- elementwise driver

    /// <summary>One elementwise loss: the loss term and the gradient of one vector of elements, or of one element.</summary>
    private interface IElementwise<TV> where TV : struct
    {
        /// <summary>Returns the loss terms (summed by the driver) and writes the gradient (already divided by N).</summary>
        TV Step(TV x, TV y, out TV grad);
        float Step(float x, float y, out float grad);
    }

    /// <summary>
    /// The loop shared by MSE, BCE and focal: a scalar head until the gradient's store address is vector-aligned
    /// (an unaligned 64-byte store always splits two cache lines), then 4 vectors per iteration into 4 independent
    /// accumulators, then one vector per iteration, then a scalar tail. x is the differentiable input, y the target.
    /// </summary>
    private static float Elementwise<TS, TV, TOp>(ref float x, ref float y, ref float g, nuint n, TOp op)
        where TS : ISimd<TV> where TV : struct where TOp : struct, IElementwise<TV>
    {
        nuint w = (nuint)TS.Count;
        nuint i = 0;
        float sum = 0f;
        for (nuint head = Math.Min(n, AlignHead(ref g, w)); i < head; i++)
            sum += op.Step(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i), out Unsafe.Add(ref g, i));

        TV acc0 = TS.Splat(0f), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            acc0 = TS.Add(acc0, op.Step(TS.Load(ref x, i), TS.Load(ref y, i), out TV g0));
            acc1 = TS.Add(acc1, op.Step(TS.Load(ref x, i + w), TS.Load(ref y, i + w), out TV g1));
            acc2 = TS.Add(acc2, op.Step(TS.Load(ref x, i + 2 * w), TS.Load(ref y, i + 2 * w), out TV g2));
            acc3 = TS.Add(acc3, op.Step(TS.Load(ref x, i + 3 * w), TS.Load(ref y, i + 3 * w), out TV g3));
            TS.Store(g0, ref g, i);
            TS.Store(g1, ref g, i + w);
            TS.Store(g2, ref g, i + 2 * w);
            TS.Store(g3, ref g, i + 3 * w);
        }
        for (; i + w <= n; i += w)
        {
            acc0 = TS.Add(acc0, op.Step(TS.Load(ref x, i), TS.Load(ref y, i), out TV g0));
            TS.Store(g0, ref g, i);
        }
        sum += TS.Sum(TS.Add(TS.Add(acc0, acc1), TS.Add(acc2, acc3)));
        for (; i < n; i++)
            sum += op.Step(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i), out Unsafe.Add(ref g, i));
        return sum / n;
    }

    /// <summary>How many floats from <paramref name="p"/> to the next multiple of the vector size in bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint AlignHead(ref float p, nuint lanes)
    {
        nuint bytes = lanes * sizeof(float);
        nuint misalignment = (nuint)Unsafe.AsPointer(ref p) % bytes;
        return misalignment == 0 ? 0 : (bytes - misalignment) / sizeof(float);
    }

    // ---------------------------------------------------------------- MSE

    public static float Mse(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, Span<float> dyhat)
    {
        Shapes.SameLength(y.Length, yhat.Length, dyhat.Length);
        if (y.Length == 0) return float.NaN;
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rx = ref MemoryMarshal.GetReference(yhat);
        ref float rd = ref MemoryMarshal.GetReference(dyhat);
        nuint n = (nuint)y.Length;
        float g = 2f / y.Length;
        if (Vector512.IsHardwareAccelerated) return Elementwise<V512, Vector512<float>, MseOp<V512, Vector512<float>>>(ref rx, ref ry, ref rd, n, new(g));
        if (Vector256.IsHardwareAccelerated) return Elementwise<V256, Vector256<float>, MseOp<V256, Vector256<float>>>(ref rx, ref ry, ref rd, n, new(g));
        if (Vector128.IsHardwareAccelerated) return Elementwise<V128, Vector128<float>, MseOp<V128, Vector128<float>>>(ref rx, ref ry, ref rd, n, new(g));
        return ScalarLosses.Mse(y, yhat, dyhat);
    }

    /// <summary>(yhat - y)^2, gradient 2 (yhat - y) / N.</summary>
    private readonly struct MseOp<TS, TV>(float g) : IElementwise<TV> where TS : ISimd<TV> where TV : struct
    {
        private readonly float _g = g;
        private readonly TV _gv = TS.Splat(g);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Step(TV yhat, TV y, out TV grad)
        {
            TV d = TS.Sub(yhat, y);
            grad = TS.Mul(d, _gv);
            return TS.Mul(d, d);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Step(float yhat, float y, out float grad)
        {
            float d = yhat - y;
            grad = d * _g;
            return d * d;
        }
    }

    // ---------------------------------------------------------------- BCE with logits

    public static float BceLogits(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz)
    {
        Shapes.SameLength(y.Length, z.Length, dz.Length);
        if (y.Length == 0) return float.NaN;
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rz = ref MemoryMarshal.GetReference(z);
        ref float rd = ref MemoryMarshal.GetReference(dz);
        nuint n = (nuint)y.Length;
        float invN = 1f / y.Length;
        if (Vector512.IsHardwareAccelerated) return Elementwise<V512, Vector512<float>, BceOp<V512, Vector512<float>>>(ref rz, ref ry, ref rd, n, new(invN));
        if (Vector256.IsHardwareAccelerated) return Elementwise<V256, Vector256<float>, BceOp<V256, Vector256<float>>>(ref rz, ref ry, ref rd, n, new(invN));
        if (Vector128.IsHardwareAccelerated) return Elementwise<V128, Vector128<float>, BceOp<V128, Vector128<float>>>(ref rz, ref ry, ref rd, n, new(invN));
        return ScalarLosses.BceLogits(y, z, dz);
    }

    /// <summary>
    /// Shared front half of BCE and focal: e = exp(-|z|) in (0, 1], r = 1/(1+e), softplus(z) = max(z,0) + log1p(e),
    /// p = sigmoid(z) = (z &gt;= 0 ? r : e r), q = 1 - p = sigmoid(-z), with the inlined exp/log1p of
    /// <see cref="VMath"/> so that the loop body has no calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Logistic<TS, TV>(TV z, out TV softplus, out TV p, out TV q)
        where TS : ISimd<TV> where TV : struct
    {
        TV zero = TS.Splat(0f), one = TS.Splat(1f);
        TV e = VMath.ExpNonPositive<TS, TV>(TS.Neg(TS.Abs(z)));
        TV r = TS.Div(one, TS.Add(one, e));
        softplus = TS.Add(TS.Max(z, zero), VMath.Log1pUnit<TS, TV>(e));
        TV er = TS.Mul(e, r);
        TV pos = TS.GreaterOrEqual(z, zero);
        p = TS.Select(pos, r, er);
        q = TS.Select(pos, er, r);
    }

    /// <summary>The scalar twin of <see cref="Logistic{TS, TV}"/>, for heads and tails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Logistic(float z, out float softplus, out float p, out float q)
    {
        float e = MathF.Exp(-MathF.Abs(z));
        float u = 1f + e;
        float r = 1f / u;
        softplus = MathF.Max(z, 0f) + (MathF.Log(u) + (e - (u - 1f)) * r);
        float er = e * r;
        p = z >= 0f ? r : er;
        q = z >= 0f ? er : r;
    }

    /// <summary>softplus(z) - y z, gradient (sigmoid(z) - y) / N.</summary>
    private readonly struct BceOp<TS, TV>(float invN) : IElementwise<TV> where TS : ISimd<TV> where TV : struct
    {
        private readonly float _invN = invN;
        private readonly TV _invNv = TS.Splat(invN);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Step(TV z, TV y, out TV grad)
        {
            Logistic<TS, TV>(z, out TV softplus, out TV p, out _);
            grad = TS.Mul(TS.Sub(p, y), _invNv);
            return TS.Sub(softplus, TS.Mul(y, z));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Step(float z, float y, out float grad)
        {
            Logistic(z, out float softplus, out float p, out _);
            grad = (p - y) * _invN;
            return softplus - y * z;
        }
    }

    // ---------------------------------------------------------------- Focal with logits

    public static float FocalLogits(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz, float alpha = 0.25f, float gamma = 2f)
    {
        Shapes.SameLength(y.Length, z.Length, dz.Length);
        if (y.Length == 0) return float.NaN;
        // The vector kernel specialises gamma = 2 (the torchvision default): m^gamma = m*m. Other gammas take the
        // scalar loop; a general vector pow is not what this benchmark is about.
        if (gamma != 2f) return ScalarLosses.FocalLogits(y, z, dz, alpha, gamma);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rz = ref MemoryMarshal.GetReference(z);
        ref float rd = ref MemoryMarshal.GetReference(dz);
        nuint n = (nuint)y.Length;
        float invN = 1f / y.Length;
        if (Vector512.IsHardwareAccelerated) return Elementwise<V512, Vector512<float>, FocalOp<V512, Vector512<float>>>(ref rz, ref ry, ref rd, n, new(invN, alpha));
        if (Vector256.IsHardwareAccelerated) return Elementwise<V256, Vector256<float>, FocalOp<V256, Vector256<float>>>(ref rz, ref ry, ref rd, n, new(invN, alpha));
        if (Vector128.IsHardwareAccelerated) return Elementwise<V128, Vector128<float>, FocalOp<V128, Vector128<float>>>(ref rz, ref ry, ref rd, n, new(invN, alpha));
        return ScalarLosses.FocalLogits(y, z, dz, alpha, gamma);
    }

    /// <summary>
    /// a_t m^2 ce with m = 1 - p_t = p (1 - y) + q y, a_t = (1 - alpha) + y (2 alpha - 1);
    /// gradient a_t [2 m (1 - 2y) p q ce + m^2 (p - y)] / N (see <see cref="ScalarLosses.FocalLogits"/>).
    /// </summary>
    private readonly struct FocalOp<TS, TV>(float invN, float alpha) : IElementwise<TV> where TS : ISimd<TV> where TV : struct
    {
        private readonly float _invN = invN, _oma = 1f - alpha, _tam1 = 2f * alpha - 1f;
        private readonly TV _invNv = TS.Splat(invN), _omav = TS.Splat(1f - alpha), _tam1v = TS.Splat(2f * alpha - 1f);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Step(TV z, TV y, out TV grad)
        {
            TV one = TS.Splat(1f);
            Logistic<TS, TV>(z, out TV softplus, out TV p, out TV q);
            TV ce = TS.Sub(softplus, TS.Mul(y, z));
            TV m = TS.MulAdd(p, TS.Sub(one, y), TS.Mul(q, y));
            TV at = TS.MulAdd(y, _tam1v, _omav);
            TV m2 = TS.Mul(m, m);
            TV oneMinus2y = TS.Sub(one, TS.Add(y, y));
            TV inner = TS.MulAdd(TS.Mul(TS.Add(m, m), oneMinus2y), TS.Mul(TS.Mul(p, q), ce), TS.Mul(m2, TS.Sub(p, y)));
            grad = TS.Mul(TS.Mul(at, inner), _invNv);
            return TS.Mul(TS.Mul(at, m2), ce);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Step(float z, float y, out float grad)
        {
            Logistic(z, out float softplus, out float p, out float q);
            float ce = softplus - y * z;
            float m = p * (1f - y) + q * y;
            float at = y * _tam1 + _oma;
            float m2 = m * m;
            grad = at * (2f * m * (1f - 2f * y) * p * q * ce + m2 * (p - y)) * _invN;
            return at * m2 * ce;
        }
    }

    // ---------------------------------------------------------------- Sparse cross-entropy

    public static float SparseCe(ReadOnlySpan<float> z, ReadOnlySpan<int> t, int k, Span<float> dz)
    {
        int rows = t.Length;
        Shapes.Matrix(z.Length, rows, k, dz.Length);
        if (rows == 0) return float.NaN;
        ref float rz = ref MemoryMarshal.GetReference(z);
        ref float rd = ref MemoryMarshal.GetReference(dz);
        if (Vector512.IsHardwareAccelerated) return SparseCe<V512, Vector512<float>>(ref rz, t, k, ref rd);
        if (Vector256.IsHardwareAccelerated) return SparseCe<V256, Vector256<float>>(ref rz, t, k, ref rd);
        if (Vector128.IsHardwareAccelerated) return SparseCe<V128, Vector128<float>>(ref rz, t, k, ref rd);
        return ScalarLosses.SparseCe(z, t, k, dz);
    }

    /// <summary>
    /// Per row (the row stays in L1, so the three short passes over it cost no memory traffic): max, then
    /// e = exp(z - max) written into dz while summing, then dz = e / (s N) and dz[t] -= 1/N; the loss adds
    /// max - z[t] per row and log(s) through a running product (one log per 16 rows).
    /// Rows no longer than a vector (K = 10 with 16 lanes) are done with one masked vector: the load reads into the
    /// next row (masked off), and the store writes zeros into the next row's gradient, which that row overwrites when
    /// its turn comes (rows are processed in order); the last rows, where a full vector would run past the end of the
    /// buffers, take the general path.
    /// </summary>
    private static float SparseCe<TS, TV>(ref float z, ReadOnlySpan<int> t, int k, ref float dz)
        where TS : ISimd<TV> where TV : struct
    {
        int rows = t.Length;
        int w = TS.Count;
        nuint uw = (nuint)w, uk = (nuint)k;
        float invN = 1f / rows;
        double total = 0;
        // Sum of log(s_i) as the log of a running product, one log per 16 rows: s_i is in [1, K], so 16 factors
        // stay below 1e150 in a double.
        double sProduct = 1;
        int pending = 0;
        TV negInf = TS.Splat(float.NegativeInfinity), zero = TS.Splat(0f);

        // Rows [0, smallRows) may use the one-vector path.
        long totalElems = (long)rows * k;
        int smallRows = k > w || totalElems < w ? 0 : (int)Math.Min(rows, (totalElems - w) / k + 1);
        TV mask = k > w ? zero : TS.FirstLanes(k);

        int i = 0;
        for (; i < smallRows; i++)
        {
            nuint o = (nuint)i * uk;
            int ti = Shapes.Label(t[i], k, i);
            TV v = TS.Load(ref z, o);
            float max = TS.MaxAcross(TS.Select(mask, v, negInf));
            TV e = TS.Select(mask, VMath.ExpNonPositive<TS, TV>(TS.Sub(v, TS.Splat(max))), zero);
            float s = TS.Sum(e);
            TS.Store(TS.Mul(e, TS.Splat(invN / s)), ref dz, o);
            Unsafe.Add(ref dz, o + (nuint)ti) -= invN;
            total += max - Unsafe.Add(ref z, o + (nuint)ti);
            sProduct *= s;
            if (++pending == 16) { total += Math.Log(sProduct); sProduct = 1; pending = 0; }
        }

        for (; i < rows; i++)
        {
            nuint o = (nuint)i * uk;
            ref float zr = ref Unsafe.Add(ref z, o);
            ref float dr = ref Unsafe.Add(ref dz, o);
            int ti = Shapes.Label(t[i], k, i);

            // Scalar head up to the first vector-aligned element of the gradient row (rows of K = 1000 floats start
            // at alternating 64-byte alignments; z and dz are assumed to share their alignment, as they do here).
            nuint h = Math.Min(uk, AlignHead(ref dr, uw));
            nuint vecEnd = h + (uk - h) / uw * uw;

            // max
            float max = float.NegativeInfinity;
            for (nuint j = 0; j < h; j++) max = MathF.Max(max, Unsafe.Add(ref zr, j));
            if (vecEnd > h)
            {
                TV m0 = negInf, m1 = negInf, m2 = negInf, m3 = negInf;
                nuint j = h;
                for (; j + 4 * uw <= vecEnd; j += 4 * uw)
                {
                    m0 = TS.Max(m0, TS.Load(ref zr, j));
                    m1 = TS.Max(m1, TS.Load(ref zr, j + uw));
                    m2 = TS.Max(m2, TS.Load(ref zr, j + 2 * uw));
                    m3 = TS.Max(m3, TS.Load(ref zr, j + 3 * uw));
                }
                for (; j < vecEnd; j += uw) m0 = TS.Max(m0, TS.Load(ref zr, j));
                max = MathF.Max(max, TS.MaxAcross(TS.Max(TS.Max(m0, m1), TS.Max(m2, m3))));
            }
            for (nuint j = vecEnd; j < uk; j++) max = MathF.Max(max, Unsafe.Add(ref zr, j));

            // e = exp(z - max) into dz, s = sum(e)
            float s = 0f;
            for (nuint j = 0; j < h; j++)
            {
                float e = MathF.Exp(Unsafe.Add(ref zr, j) - max);
                s += e;
                Unsafe.Add(ref dr, j) = e;
            }
            {
                TV vmax = TS.Splat(max);
                TV s0 = zero, s1 = zero, s2 = zero, s3 = zero;
                nuint j = h;
                for (; j + 4 * uw <= vecEnd; j += 4 * uw)
                {
                    TV e0 = VMath.ExpNonPositive<TS, TV>(TS.Sub(TS.Load(ref zr, j), vmax));
                    TV e1 = VMath.ExpNonPositive<TS, TV>(TS.Sub(TS.Load(ref zr, j + uw), vmax));
                    TV e2 = VMath.ExpNonPositive<TS, TV>(TS.Sub(TS.Load(ref zr, j + 2 * uw), vmax));
                    TV e3 = VMath.ExpNonPositive<TS, TV>(TS.Sub(TS.Load(ref zr, j + 3 * uw), vmax));
                    s0 = TS.Add(s0, e0); s1 = TS.Add(s1, e1); s2 = TS.Add(s2, e2); s3 = TS.Add(s3, e3);
                    TS.Store(e0, ref dr, j);
                    TS.Store(e1, ref dr, j + uw);
                    TS.Store(e2, ref dr, j + 2 * uw);
                    TS.Store(e3, ref dr, j + 3 * uw);
                }
                for (; j < vecEnd; j += uw)
                {
                    TV e = VMath.ExpNonPositive<TS, TV>(TS.Sub(TS.Load(ref zr, j), vmax));
                    s0 = TS.Add(s0, e);
                    TS.Store(e, ref dr, j);
                }
                s += TS.Sum(TS.Add(TS.Add(s0, s1), TS.Add(s2, s3)));
            }
            for (nuint j = vecEnd; j < uk; j++)
            {
                float e = MathF.Exp(Unsafe.Add(ref zr, j) - max);
                s += e;
                Unsafe.Add(ref dr, j) = e;
            }

            // dz = e / (s N)
            float c = invN / s;
            TV vc = TS.Splat(c);
            for (nuint j = 0; j < h; j++) Unsafe.Add(ref dr, j) *= c;
            for (nuint j = h; j < vecEnd; j += uw) TS.Store(TS.Mul(TS.Load(ref dr, j), vc), ref dr, j);
            for (nuint j = vecEnd; j < uk; j++) Unsafe.Add(ref dr, j) *= c;
            Unsafe.Add(ref dr, (nuint)ti) -= invN;
            total += max - Unsafe.Add(ref zr, (nuint)ti);
            sProduct *= s;
            if (++pending == 16) { total += Math.Log(sProduct); sProduct = 1; pending = 0; }
        }
        return (float)((total + Math.Log(sProduct)) / rows);
    }

    // ---------------------------------------------------------------- Triplet margin

    public static float Triplet(ReadOnlySpan<float> a, ReadOnlySpan<float> p, ReadOnlySpan<float> n, int d,
        Span<float> da, Span<float> dp, Span<float> dn, float margin = 1f)
    {
        Shapes.Triplet(a.Length, p.Length, n.Length, da.Length, dp.Length, dn.Length, d);
        int rows = a.Length / d;
        if (rows == 0) return float.NaN;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rp = ref MemoryMarshal.GetReference(p);
        ref float rn = ref MemoryMarshal.GetReference(n);
        ref float rda = ref MemoryMarshal.GetReference(da);
        ref float rdp = ref MemoryMarshal.GetReference(dp);
        ref float rdn = ref MemoryMarshal.GetReference(dn);
        if (Vector512.IsHardwareAccelerated) return Triplet<V512, Vector512<float>>(ref ra, ref rp, ref rn, rows, d, ref rda, ref rdp, ref rdn, margin);
        if (Vector256.IsHardwareAccelerated) return Triplet<V256, Vector256<float>>(ref ra, ref rp, ref rn, rows, d, ref rda, ref rdp, ref rdn, margin);
        if (Vector128.IsHardwareAccelerated) return Triplet<V128, Vector128<float>>(ref ra, ref rp, ref rn, rows, d, ref rda, ref rdp, ref rdn, margin);
        return ScalarLosses.Triplet(a, p, n, d, da, dp, dn, margin);
    }

    /// <summary>
    /// Per row: one pass for both squared distances (two accumulators each), then, if the hinge is active, a second
    /// pass over the row (still in L1) that recomputes u and v and writes the three gradients; otherwise the gradient
    /// rows are zeroed.
    /// </summary>
    private static float Triplet<TS, TV>(ref float a, ref float p, ref float n, int rows, int d,
        ref float da, ref float dp, ref float dn, float margin)
        where TS : ISimd<TV> where TV : struct
    {
        const float eps = 1e-6f;
        nuint w = (nuint)TS.Count, ud = (nuint)d;
        TV veps = TS.Splat(eps), zero = TS.Splat(0f);
        float invN = 1f / rows;
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            nuint o = (nuint)i * ud;
            ref float ar = ref Unsafe.Add(ref a, o);
            ref float pr = ref Unsafe.Add(ref p, o);
            ref float nr = ref Unsafe.Add(ref n, o);

            TV su0 = zero, su1 = zero, sv0 = zero, sv1 = zero;
            nuint j = 0;
            for (; j + 2 * w <= ud; j += 2 * w)
            {
                TV a0 = TS.Load(ref ar, j), a1 = TS.Load(ref ar, j + w);
                TV u0 = TS.Add(TS.Sub(a0, TS.Load(ref pr, j)), veps), u1 = TS.Add(TS.Sub(a1, TS.Load(ref pr, j + w)), veps);
                TV v0 = TS.Add(TS.Sub(a0, TS.Load(ref nr, j)), veps), v1 = TS.Add(TS.Sub(a1, TS.Load(ref nr, j + w)), veps);
                su0 = TS.MulAdd(u0, u0, su0);
                su1 = TS.MulAdd(u1, u1, su1);
                sv0 = TS.MulAdd(v0, v0, sv0);
                sv1 = TS.MulAdd(v1, v1, sv1);
            }
            for (; j + w <= ud; j += w)
            {
                TV a0 = TS.Load(ref ar, j);
                TV u0 = TS.Add(TS.Sub(a0, TS.Load(ref pr, j)), veps);
                TV v0 = TS.Add(TS.Sub(a0, TS.Load(ref nr, j)), veps);
                su0 = TS.MulAdd(u0, u0, su0);
                sv0 = TS.MulAdd(v0, v0, sv0);
            }
            float su = TS.Sum(TS.Add(su0, su1)), sv = TS.Sum(TS.Add(sv0, sv1));
            for (; j < ud; j++)
            {
                float aj = Unsafe.Add(ref ar, j);
                float u = aj - Unsafe.Add(ref pr, j) + eps;
                float v = aj - Unsafe.Add(ref nr, j) + eps;
                su += u * u;
                sv += v * v;
            }

            float nu = MathF.Sqrt(su), nv = MathF.Sqrt(sv);
            float l = nu - nv + margin;
            ref float dar = ref Unsafe.Add(ref da, o);
            ref float dpr = ref Unsafe.Add(ref dp, o);
            ref float dnr = ref Unsafe.Add(ref dn, o);
            if (l > 0f)
            {
                total += l;
                float cu = invN / nu, cv = invN / nv;
                TV vcu = TS.Splat(cu), vcv = TS.Splat(cv);
                j = 0;
                for (; j + w <= ud; j += w)
                {
                    TV a0 = TS.Load(ref ar, j);
                    TV gu = TS.Mul(TS.Add(TS.Sub(a0, TS.Load(ref pr, j)), veps), vcu);
                    TV gv = TS.Mul(TS.Add(TS.Sub(a0, TS.Load(ref nr, j)), veps), vcv);
                    TS.Store(TS.Sub(gu, gv), ref dar, j);
                    TS.Store(TS.Neg(gu), ref dpr, j);
                    TS.Store(gv, ref dnr, j);
                }
                for (; j < ud; j++)
                {
                    float aj = Unsafe.Add(ref ar, j);
                    float gu = (aj - Unsafe.Add(ref pr, j) + eps) * cu;
                    float gv = (aj - Unsafe.Add(ref nr, j) + eps) * cv;
                    Unsafe.Add(ref dar, j) = gu - gv;
                    Unsafe.Add(ref dpr, j) = -gu;
                    Unsafe.Add(ref dnr, j) = gv;
                }
            }
            else
            {
                MemoryMarshal.CreateSpan(ref dar, d).Clear();
                MemoryMarshal.CreateSpan(ref dpr, d).Clear();
                MemoryMarshal.CreateSpan(ref dnr, d).Clear();
            }
        }
        return (float)(total / rows);
    }
}
