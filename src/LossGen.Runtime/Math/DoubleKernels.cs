using System.Runtime.CompilerServices;

namespace LossGen;

/// <summary>
/// Double-precision kernels, generic over the vector width (see <see cref="IDoubleOps{TV}"/>). Same algorithms as
/// <see cref="FloatKernels"/> with longer polynomials (Sollya fpminimax, double coefficients). Integer work on the bit
/// patterns uses only 64-bit add/sub/and/or and logical shifts, which SSE2/AVX2 have natively.
/// Algorithms and measured accuracy: docs/vector-math.md.
/// </summary>
internal static class DoubleKernels
{
    private const long SignBits = unchecked((long)0x8000000000000000);
    private const long OneBits = 0x3FF0000000000000;
    private const double MinNormal = 2.2250738585072014e-308; // 2^-1022

    private const double Log2E = 1.4426950408889634;          // double(log2(e))
    private const double Ln2Hi = 0.6931471805599453;          // double(ln 2)
    private const double Ln2Lo = 2.3190468138462996e-17;      // ln 2 - Ln2Hi
    private const double Shift = 6755399441055744.0;          // 1.5 * 2^52
    // expm1(r) ~ r + r^2 * (E2 + r*E3 + ... + r^10*E12) on [-0.3467, 0.3467], relative error 2^-61.5.
    private const double E2 = 0.5;
    private const double E3 = 0.1666666666666667684371105906393495388329029083251953125;
    private const double E4 = 4.1666666666666608842550800773096852935850620269775390625e-2;
    private const double E5 = 8.33333333332146077021551633379203849472105503082275390625e-3;
    private const double E6 = 1.3888888888923807234110352482048256206326186656951904296875e-3;
    private const double E7 = 1.9841269886493906088494043604697480986942537128925323486328125e-4;
    private const double E8 = 2.480158723748731078827256535390688441111706197261810302734375e-5;
    private const double E9 = 2.7557243880266769765047772666743952640899806283414363861083984375e-6;
    private const double E10 = 2.755735298582780129806614997922675769359557307325303554534912109375e-7;
    private const double E11 = 2.510914167662157025510399487207291446821955105406232178211212158203125e-8;
    private const double E12 = 2.08894487153583617656298079758199481847924516841885633766651153564453125e-9;
    // |x| <= 708 keeps n in [-1022, 1022].
    private const double ExpFastBound = 708.0;
    private const double ExpUpperClamp = 710.0;    // exp(710) overflows
    private const double ExpLowerClamp = -746.0;   // exp(-746) < 2^-1075 rounds to 0

    private const long TwoThirdsBits = 0x3FE5555555555555;    // double(2/3)
    private const long ReduceBias = 0x000AAAAAAAAAAAAB;       // OneBits - TwoThirdsBits
    private const long MantissaBits = 0x000FFFFFFFFFFFFF;
    private const long MagicBits = 0x4330000000000000;        // 2^52
    private const double MagicBiased = 4503599627371519.0;    // 2^52 + 1023
    private const double LogLn2Hi = 0.693147180559890330187045037746429443359375;   // ln 2 rounded to 42 bits
    private const double LogLn2Lo = 5.4979230187083711552420206887059365096458163346682113115093670785427093505859375e-14;
    // log1p(f) ~ f - f^2/2 + f^3 * (L3 + f*L4 + ... + f^19*L22) on [-0.33334, 0.33334], relative error 2^-59.4.
    private const double L3 = 0.333333333333331705006230549770407378673553466796875;
    private const double L4 = -0.249999999999994393373725642959470860660076141357421875;
    private const double L5 = 0.2000000000007327860540584651971585117280483245849609375;
    private const double L6 = -0.166666666668453589128517933204420842230319976806640625;
    private const double L7 = 0.1428571427450114617041521114515489898622035980224609375;
    private const double L8 = -0.1249999997822375530365235363206011243164539337158203125;
    private const double L9 = 0.11111111953247894412744045666840975172817707061767578125;
    private const double L10 = -0.10000001387724842538684555393047048710286617279052734375;
    private const double L11 = 9.090872973602233397816263504864764399826526641845703125e-2;
    private const double L12 = -8.333280825576751260630459228195832110941410064697265625e-2;
    private const double L13 = 7.6932600964047470615270185589906759560108184814453125e-2;
    private const double L14 = -7.1441107931546843357040188493556343019008636474609375e-2;
    private const double L15 = 6.65073003372243787278961235642782412469387054443359375e-2;
    private const double L16 = -6.230658306621529585189733779770904220640659332275390625e-2;
    private const double L17 = 6.0512335781713770532785900968519854359328746795654296875e-2;
    private const double L18 = -5.747040600636572904580390286355395801365375518798828125e-2;
    private const double L19 = 4.1775349348526773229917097296493011526763439178466796875e-2;
    private const double L20 = -3.83902232618522909479708005164866335690021514892578125e-2;
    private const double L21 = 8.49608868174794029659580019142595119774341583251953125e-2;
    private const double L22 = -8.3344890075988609101642623500083573162555694580078125e-2;
    private const double Log1pFastBound = 1.0715086071862673e301; // 2^1000

    private const double TanhClamp = -40.0; // expm1(-40) rounds to -1 in double

    // ------------------------------------------------------------------ exp / expm1

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reduce<TV, O>(TV x, out TV z, out TV n, out TV rLo) where TV : struct where O : struct, IDoubleOps<TV>
    {
        z = O.Fma(x, O.Splat(Log2E), O.Splat(Shift));
        n = O.Sub(z, O.Splat(Shift));
        TV r1 = O.Fma(n, O.Splat(-Ln2Hi), x);             // exact
        TV r = O.Fma(n, O.Splat(-Ln2Lo), r1);
        rLo = O.Fma(n, O.Splat(-Ln2Lo), O.Sub(r1, r));     // rounding error of r (r1 - r is exact)
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpPoly<TV, O>(TV r, TV rLo, out TV pLo) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV r2 = O.Mul(r, r);
        TV qe = O.Fma(O.Splat(E12), r2, O.Splat(E10));
        qe = O.Fma(qe, r2, O.Splat(E8));
        qe = O.Fma(qe, r2, O.Splat(E6));
        qe = O.Fma(qe, r2, O.Splat(E4));
        qe = O.Fma(qe, r2, O.Splat(E2));
        TV qo = O.Fma(O.Splat(E11), r2, O.Splat(E9));
        qo = O.Fma(qo, r2, O.Splat(E7));
        qo = O.Fma(qo, r2, O.Splat(E5));
        qo = O.Fma(qo, r2, O.Splat(E3));
        TV q = O.Fma(qo, r, qe);
        // expm1(r + rLo) = r + (r^2 Q(r) + rLo) to first order in rLo, returned as p + pLo (Fast2Sum: |r| >= the rest)
        TV t = O.Fma(q, r2, rLo);
        TV p = O.Add(r, t);
        pLo = O.Sub(t, O.Sub(p, r));
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Pow2<TV, O>(TV z) where TV : struct where O : struct, IDoubleOps<TV>
        => O.AddInt(O.ShiftLeftInt(z, 52), O.SplatBits(OneBits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
        => Exp<TV, O>(x, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exp<TV, O>(TV x, out TV lo) where TV : struct where O : struct, IDoubleOps<TV>
    {
        if (O.AnyTrue(O.GreaterThan(O.Abs(x), O.Splat(ExpFastBound))))
            return ExpSlow<TV, O>(x, out lo);
        TV r = Reduce<TV, O>(x, out TV z, out _, out TV rLo);
        TV p = ExpPoly<TV, O>(r, rLo, out TV pLo);
        TV s = Pow2<TV, O>(z);
        TV hi = O.Fma(s, p, s);
        lo = O.Fma(s, pLo, O.Fma(s, p, O.Sub(s, hi)));
        return hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSlow<TV, O>(TV x, out TV lo) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV xc = O.Select(O.GreaterThan(x, O.Splat(ExpUpperClamp)), O.Splat(ExpUpperClamp), x);
        xc = O.Select(O.LessThan(xc, O.Splat(ExpLowerClamp)), O.Splat(ExpLowerClamp), xc);
        TV r = Reduce<TV, O>(xc, out TV z, out TV n, out TV rLo);
        TV p = ExpPoly<TV, O>(r, rLo, out TV pLo);
        // Lanes in the fast range are computed exactly as the fast path computes them, so that a lane's result
        // (and low part) never depends on which path its vector took.
        TV s = Pow2<TV, O>(z);
        TV hiFast = O.Fma(s, p, s);
        TV loFast = O.Fma(s, pLo, O.Fma(s, p, O.Sub(s, hiFast)));
        TV z1 = O.Fma(n, O.Splat(0.5), O.Splat(Shift));                   // n1 = round(n / 2)
        TV z2 = O.Add(O.Sub(n, O.Sub(z1, O.Splat(Shift))), O.Splat(Shift)); // n2 = n - n1
        TV s1 = Pow2<TV, O>(z1);
        TV s2 = Pow2<TV, O>(z2);
        TV h1 = O.Fma(s1, p, s1);
        TV fast = O.LessThanOrEqual(O.Abs(x), O.Splat(ExpFastBound));
        lo = O.Select(fast, loFast, O.Mul(O.Fma(s1, pLo, O.Fma(s1, p, O.Sub(s1, h1))), s2));
        return O.Select(fast, hiFast, O.Mul(h1, s2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Core<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV r = Reduce<TV, O>(x, out TV z, out _, out TV rLo);
        TV p = ExpPoly<TV, O>(r, rLo, out TV pLo);
        TV t = Pow2<TV, O>(z);
        // e^x - 1 = t*(p + pLo) + (t - 1): t*p and t - 1 can nearly cancel (x near ±ln2), so they are added exactly
        // (TwoSum) and the low-order parts (pLo, and the rounding error of t - 1 for large |n|) are added last.
        TV one = O.Splat(1.0);
        TV a = O.Mul(p, t);
        TV b = O.Sub(t, one);
        TV bLo = O.Select(O.GreaterThanOrEqual(t, one), O.Sub(O.Sub(t, b), one), O.Sub(t, O.Add(b, one)));
        TV s = O.Add(a, b);
        TV bb = O.Sub(s, a);
        TV err = O.Add(O.Sub(a, O.Sub(s, bb)), O.Sub(b, bb));
        return O.Add(s, O.Add(err, O.Fma(pLo, t, bLo)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1NonPositive<TV, O>(TV x, out TV lo) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV r = Reduce<TV, O>(x, out TV z, out _, out TV rLo);
        TV p = ExpPoly<TV, O>(r, rLo, out TV pLo);
        TV t = Pow2<TV, O>(z);
        TV tm1 = O.Sub(t, O.Splat(1.0));
        TV tm1Lo = O.Sub(t, O.Add(tm1, O.Splat(1.0)));
        TV hi = O.Fma(p, t, tm1);
        lo = O.Add(O.Fma(p, t, O.Sub(tm1, hi)), O.Fma(pLo, t, tm1Lo));
        return hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Expm1<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        if (O.AnyTrue(O.GreaterThan(O.Abs(x), O.Splat(ExpFastBound))))
            return Expm1Slow<TV, O>(x);
        TV res = Expm1Core<TV, O>(x);
        return O.Select(O.Equal(x, default), x, res);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1Slow<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV big = O.GreaterThan(x, O.Splat(ExpFastBound));
        TV xl = O.Select(O.LessThan(x, O.Splat(-ExpFastBound)), O.Splat(-ExpFastBound), x);
        xl = O.Select(big, default, xl);
        TV res = Expm1Core<TV, O>(xl);
        res = O.Select(big, Exp<TV, O>(x), res);
        return O.Select(O.Equal(x, default), x, res);
    }

    // ------------------------------------------------------------------ log / log1p

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogTail<TV, O>(TV n, TV f) where TV : struct where O : struct, IDoubleOps<TV>
        => O.Add(LogTail<TV, O>(n, f, default, false, out TV lo), lo);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogTail<TV, O>(TV n, TV f, TV extra, bool useExtra, out TV lo) where TV : struct where O : struct, IDoubleOps<TV>
    {
        // log1p(f) = f - f^2/2 + f^3 Q(f), Q(f) = E(f^2) + f*O(f^2). The first two terms and n*ln2 are added exactly
        // (f^2 as f2 + f2Lo, two Fast2Sums), so only f^3 Q(f) (|f^3 Q| < 0.05 |log1p f|) carries rounding error.
        TV f2 = O.Mul(f, f);
        TV f2Lo = O.Fma(f, f, O.Neg(f2));
        TV qe = O.Fma(O.Splat(L21), f2, O.Splat(L19));
        qe = O.Fma(qe, f2, O.Splat(L17));
        qe = O.Fma(qe, f2, O.Splat(L15));
        qe = O.Fma(qe, f2, O.Splat(L13));
        qe = O.Fma(qe, f2, O.Splat(L11));
        qe = O.Fma(qe, f2, O.Splat(L9));
        qe = O.Fma(qe, f2, O.Splat(L7));
        qe = O.Fma(qe, f2, O.Splat(L5));
        qe = O.Fma(qe, f2, O.Splat(L3));
        TV qo = O.Fma(O.Splat(L22), f2, O.Splat(L20));
        qo = O.Fma(qo, f2, O.Splat(L18));
        qo = O.Fma(qo, f2, O.Splat(L16));
        qo = O.Fma(qo, f2, O.Splat(L14));
        qo = O.Fma(qo, f2, O.Splat(L12));
        qo = O.Fma(qo, f2, O.Splat(L10));
        qo = O.Fma(qo, f2, O.Splat(L8));
        qo = O.Fma(qo, f2, O.Splat(L6));
        qo = O.Fma(qo, f2, O.Splat(L4));
        TV q = O.Fma(qo, f, qe);
        // n*ln2_hi + f exactly as t + err (Fast2Sum: |n*ln2_hi| >= |f| whenever n != 0)
        TV a = O.Mul(n, O.Splat(LogLn2Hi));
        TV t = O.Add(a, f);
        TV err = O.Add(O.Sub(a, t), f);
        // t - f^2/2 exactly as hi + err2 (Fast2Sum: |t| >= f^2/2)
        TV h = O.Mul(f2, O.Splat(-0.5));
        TV hi = O.Add(t, h);
        TV err2 = O.Add(O.Sub(t, hi), h);
        lo = O.Add(err, err2);
        if (useExtra)
            lo = O.Add(lo, extra);
        lo = O.Fma(n, O.Splat(LogLn2Lo), lo);
        lo = O.Fma(f2Lo, O.Splat(-0.5), lo);
        lo = O.Fma(O.Mul(f2, f), q, lo);
        return hi; // the result is hi + lo, with |lo| << |hi|
    }

    /// <summary>Integer-valued double from a biased exponent field b (0 &lt;= b &lt; 2^52): b - 1023.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Unbias<TV, O>(TV biased) where TV : struct where O : struct, IDoubleOps<TV>
        => O.Sub(O.Or(biased, O.SplatBits(MagicBits)), O.Splat(MagicBiased));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogReduce<TV, O>(TV x, out TV n) where TV : struct where O : struct, IDoubleOps<TV>
    {
        // t = (bits(x) - bits(2/3)) + bits(1.0): its exponent field is n + 1023 and its mantissa that of m.
        TV t = O.AddInt(x, O.SplatBits(ReduceBias));
        n = Unbias<TV, O>(O.ShiftRightLogicalInt(t, 52));
        TV m = O.AddInt(O.And(t, O.SplatBits(MantissaBits)), O.SplatBits(TwoThirdsBits));
        return O.Sub(m, O.Splat(1.0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV normal = O.And(O.GreaterThanOrEqual(x, O.Splat(MinNormal)), O.LessThanOrEqual(x, O.Splat(double.MaxValue)));
        if (!O.AllTrue(normal))
            return LogSlow<TV, O>(x);
        TV f = LogReduce<TV, O>(x, out TV n);
        return LogTail<TV, O>(n, f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogSlow<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV sub = O.LessThan(x, O.Splat(MinNormal));
        TV xs = O.Select(sub, O.Mul(x, O.Splat(4503599627370496.0)), x); // * 2^52
        TV f = LogReduce<TV, O>(xs, out TV n);
        n = O.Sub(n, O.And(sub, O.Splat(52.0)));
        TV res = LogTail<TV, O>(n, f);
        res = O.Select(O.Equal(x, O.Splat(double.PositiveInfinity)), x, res);
        res = O.Select(O.Equal(x, default), O.Splat(double.NegativeInfinity), res);
        res = O.Select(O.LessThan(x, default), O.Splat(double.NaN), res);
        return O.Select(O.IsNaN(x), x, res);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Log1pCore<TV, O>(TV x, TV xLo, bool useLo, TV u, out TV lo) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV kb = O.ShiftRightLogicalInt(O.AddInt(u, O.SplatBits(ReduceBias)), 52); // k + 1023
        TV s = O.ShiftLeftInt(O.SubInt(O.SplatBits(2046), kb), 52);               // 2^-k
        TV a = O.Mul(x, s);
        TV b = O.Sub(s, O.Splat(1.0));
        TV fHi = O.Add(a, b);
        TV bb = O.Sub(fHi, a);
        TV fLo = O.Add(O.Sub(a, O.Sub(fHi, bb)), O.Sub(b, bb));
        if (useLo)
            fLo = O.Fma(xLo, s, fLo);
        TV correction = O.Fma(O.Neg(fLo), fHi, fLo);
        return LogTail<TV, O>(Unbias<TV, O>(kb), fHi, correction, true, out lo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1p<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV ok = O.And(O.GreaterThan(x, O.Splat(-1.0)), O.LessThan(x, O.Splat(Log1pFastBound)));
        if (!O.AllTrue(ok))
            return Log1pSlow<TV, O>(x);
        TV res = Log1pCore<TV, O>(x, default, false, O.Add(x, O.Splat(1.0)), out TV lo);
        res = O.Add(res, lo);
        return O.Select(O.Equal(x, default), x, res);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Log1pSlow<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV big = O.GreaterThanOrEqual(x, O.Splat(Log1pFastBound));
        TV small = O.AndNot(O.GreaterThan(x, O.Splat(-1.0)), big);
        TV xs = O.And(small, x);
        TV res = Log1pCore<TV, O>(xs, default, false, O.Add(xs, O.Splat(1.0)), out TV lo);
        res = O.Add(res, lo);
        TV fb = LogReduce<TV, O>(O.Select(big, x, O.Splat(1.0)), out TV nb);
        res = O.Select(big, LogTail<TV, O>(nb, fb), res);
        res = O.Select(O.Equal(x, O.Splat(double.PositiveInfinity)), x, res);
        res = O.Select(O.Equal(x, O.Splat(-1.0)), O.Splat(double.NegativeInfinity), res);
        res = O.Select(O.LessThan(x, O.Splat(-1.0)), O.Splat(double.NaN), res);
        res = O.Select(O.IsNaN(x), x, res);
        return O.Select(O.Equal(x, default), x, res);
    }

    // ------------------------------------------------------------------ logistic family

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpNegAbs<TV, O>(TV x, out TV lo) where TV : struct where O : struct, IDoubleOps<TV>
        => Exp<TV, O>(O.Or(x, O.SplatBits(SignBits)), out lo);

    /// <summary>m + (t + lo) with one final rounding (TwoSum of m and t); m may be infinite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV AddParts<TV, O>(TV m, TV t, TV lo) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV s = O.Add(m, t);
        TV bb = O.Sub(s, m);
        TV err = O.Add(O.Sub(m, O.Sub(s, bb)), O.Sub(t, bb));
        TV res = O.Add(s, O.Add(err, lo));
        return O.Select(O.Equal(O.Abs(m), O.Splat(double.PositiveInfinity)), m, res);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SigmoidFromExp<TV, O>(TV x, TV eHi, TV eLo, TV d) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV one = O.Splat(1.0);
        TV pos = O.GreaterThanOrEqual(x, default);
        TV dLo = O.Add(O.Add(O.Sub(one, d), eHi), eLo);
        TV num = O.Select(pos, one, eHi);
        TV numLo = O.AndNot(eLo, pos);
        TV q = O.Div(num, d);
        TV negQ = O.Neg(q);
        TV residual = O.Add(O.Fma(negQ, d, num), O.Fma(negQ, dLo, numLo));
        TV inv = O.Select(pos, q, O.Sub(one, q));
        return O.Fma(residual, inv, q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Softplus<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        TV l = Log1pCore<TV, O>(e, eLo, true, O.Add(e, O.Splat(1.0)), out TV lLo);
        return AddParts<TV, O>(O.And(O.GreaterThan(x, default), x), l, lLo); // max(x, 0) + log1p(e)
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        return SigmoidFromExp<TV, O>(x, e, eLo, O.Add(e, O.Splat(1.0)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogSigmoid<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        TV l = Log1pCore<TV, O>(e, eLo, true, O.Add(e, O.Splat(1.0)), out TV lLo);
        return AddParts<TV, O>(O.And(O.LessThan(x, default), x), O.Neg(l), O.Neg(lLo)); // min(x, 0) - log1p(e)
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SoftplusAndSigmoid<TV, O>(TV x, out TV sigmoid) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        TV d = O.Add(e, O.Splat(1.0));
        sigmoid = SigmoidFromExp<TV, O>(x, e, eLo, d);
        TV l = Log1pCore<TV, O>(e, eLo, true, d, out TV lLo);
        return AddParts<TV, O>(O.And(O.GreaterThan(x, default), x), l, lLo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogSigmoidAndSigmoid<TV, O>(TV x, out TV sigmoid) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV e = ExpNegAbs<TV, O>(x, out TV eLo);
        TV d = O.Add(e, O.Splat(1.0));
        sigmoid = SigmoidFromExp<TV, O>(x, e, eLo, d);
        TV l = Log1pCore<TV, O>(e, eLo, true, d, out TV lLo);
        return AddParts<TV, O>(O.And(O.LessThan(x, default), x), O.Neg(l), O.Neg(lLo));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV, O>(TV x) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV y = O.Mul(O.Abs(x), O.Splat(-2.0));
        y = O.Select(O.LessThan(y, O.Splat(TanhClamp)), O.Splat(TanhClamp), y);
        TV t = Expm1NonPositive<TV, O>(y, out TV tLo);
        TV two = O.Splat(2.0);
        TV d = O.Add(t, two);
        TV dLo = O.Add(O.Add(O.Sub(two, d), t), tLo);
        TV q = O.Div(t, d);
        TV negQ = O.Neg(q);
        TV residual = O.Add(O.Fma(negQ, d, t), O.Fma(negQ, dLo, tLo));
        q = O.Fma(residual, O.Mul(O.Sub(O.Splat(1.0), q), O.Splat(0.5)), q);
        return O.Or(O.Abs(q), O.And(x, O.SplatBits(SignBits)));
    }
}
