using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen.Benchmarks.Kernels;

/// <summary>
/// The handful of vector operations the hand-fused kernels need, as static abstract members so that one generic
/// kernel body is specialised by the JIT for <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> and
/// <see cref="Vector128{T}"/> (struct type arguments get their own native code, so there is no call overhead).
/// (The vectors' operators cannot be reached through the generic-math interfaces: the reference assemblies do not
/// expose those interfaces on VectorNNN&lt;T&gt;, hence Add/Sub/Mul/Div/Neg here.)
/// </summary>
internal interface ISimd<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Add(TV a, TV b);
    static abstract TV Sub(TV a, TV b);
    static abstract TV Mul(TV a, TV b);
    static abstract TV Div(TV a, TV b);
    static abstract TV Neg(TV a);
    static abstract TV Load(ref float source, nuint index);
    static abstract void Store(TV value, ref float destination, nuint index);
    static abstract TV Splat(float value);
    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TV MulAdd(TV a, TV b, TV c);
    static abstract TV Exp(TV x);
    static abstract TV Log(TV x);
    static abstract TV Sqrt(TV x);
    static abstract TV Abs(TV x);
    static abstract TV Max(TV a, TV b);
    /// <summary>All-bits-set lanes where a &gt;= b.</summary>
    static abstract TV GreaterOrEqual(TV a, TV b);
    static abstract TV Select(TV mask, TV ifTrue, TV ifFalse);
    static abstract float Sum(TV v);
    static abstract float MaxAcross(TV v);
    /// <summary>A mask with the first <paramref name="count"/> lanes set.</summary>
    static abstract TV FirstLanes(int count);
    /// <summary>Round to nearest (ties to even).</summary>
    static abstract TV Round(TV x);
    /// <summary>p * 2^n for integral n, by adding n to the exponent field (no overflow or denormal handling).</summary>
    static abstract TV Pow2Scale(TV p, TV n);
}

internal readonly struct V512 : ISimd<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sub(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Div(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Neg(Vector512<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Exp(Vector512<float> x) => Vector512.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Log(Vector512<float> x) => Vector512.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sqrt(Vector512<float> x) => Vector512.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Abs(Vector512<float> x) => Vector512.Abs(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> GreaterOrEqual(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Select(Vector512<float> mask, Vector512<float> ifTrue, Vector512<float> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> v) => Vector512.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(Vector512<float> v) => V256.MaxAcross(Vector256.MaxNative(v.GetLower(), v.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FirstLanes(int count) => Vector512.LessThan(Vector512.CreateSequence(0, 1), Vector512.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Round(Vector512<float> x) => Vector512.Round(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Pow2Scale(Vector512<float> p, Vector512<float> n) => (p.AsInt32() + Vector512.ShiftLeft(Vector512.ConvertToInt32(n), 23)).AsSingle();
}

internal readonly struct V256 : ISimd<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Div(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Neg(Vector256<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Exp(Vector256<float> x) => Vector256.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Log(Vector256<float> x) => Vector256.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sqrt(Vector256<float> x) => Vector256.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Abs(Vector256<float> x) => Vector256.Abs(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> GreaterOrEqual(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Select(Vector256<float> mask, Vector256<float> ifTrue, Vector256<float> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> v) => Vector256.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(Vector256<float> v) => V128.MaxAcross(Vector128.MaxNative(v.GetLower(), v.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FirstLanes(int count) => Vector256.LessThan(Vector256.CreateSequence(0, 1), Vector256.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Round(Vector256<float> x) => Vector256.Round(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Pow2Scale(Vector256<float> p, Vector256<float> n) => (p.AsInt32() + Vector256.ShiftLeft(Vector256.ConvertToInt32(n), 23)).AsSingle();
}

internal readonly struct V128 : ISimd<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sub(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Mul(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Div(Vector128<float> a, Vector128<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Neg(Vector128<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, nuint index) => Vector128.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Splat(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Exp(Vector128<float> x) => Vector128.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Log(Vector128<float> x) => Vector128.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sqrt(Vector128<float> x) => Vector128.Sqrt(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Abs(Vector128<float> x) => Vector128.Abs(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> GreaterOrEqual(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Select(Vector128<float> mask, Vector128<float> ifTrue, Vector128<float> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector128<float> v) => Vector128.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector128<float> v)
    {
        v = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
        v = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
        return v.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FirstLanes(int count) => Vector128.LessThan(Vector128.CreateSequence(0, 1), Vector128.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Round(Vector128<float> x) => Vector128.Round(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Pow2Scale(Vector128<float> p, Vector128<float> n) => (p.AsInt32() + Vector128.ShiftLeft(Vector128.ConvertToInt32(n), 23)).AsSingle();
}

/// <summary>
/// Fully inlinable float exp and log1p for the ranges the fused kernels need. The BCL's Vector512.Exp/Log are
/// accurate but are not always inlined into a large loop body, and every call clobbers all vector registers (they are
/// caller-saved), so a fused loop that calls them spills its accumulators around each call; these stay in registers.
/// Both are checked against the scalar MathF loops by the self-check (to ~1e-4, in practice a few ulps).
/// </summary>
internal static class VMath
{
    /// <summary>
    /// exp(x) for x &lt;= 0: Cody–Waite reduction x = n ln2 + r, |r| &lt;= ln2/2, 7th-order Taylor polynomial for e^r
    /// (truncation error &lt; 6e-9 relative), 2^n by exponent arithmetic; 0 below -87 (true value &lt; 1.7e-38).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpNonPositive<TS, TV>(TV x) where TS : ISimd<TV> where TV : struct
    {
        TV n = TS.Round(TS.Mul(x, TS.Splat(1.44269504f)));
        TV r = TS.MulAdd(n, TS.Splat(-0.693359375f), x);
        r = TS.MulAdd(n, TS.Splat(2.12194440e-4f), r);
        TV p = TS.Splat(1f / 5040f);
        p = TS.MulAdd(p, r, TS.Splat(1f / 720f));
        p = TS.MulAdd(p, r, TS.Splat(1f / 120f));
        p = TS.MulAdd(p, r, TS.Splat(1f / 24f));
        p = TS.MulAdd(p, r, TS.Splat(1f / 6f));
        p = TS.MulAdd(p, r, TS.Splat(0.5f));
        p = TS.MulAdd(p, r, TS.Splat(1f));
        p = TS.MulAdd(p, r, TS.Splat(1f));
        return TS.Select(TS.GreaterOrEqual(x, TS.Splat(-87f)), TS.Pow2Scale(p, n), TS.Splat(0f));
    }

    /// <summary>
    /// log(1 + x) for x in [0, 1]: 2 atanh(s) with s = x / (2 + x) in [0, 1/3], odd series to s^15 (truncation error
    /// &lt; 2e-9 relative); exact in the limit of tiny x, no cancellation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1pUnit<TS, TV>(TV x) where TS : ISimd<TV> where TV : struct
    {
        TV s = TS.Div(x, TS.Add(TS.Splat(2f), x));
        TV s2 = TS.Mul(s, s);
        TV p = TS.Splat(1f / 15f);
        p = TS.MulAdd(p, s2, TS.Splat(1f / 13f));
        p = TS.MulAdd(p, s2, TS.Splat(1f / 11f));
        p = TS.MulAdd(p, s2, TS.Splat(1f / 9f));
        p = TS.MulAdd(p, s2, TS.Splat(1f / 7f));
        p = TS.MulAdd(p, s2, TS.Splat(1f / 5f));
        p = TS.MulAdd(p, s2, TS.Splat(1f / 3f));
        p = TS.MulAdd(p, s2, TS.Splat(1f));
        return TS.Mul(TS.Add(s, s), p);
    }
}

/// <summary>Which vector width the hand-fused kernels use on this machine.</summary>
public static class SimdInfo
{
    /// <summary>512, 256, 128, or 0 when no vector width is hardware accelerated (the kernels then run scalar).</summary>
    public static int Width =>
        Vector512.IsHardwareAccelerated ? 512 :
        Vector256.IsHardwareAccelerated ? 256 :
        Vector128.IsHardwareAccelerated ? 128 : 0;
}
