using System.Numerics;
using System.Numerics.Tensors;
using LossGen.Tests.Oracle;

namespace LossGen.Tests.Hessian;

/// <summary>
/// Output buffers for the second-derivative members, beside a <see cref="CaseData{T}"/> that holds the inputs and
/// the gradient outputs: Hessian diagonals (h&lt;name&gt;) and per-sample gradients (g&lt;name&gt;).
/// </summary>
public sealed class SecondOrderData<T>(CaseData<T> data) where T : unmanaged, IFloatingPointIeee754<T>
{
    public Dictionary<string, T[]> Hessians { get; } = new();
    public Dictionary<string, T[]> PerSampleGradients { get; } = new();

    public Span<T> H(string name) => Hessians[name] = new T[data.Inputs[name].Data.Length];

    public TensorSpan<T> HM(string name) => Matrix(Hessians[name] = new T[data.Inputs[name].Data.Length], name);

    public Span<T> PG(string name) => PerSampleGradients[name] = new T[data.Inputs[name].Data.Length];

    public TensorSpan<T> PGM(string name) => Matrix(PerSampleGradients[name] = new T[data.Inputs[name].Data.Length], name);

    private TensorSpan<T> Matrix(T[] buffer, string name) => new(buffer, data.Inputs[name].Shape.Select(x => (nint)x).ToArray());
}

/// <summary>Finite differences and comparisons shared by the second-derivative tests.</summary>
internal static class SecondOrderCheck
{
    /// <summary>Central difference step, relative to the coordinate, as in the gradient tests.</summary>
    public static double Step(double x) => 1e-6 * Math.Max(1, Math.Abs(x));

    /// <summary>
    /// d f(x)[k] / d x[k] for every k by central differences, where <paramref name="f"/> reads <paramref name="x"/>
    /// (perturbed in place and restored) and returns a vector indexed like x.
    /// </summary>
    public static double[] DiagonalOfJacobian(double[] x, Func<double[]> f)
    {
        var result = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            double saved = x[k];
            double h = Step(saved);
            x[k] = saved + h;
            double up = f()[k];
            x[k] = saved - h;
            double down = f()[k];
            x[k] = saved;
            result[k] = (up - down) / (2 * h);
        }
        return result;
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ tolerance · max(max |expected|, floor) elementwise: relative to the largest entry,
    /// with an absolute floor so that an all-zero Hessian (hinge, MAE) is compared absolutely.
    /// </summary>
    public static void AssertClose(double[] expected, double[] actual, double tolerance, string what, double floor = 1e-8)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Select(Math.Abs).DefaultIfEmpty(0).Max(), floor);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(double.IsFinite(actual[i]), $"{what}: element {i} is {actual[i]}");
            double error = Math.Abs(actual[i] - expected[i]) / scale;
            Assert.True(error <= tolerance,
                $"{what}: element {i}: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2} of scale {scale:E2} > {tolerance:E0})");
        }
    }
}
