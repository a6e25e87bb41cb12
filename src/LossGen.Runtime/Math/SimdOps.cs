using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen;

// The members are the Vector128/256/512 operations (or the LossMath functions) of the same name, one per width; they
// are documented there, not repeated on every struct.
#pragma warning disable CS1591

// The math kernels in FloatKernels / DoubleKernels are written once, generically over the vector type, against the
// small operation sets below. Each operation set is a struct whose static members forward to the cross-platform
// Vector128/256/512 APIs, so after inlining the JIT sees exactly the code it would see for a hand-written kernel of
// that width (the same pattern the BCL uses for its own vector math). Every width evaluates every lane with the same
// sequence of IEEE operations (add, mul, fused multiply-add, div, compares, integer bit operations), so all widths and
// the scalar overloads (which run the Vector128 kernel on a broadcast value) produce bit-identical results.
//
// Masks are vectors whose lanes are all-zeros or all-ones, as returned by the Vector*.Compare* APIs.
//
// The interfaces and structs are public (and hidden from IntelliSense) because generated kernels use them too: a
// generated vector loop is printed once, as a generic method over <TV, O> where O is one of these structs, and the
// width is chosen once per call (Vector512, then Vector256, then Vector128). They are not a supported API for users:
// members may change between versions, as the generated code that calls them is regenerated with the runtime.

/// <summary>Operations on a vector of <see cref="float"/> lanes; "Int" operations treat the lanes as <see cref="int"/> bits.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IFloatOps<TV> where TV : struct
{
    /// <summary>Whether this width runs on vector hardware (false: generated code takes its scalar loop only).</summary>
    static abstract bool IsHardwareAccelerated { get; }
    /// <summary>Lanes per vector, a JIT-time constant.</summary>
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV One { get; }
    static abstract TV AllBitsSet { get; }
    /// <summary>The lane indices 0, 1, 2, ... as float values.</summary>
    static abstract TV Indices { get; }
    /// <summary>Loads a vector from <paramref name="source"/>[<paramref name="index"/>..], unchecked (callers check the bounds).</summary>
    static abstract TV Load(ref float source, nuint index);
    /// <summary>Stores a vector to <paramref name="destination"/>[<paramref name="index"/>..], unchecked (callers check the bounds).</summary>
    static abstract void Store(TV value, ref float destination, nuint index);
    /// <summary>See <see cref="LossMath.LoadMasked(ReadOnlySpan{float}, int, System.Runtime.Intrinsics.Vector128{float})"/>.</summary>
    static abstract TV LoadMasked(ReadOnlySpan<float> span, int index, TV mask);
    /// <summary>See <see cref="LossMath.StoreMasked(System.Runtime.Intrinsics.Vector128{float}, Span{float}, int, System.Runtime.Intrinsics.Vector128{float})"/>.</summary>
    static abstract void StoreMasked(TV value, Span<float> span, int index, TV mask);
    /// <summary>The sum of the lanes, in the order the Vector*.Sum APIs add them.</summary>
    static abstract float Sum(TV a);
    /// <summary>The maximum of the lanes, as a lane-by-lane Math.Max gives it.</summary>
    static abstract float MaxAcross(TV a);
    /// <summary>The minimum of the lanes, as a lane-by-lane Math.Min gives it.</summary>
    static abstract float MinAcross(TV a);
    static abstract TV Sqrt(TV a);
    static abstract TV Max(TV a, TV b);
    static abstract TV Min(TV a, TV b);
    static abstract TV Exp(TV x);
    static abstract TV Log(TV x);
    static abstract TV Log1p(TV x);
    static abstract TV Expm1(TV x);
    static abstract TV Softplus(TV x);
    static abstract TV Sigmoid(TV x);
    static abstract TV LogSigmoid(TV x);
    static abstract TV Tanh(TV x);
    static abstract TV SoftplusAndSigmoid(TV x, out TV sigmoid);
    static abstract TV LogSigmoidAndSigmoid(TV x, out TV sigmoid);
    /// <summary>x^k per lane for a loop-invariant k, as <see cref="LossMath.Pow(System.Runtime.Intrinsics.Vector128{float}, float)"/>.</summary>
    static abstract TV Pow(TV x, float k);
    static abstract TV Splat(float value);
    static abstract TV SplatBits(int bits);
    static abstract TV Add(TV a, TV b);
    static abstract TV Sub(TV a, TV b);
    static abstract TV Mul(TV a, TV b);
    static abstract TV Div(TV a, TV b);
    /// <summary>a * b + c with a single rounding.</summary>
    static abstract TV Fma(TV a, TV b, TV c);
    static abstract TV Abs(TV a);
    static abstract TV And(TV a, TV b);
    static abstract TV Or(TV a, TV b);
    /// <summary>a &amp; ~b.</summary>
    static abstract TV AndNot(TV a, TV b);
    static abstract TV Not(TV a);
    static abstract TV Neg(TV a);
    static abstract TV Select(TV mask, TV ifTrue, TV ifFalse);
    static abstract TV Equal(TV a, TV b);
    static abstract TV LessThan(TV a, TV b);
    static abstract TV GreaterThan(TV a, TV b);
    static abstract TV GreaterThanOrEqual(TV a, TV b);
    static abstract TV LessThanOrEqual(TV a, TV b);
    static abstract TV IsNaN(TV a);
    static abstract bool AnyTrue(TV mask);
    static abstract bool AllTrue(TV mask);
    static abstract TV AddInt(TV a, TV b);
    static abstract TV SubInt(TV a, TV b);
    static abstract TV ShiftLeftInt(TV a, [ConstantExpected] int count);
    static abstract TV ShiftRightArithmeticInt(TV a, [ConstantExpected] int count);
    static abstract TV ConvertIntToFloat(TV a);
}

/// <summary>Operations on a vector of <see cref="double"/> lanes; "Int" operations treat the lanes as <see cref="long"/> bits.</summary>
/// <remarks>
/// Deliberately limited to 64-bit integer operations that SSE2/AVX2 have natively (add, sub, logical shifts, bitwise):
/// no arithmetic right shift and no int64 to double conversion, which only AVX-512 has.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IDoubleOps<TV> where TV : struct
{
    /// <summary>Whether this width runs on vector hardware (false: generated code takes its scalar loop only).</summary>
    static abstract bool IsHardwareAccelerated { get; }
    /// <summary>Lanes per vector, a JIT-time constant.</summary>
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV One { get; }
    static abstract TV AllBitsSet { get; }
    /// <summary>The lane indices 0, 1, 2, ... as double values.</summary>
    static abstract TV Indices { get; }
    /// <summary>Loads a vector from <paramref name="source"/>[<paramref name="index"/>..], unchecked (callers check the bounds).</summary>
    static abstract TV Load(ref double source, nuint index);
    /// <summary>Stores a vector to <paramref name="destination"/>[<paramref name="index"/>..], unchecked (callers check the bounds).</summary>
    static abstract void Store(TV value, ref double destination, nuint index);
    /// <summary>See <see cref="LossMath.LoadMasked(ReadOnlySpan{double}, int, System.Runtime.Intrinsics.Vector128{double})"/>.</summary>
    static abstract TV LoadMasked(ReadOnlySpan<double> span, int index, TV mask);
    /// <summary>See <see cref="LossMath.StoreMasked(System.Runtime.Intrinsics.Vector128{double}, Span{double}, int, System.Runtime.Intrinsics.Vector128{double})"/>.</summary>
    static abstract void StoreMasked(TV value, Span<double> span, int index, TV mask);
    /// <summary>The sum of the lanes, in the order the Vector*.Sum APIs add them.</summary>
    static abstract double Sum(TV a);
    /// <summary>The maximum of the lanes, as a lane-by-lane Math.Max gives it.</summary>
    static abstract double MaxAcross(TV a);
    /// <summary>The minimum of the lanes, as a lane-by-lane Math.Min gives it.</summary>
    static abstract double MinAcross(TV a);
    static abstract TV Sqrt(TV a);
    static abstract TV Max(TV a, TV b);
    static abstract TV Min(TV a, TV b);
    static abstract TV Exp(TV x);
    static abstract TV Log(TV x);
    static abstract TV Log1p(TV x);
    static abstract TV Expm1(TV x);
    static abstract TV Softplus(TV x);
    static abstract TV Sigmoid(TV x);
    static abstract TV LogSigmoid(TV x);
    static abstract TV Tanh(TV x);
    static abstract TV SoftplusAndSigmoid(TV x, out TV sigmoid);
    static abstract TV LogSigmoidAndSigmoid(TV x, out TV sigmoid);
    /// <summary>x^k per lane for a loop-invariant k, as <see cref="LossMath.Pow(System.Runtime.Intrinsics.Vector128{double}, double)"/>.</summary>
    static abstract TV Pow(TV x, double k);
    static abstract TV Splat(double value);
    static abstract TV SplatBits(long bits);
    static abstract TV Add(TV a, TV b);
    static abstract TV Sub(TV a, TV b);
    static abstract TV Mul(TV a, TV b);
    static abstract TV Div(TV a, TV b);
    static abstract TV Fma(TV a, TV b, TV c);
    static abstract TV Abs(TV a);
    static abstract TV And(TV a, TV b);
    static abstract TV Or(TV a, TV b);
    static abstract TV AndNot(TV a, TV b);
    static abstract TV Not(TV a);
    static abstract TV Neg(TV a);
    static abstract TV Select(TV mask, TV ifTrue, TV ifFalse);
    static abstract TV Equal(TV a, TV b);
    static abstract TV LessThan(TV a, TV b);
    static abstract TV GreaterThan(TV a, TV b);
    static abstract TV GreaterThanOrEqual(TV a, TV b);
    static abstract TV LessThanOrEqual(TV a, TV b);
    static abstract TV IsNaN(TV a);
    static abstract bool AnyTrue(TV mask);
    static abstract bool AllTrue(TV mask);
    static abstract TV AddInt(TV a, TV b);
    static abstract TV SubInt(TV a, TV b);
    static abstract TV ShiftLeftInt(TV a, [ConstantExpected] int count);
    static abstract TV ShiftRightLogicalInt(TV a, [ConstantExpected] int count);
}

/// <summary>The float operations on <see cref="Vector128{T}"/> of <see cref="float"/>, for generic kernels.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct F128 : IFloatOps<Vector128<float>>
{
    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;
    public static int Count => Vector128<float>.Count;
    public static Vector128<float> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<float>.Zero; }
    public static Vector128<float> One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<float>.One; }
    public static Vector128<float> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<float>.AllBitsSet; }
    public static Vector128<float> Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<float>.Indices; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, nuint index) => Vector128.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, nuint index) => Vector128.StoreUnsafe(value, ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LoadMasked(ReadOnlySpan<float> span, int index, Vector128<float> mask) => LossMath.LoadMasked(span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreMasked(Vector128<float> value, Span<float> span, int index, Vector128<float> mask) => LossMath.StoreMasked(value, span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector128<float> a) => Vector128.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(Vector128<float> a) => LossMath.MaxAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MinAcross(Vector128<float> a) => LossMath.MinAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sqrt(Vector128<float> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Min(Vector128<float> a, Vector128<float> b) => Vector128.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Exp(Vector128<float> x) => LossMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Log(Vector128<float> x) => LossMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Log1p(Vector128<float> x) => LossMath.Log1p(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Expm1(Vector128<float> x) => LossMath.Expm1(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Softplus(Vector128<float> x) => LossMath.Softplus(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sigmoid(Vector128<float> x) => LossMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LogSigmoid(Vector128<float> x) => LossMath.LogSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Tanh(Vector128<float> x) => LossMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> SoftplusAndSigmoid(Vector128<float> x, out Vector128<float> sigmoid) => LossMath.SoftplusAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LogSigmoidAndSigmoid(Vector128<float> x, out Vector128<float> sigmoid) => LossMath.LogSigmoidAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Pow(Vector128<float> x, float k) => LossMath.Pow(x, k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Splat(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> SplatBits(int bits) => Vector128.Create(bits).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sub(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Mul(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Div(Vector128<float> a, Vector128<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Abs(Vector128<float> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> And(Vector128<float> a, Vector128<float> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Or(Vector128<float> a, Vector128<float> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> AndNot(Vector128<float> a, Vector128<float> b) => Vector128.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Not(Vector128<float> a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Neg(Vector128<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Select(Vector128<float> mask, Vector128<float> ifTrue, Vector128<float> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Equal(Vector128<float> a, Vector128<float> b) => Vector128.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LessThan(Vector128<float> a, Vector128<float> b) => Vector128.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> GreaterThan(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> GreaterThanOrEqual(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LessThanOrEqual(Vector128<float> a, Vector128<float> b) => Vector128.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> IsNaN(Vector128<float> a) => Vector128.IsNaN(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyTrue(Vector128<float> mask) => mask.AsInt32() != Vector128<int>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(Vector128<float> mask) => mask.AsInt32() == Vector128<int>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> AddInt(Vector128<float> a, Vector128<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> SubInt(Vector128<float> a, Vector128<float> b) => (a.AsInt32() - b.AsInt32()).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> ShiftLeftInt(Vector128<float> a, [ConstantExpected] int count) => Vector128.ShiftLeft(a.AsInt32(), count).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> ShiftRightArithmeticInt(Vector128<float> a, [ConstantExpected] int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> ConvertIntToFloat(Vector128<float> a) => Vector128.ConvertToSingle(a.AsInt32());
}

/// <summary>The float operations on <see cref="Vector256{T}"/> of <see cref="float"/>, for generic kernels.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct F256 : IFloatOps<Vector256<float>>
{
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<float>.Zero; }
    public static Vector256<float> One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<float>.One; }
    public static Vector256<float> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<float>.AllBitsSet; }
    public static Vector256<float> Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<float>.Indices; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nuint index) => Vector256.StoreUnsafe(value, ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LoadMasked(ReadOnlySpan<float> span, int index, Vector256<float> mask) => LossMath.LoadMasked(span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreMasked(Vector256<float> value, Span<float> span, int index, Vector256<float> mask) => LossMath.StoreMasked(value, span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> a) => Vector256.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(Vector256<float> a) => LossMath.MaxAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MinAcross(Vector256<float> a) => LossMath.MinAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Exp(Vector256<float> x) => LossMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Log(Vector256<float> x) => LossMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Log1p(Vector256<float> x) => LossMath.Log1p(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Expm1(Vector256<float> x) => LossMath.Expm1(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Softplus(Vector256<float> x) => LossMath.Softplus(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sigmoid(Vector256<float> x) => LossMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LogSigmoid(Vector256<float> x) => LossMath.LogSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Tanh(Vector256<float> x) => LossMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> SoftplusAndSigmoid(Vector256<float> x, out Vector256<float> sigmoid) => LossMath.SoftplusAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LogSigmoidAndSigmoid(Vector256<float> x, out Vector256<float> sigmoid) => LossMath.LogSigmoidAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Pow(Vector256<float> x, float k) => LossMath.Pow(x, k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> SplatBits(int bits) => Vector256.Create(bits).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Div(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Or(Vector256<float> a, Vector256<float> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> AndNot(Vector256<float> a, Vector256<float> b) => Vector256.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Not(Vector256<float> a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Neg(Vector256<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Select(Vector256<float> mask, Vector256<float> ifTrue, Vector256<float> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Equal(Vector256<float> a, Vector256<float> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LessThan(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> GreaterThan(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> GreaterThanOrEqual(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LessThanOrEqual(Vector256<float> a, Vector256<float> b) => Vector256.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> IsNaN(Vector256<float> a) => Vector256.IsNaN(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyTrue(Vector256<float> mask) => mask.AsInt32() != Vector256<int>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(Vector256<float> mask) => mask.AsInt32() == Vector256<int>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> AddInt(Vector256<float> a, Vector256<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> SubInt(Vector256<float> a, Vector256<float> b) => (a.AsInt32() - b.AsInt32()).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> ShiftLeftInt(Vector256<float> a, [ConstantExpected] int count) => Vector256.ShiftLeft(a.AsInt32(), count).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> ShiftRightArithmeticInt(Vector256<float> a, [ConstantExpected] int count) => Vector256.ShiftRightArithmetic(a.AsInt32(), count).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> ConvertIntToFloat(Vector256<float> a) => Vector256.ConvertToSingle(a.AsInt32());
}

/// <summary>The float operations on <see cref="Vector512{T}"/> of <see cref="float"/>, for generic kernels.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct F512 : IFloatOps<Vector512<float>>
{
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<float>.Zero; }
    public static Vector512<float> One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<float>.One; }
    public static Vector512<float> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<float>.AllBitsSet; }
    public static Vector512<float> Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<float>.Indices; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nuint index) => Vector512.StoreUnsafe(value, ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LoadMasked(ReadOnlySpan<float> span, int index, Vector512<float> mask) => LossMath.LoadMasked(span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreMasked(Vector512<float> value, Span<float> span, int index, Vector512<float> mask) => LossMath.StoreMasked(value, span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> a) => Vector512.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(Vector512<float> a) => LossMath.MaxAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MinAcross(Vector512<float> a) => LossMath.MinAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Exp(Vector512<float> x) => LossMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Log(Vector512<float> x) => LossMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Log1p(Vector512<float> x) => LossMath.Log1p(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Expm1(Vector512<float> x) => LossMath.Expm1(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Softplus(Vector512<float> x) => LossMath.Softplus(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sigmoid(Vector512<float> x) => LossMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LogSigmoid(Vector512<float> x) => LossMath.LogSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Tanh(Vector512<float> x) => LossMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> SoftplusAndSigmoid(Vector512<float> x, out Vector512<float> sigmoid) => LossMath.SoftplusAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LogSigmoidAndSigmoid(Vector512<float> x, out Vector512<float> sigmoid) => LossMath.LogSigmoidAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Pow(Vector512<float> x, float k) => LossMath.Pow(x, k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> SplatBits(int bits) => Vector512.Create(bits).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sub(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Div(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> And(Vector512<float> a, Vector512<float> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Or(Vector512<float> a, Vector512<float> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> AndNot(Vector512<float> a, Vector512<float> b) => Vector512.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Not(Vector512<float> a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Neg(Vector512<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Select(Vector512<float> mask, Vector512<float> ifTrue, Vector512<float> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Equal(Vector512<float> a, Vector512<float> b) => Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> GreaterThan(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> GreaterThanOrEqual(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LessThanOrEqual(Vector512<float> a, Vector512<float> b) => Vector512.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> IsNaN(Vector512<float> a) => Vector512.IsNaN(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyTrue(Vector512<float> mask) => mask.AsInt32() != Vector512<int>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(Vector512<float> mask) => mask.AsInt32() == Vector512<int>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> AddInt(Vector512<float> a, Vector512<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> SubInt(Vector512<float> a, Vector512<float> b) => (a.AsInt32() - b.AsInt32()).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> ShiftLeftInt(Vector512<float> a, [ConstantExpected] int count) => Vector512.ShiftLeft(a.AsInt32(), count).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> ShiftRightArithmeticInt(Vector512<float> a, [ConstantExpected] int count) => Vector512.ShiftRightArithmetic(a.AsInt32(), count).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> ConvertIntToFloat(Vector512<float> a) => Vector512.ConvertToSingle(a.AsInt32());
}

/// <summary>The double operations on <see cref="Vector128{T}"/> of <see cref="double"/>, for generic kernels.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct D128 : IDoubleOps<Vector128<double>>
{
    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;
    public static int Count => Vector128<double>.Count;
    public static Vector128<double> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<double>.Zero; }
    public static Vector128<double> One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<double>.One; }
    public static Vector128<double> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<double>.AllBitsSet; }
    public static Vector128<double> Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<double>.Indices; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Load(ref double source, nuint index) => Vector128.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<double> value, ref double destination, nuint index) => Vector128.StoreUnsafe(value, ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LoadMasked(ReadOnlySpan<double> span, int index, Vector128<double> mask) => LossMath.LoadMasked(span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreMasked(Vector128<double> value, Span<double> span, int index, Vector128<double> mask) => LossMath.StoreMasked(value, span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector128<double> a) => Vector128.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MaxAcross(Vector128<double> a) => LossMath.MaxAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MinAcross(Vector128<double> a) => LossMath.MinAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Max(Vector128<double> a, Vector128<double> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Min(Vector128<double> a, Vector128<double> b) => Vector128.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Exp(Vector128<double> x) => LossMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Log(Vector128<double> x) => LossMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Log1p(Vector128<double> x) => LossMath.Log1p(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Expm1(Vector128<double> x) => LossMath.Expm1(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Softplus(Vector128<double> x) => LossMath.Softplus(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Sigmoid(Vector128<double> x) => LossMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LogSigmoid(Vector128<double> x) => LossMath.LogSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Tanh(Vector128<double> x) => LossMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> SoftplusAndSigmoid(Vector128<double> x, out Vector128<double> sigmoid) => LossMath.SoftplusAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LogSigmoidAndSigmoid(Vector128<double> x, out Vector128<double> sigmoid) => LossMath.LogSigmoidAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Pow(Vector128<double> x, double k) => LossMath.Pow(x, k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Splat(double value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> SplatBits(long bits) => Vector128.Create(bits).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Sub(Vector128<double> a, Vector128<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Mul(Vector128<double> a, Vector128<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Div(Vector128<double> a, Vector128<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Abs(Vector128<double> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> AndNot(Vector128<double> a, Vector128<double> b) => Vector128.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Not(Vector128<double> a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Neg(Vector128<double> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Select(Vector128<double> mask, Vector128<double> ifTrue, Vector128<double> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Equal(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> GreaterThan(Vector128<double> a, Vector128<double> b) => Vector128.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> GreaterThanOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LessThanOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> IsNaN(Vector128<double> a) => Vector128.IsNaN(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyTrue(Vector128<double> mask) => mask.AsInt64() != Vector128<long>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(Vector128<double> mask) => mask.AsInt64() == Vector128<long>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> AddInt(Vector128<double> a, Vector128<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> SubInt(Vector128<double> a, Vector128<double> b) => (a.AsInt64() - b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> ShiftLeftInt(Vector128<double> a, [ConstantExpected] int count) => Vector128.ShiftLeft(a.AsInt64(), count).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> ShiftRightLogicalInt(Vector128<double> a, [ConstantExpected] int count) => Vector128.ShiftRightLogical(a.AsInt64(), count).AsDouble();
}

/// <summary>The double operations on <see cref="Vector256{T}"/> of <see cref="double"/>, for generic kernels.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct D256 : IDoubleOps<Vector256<double>>
{
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;
    public static int Count => Vector256<double>.Count;
    public static Vector256<double> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<double>.Zero; }
    public static Vector256<double> One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<double>.One; }
    public static Vector256<double> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<double>.AllBitsSet; }
    public static Vector256<double> Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<double>.Indices; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Load(ref double source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<double> value, ref double destination, nuint index) => Vector256.StoreUnsafe(value, ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LoadMasked(ReadOnlySpan<double> span, int index, Vector256<double> mask) => LossMath.LoadMasked(span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreMasked(Vector256<double> value, Span<double> span, int index, Vector256<double> mask) => LossMath.StoreMasked(value, span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector256<double> a) => Vector256.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MaxAcross(Vector256<double> a) => LossMath.MaxAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MinAcross(Vector256<double> a) => LossMath.MinAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Min(Vector256<double> a, Vector256<double> b) => Vector256.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Exp(Vector256<double> x) => LossMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Log(Vector256<double> x) => LossMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Log1p(Vector256<double> x) => LossMath.Log1p(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Expm1(Vector256<double> x) => LossMath.Expm1(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Softplus(Vector256<double> x) => LossMath.Softplus(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sigmoid(Vector256<double> x) => LossMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LogSigmoid(Vector256<double> x) => LossMath.LogSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Tanh(Vector256<double> x) => LossMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> SoftplusAndSigmoid(Vector256<double> x, out Vector256<double> sigmoid) => LossMath.SoftplusAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LogSigmoidAndSigmoid(Vector256<double> x, out Vector256<double> sigmoid) => LossMath.LogSigmoidAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Pow(Vector256<double> x, double k) => LossMath.Pow(x, k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Splat(double value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> SplatBits(long bits) => Vector256.Create(bits).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sub(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Div(Vector256<double> a, Vector256<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Abs(Vector256<double> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> AndNot(Vector256<double> a, Vector256<double> b) => Vector256.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Not(Vector256<double> a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Neg(Vector256<double> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Select(Vector256<double> mask, Vector256<double> ifTrue, Vector256<double> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> IsNaN(Vector256<double> a) => Vector256.IsNaN(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyTrue(Vector256<double> mask) => mask.AsInt64() != Vector256<long>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(Vector256<double> mask) => mask.AsInt64() == Vector256<long>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> AddInt(Vector256<double> a, Vector256<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> SubInt(Vector256<double> a, Vector256<double> b) => (a.AsInt64() - b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> ShiftLeftInt(Vector256<double> a, [ConstantExpected] int count) => Vector256.ShiftLeft(a.AsInt64(), count).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> ShiftRightLogicalInt(Vector256<double> a, [ConstantExpected] int count) => Vector256.ShiftRightLogical(a.AsInt64(), count).AsDouble();
}

/// <summary>The double operations on <see cref="Vector512{T}"/> of <see cref="double"/>, for generic kernels.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct D512 : IDoubleOps<Vector512<double>>
{
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;
    public static int Count => Vector512<double>.Count;
    public static Vector512<double> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<double>.Zero; }
    public static Vector512<double> One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<double>.One; }
    public static Vector512<double> AllBitsSet { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<double>.AllBitsSet; }
    public static Vector512<double> Indices { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<double>.Indices; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(ref double source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double destination, nuint index) => Vector512.StoreUnsafe(value, ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LoadMasked(ReadOnlySpan<double> span, int index, Vector512<double> mask) => LossMath.LoadMasked(span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreMasked(Vector512<double> value, Span<double> span, int index, Vector512<double> mask) => LossMath.StoreMasked(value, span, index, mask);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector512<double> a) => Vector512.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MaxAcross(Vector512<double> a) => LossMath.MaxAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MinAcross(Vector512<double> a) => LossMath.MinAcross(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Min(Vector512<double> a, Vector512<double> b) => Vector512.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Exp(Vector512<double> x) => LossMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Log(Vector512<double> x) => LossMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Log1p(Vector512<double> x) => LossMath.Log1p(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Expm1(Vector512<double> x) => LossMath.Expm1(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Softplus(Vector512<double> x) => LossMath.Softplus(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sigmoid(Vector512<double> x) => LossMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LogSigmoid(Vector512<double> x) => LossMath.LogSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Tanh(Vector512<double> x) => LossMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> SoftplusAndSigmoid(Vector512<double> x, out Vector512<double> sigmoid) => LossMath.SoftplusAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LogSigmoidAndSigmoid(Vector512<double> x, out Vector512<double> sigmoid) => LossMath.LogSigmoidAndSigmoid(x, out sigmoid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Pow(Vector512<double> x, double k) => LossMath.Pow(x, k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Splat(double value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> SplatBits(long bits) => Vector512.Create(bits).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sub(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Mul(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Div(Vector512<double> a, Vector512<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Abs(Vector512<double> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> AndNot(Vector512<double> a, Vector512<double> b) => Vector512.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Not(Vector512<double> a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Neg(Vector512<double> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Select(Vector512<double> mask, Vector512<double> ifTrue, Vector512<double> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Equal(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> IsNaN(Vector512<double> a) => Vector512.IsNaN(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyTrue(Vector512<double> mask) => mask.AsInt64() != Vector512<long>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(Vector512<double> mask) => mask.AsInt64() == Vector512<long>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> AddInt(Vector512<double> a, Vector512<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> SubInt(Vector512<double> a, Vector512<double> b) => (a.AsInt64() - b.AsInt64()).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> ShiftLeftInt(Vector512<double> a, [ConstantExpected] int count) => Vector512.ShiftLeft(a.AsInt64(), count).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> ShiftRightLogicalInt(Vector512<double> a, [ConstantExpected] int count) => Vector512.ShiftRightLogical(a.AsInt64(), count).AsDouble();
}
