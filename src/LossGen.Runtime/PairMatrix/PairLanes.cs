using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen;

/// <summary>
/// The vector operations the pair-matrix kernels and their epilogues use, for one vector width. The kernels are
/// written once, generically over this interface; the width is chosen once per call (<see cref="PairGemm"/>) and
/// the JIT specializes every kernel and epilogue for it, so after inlining each operation is a single instruction
/// (or, for <see cref="Exp"/>, LossGen's vector exp).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TV">The vector type: <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or <see cref="Vector128{T}"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public unsafe interface IPairLanes<T, TV>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TV : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }
    /// <summary>All lanes 0.</summary>
    static abstract TV Zero { get; }
    /// <summary>Loads <see cref="Count"/> elements (no alignment needed).</summary>
    static abstract TV Load(T* source);
    /// <summary>Stores <see cref="Count"/> elements (no alignment needed).</summary>
    static abstract void Store(T* destination, TV value);
    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TV Broadcast(T value);
    /// <summary>a * b + c with a single rounding (each lane exactly <see cref="IFloatingPointIeee754{TSelf}.FusedMultiplyAdd"/>).</summary>
    static abstract TV Fma(TV a, TV b, TV c);
    /// <summary>a + b per lane.</summary>
    static abstract TV Add(TV a, TV b);
    /// <summary>a − b per lane.</summary>
    static abstract TV Subtract(TV a, TV b);
    /// <summary>a · b per lane.</summary>
    static abstract TV Multiply(TV a, TV b);
    /// <summary>The larger of a and b per lane.</summary>
    static abstract TV Max(TV a, TV b);
    /// <summary>The smaller of a and b per lane.</summary>
    static abstract TV Min(TV a, TV b);
    /// <summary>Lanes of <paramref name="ifTrue"/> where a == b, else of <paramref name="ifFalse"/>.</summary>
    static abstract TV SelectEqual(TV a, TV b, TV ifTrue, TV ifFalse);
    /// <summary><see cref="LossMath.Exp(float)"/> / <see cref="LossMath.Exp(double)"/> per lane.</summary>
    static abstract TV Exp(TV x);
    /// <summary>The sum of the lanes, in a fixed order.</summary>
    static abstract T Sum(TV value);
    /// <summary>The largest lane.</summary>
    static abstract T MaxAcross(TV value);
}

/// <summary><see cref="IPairLanes{T, TV}"/> on <see cref="Vector512{T}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly unsafe struct PairLanes512<T> : IPairLanes<T, Vector512<T>> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => Vector512<T>.Count;
    /// <inheritdoc/>
    public static Vector512<T> Zero => Vector512<T>.Zero;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Load(T* source) => Vector512.Load(source);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T* destination, Vector512<T> value) => value.Store(destination);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Min(Vector512<T> a, Vector512<T> b) => Vector512.Min(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SelectEqual(Vector512<T> a, Vector512<T> b, Vector512<T> ifTrue, Vector512<T> ifFalse)
        => Vector512.ConditionalSelect(Vector512.Equals(a, b), ifTrue, ifFalse);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> x)
    {
        if (typeof(T) == typeof(float)) return LossMath.Exp(x.AsSingle()).As<float, T>();
        return LossMath.Exp(x.AsDouble()).As<double, T>();
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector512<T> value) => Vector512.Sum(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector512<T> value)
    {
        Vector256<T> half = Vector256.Max(value.GetLower(), value.GetUpper());
        return PairLanes256<T>.MaxAcross(half);
    }
}

/// <summary><see cref="IPairLanes{T, TV}"/> on <see cref="Vector256{T}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly unsafe struct PairLanes256<T> : IPairLanes<T, Vector256<T>> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => Vector256<T>.Count;
    /// <inheritdoc/>
    public static Vector256<T> Zero => Vector256<T>.Zero;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Load(T* source) => Vector256.Load(source);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T* destination, Vector256<T> value) => value.Store(destination);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Min(Vector256<T> a, Vector256<T> b) => Vector256.Min(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SelectEqual(Vector256<T> a, Vector256<T> b, Vector256<T> ifTrue, Vector256<T> ifFalse)
        => Vector256.ConditionalSelect(Vector256.Equals(a, b), ifTrue, ifFalse);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> x)
    {
        if (typeof(T) == typeof(float)) return LossMath.Exp(x.AsSingle()).As<float, T>();
        return LossMath.Exp(x.AsDouble()).As<double, T>();
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector256<T> value) => Vector256.Sum(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector256<T> value)
    {
        Vector128<T> half = Vector128.Max(value.GetLower(), value.GetUpper());
        return PairLanes128<T>.MaxAcross(half);
    }
}

/// <summary><see cref="IPairLanes{T, TV}"/> on <see cref="Vector128{T}"/> (also the fallback without SIMD).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly unsafe struct PairLanes128<T> : IPairLanes<T, Vector128<T>> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => Vector128<T>.Count;
    /// <inheritdoc/>
    public static Vector128<T> Zero => Vector128<T>.Zero;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Load(T* source) => Vector128.Load(source);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T* destination, Vector128<T> value) => value.Store(destination);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Broadcast(T value) => Vector128.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fma(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Min(Vector128<T> a, Vector128<T> b) => Vector128.Min(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SelectEqual(Vector128<T> a, Vector128<T> b, Vector128<T> ifTrue, Vector128<T> ifFalse)
        => Vector128.ConditionalSelect(Vector128.Equals(a, b), ifTrue, ifFalse);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> x)
    {
        if (typeof(T) == typeof(float)) return LossMath.Exp(x.AsSingle()).As<float, T>();
        return LossMath.Exp(x.AsDouble()).As<double, T>();
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector128<T> value) => Vector128.Sum(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector128<T> value)
    {
        T max = value.GetElement(0);
        for (int i = 1; i < Vector128<T>.Count; i++) max = T.Max(max, value.GetElement(i));
        return max;
    }
}
