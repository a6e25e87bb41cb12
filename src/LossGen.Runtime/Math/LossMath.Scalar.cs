using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LossGen;

/// <summary>
/// Numerically stable elementwise functions used by generated kernels, for <see cref="float"/>, <see cref="double"/>
/// and <see cref="Vector128{T}"/>, <see cref="Vector256{T}"/>, <see cref="Vector512{T}"/> of either.
/// </summary>
/// <remarks>
/// <para>
/// Every overload of a function runs the same algorithm: the scalar overloads evaluate the Vector128 kernel on a
/// broadcast value and return lane 0, so a scalar tail loop produces bit-for-bit the values the vector body would have
/// produced for the same elements, at every vector width. Float functions compute in float (they do not widen to
/// double).
/// </para>
/// <para>
/// Special values follow IEEE 754 / C99 Annex F: NaN in gives NaN out, exp overflows to +∞ and underflows through
/// correctly scaled subnormals to 0, log(±0) = -∞, log(x &lt; 0) = NaN, log(+∞) = +∞, log1p(-1) = -∞, and odd
/// functions keep the sign of zero. Error bounds (in units in the last place, measured by the test-suite against a
/// higher-precision reference) are listed per function; see docs/vector-math.md for the algorithms.
/// </para>
/// </remarks>
public static partial class LossMath
{
    /// <summary>e^x. Max error 1 ulp; overflows to +∞, underflows through subnormals to +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x) => DoubleKernels.Exp<Vector128<double>, D128>(Vector128.Create(x)).ToScalar();

    /// <inheritdoc cref="Exp(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x) => FloatKernels.Exp<Vector128<float>, F128>(Vector128.Create(x)).ToScalar();

    /// <summary>Natural logarithm. Max error 0.75 ulp; log(±0) = -∞, log(x &lt; 0) = NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log(double x) => DoubleKernels.Log<Vector128<double>, D128>(Vector128.Create(x)).ToScalar();

    /// <inheritdoc cref="Log(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x) => FloatKernels.Log<Vector128<float>, F128>(Vector128.Create(x)).ToScalar();

    /// <summary>log(1 + x), accurate for small |x|. Max error 0.85 ulp; log1p(-1) = -∞, log1p(x &lt; -1) = NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log1p(double x) => DoubleKernels.Log1p<Vector128<double>, D128>(Vector128.Create(x)).ToScalar();

    /// <inheritdoc cref="Log1p(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log1p(float x) => FloatKernels.Log1p<Vector128<float>, F128>(Vector128.Create(x)).ToScalar();

    /// <summary>exp(x) - 1, accurate for small |x|. Max error 1.25 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Expm1(double x) => DoubleKernels.Expm1<Vector128<double>, D128>(Vector128.Create(x)).ToScalar();

    /// <inheritdoc cref="Expm1(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Expm1(float x) => FloatKernels.Expm1<Vector128<float>, F128>(Vector128.Create(x)).ToScalar();

    /// <summary>
    /// log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)). Max error 1 ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Softplus(double x) => DoubleKernels.Softplus<Vector128<double>, D128>(Vector128.Create(x)).ToScalar();

    /// <inheritdoc cref="Softplus(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Softplus(float x) => FloatKernels.Softplus<Vector128<float>, F128>(Vector128.Create(x)).ToScalar();

    /// <summary>
    /// 1 / (1 + exp(-x)), evaluated through exp(-|x|) so that it never overflows. Max error 1 ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x) => DoubleKernels.Sigmoid<Vector128<double>, D128>(Vector128.Create(x)).ToScalar();

    /// <inheritdoc cref="Sigmoid(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => FloatKernels.Sigmoid<Vector128<float>, F128>(Vector128.Create(x)).ToScalar();

    /// <summary>
    /// log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)) = -softplus(-x), finite for every finite x.
    /// Max error 1 ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogSigmoid(double x) => DoubleKernels.LogSigmoid<Vector128<double>, D128>(Vector128.Create(x)).ToScalar();

    /// <inheritdoc cref="LogSigmoid(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LogSigmoid(float x) => FloatKernels.LogSigmoid<Vector128<float>, F128>(Vector128.Create(x)).ToScalar();

    /// <summary>
    /// Hyperbolic tangent, as sign(x) * -t / (t + 2) with t = expm1(-2|x|). Max error 1 ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Tanh(double x) => DoubleKernels.Tanh<Vector128<double>, D128>(Vector128.Create(x)).ToScalar();

    /// <inheritdoc cref="Tanh(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => FloatKernels.Tanh<Vector128<float>, F128>(Vector128.Create(x)).ToScalar();

    /// <summary>
    /// Softplus(x) and, through <paramref name="sigmoid"/>, Sigmoid(x) (its derivative) from one shared exp(-|x|) and
    /// one shared 1 + exp(-|x|). Both results are bit-identical to <see cref="Softplus(double)"/> and
    /// <see cref="Sigmoid(double)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SoftplusAndSigmoid(double x, out double sigmoid)
    {
        double softplus = DoubleKernels.SoftplusAndSigmoid<Vector128<double>, D128>(Vector128.Create(x), out Vector128<double> s).ToScalar();
        sigmoid = s.ToScalar();
        return softplus;
    }

    /// <inheritdoc cref="SoftplusAndSigmoid(double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SoftplusAndSigmoid(float x, out float sigmoid)
    {
        float softplus = FloatKernels.SoftplusAndSigmoid<Vector128<float>, F128>(Vector128.Create(x), out Vector128<float> s).ToScalar();
        sigmoid = s.ToScalar();
        return softplus;
    }

    /// <summary>
    /// LogSigmoid(x) and, through <paramref name="sigmoid"/>, Sigmoid(x) (the derivative of LogSigmoid is
    /// 1 - sigmoid(x)) from one shared exp(-|x|) and one shared 1 + exp(-|x|). Both results are bit-identical to
    /// <see cref="LogSigmoid(double)"/> and <see cref="Sigmoid(double)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogSigmoidAndSigmoid(double x, out double sigmoid)
    {
        double logSigmoid = DoubleKernels.LogSigmoidAndSigmoid<Vector128<double>, D128>(Vector128.Create(x), out Vector128<double> s).ToScalar();
        sigmoid = s.ToScalar();
        return logSigmoid;
    }

    /// <inheritdoc cref="LogSigmoidAndSigmoid(double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LogSigmoidAndSigmoid(float x, out float sigmoid)
    {
        float logSigmoid = FloatKernels.LogSigmoidAndSigmoid<Vector128<float>, F128>(Vector128.Create(x), out Vector128<float> s).ToScalar();
        sigmoid = s.ToScalar();
        return logSigmoid;
    }
}
