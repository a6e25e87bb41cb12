using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen;

// Vector256 overloads. Every lane is computed exactly as the scalar overload of the same name computes it (bit for
// bit), whether or not Vector256 is hardware accelerated on the current machine (if it is not, the BCL's software
// fallback runs: correct, but slow; pick the width with Vector256.IsHardwareAccelerated).
public static partial class LossMath
{
    /// <inheritdoc cref="Exp(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x) => FloatKernels.Exp<Vector256<float>, F256>(x);

    /// <inheritdoc cref="Log(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x) => FloatKernels.Log<Vector256<float>, F256>(x);

    /// <inheritdoc cref="Log1p(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log1p(Vector256<float> x) => FloatKernels.Log1p<Vector256<float>, F256>(x);

    /// <inheritdoc cref="Expm1(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Expm1(Vector256<float> x) => FloatKernels.Expm1<Vector256<float>, F256>(x);

    /// <inheritdoc cref="Softplus(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Softplus(Vector256<float> x) => FloatKernels.Softplus<Vector256<float>, F256>(x);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => FloatKernels.Sigmoid<Vector256<float>, F256>(x);

    /// <inheritdoc cref="LogSigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LogSigmoid(Vector256<float> x) => FloatKernels.LogSigmoid<Vector256<float>, F256>(x);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) => FloatKernels.Tanh<Vector256<float>, F256>(x);

    /// <inheritdoc cref="SoftplusAndSigmoid(float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SoftplusAndSigmoid(Vector256<float> x, out Vector256<float> sigmoid) => FloatKernels.SoftplusAndSigmoid<Vector256<float>, F256>(x, out sigmoid);

    /// <inheritdoc cref="LogSigmoidAndSigmoid(float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LogSigmoidAndSigmoid(Vector256<float> x, out Vector256<float> sigmoid) => FloatKernels.LogSigmoidAndSigmoid<Vector256<float>, F256>(x, out sigmoid);

    /// <inheritdoc cref="Exp(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x) => DoubleKernels.Exp<Vector256<double>, D256>(x);

    /// <inheritdoc cref="Log(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x) => DoubleKernels.Log<Vector256<double>, D256>(x);

    /// <inheritdoc cref="Log1p(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log1p(Vector256<double> x) => DoubleKernels.Log1p<Vector256<double>, D256>(x);

    /// <inheritdoc cref="Expm1(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Expm1(Vector256<double> x) => DoubleKernels.Expm1<Vector256<double>, D256>(x);

    /// <inheritdoc cref="Softplus(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Softplus(Vector256<double> x) => DoubleKernels.Softplus<Vector256<double>, D256>(x);

    /// <inheritdoc cref="Sigmoid(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sigmoid(Vector256<double> x) => DoubleKernels.Sigmoid<Vector256<double>, D256>(x);

    /// <inheritdoc cref="LogSigmoid(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogSigmoid(Vector256<double> x) => DoubleKernels.LogSigmoid<Vector256<double>, D256>(x);

    /// <inheritdoc cref="Tanh(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x) => DoubleKernels.Tanh<Vector256<double>, D256>(x);

    /// <inheritdoc cref="SoftplusAndSigmoid(double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> SoftplusAndSigmoid(Vector256<double> x, out Vector256<double> sigmoid) => DoubleKernels.SoftplusAndSigmoid<Vector256<double>, D256>(x, out sigmoid);

    /// <inheritdoc cref="LogSigmoidAndSigmoid(double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogSigmoidAndSigmoid(Vector256<double> x, out Vector256<double> sigmoid) => DoubleKernels.LogSigmoidAndSigmoid<Vector256<double>, D256>(x, out sigmoid);
}
