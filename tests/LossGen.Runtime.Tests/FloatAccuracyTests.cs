using LossGen.Runtime.Tests.Infrastructure;
using Xunit.Abstractions;
using static LossGen.Runtime.Tests.Infrastructure.Inputs;

namespace LossGen.Runtime.Tests;

/// <summary>
/// Max ULP error of the float functions against double-precision references over about 1.3 million points each:
/// random bit patterns (every kind of value), log-uniform sweeps over the whole interesting range, uniform sweeps
/// over the ranges that matter in practice, and the special values. Every form (scalar, Vector128/256/512) is measured
/// and must agree with the scalar bit for bit.
/// </summary>
public class FloatAccuracyTests(ITestOutputHelper output)
{
    private void Check(FloatFunction f, float[] xs, double bound)
    {
        SweepResult r = Harness.Run(f, xs);
        Harness.Report(output, r);
        Harness.AssertWithin(r, bound);
    }

    private static float[] LogisticInputs(int seed) => Concat(
        FloatSpecials,
        FloatRandomBits(300_000, seed),
        FloatBitSweep(float.Epsilon, 200f, 600_000, bothSigns: true),
        FloatLinear(-120f, 120f, 300_000),
        FloatLinear(-10f, 10f, 200_000));

    [Fact]
    public void Exp() => Check(Functions.ExpF, Concat(
        FloatSpecials,
        FloatRandomBits(300_000, 1),
        FloatBitSweep(float.Epsilon, 104f, 600_000, bothSigns: true),
        FloatLinear(-104f, 89f, 300_000),
        FloatLinear(88f, 89f, 20_000),
        FloatLinear(-104f, -86f, 100_000)), Bounds.Exp);

    [Fact]
    public void Expm1() => Check(Functions.Expm1F, Concat(
        FloatSpecials,
        FloatRandomBits(300_000, 2),
        FloatBitSweep(float.Epsilon, 100f, 600_000, bothSigns: true),
        FloatLinear(-20f, 20f, 300_000),
        FloatLinear(-1e-3f, 1e-3f, 50_000),
        FloatLinear(86f, 89f, 20_000)), Bounds.Expm1);

    [Fact]
    public void Log() => Check(Functions.LogF, Concat(
        FloatSpecials,
        FloatRandomBits(300_000, 3),
        FloatBitSweep(float.Epsilon, float.MaxValue, 1_000_000, bothSigns: false),
        FloatLinear(0.5f, 2f, 300_000)), Bounds.Log);

    [Fact]
    public void Log1p() => Check(Functions.Log1pF, Concat(
        FloatSpecials,
        FloatRandomBits(300_000, 4),
        FloatBitSweep(float.Epsilon, 1f, 400_000, bothSigns: true),
        FloatBitSweep(1f, float.MaxValue, 300_000, bothSigns: false),
        FloatLinear(-1f, 2f, 300_000),
        FloatLinear(-1f, -0.99f, 20_000)), Bounds.Log1p);

    [Fact]
    public void Softplus() => Check(Functions.SoftplusF, LogisticInputs(5), Bounds.Softplus);

    [Fact]
    public void Sigmoid() => Check(Functions.SigmoidF, LogisticInputs(6), Bounds.Sigmoid);

    [Fact]
    public void LogSigmoid() => Check(Functions.LogSigmoidF, LogisticInputs(7), Bounds.LogSigmoid);

    [Fact]
    public void Tanh() => Check(Functions.TanhF, Concat(LogisticInputs(8), FloatLinear(-1f, 1f, 200_000)), Bounds.Tanh);

    [Fact]
    public void SoftplusAndSigmoid()
    {
        float[] xs = LogisticInputs(9);
        Check(Functions.SoftplusOfFusedF, xs, Bounds.Softplus);
        Check(Functions.SigmoidOfSoftplusFusedF, xs, Bounds.Sigmoid);
        FusedAgreement.AssertSameAsSeparate(Functions.SoftplusOfFusedF, Functions.SoftplusF, xs);
        FusedAgreement.AssertSameAsSeparate(Functions.SigmoidOfSoftplusFusedF, Functions.SigmoidF, xs);
    }

    [Fact]
    public void LogSigmoidAndSigmoid()
    {
        float[] xs = LogisticInputs(10);
        Check(Functions.LogSigmoidOfFusedF, xs, Bounds.LogSigmoid);
        Check(Functions.SigmoidOfLogSigmoidFusedF, xs, Bounds.Sigmoid);
        FusedAgreement.AssertSameAsSeparate(Functions.LogSigmoidOfFusedF, Functions.LogSigmoidF, xs);
        FusedAgreement.AssertSameAsSeparate(Functions.SigmoidOfLogSigmoidFusedF, Functions.SigmoidF, xs);
    }
}
