using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen;

// Vector128 overloads. Every lane is computed exactly as the scalar overload of the same name computes it (bit for
// bit), whether or not Vector128 is hardware accelerated on the current machine (if it is not, the BCL's software
// fallback runs: correct, but slow; pick the width with Vector128.IsHardwareAccelerated).
public static partial class LossMath
{
    /// <inheritdoc cref="Exp(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x) => FloatKernels.Exp<Vector128<float>, F128>(x);

    /// <inheritdoc cref="Log(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log(Vector128<float> x) => FloatKernels.Log<Vector128<float>, F128>(x);

    /// <inheritdoc cref="Log1p(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log1p(Vector128<float> x) => FloatKernels.Log1p<Vector128<float>, F128>(x);

    /// <inheritdoc cref="Expm1(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Expm1(Vector128<float> x) => FloatKernels.Expm1<Vector128<float>, F128>(x);

    /// <inheritdoc cref="Softplus(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Softplus(Vector128<float> x) => FloatKernels.Softplus<Vector128<float>, F128>(x);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => FloatKernels.Sigmoid<Vector128<float>, F128>(x);

    /// <inheritdoc cref="LogSigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LogSigmoid(Vector128<float> x) => FloatKernels.LogSigmoid<Vector128<float>, F128>(x);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x) => FloatKernels.Tanh<Vector128<float>, F128>(x);

    /// <inheritdoc cref="SoftplusAndSigmoid(float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SoftplusAndSigmoid(Vector128<float> x, out Vector128<float> sigmoid) => FloatKernels.SoftplusAndSigmoid<Vector128<float>, F128>(x, out sigmoid);

    /// <inheritdoc cref="LogSigmoidAndSigmoid(float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LogSigmoidAndSigmoid(Vector128<float> x, out Vector128<float> sigmoid) => FloatKernels.LogSigmoidAndSigmoid<Vector128<float>, F128>(x, out sigmoid);

    /// <inheritdoc cref="Exp(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Exp(Vector128<double> x) => DoubleKernels.Exp<Vector128<double>, D128>(x);

    /// <inheritdoc cref="Log(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Log(Vector128<double> x) => DoubleKernels.Log<Vector128<double>, D128>(x);

    /// <inheritdoc cref="Log1p(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Log1p(Vector128<double> x) => DoubleKernels.Log1p<Vector128<double>, D128>(x);

    /// <inheritdoc cref="Expm1(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Expm1(Vector128<double> x) => DoubleKernels.Expm1<Vector128<double>, D128>(x);

    /// <inheritdoc cref="Softplus(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Softplus(Vector128<double> x) => DoubleKernels.Softplus<Vector128<double>, D128>(x);

    /// <inheritdoc cref="Sigmoid(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sigmoid(Vector128<double> x) => DoubleKernels.Sigmoid<Vector128<double>, D128>(x);

    /// <inheritdoc cref="LogSigmoid(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LogSigmoid(Vector128<double> x) => DoubleKernels.LogSigmoid<Vector128<double>, D128>(x);

    /// <inheritdoc cref="Tanh(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Tanh(Vector128<double> x) => DoubleKernels.Tanh<Vector128<double>, D128>(x);

    /// <inheritdoc cref="SoftplusAndSigmoid(double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> SoftplusAndSigmoid(Vector128<double> x, out Vector128<double> sigmoid) => DoubleKernels.SoftplusAndSigmoid<Vector128<double>, D128>(x, out sigmoid);

    /// <inheritdoc cref="LogSigmoidAndSigmoid(double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LogSigmoidAndSigmoid(Vector128<double> x, out Vector128<double> sigmoid) => DoubleKernels.LogSigmoidAndSigmoid<Vector128<double>, D128>(x, out sigmoid);
}
