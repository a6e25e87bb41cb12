using System.ComponentModel;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LossGen.Runtime.Tests;

/// <summary>
/// The per-width operation structs (F128/F256/F512, D128/D256/D512) that generated kernels call when a vector loop is
/// printed once, generically over the width: public but hidden from IntelliSense, and each operation equal to the
/// Vector API or LossMath overload of its width. The loops below are written the way a width-generic generated loop
/// is: once, over &lt;TV, O&gt;, instantiated for every width.
/// </summary>
public class WidthGenericOpsTests
{
    private static readonly Type[] OpsTypes =
        [typeof(IFloatOps<>), typeof(IDoubleOps<>), typeof(F128), typeof(F256), typeof(F512), typeof(D128), typeof(D256), typeof(D512)];

    [Fact]
    public void The_operation_sets_are_public_and_hidden_from_IntelliSense()
    {
        foreach (Type type in OpsTypes)
        {
            Assert.True(type.IsPublic, $"{type.Name} is public");
            var hidden = type.GetCustomAttribute<EditorBrowsableAttribute>();
            Assert.True(hidden is { State: EditorBrowsableState.Never }, $"{type.Name} carries [EditorBrowsable(Never)]");
        }
        // Every public type of the runtime that implements an operation set is in the list above (and so hidden).
        var implementers = typeof(LossMath).Assembly.GetExportedTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType &&
                (i.GetGenericTypeDefinition() == typeof(IFloatOps<>) || i.GetGenericTypeDefinition() == typeof(IDoubleOps<>))));
        Assert.Equal(6, implementers.Count());
        Assert.All(implementers, t => Assert.Contains(t, OpsTypes));
    }

    [Fact]
    public void Each_width_reports_its_lane_count_and_acceleration()
    {
        Assert.Equal(Vector128<float>.Count, F128.Count);
        Assert.Equal(Vector256<float>.Count, F256.Count);
        Assert.Equal(Vector512<float>.Count, F512.Count);
        Assert.Equal(Vector128<double>.Count, D128.Count);
        Assert.Equal(Vector256<double>.Count, D256.Count);
        Assert.Equal(Vector512<double>.Count, D512.Count);
        Assert.Equal(Vector128.IsHardwareAccelerated, F128.IsHardwareAccelerated);
        Assert.Equal(Vector256.IsHardwareAccelerated, D256.IsHardwareAccelerated);
        Assert.Equal(Vector512.IsHardwareAccelerated, F512.IsHardwareAccelerated);
    }

    // sum((x - y)^2) and dx = 2 (x - y), with full vectors, a masked partial vector, and no scalar tail: the shape of a
    // generated loop. Small integers keep every sum exact, so any order of addition gives the same value.
    private static float SquaredDistance<TV, O>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx)
        where TV : struct where O : struct, IFloatOps<TV>
    {
        int n = x.Length, i = 0;
        TV acc = O.Zero, two = O.Splat(2f);
        for (; i <= n - O.Count; i += O.Count)
        {
            TV d = O.Sub(O.Load(ref MemoryMarshal.GetReference(x), (nuint)i), O.Load(ref MemoryMarshal.GetReference(y), (nuint)i));
            acc = O.Add(acc, O.Mul(d, d));
            O.Store(O.Mul(two, d), ref MemoryMarshal.GetReference(dx), (nuint)i);
        }
        if (i < n)
        {
            TV mask = O.LessThan(O.Indices, O.Splat(n - i));
            TV d = O.Sub(O.LoadMasked(x, i, mask), O.LoadMasked(y, i, mask));
            acc = O.Add(acc, O.Select(mask, O.Mul(d, d), O.Zero));
            O.StoreMasked(O.Mul(two, d), dx, i, mask);
        }
        return O.Sum(acc);
    }

    private static void CheckSquaredDistance<TV, O>() where TV : struct where O : struct, IFloatOps<TV>
    {
        for (int n = 0; n <= 3 * O.Count + 1; n++)
        {
            float[] x = Enumerable.Range(0, n).Select(k => (float)(k % 7 - 3)).ToArray();
            float[] y = Enumerable.Range(0, n).Select(k => (float)(k % 5)).ToArray();
            var dx = new float[n + 2];
            dx[n] = dx[n + 1] = -99f;
            float loss = SquaredDistance<TV, O>(x, y, dx.AsSpan(0, n));
            float expected = 0;
            for (int k = 0; k < n; k++)
            {
                expected += (x[k] - y[k]) * (x[k] - y[k]);
                Assert.Equal(2 * (x[k] - y[k]), dx[k]);
            }
            Assert.Equal(expected, loss);
            Assert.Equal(-99f, dx[n]); // the masked store wrote nothing past the span
        }
    }

    [Fact]
    public void A_loop_written_once_runs_at_every_float_width()
    {
        CheckSquaredDistance<Vector128<float>, F128>();
        CheckSquaredDistance<Vector256<float>, F256>();
        CheckSquaredDistance<Vector512<float>, F512>();
    }

    private static void CheckAcross<TV, O>(double[] lanes, Func<double[], TV> make) where TV : struct where O : struct, IDoubleOps<TV>
    {
        TV v = make(lanes);
        Assert.Equal(lanes.Max(), O.MaxAcross(v));
        Assert.Equal(lanes.Min(), O.MinAcross(v));
        Assert.Equal(lanes.Sum(), O.Sum(v));
        TV w = O.Max(O.Sqrt(O.Abs(v)), O.One);
        for (int k = 0; k < lanes.Length; k++)
            Assert.Equal(Math.Max(Math.Sqrt(Math.Abs(lanes[k])), 1), O.Sum(O.Select(O.Equal(O.Indices, O.Splat(k)), w, O.Zero)));
    }

    [Fact]
    public void Across_lane_reductions_and_lane_operations_match_the_scalar_ones_in_double()
    {
        CheckAcross<Vector128<double>, D128>([-3, 16], a => Vector128.Create(a));
        CheckAcross<Vector256<double>, D256>([4, -1, 9, 0.25], a => Vector256.Create(a));
        CheckAcross<Vector512<double>, D512>([4, -1, 9, 0.25, 100, -7, 2, 36], a => Vector512.Create(a));
    }

    [Fact]
    public void Math_functions_forward_to_LossMath_bit_for_bit()
    {
        Vector512<float> xf = Vector512.Create(-3.5f, -1f, -0.1f, 0f, 0.3f, 1f, 2.5f, 7f, 20f, -20f, 0.5f, 0.7f, 1.5f, 3f, 9f, -9f);
        Vector512<float> sg;
        Assert.Equal(LossMath.Exp(xf), F512.Exp(xf));
        Assert.Equal(LossMath.Log(Vector512.Abs(xf)), F512.Log(Vector512.Abs(xf)));
        Assert.Equal(LossMath.Softplus(xf), F512.SoftplusAndSigmoid(xf, out sg));
        Assert.Equal(LossMath.Sigmoid(xf), sg);
        Assert.Equal(LossMath.Pow(xf, 2.5f), F512.Pow(xf, 2.5f));
        Vector256<double> xd = Vector256.Create(-2.0, 0.1, 1.0, 30.0);
        Assert.Equal(LossMath.Tanh(xd), D256.Tanh(xd));
        Assert.Equal(LossMath.Log1p(xd), D256.Log1p(xd));
        Assert.Equal(LossMath.Expm1(xd), D256.Expm1(xd));
        Vector128<double> xs = Vector128.Create(-4.0, 3.0);
        Assert.Equal(LossMath.LogSigmoid(xs), D128.LogSigmoidAndSigmoid(xs, out Vector128<double> sd));
        Assert.Equal(LossMath.Sigmoid(xs), sd);
    }
}
