using System.Runtime.Intrinsics;
using LossGen.Runtime.Tests.Infrastructure;

namespace LossGen.Runtime.Tests;

/// <summary>
/// Exact special-value behaviour (±0, subnormals, huge values, ±∞, NaN) of every function in every form. Each input
/// is evaluated as a scalar, broadcast into each vector width, and placed in lane 0 of a vector whose other lanes hold
/// ordinary values (so lanes on the fast path and the special path are mixed in one call).
/// </summary>
public class SpecialValueTests
{
    private const float FNaN = float.NaN, FInf = float.PositiveInfinity;
    private const double DNaN = double.NaN, DInf = double.PositiveInfinity;

    /// <summary>Every form of f at x; all must be bitwise equal (any NaN equals any NaN).</summary>
    private static float EvalAll(FloatFunction f, float x)
    {
        float s = f.Scalar(x);
        float[] filler = [0.5f, -1.5f, 3f, -7f, 0.25f, 10f, -0.1f, 2f, 1f, -3f, 6f, -0.75f, 0.125f, -20f, 40f, 0f];
        var outs = new List<(string, float)>
        {
            ("V128 broadcast", f.V128(Vector128.Create(x)).GetElement(3)),
            ("V256 broadcast", f.V256(Vector256.Create(x)).GetElement(7)),
            ("V512 broadcast", f.V512(Vector512.Create(x)).GetElement(15)),
            ("V128 mixed", f.V128(Vector128.Create([x, .. filler[..3]])).GetElement(0)),
            ("V256 mixed", f.V256(Vector256.Create([x, .. filler[..7]])).GetElement(0)),
            ("V512 mixed", f.V512(Vector512.Create([x, .. filler[..15]])).GetElement(0)),
        };
        foreach ((string form, float v) in outs)
            Assert.True(Harness.SameFloat(v, s), $"{f.Name}({x:R}): {form} = {v:R} but scalar = {s:R}");
        return s;
    }

    private static double EvalAll(DoubleFunction f, double x)
    {
        double s = f.Scalar(x);
        double[] filler = [0.5, -1.5, 3, -7, 0.25, 10, -0.1];
        var outs = new List<(string, double)>
        {
            ("V128 broadcast", f.V128(Vector128.Create(x)).GetElement(1)),
            ("V256 broadcast", f.V256(Vector256.Create(x)).GetElement(3)),
            ("V512 broadcast", f.V512(Vector512.Create(x)).GetElement(7)),
            ("V128 mixed", f.V128(Vector128.Create([x, .. filler[..1]])).GetElement(0)),
            ("V256 mixed", f.V256(Vector256.Create([x, .. filler[..3]])).GetElement(0)),
            ("V512 mixed", f.V512(Vector512.Create([x, .. filler[..7]])).GetElement(0)),
        };
        foreach ((string form, double v) in outs)
            Assert.True(Harness.SameDouble(v, s), $"{f.Name}({x:R}): {form} = {v:R} but scalar = {s:R}");
        return s;
    }

    private static void Exact(FloatFunction f, float x, float expected)
    {
        float y = EvalAll(f, x);
        Assert.True(Harness.SameFloat(y, expected), $"{f.Name}({x:R}) = {y:R} (0x{BitConverter.SingleToInt32Bits(y):x8}), expected {expected:R} (0x{BitConverter.SingleToInt32Bits(expected):x8})");
    }

    private static void Exact(DoubleFunction f, double x, double expected)
    {
        double y = EvalAll(f, x);
        Assert.True(Harness.SameDouble(y, expected), $"{f.Name}({x:R}) = {y:R} (0x{BitConverter.DoubleToInt64Bits(y):x16}), expected {expected:R} (0x{BitConverter.DoubleToInt64Bits(expected):x16})");
    }

    /// <summary>Within one ulp of the reference (for values that are not exactly representable).</summary>
    private static void Near(FloatFunction f, float x)
    {
        float y = EvalAll(f, x);
        double err = Ulp.Error(y, f.Reference(x));
        Assert.True(err <= 1.0, $"{f.Name}({x:R}) = {y:R}, reference {f.Reference(x):R}: {err} ulp");
    }

    private static void Near(DoubleFunction f, double x)
    {
        double y = EvalAll(f, x);
        double err = Ulp.Error(y, f.Reference(x));
        Assert.True(err <= 1.0, $"{f.Name}({x:R}) = {y:R}, reference {f.Reference(x)}: {err} ulp");
    }

    [Fact]
    public void ExpFloat()
    {
        var f = Functions.ExpF;
        Exact(f, FNaN, FNaN);
        Exact(f, FInf, FInf);
        Exact(f, -FInf, 0f);
        Exact(f, 0f, 1f);
        Exact(f, -0f, 1f);
        Exact(f, float.Epsilon, 1f);
        Exact(f, -float.Epsilon, 1f);
        Exact(f, 88.73f, FInf);            // overflow
        Exact(f, float.MaxValue, FInf);
        Exact(f, -104f, 0f);               // underflow
        Exact(f, float.MinValue, 0f);
        Near(f, 88.72f);                   // largest results
        Near(f, -87.5f);                   // subnormal results, correctly scaled
        Near(f, -100f);
        Near(f, -103.5f);
        Exact(f, -103.28f, float.Epsilon); // rounds to the smallest subnormal
    }

    [Fact]
    public void ExpDouble()
    {
        var f = Functions.ExpD;
        Exact(f, DNaN, DNaN);
        Exact(f, DInf, DInf);
        Exact(f, -DInf, 0);
        Exact(f, 0, 1);
        Exact(f, -0.0, 1);
        Exact(f, double.Epsilon, 1);
        Exact(f, 709.8, DInf);
        Exact(f, double.MaxValue, DInf);
        Exact(f, -746, 0);
        Exact(f, double.MinValue, 0);
        Near(f, 709.78);
        Near(f, -709);
        Near(f, -740);
        Exact(f, -744.6, double.Epsilon);
    }

    [Fact]
    public void Expm1Float()
    {
        var f = Functions.Expm1F;
        Exact(f, FNaN, FNaN);
        Exact(f, FInf, FInf);
        Exact(f, -FInf, -1f);
        Exact(f, 0f, 0f);
        Exact(f, -0f, -0f);
        Exact(f, float.Epsilon, float.Epsilon);
        Exact(f, -float.Epsilon, -float.Epsilon);
        Exact(f, 1e-30f, 1e-30f);
        Exact(f, 89f, FInf);
        Exact(f, -104f, -1f);
        Exact(f, float.MinValue, -1f);
        Near(f, 88.7f);
        Near(f, 1e-5f);
    }

    [Fact]
    public void Expm1Double()
    {
        var f = Functions.Expm1D;
        Exact(f, DNaN, DNaN);
        Exact(f, DInf, DInf);
        Exact(f, -DInf, -1);
        Exact(f, 0.0, 0.0);
        Exact(f, -0.0, -0.0);
        Exact(f, double.Epsilon, double.Epsilon);
        Exact(f, -1e-300, -1e-300);
        Exact(f, 710, DInf);
        Exact(f, -800, -1);
        Near(f, 709.7);
        Near(f, 1e-9);
    }

    [Fact]
    public void LogFloat()
    {
        var f = Functions.LogF;
        Exact(f, FNaN, FNaN);
        Exact(f, FInf, FInf);
        Exact(f, -FInf, FNaN);
        Exact(f, 0f, -FInf);
        Exact(f, -0f, -FInf);
        Exact(f, -1f, FNaN);
        Exact(f, -float.Epsilon, FNaN);
        Exact(f, 1f, 0f);
        Near(f, float.Epsilon);     // subnormal inputs
        Near(f, 1e-40f);
        Near(f, 1.1754942e-38f);
        Near(f, float.MaxValue);
        Near(f, 2f);
    }

    [Fact]
    public void LogDouble()
    {
        var f = Functions.LogD;
        Exact(f, DNaN, DNaN);
        Exact(f, DInf, DInf);
        Exact(f, -DInf, DNaN);
        Exact(f, 0.0, -DInf);
        Exact(f, -0.0, -DInf);
        Exact(f, -1, DNaN);
        Exact(f, 1, 0);
        Near(f, double.Epsilon);
        Near(f, 1e-310);
        Near(f, double.MaxValue);
        Near(f, 0.5);
    }

    [Fact]
    public void Log1pFloat()
    {
        var f = Functions.Log1pF;
        Exact(f, FNaN, FNaN);
        Exact(f, FInf, FInf);
        Exact(f, -FInf, FNaN);
        Exact(f, -1f, -FInf);
        Exact(f, -2f, FNaN);
        Exact(f, 0f, 0f);
        Exact(f, -0f, -0f);
        Exact(f, float.Epsilon, float.Epsilon);
        Exact(f, -1e-40f, -1e-40f);
        Exact(f, 1e-20f, 1e-20f);
        Near(f, -0.99999994f);
        Near(f, float.MaxValue);
        Near(f, 1e30f);
    }

    [Fact]
    public void Log1pDouble()
    {
        var f = Functions.Log1pD;
        Exact(f, DNaN, DNaN);
        Exact(f, DInf, DInf);
        Exact(f, -DInf, DNaN);
        Exact(f, -1, -DInf);
        Exact(f, -2, DNaN);
        Exact(f, 0.0, 0.0);
        Exact(f, -0.0, -0.0);
        Exact(f, double.Epsilon, double.Epsilon);
        Exact(f, 1e-300, 1e-300);
        Near(f, -0.9999999999999999);
        Near(f, double.MaxValue);
        Near(f, 1e302);
    }

    [Fact]
    public void LogisticFloat()
    {
        float ln2 = 0.6931472f;
        Exact(Functions.SoftplusF, FNaN, FNaN);
        Exact(Functions.SoftplusF, FInf, FInf);
        Exact(Functions.SoftplusF, -FInf, 0f);
        Exact(Functions.SoftplusF, 0f, ln2);
        Exact(Functions.SoftplusF, -0f, ln2);
        Exact(Functions.SoftplusF, 1e30f, 1e30f);
        Exact(Functions.SoftplusF, float.MaxValue, float.MaxValue);
        Exact(Functions.SoftplusF, -1e30f, 0f);
        Near(Functions.SoftplusF, -100f);  // subnormal result e^-100
        Near(Functions.SoftplusF, -90f);

        Exact(Functions.SigmoidF, FNaN, FNaN);
        Exact(Functions.SigmoidF, FInf, 1f);
        Exact(Functions.SigmoidF, -FInf, 0f);
        Exact(Functions.SigmoidF, 0f, 0.5f);
        Exact(Functions.SigmoidF, -0f, 0.5f);
        Exact(Functions.SigmoidF, float.Epsilon, 0.5f);
        Exact(Functions.SigmoidF, 1e30f, 1f);
        Exact(Functions.SigmoidF, -1e30f, 0f);
        Exact(Functions.SigmoidF, 20f, 1f - 2.0611537e-09f);
        Near(Functions.SigmoidF, -100f);   // subnormal result
        Near(Functions.SigmoidF, 17f);

        Exact(Functions.LogSigmoidF, FNaN, FNaN);
        Exact(Functions.LogSigmoidF, FInf, 0f);
        Exact(Functions.LogSigmoidF, -FInf, -FInf);
        Exact(Functions.LogSigmoidF, 0f, -ln2);
        Exact(Functions.LogSigmoidF, -1e30f, -1e30f);
        Exact(Functions.LogSigmoidF, float.MinValue, float.MinValue);
        Near(Functions.LogSigmoidF, 100f); // -e^-100, subnormal

        Exact(Functions.TanhF, FNaN, FNaN);
        Exact(Functions.TanhF, FInf, 1f);
        Exact(Functions.TanhF, -FInf, -1f);
        Exact(Functions.TanhF, 0f, 0f);
        Exact(Functions.TanhF, -0f, -0f);
        Exact(Functions.TanhF, float.Epsilon, float.Epsilon);
        Exact(Functions.TanhF, -1e-40f, -1e-40f);
        Exact(Functions.TanhF, 1e-10f, 1e-10f);
        Exact(Functions.TanhF, 10f, 1f);
        Exact(Functions.TanhF, float.MinValue, -1f);
        Near(Functions.TanhF, 0.5f);
    }

    [Fact]
    public void LogisticDouble()
    {
        double ln2 = 0.6931471805599453;
        Exact(Functions.SoftplusD, DNaN, DNaN);
        Exact(Functions.SoftplusD, DInf, DInf);
        Exact(Functions.SoftplusD, -DInf, 0);
        Exact(Functions.SoftplusD, 0.0, ln2);
        Exact(Functions.SoftplusD, -0.0, ln2);
        Exact(Functions.SoftplusD, 1e300, 1e300);
        Exact(Functions.SoftplusD, double.MaxValue, double.MaxValue);
        Exact(Functions.SoftplusD, -1e300, 0);
        Near(Functions.SoftplusD, -740);   // subnormal result

        Exact(Functions.SigmoidD, DNaN, DNaN);
        Exact(Functions.SigmoidD, DInf, 1);
        Exact(Functions.SigmoidD, -DInf, 0);
        Exact(Functions.SigmoidD, 0.0, 0.5);
        Exact(Functions.SigmoidD, -0.0, 0.5);
        Exact(Functions.SigmoidD, 1e300, 1);
        Exact(Functions.SigmoidD, -1e300, 0);
        Near(Functions.SigmoidD, -740);    // subnormal result
        Near(Functions.SigmoidD, 36);

        Exact(Functions.LogSigmoidD, DNaN, DNaN);
        Exact(Functions.LogSigmoidD, DInf, 0);
        Exact(Functions.LogSigmoidD, -DInf, -DInf);
        Exact(Functions.LogSigmoidD, 0.0, -ln2);
        Exact(Functions.LogSigmoidD, -1e300, -1e300);
        Near(Functions.LogSigmoidD, 740);

        Exact(Functions.TanhD, DNaN, DNaN);
        Exact(Functions.TanhD, DInf, 1);
        Exact(Functions.TanhD, -DInf, -1);
        Exact(Functions.TanhD, 0.0, 0.0);
        Exact(Functions.TanhD, -0.0, -0.0);
        Exact(Functions.TanhD, double.Epsilon, double.Epsilon);
        Exact(Functions.TanhD, -1e-300, -1e-300);
        Exact(Functions.TanhD, 20, 1);
        Exact(Functions.TanhD, double.MinValue, -1);
        Near(Functions.TanhD, 0.5);
    }

    [Fact]
    public void NaNPayloadOfInputPropagates()
    {
        // Where a function returns its NaN input it returns it unchanged (a quiet NaN stays the same NaN).
        float qnan = BitConverter.Int32BitsToSingle(0x7fc12345);
        foreach (FloatFunction f in new[] { Functions.ExpF, Functions.LogF, Functions.Log1pF, Functions.Expm1F,
                     Functions.SoftplusF, Functions.SigmoidF, Functions.LogSigmoidF, Functions.TanhF })
            Assert.True(float.IsNaN(EvalAll(f, qnan)), f.Name);
        double dnan = BitConverter.Int64BitsToDouble(0x7ff8000000012345);
        foreach (DoubleFunction f in new[] { Functions.ExpD, Functions.LogD, Functions.Log1pD, Functions.Expm1D,
                     Functions.SoftplusD, Functions.SigmoidD, Functions.LogSigmoidD, Functions.TanhD })
            Assert.True(double.IsNaN(EvalAll(f, dnan)), f.Name);
    }

    [Fact]
    public void FusedFunctionsMatchSeparateOnSpecials()
    {
        foreach (float x in Inputs.FloatSpecials)
        {
            float sp = LossMath.SoftplusAndSigmoid(x, out float s1);
            float ls = LossMath.LogSigmoidAndSigmoid(x, out float s2);
            Assert.True(Harness.SameFloat(sp, LossMath.Softplus(x)), $"softplus {x:R}");
            Assert.True(Harness.SameFloat(ls, LossMath.LogSigmoid(x)), $"logsigmoid {x:R}");
            Assert.True(Harness.SameFloat(s1, LossMath.Sigmoid(x)) && Harness.SameFloat(s2, LossMath.Sigmoid(x)), $"sigmoid {x:R}");
            Vector512<float> v = Vector512.Create(x);
            Assert.True(Harness.SameFloat(LossMath.SoftplusAndSigmoid(v, out Vector512<float> vs).GetElement(5), sp) && Harness.SameFloat(vs.GetElement(9), s1), $"V512 {x:R}");
        }
        foreach (double x in Inputs.DoubleSpecials)
        {
            double sp = LossMath.SoftplusAndSigmoid(x, out double s1);
            double ls = LossMath.LogSigmoidAndSigmoid(x, out double s2);
            Assert.True(Harness.SameDouble(sp, LossMath.Softplus(x)), $"softplus {x:R}");
            Assert.True(Harness.SameDouble(ls, LossMath.LogSigmoid(x)), $"logsigmoid {x:R}");
            Assert.True(Harness.SameDouble(s1, LossMath.Sigmoid(x)) && Harness.SameDouble(s2, LossMath.Sigmoid(x)), $"sigmoid {x:R}");
            Vector256<double> v = Vector256.Create(x);
            Assert.True(Harness.SameDouble(LossMath.LogSigmoidAndSigmoid(v, out Vector256<double> vs).GetElement(2), ls) && Harness.SameDouble(vs.GetElement(1), s2), $"V256 {x:R}");
        }
    }
}
