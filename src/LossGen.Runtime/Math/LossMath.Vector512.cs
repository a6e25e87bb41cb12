using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen;

// Vector512 overloads. Every lane is computed exactly as the scalar overload of the same name computes it (bit for
// bit), whether or not Vector512 is hardware accelerated on the current machine (if it is not, the BCL's software
// fallback runs: correct, but slow; pick the width with Vector512.IsHardwareAccelerated).
public static partial class LossMath
{
    /// <inheritdoc cref="Exp(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x) => FloatKernels.Exp<Vector512<float>, F512>(x);

    /// <inheritdoc cref="Log(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x) => FloatKernels.Log<Vector512<float>, F512>(x);

    /// <inheritdoc cref="Log1p(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log1p(Vector512<float> x) => FloatKernels.Log1p<Vector512<float>, F512>(x);

    /// <inheritdoc cref="Expm1(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Expm1(Vector512<float> x) => FloatKernels.Expm1<Vector512<float>, F512>(x);

    /// <inheritdoc cref="Softplus(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Softplus(Vector512<float> x) => FloatKernels.Softplus<Vector512<float>, F512>(x);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => FloatKernels.Sigmoid<Vector512<float>, F512>(x);

    /// <inheritdoc cref="LogSigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LogSigmoid(Vector512<float> x) => FloatKernels.LogSigmoid<Vector512<float>, F512>(x);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x) => FloatKernels.Tanh<Vector512<float>, F512>(x);

    /// <inheritdoc cref="SoftplusAndSigmoid(float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SoftplusAndSigmoid(Vector512<float> x, out Vector512<float> sigmoid) => FloatKernels.SoftplusAndSigmoid<Vector512<float>, F512>(x, out sigmoid);

    /// <inheritdoc cref="LogSigmoidAndSigmoid(float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LogSigmoidAndSigmoid(Vector512<float> x, out Vector512<float> sigmoid) => FloatKernels.LogSigmoidAndSigmoid<Vector512<float>, F512>(x, out sigmoid);

    /// <inheritdoc cref="Exp(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x) => DoubleKernels.Exp<Vector512<double>, D512>(x);

    /// <inheritdoc cref="Log(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x) => DoubleKernels.Log<Vector512<double>, D512>(x);

    /// <inheritdoc cref="Log1p(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log1p(Vector512<double> x) => DoubleKernels.Log1p<Vector512<double>, D512>(x);

    /// <inheritdoc cref="Expm1(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Expm1(Vector512<double> x) => DoubleKernels.Expm1<Vector512<double>, D512>(x);

    /// <inheritdoc cref="Softplus(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Softplus(Vector512<double> x) => DoubleKernels.Softplus<Vector512<double>, D512>(x);

    /// <inheritdoc cref="Sigmoid(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> x) => DoubleKernels.Sigmoid<Vector512<double>, D512>(x);

    /// <inheritdoc cref="LogSigmoid(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LogSigmoid(Vector512<double> x) => DoubleKernels.LogSigmoid<Vector512<double>, D512>(x);

    /// <inheritdoc cref="Tanh(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x) => DoubleKernels.Tanh<Vector512<double>, D512>(x);

    /// <inheritdoc cref="SoftplusAndSigmoid(double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SoftplusAndSigmoid(Vector512<double> x, out Vector512<double> sigmoid) => DoubleKernels.SoftplusAndSigmoid<Vector512<double>, D512>(x, out sigmoid);

    /// <inheritdoc cref="LogSigmoidAndSigmoid(double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LogSigmoidAndSigmoid(Vector512<double> x, out Vector512<double> sigmoid) => DoubleKernels.LogSigmoidAndSigmoid<Vector512<double>, D512>(x, out sigmoid);
}
