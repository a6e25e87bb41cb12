using System.Runtime.CompilerServices;

namespace LossGen;

/// <summary>
/// Single-precision kernels, generic over the vector width (see <see cref="IFloatOps{TV}"/>). Everything is computed
/// in float: Cody–Waite range reduction, minimax polynomials (coefficients from Sollya's fpminimax with
/// single-precision coefficients), and exponent manipulation through integer operations on the bit pattern.
/// Algorithms and measured accuracy: docs/vector-math.md.
/// </summary>
/// <remarks>
/// Each public kernel has a branch-free fast path for the common input range and falls back to a slower path for the
/// whole vector when any lane needs special handling (huge or tiny magnitudes, zero, negative, subnormal, infinite or
/// NaN inputs, depending on the function). Both paths give bit-identical results on lanes that the fast path handles.
/// </remarks>
internal static class FloatKernels
{
    private const int SignBits = unchecked((int)0x80000000);
    private const int OneBits = 0x3f800000;
    private const float MinNormal = 1.17549435e-38f; // 2^-126

    // exp: x = n*ln2 + r, |r| <= ln2/2, n = round(x*log2(e)) via the 1.5*2^23 shifter.
    private const float Log2E = 1.44269502162933349609375f;   // float(log2(e))
    private const float Ln2Hi = 0.693147182464599609375f;     // float(ln 2)
    private const float Ln2Lo = -1.904654299957768e-09f;      // ln 2 - Ln2Hi
    private const float Shift = 12582912f;                    // 1.5 * 2^23
    // expm1(r) ~ r + r^2 * (E2 + r*E3 + ... + r^4*E6) on [-0.3466, 0.3466], relative error 2^-26.1.
    private const float E2 = 0.4999999701976776123046875f;
    private const float E3 = 0.16666543483734130859375f;
    private const float E4 = 4.16675023734569549560546875e-2f;
    private const float E5 = 8.366533555090427398681640625e-3f;
    private const float E6 = 1.386453048326075077056884765625e-3f;
    // |x| <= 87 keeps n in [-126, 126], so 2^n is a normal float and exp(x) = 2^n + 2^n*p needs one rounding.
    private const float ExpFastBound = 87f;
    private const float ExpUpperClamp = 89f;    // exp(89) overflows
    private const float ExpLowerClamp = -104f;  // exp(-104) < 2^-150 rounds to 0

    // log: x = 2^n * m, m in [2/3, 4/3), f = m - 1 (exact), log(x) = n*ln2 + log1p(f).
    private const int TwoThirdsBits = 0x3f2aaaab;             // float(2/3)
    private const int MantissaBits = 0x007fffff;
    private const float LogLn2Hi = 0.693145751953125f;        // ln 2 rounded to 16 bits: n*LogLn2Hi is exact
    private const float LogLn2Lo = 1.428606765330187045037746429443359375e-6f; // ln 2 - LogLn2Hi
    // log1p(f) ~ f - f^2/2 + f^3 * (L3 + f*L4 + ... + f^7*L10) on [-0.33334, 0.33334], relative error 2^-27.7.
    private const float L3 = 0.3333321511745452880859375f;
    private const float L4 = -0.24999797344207763671875f;
    private const float L5 = 0.20010446012020111083984375f;
    private const float L6 = -0.1668050587177276611328125f;
    private const float L7 = 0.14005304872989654541015625f;
    private const float L8 = -0.12183971703052520751953125f;
    private const float L9 = 0.139869153499603271484375f;
    private const float L10 = -0.12893040478229522705078125f;
    private const float Log1pFastBound = 1.2676506e30f;       // 2^100: 2^-k stays a normal float

    // softplus: log1p(e) for e = exp(-|x|) in [0, 1] needs no range reduction: log1p(e) ~ e + e^2 * (P0 + e*P1 + ...
    // + e^8*P8) on [0, 1] (Chebyshev interpolation of (log1p(e) - e) / e^2, coefficients rounded to float; 0.35 ulp
    // before rounding of the evaluation).
    private const float P0 = -0.4999999701976776f;
    private const float P1 = 0.3333284258842468f;
    private const float P2 = -0.24986526370048523f;
    private const float P3 = 0.198541060090065f;
    private const float P4 = -0.15847565233707428f;
    private const float P5 = 0.11561845242977142f;
    private const float P6 = -0.06675772368907928f;
    private const float P7 = 0.025224054232239723f;
    private const float P8 = -0.004466211423277855f;

    // tanh: -2|x| is clamped here; expm1(-30) rounds to -1 in float.
    private const float TanhClamp = -30f;

    // ------------------------------------------------------------------ exp / expm1

    /// <summary>Cody–Waite reduction: returns r = x - n*ln2 and z = n + Shift (whose low bits hold n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reduce<TV, O>(TV x, out TV z, out TV n, out TV rLo) where TV : struct where O : struct, IFloatOps<TV>
    {
        z = O.Fma(x, O.Splat(Log2E), O.Splat(Shift));
        n = O.Sub(z, O.Splat(Shift));
        TV r1 = O.Fma(n, O.Splat(-Ln2Hi), x);             // exact
        TV r = O.Fma(n, O.Splat(-Ln2Lo), r1);
        rLo = O.Fma(n, O.Splat(-Ln2Lo), O.Sub(r1, r));     // rounding error of r (r1 - r is exact)
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpPoly<TV, O>(TV r, TV rLo, out TV pLo) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV r2 = O.Mul(r, r);
        TV q = O.Fma(O.Splat(E6), r, O.Splat(E5));
        q = O.Fma(q, r, O.Splat(E4));
        q = O.Fma(q, r, O.Splat(E3));
        q = O.Fma(q, r, O.Splat(E2));
        // expm1(r + rLo) = r + (r^2 Q(r) + rLo) to first order in rLo, returned as p + pLo (Fast2Sum: |r| >= the rest)
        TV t = O.Fma(q, r2, rLo);
        TV p = O.Add(r, t);
        pLo = O.Sub(t, O.Sub(p, r));
        return p;
    }

    /// <summary>2^n from z = n + Shift, for n in [-126, 127].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Pow2<TV, O>(TV z) where TV : struct where O : struct, IFloatOps<TV>
        => O.AddInt(O.ShiftLeftInt(z, 23), O.SplatBits(OneBits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
        => Exp<TV, O>(x, out _);

    /// <summary>e^x as hi + lo: lo carries the rounding errors of hi and of the polynomial's sum (its approximation error of 2^-26 relative remains).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exp<TV, O>(TV x, out TV lo) where TV : struct where O : struct, IFloatOps<TV>
    {
        if (O.AnyTrue(O.GreaterThan(O.Abs(x), O.Splat(ExpFastBound))))
            return ExpSlow<TV, O>(x, out lo);
        TV r = Reduce<TV, O>(x, out TV z, out _, out TV rLo);
        TV p = ExpPoly<TV, O>(r, rLo, out TV pLo);
        TV s = Pow2<TV, O>(z);
        TV hi = O.Fma(s, p, s);
        lo = O.Fma(s, pLo, O.Fma(s, p, O.Sub(s, hi))); // s - hi is exact: hi / s = e^r is in [0.7, 1.42]
        return hi;
    }

    /// <summary>Any input, including overflow, subnormal results, infinities and NaN: 2^n is applied as 2^n1 * 2^n2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSlow<TV, O>(TV x, out TV lo) where TV : struct where O : struct, IFloatOps<TV>
    {
        // Compare-and-select clamps leave NaN lanes untouched.
        TV xc = O.Select(O.GreaterThan(x, O.Splat(ExpUpperClamp)), O.Splat(ExpUpperClamp), x);
        xc = O.Select(O.LessThan(xc, O.Splat(ExpLowerClamp)), O.Splat(ExpLowerClamp), xc);
        TV r = Reduce<TV, O>(xc, out TV z, out TV n, out TV rLo);
        TV p = ExpPoly<TV, O>(r, rLo, out TV pLo);
        // Lanes in the fast range are computed exactly as the fast path computes them, so that a lane's result
        // (and low part) never depends on which path its vector took.
        TV s = Pow2<TV, O>(z);
        TV hiFast = O.Fma(s, p, s);
        TV loFast = O.Fma(s, pLo, O.Fma(s, p, O.Sub(s, hiFast)));
        TV z1 = O.Fma(n, O.Splat(0.5f), O.Splat(Shift));                   // n1 = round(n / 2)
        TV z2 = O.Add(O.Sub(n, O.Sub(z1, O.Splat(Shift))), O.Splat(Shift)); // n2 = n - n1
        TV s1 = Pow2<TV, O>(z1);
        TV s2 = Pow2<TV, O>(z2);
        TV h1 = O.Fma(s1, p, s1);
        TV fast = O.LessThanOrEqual(O.Abs(x), O.Splat(ExpFastBound));
        lo = O.Select(fast, loFast, O.Mul(O.Fma(s1, pLo, O.Fma(s1, p, O.Sub(s1, h1))), s2));
        return O.Select(fast, hiFast, O.Mul(h1, s2));
    }

    /// <summary>expm1 for |x| &lt;= 87 (or NaN); does not fix the sign of a zero result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Core<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV r = Reduce<TV, O>(x, out TV z, out _, out TV rLo);
        TV p = ExpPoly<TV, O>(r, rLo, out TV pLo);
        TV t = Pow2<TV, O>(z);
        // e^x - 1 = t*(p + pLo) + (t - 1): t*p and t - 1 can nearly cancel (x near ±ln2), so they are added exactly
        // (TwoSum) and the low-order parts (pLo, and the rounding error of t - 1 for large |n|) are added last.
        TV one = O.Splat(1f);
        TV a = O.Mul(p, t);
        TV b = O.Sub(t, one);
        TV bLo = O.Select(O.GreaterThanOrEqual(t, one), O.Sub(O.Sub(t, b), one), O.Sub(t, O.Add(b, one)));
        TV s = O.Add(a, b);
        TV bb = O.Sub(s, a);
        TV err = O.Add(O.Sub(a, O.Sub(s, bb)), O.Sub(b, bb));
        return O.Add(s, O.Add(err, O.Fma(pLo, t, bLo)));
    }

    /// <summary>
    /// expm1 for -87 &lt;= x &lt;= 0 (or NaN) as hi + lo, lo carrying the rounding errors of hi, of the polynomial's
    /// sum and of 2^n - 1 (cheaper than <see cref="Expm1Core{TV, O}"/> because n &lt;= 0 orders the terms).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1NonPositive<TV, O>(TV x, out TV lo) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV r = Reduce<TV, O>(x, out TV z, out _, out TV rLo);
        TV p = ExpPoly<TV, O>(r, rLo, out TV pLo);
        TV t = Pow2<TV, O>(z);                              // t <= 1
        TV tm1 = O.Sub(t, O.Splat(1f));
        TV tm1Lo = O.Sub(t, O.Add(tm1, O.Splat(1f)));         // Fast2Sum(-1, t)
        TV hi = O.Fma(p, t, tm1);
        lo = O.Add(O.Fma(p, t, O.Sub(tm1, hi)), O.Fma(pLo, t, tm1Lo));      // tm1 - hi is exact (Sterbenz)
        return hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Expm1<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        if (O.AnyTrue(O.GreaterThan(O.Abs(x), O.Splat(ExpFastBound))))
            return Expm1Slow<TV, O>(x);
        TV res = Expm1Core<TV, O>(x);
        return O.Select(O.Equal(x, default), x, res); // expm1(-0) = -0
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Slow<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV big = O.GreaterThan(x, O.Splat(ExpFastBound));
        TV xl = O.Select(O.LessThan(x, O.Splat(-ExpFastBound)), O.Splat(-ExpFastBound), x); // expm1(-87) = -1
        xl = O.Select(big, default, xl);
        TV res = Expm1Core<TV, O>(xl);
        res = O.Select(big, Exp<TV, O>(x), res); // e^x - 1 rounds to e^x there
        return O.Select(O.Equal(x, default), x, res);
    }

    // ------------------------------------------------------------------ log / log1p

    /// <summary>n*ln2 + log1p(f) for |f| &lt;= 1/3 (+ rounding), n an integer-valued float in [-149, 128].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogTail<TV, O>(TV n, TV f) where TV : struct where O : struct, IFloatOps<TV>
        => O.Add(LogTail<TV, O>(n, f, default, false, out TV lo), lo);

    /// <summary>n*ln2 + log1p(f + extra) where extra is tiny (added to the low-order part when useExtra).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogTail<TV, O>(TV n, TV f, TV extra, bool useExtra, out TV lo) where TV : struct where O : struct, IFloatOps<TV>
    {
        // log1p(f) = f - f^2/2 + f^3 Q(f), Q(f) = E(f^2) + f*O(f^2). The first two terms and n*ln2 are added exactly
        // (f^2 as f2 + f2Lo, two Fast2Sums), so only f^3 Q(f) (|f^3 Q| < 0.05 |log1p f|) carries rounding error.
        TV f2 = O.Mul(f, f);
        TV f2Lo = O.Fma(f, f, O.Neg(f2));
        TV qe = O.Fma(O.Splat(L9), f2, O.Splat(L7));
        qe = O.Fma(qe, f2, O.Splat(L5));
        qe = O.Fma(qe, f2, O.Splat(L3));
        TV qo = O.Fma(O.Splat(L10), f2, O.Splat(L8));
        qo = O.Fma(qo, f2, O.Splat(L6));
        qo = O.Fma(qo, f2, O.Splat(L4));
        TV q = O.Fma(qo, f, qe);
        // n*ln2_hi + f exactly as t + err (Fast2Sum: |n*ln2_hi| >= |f| whenever n != 0)
        TV a = O.Mul(n, O.Splat(LogLn2Hi));
        TV t = O.Add(a, f);
        TV err = O.Add(O.Sub(a, t), f);
        // t - f^2/2 exactly as hi + err2 (Fast2Sum: |t| >= f^2/2)
        TV h = O.Mul(f2, O.Splat(-0.5f));
        TV hi = O.Add(t, h);
        TV err2 = O.Add(O.Sub(t, hi), h);
        lo = O.Add(err, err2);
        if (useExtra)
            lo = O.Add(lo, extra);
        lo = O.Fma(n, O.Splat(LogLn2Lo), lo);
        lo = O.Fma(f2Lo, O.Splat(-0.5f), lo);
        lo = O.Fma(O.Mul(f2, f), q, lo);
        return hi; // the result is hi + lo, with |lo| << |hi|
    }

    /// <summary>Splits a positive normal finite x into n (as float) and f = m - 1, m in [2/3, 4/3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogReduce<TV, O>(TV x, out TV n) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV u = O.SubInt(x, O.SplatBits(TwoThirdsBits));
        n = O.ConvertIntToFloat(O.ShiftRightArithmeticInt(u, 23));
        TV m = O.AddInt(O.And(u, O.SplatBits(MantissaBits)), O.SplatBits(TwoThirdsBits));
        return O.Sub(m, O.Splat(1f)); // exact (Sterbenz)
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV normal = O.And(O.GreaterThanOrEqual(x, O.Splat(MinNormal)), O.LessThanOrEqual(x, O.Splat(float.MaxValue)));
        if (!O.AllTrue(normal))
            return LogSlow<TV, O>(x);
        TV f = LogReduce<TV, O>(x, out TV n);
        return LogTail<TV, O>(n, f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogSlow<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV sub = O.LessThan(x, O.Splat(MinNormal)); // subnormal (and zero/negative lanes, overwritten below)
        TV xs = O.Select(sub, O.Mul(x, O.Splat(8388608f)), x); // * 2^23
        TV f = LogReduce<TV, O>(xs, out TV n);
        n = O.Sub(n, O.And(sub, O.Splat(23f)));
        TV res = LogTail<TV, O>(n, f);
        res = O.Select(O.Equal(x, O.Splat(float.PositiveInfinity)), x, res);
        res = O.Select(O.Equal(x, default), O.Splat(float.NegativeInfinity), res);
        res = O.Select(O.LessThan(x, default), O.Splat(float.NaN), res);
        return O.Select(O.IsNaN(x), x, res);
    }

    /// <summary>
    /// log1p(x + xLo) given u = 1 + x (rounded), for -1 &lt; x &lt; 2^100 (or NaN), |xLo| tiny (used when useLo);
    /// returns +0 for x = -0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Log1pCore<TV, O>(TV x, TV xLo, bool useLo, TV u, out TV lo) where TV : struct where O : struct, IFloatOps<TV>
    {
        // u = 2^k * m with m in [2/3, 4/3); f = (1 + x) * 2^-k - 1 = x*s + (s - 1) (s = 2^-k), computed exactly as
        // fHi + fLo (x*s is exact; s - 1 is exact for k <= 24, and for larger k the k*ln2 term dominates).
        TV k = O.ShiftRightArithmeticInt(O.SubInt(u, O.SplatBits(TwoThirdsBits)), 23);
        TV s = O.SubInt(O.SplatBits(OneBits), O.ShiftLeftInt(k, 23));
        TV a = O.Mul(x, s);
        TV b = O.Sub(s, O.Splat(1f));
        TV fHi = O.Add(a, b);
        TV bb = O.Sub(fHi, a);
        TV fLo = O.Add(O.Sub(a, O.Sub(fHi, bb)), O.Sub(b, bb)); // TwoSum
        if (useLo)
            fLo = O.Fma(xLo, s, fLo);
        // log1p(fHi + fLo) = log1p(fHi) + fLo / (1 + fHi) + O(fLo^2), and 1 / (1 + fHi) ~ 1 - fHi is close enough for
        // a correction that is itself below half an ulp.
        TV correction = O.Fma(O.Neg(fLo), fHi, fLo);
        return LogTail<TV, O>(O.ConvertIntToFloat(k), fHi, correction, true, out lo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1p<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV ok = O.And(O.GreaterThan(x, O.Splat(-1f)), O.LessThan(x, O.Splat(Log1pFastBound)));
        if (!O.AllTrue(ok))
            return Log1pSlow<TV, O>(x);
        TV res = Log1pCore<TV, O>(x, default, false, O.Add(x, O.Splat(1f)), out TV lo);
        res = O.Add(res, lo);
        return O.Select(O.Equal(x, default), x, res); // log1p(-0) = -0
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Log1pSlow<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV big = O.GreaterThanOrEqual(x, O.Splat(Log1pFastBound));
        TV small = O.AndNot(O.GreaterThan(x, O.Splat(-1f)), big);
        TV xs = O.And(small, x);
        TV res = Log1pCore<TV, O>(xs, default, false, O.Add(xs, O.Splat(1f)), out TV lo);
        res = O.Add(res, lo);
        // x >= 2^100: log1p(x) = log(x) to far below half an ulp.
        TV fb = LogReduce<TV, O>(O.Select(big, x, O.Splat(1f)), out TV nb);
        res = O.Select(big, LogTail<TV, O>(nb, fb), res);
        res = O.Select(O.Equal(x, O.Splat(float.PositiveInfinity)), x, res);
        res = O.Select(O.Equal(x, O.Splat(-1f)), O.Splat(float.NegativeInfinity), res);
        res = O.Select(O.LessThan(x, O.Splat(-1f)), O.Splat(float.NaN), res);
        res = O.Select(O.IsNaN(x), x, res);
        return O.Select(O.Equal(x, default), x, res);
    }

    // ------------------------------------------------------------------ logistic family

    /// <summary>exp(-|x|) in [0, 1] as hi + lo, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpNegAbs<TV, O>(TV x, out TV lo) where TV : struct where O : struct, IFloatOps<TV>
        => Exp<TV, O>(O.Or(x, O.SplatBits(SignBits)), out lo);

    /// <summary>m + (t + lo) with one final rounding (TwoSum of m and t); m may be infinite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV AddParts<TV, O>(TV m, TV t, TV lo) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV s = O.Add(m, t);
        TV bb = O.Sub(s, m);
        TV err = O.Add(O.Sub(m, O.Sub(s, bb)), O.Sub(t, bb));
        TV res = O.Add(s, O.Add(err, lo));
        return O.Select(O.Equal(O.Abs(m), O.Splat(float.PositiveInfinity)), m, res);
    }

    /// <summary>
    /// sigmoid from e = exp(-|x|) = eHi + eLo and d = 1 + eHi (rounded): num / D with num = 1 (x &gt;= 0) or e, and
    /// D = 1 + e, then one correction step with the exact residual num - q*D (1/D is q or 1 - q: no second division).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SigmoidFromExp<TV, O>(TV x, TV eHi, TV eLo, TV d) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV one = O.Splat(1f);
        TV pos = O.GreaterThanOrEqual(x, default);
        TV dLo = O.Add(O.Add(O.Sub(one, d), eHi), eLo);   // D = d + dLo; 1 - d + eHi is exact (Fast2Sum)
        TV num = O.Select(pos, one, eHi);
        TV numLo = O.AndNot(eLo, pos);
        TV q = O.Div(num, d);
        TV negQ = O.Neg(q);
        TV residual = O.Add(O.Fma(negQ, d, num), O.Fma(negQ, dLo, numLo));
        TV inv = O.Select(pos, q, O.Sub(one, q));           // 1/D
        return O.Fma(residual, inv, q);
    }

    /// <summary>
    /// log1p(e + eLo) - e for e in [0, 1] (or NaN): one polynomial, no range reduction. The low part of e enters as
    /// eLo / (1 + e), with 1 / (1 + e) ~ 1 - e/2 (good enough for a term below a tenth of an ulp).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Log1pUnit<TV, O>(TV e, TV eLo) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV q = O.Fma(O.Splat(P8), e, O.Splat(P7));
        q = O.Fma(q, e, O.Splat(P6));
        q = O.Fma(q, e, O.Splat(P5));
        q = O.Fma(q, e, O.Splat(P4));
        q = O.Fma(q, e, O.Splat(P3));
        q = O.Fma(q, e, O.Splat(P2));
        q = O.Fma(q, e, O.Splat(P1));
        q = O.Fma(q, e, O.Splat(P0));
        TV correction = O.Mul(eLo, O.Fma(e, O.Splat(-0.5f), O.Splat(1f)));
        TV e2 = O.Mul(e, e);
        TV e2Lo = O.Fma(e, e, O.Neg(e2));                   // e^2 = e2 + e2Lo exactly
        return O.Fma(e2, q, O.Fma(e2Lo, q, correction));    // log1p(e + eLo) - e
    }

    /// <summary>
    /// softplus(x) = max(x, 0) + log1p(exp(-|x|)) = m + e + t, with the cheaper log1p of <see cref="Log1pUnit"/>:
    /// m + e is added exactly (TwoSum), then t and the error with one final rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SoftplusFromExp<TV, O>(TV x, TV e, TV eLo) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV m = O.And(O.GreaterThan(x, default), x);
        TV t = Log1pUnit<TV, O>(e, eLo);
        TV s = O.Add(m, e);
        TV bb = O.Sub(s, m);
        TV err = O.Add(O.Sub(m, O.Sub(s, bb)), O.Sub(e, bb));
        TV res = O.Add(s, O.Add(err, t));
        return O.Select(O.Equal(m, O.Splat(float.PositiveInfinity)), m, res);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Softplus<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        return SoftplusFromExp<TV, O>(x, e, eLo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        return SigmoidFromExp<TV, O>(x, e, eLo, O.Add(e, O.Splat(1f)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogSigmoid<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        TV l = Log1pCore<TV, O>(e, eLo, true, O.Add(e, O.Splat(1f)), out TV lLo);
        return AddParts<TV, O>(O.And(O.LessThan(x, default), x), O.Neg(l), O.Neg(lLo)); // min(x, 0) - log1p(e)
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SoftplusAndSigmoid<TV, O>(TV x, out TV sigmoid) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        sigmoid = SigmoidFromExp<TV, O>(x, e, eLo, O.Add(e, O.Splat(1f)));
        return SoftplusFromExp<TV, O>(x, e, eLo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogSigmoidAndSigmoid<TV, O>(TV x, out TV sigmoid) where TV : struct where O : struct, IFloatOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        TV d = O.Add(e, O.Splat(1f));
        sigmoid = SigmoidFromExp<TV, O>(x, e, eLo, d);
        TV l = Log1pCore<TV, O>(e, eLo, true, d, out TV lLo);
        return AddParts<TV, O>(O.And(O.LessThan(x, default), x), O.Neg(l), O.Neg(lLo));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV, O>(TV x) where TV : struct where O : struct, IFloatOps<TV>
    {
        // tanh|x| = -t / (t + 2) with t = expm1(-2|x|) in (-1, 0]: no cancellation for small |x|. t is carried as
        // hi + lo and the quotient gets one correction step (1 / (t + 2) = (1 - q) / 2).
        TV y = O.Mul(O.Abs(x), O.Splat(-2f));
        y = O.Select(O.LessThan(y, O.Splat(TanhClamp)), O.Splat(TanhClamp), y);
        TV t = Expm1NonPositive<TV, O>(y, out TV tLo);
        TV two = O.Splat(2f);
        TV d = O.Add(t, two);
        TV dLo = O.Add(O.Add(O.Sub(two, d), t), tLo);       // Fast2Sum(2, t)
        TV q = O.Div(t, d);
        TV negQ = O.Neg(q);
        TV residual = O.Add(O.Fma(negQ, d, t), O.Fma(negQ, dLo, tLo));
        q = O.Fma(residual, O.Mul(O.Sub(O.Splat(1f), q), O.Splat(0.5f)), q);
        return O.Or(O.Abs(q), O.And(x, O.SplatBits(SignBits))); // copysign(|q|, x)
    }
}
