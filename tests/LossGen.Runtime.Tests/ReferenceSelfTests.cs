using LossGen.Runtime.Tests.Infrastructure;
using LossGen.Runtime.Tests.Reference;

namespace LossGen.Runtime.Tests;

/// <summary>
/// The references must be right for the accuracy numbers to mean anything: the double-double functions are checked
/// against Math (glibc's exp/log/tanh are within about 0.52 ulp, so the two must agree to about that) and against
/// identities that hold to far more than double precision; and the ULP measure itself is checked on known cases.
/// </summary>
public class ReferenceSelfTests
{
    private static IEnumerable<double> Points(int count, double lo, double hi, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return lo + (hi - lo) * rng.NextDouble();
    }

    [Fact]
    public void DoubleDoubleExpAndLogAgreeWithMath()
    {
        foreach (double x in Points(20_000, -745, 709.7, 1))
            Assert.True(Ulp.Error(Math.Exp(x), DDMath.Exp(x)) < 0.6, $"exp({x:R})");
        foreach (double x in Points(20_000, -700, 700, 2).Select(Math.Exp))
            Assert.True(Ulp.Error(Math.Log(x), DDMath.Log(x)) < 0.6, $"log({x:R})");
        // glibc's tanh is not as tight (up to about 2 ulp); tanh is also checked against exp below.
        foreach (double x in Points(5_000, -20, 20, 3))
            Assert.True(Ulp.Error(Math.Tanh(x), DDMath.Tanh(x)) < 2.5, $"tanh({x:R})");
    }

    [Fact]
    public void DoubleDoubleIdentities()
    {
        foreach (double x in Points(5_000, -700, 700, 4))
        {
            // log(exp(x)) = x to ~2^-100 relative: exp's M * 2^E is refined by log's own Newton step.
            Ref e = DDMath.Exp(x);
            DD back = DDMath.Log(e.M.Hi) + (DD)e.E * 0.6931471805599453 + (DD)e.E * 2.3190468138462996e-17 + DDMath.Log1p((DD)(e.M.Lo / e.M.Hi));
            double rel = Math.Abs((back - x).Value) / Math.Max(Math.Abs(x), 1e-300);
            Assert.True(rel < 1e-28 || Math.Abs((back - x).Value) < 1e-28, $"log(exp({x:R})) - x = {(back - x).Value}");
        }
        foreach (double x in Points(5_000, -0.3, 0.3, 5))
        {
            // expm1(x) = exp(x) - 1 and log1p(expm1(x)) = x
            DD em = DDMath.Expm1(x).Flatten();
            DD viaExp = DDMath.Exp(x).Flatten() - 1.0;
            Assert.True(Math.Abs((em - viaExp).Value) < 1e-30, $"expm1({x:R})");
            Assert.True(Math.Abs((DDMath.Log1p(em) - x).Value) < 1e-30 * Math.Max(1, Math.Abs(x)), $"log1p(expm1({x:R}))");
        }
        foreach (double x in Points(5_000, -30, 30, 6))
        {
            // softplus(x) - softplus(-x) = x, sigmoid(x) + sigmoid(-x) = 1, logsigmoid(x) = -softplus(-x)
            DD a = DDMath.Softplus(x).Flatten(), b = DDMath.Softplus(-x).Flatten();
            Assert.True(Math.Abs((a - b - x).Value) < 1e-28, $"softplus identity at {x:R}");
            DD s = DDMath.Sigmoid(x).Flatten() + DDMath.Sigmoid(-x).Flatten();
            Assert.True(Math.Abs((s - 1.0).Value) < 1e-30, $"sigmoid identity at {x:R}");
            // tanh(x) = (e^2x - 1) / (e^2x + 1)
            DD e2 = DDMath.Exp(2 * x).Flatten();
            DD tanh = (e2 - 1.0) / (e2 + 1.0);
            Assert.True(Math.Abs((tanh - DDMath.Tanh(x)).Value) < 1e-30, $"tanh identity at {x:R}");
        }
    }

    [Fact]
    public void FloatReferencesAgreeWithDoubleDouble()
    {
        foreach (double x in Points(20_000, -110, 90, 7).Concat(Points(5_000, -1e-3, 1e-3, 8)))
        {
            Check(FloatReference.Expm1(x), DDMath.Expm1(x), x, "expm1");
            Check(FloatReference.Softplus(x), DDMath.Softplus(x), x, "softplus");
            Check(FloatReference.Sigmoid(x), DDMath.Sigmoid(x), x, "sigmoid");
            Check(FloatReference.LogSigmoid(x), DDMath.LogSigmoid(x), x, "logsigmoid");
            if (x > -1)
                Check(FloatReference.Log1p(x), DDMath.Log1p(x), x, "log1p");
        }

        static void Check(double value, Ref exact, double x, string name)
        {
            // 2^-40 relative is 2^-16 of a float ulp: far below what the float measurements resolve.
            double rel = Math.Abs((exact.Flatten() - value).Value) / Math.Abs(exact.Flatten().Hi);
            Assert.True(rel < 9.094947017729282e-13 || exact.Flatten().Hi == 0, $"{name}({x:R}): {value:R} vs {exact}, relative {rel}");
        }
    }

    [Fact]
    public void UlpMeasure()
    {
        Assert.Equal(0, Ulp.Error(1f, 1.0));
        Assert.Equal(1, Ulp.Error(1f + 1.1920929e-7f, 1.0));              // one float ulp above 1
        Assert.Equal(0.5, Ulp.Error(1f, 1.0 + 5.9604644775390625e-8));    // half-way
        Assert.Equal(1, Ulp.Error(2 * float.Epsilon, float.Epsilon));     // subnormal ulps
        Assert.Equal(0, Ulp.Error(float.PositiveInfinity, 3.5e38));       // rounds to +inf
        Assert.Equal(double.PositiveInfinity, Ulp.Error(float.MaxValue, 3.5e38));
        Assert.Equal(double.PositiveInfinity, Ulp.Error(float.NaN, 1.0));
        Assert.Equal(double.PositiveInfinity, Ulp.Error(1f, double.NaN));
        Assert.Equal(0, Ulp.Error(float.NaN, double.NaN));

        Assert.Equal(0, Ulp.Error(1.0, new Ref(1.0)));
        Assert.Equal(1, Ulp.Error(1.0000000000000002, new Ref(1.0)));
        Assert.Equal(0.5, Ulp.Error(1.0, new Ref(new DD(1.0, 1.1102230246251565e-16))));
        Assert.Equal(1, Ulp.Error(2 * double.Epsilon, new Ref(1.0, -1074)));
        Assert.Equal(0, Ulp.Error(double.PositiveInfinity, new Ref(1.0, 1024)));
        Assert.Equal(double.PositiveInfinity, Ulp.Error(double.MaxValue, new Ref(1.0, 1024)));
        Assert.Equal(1, Ulp.Error(Math.BitIncrement(Math.ScaleB(1.5, 1000)), new Ref(1.5, 1000)));
        Assert.Equal(2, Ulp.Error(Math.BitDecrement(Math.BitDecrement(Math.ScaleB(1.5, -1030))), new Ref(1.5, -1030)));
    }
}
