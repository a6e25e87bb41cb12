using LossGen.Runtime.Tests.Infrastructure;
using Xunit.Abstractions;
using static LossGen.Runtime.Tests.Infrastructure.Inputs;

namespace LossGen.Runtime.Tests;

/// <summary>
/// Max ULP error of the double functions against double-double references (Reference/DoubleDouble.cs) over about
/// 450 thousand points each (the reference costs about a microsecond a point), chosen like the float sweeps.
/// </summary>
public class DoubleAccuracyTests(ITestOutputHelper output)
{
    private void Check(DoubleFunction f, double[] xs, double bound)
    {
        SweepResult r = Harness.Run(f, xs);
        Harness.Report(output, r);
        Harness.AssertWithin(r, bound);
    }

    private static double[] LogisticInputs(int seed) => Concat(
        DoubleSpecials,
        DoubleRandomBits(100_000, seed),
        DoubleBitSweep(double.Epsilon, 800, 200_000, bothSigns: true, seed),
        DoubleLinear(-760, 760, 50_000, seed),
        DoubleLinear(-20, 20, 100_000, seed));

    [Fact]
    public void Exp() => Check(Functions.ExpD, Concat(
        DoubleSpecials,
        DoubleRandomBits(100_000, 11),
        DoubleBitSweep(double.Epsilon, 746, 200_000, bothSigns: true, 11),
        DoubleLinear(-746, 710, 100_000, 11),
        DoubleLinear(-746, -707, 30_000, 12),
        DoubleLinear(708, 710, 20_000, 13)), Bounds.Exp);

    [Fact]
    public void Expm1() => Check(Functions.Expm1D, Concat(
        DoubleSpecials,
        DoubleRandomBits(100_000, 14),
        DoubleBitSweep(double.Epsilon, 746, 200_000, bothSigns: true, 14),
        DoubleLinear(-40, 40, 100_000, 14),
        DoubleLinear(-1e-3, 1e-3, 30_000, 15),
        DoubleLinear(707, 710, 20_000, 16)), Bounds.Expm1);

    [Fact]
    public void Log() => Check(Functions.LogD, Concat(
        DoubleSpecials,
        DoubleRandomBits(100_000, 17),
        DoubleBitSweep(double.Epsilon, double.MaxValue, 250_000, bothSigns: false, 17),
        DoubleLinear(0.5, 2, 100_000, 17)), Bounds.Log);

    [Fact]
    public void Log1p() => Check(Functions.Log1pD, Concat(
        DoubleSpecials,
        DoubleRandomBits(100_000, 18),
        DoubleBitSweep(double.Epsilon, 1, 150_000, bothSigns: true, 18),
        DoubleBitSweep(1, double.MaxValue, 100_000, bothSigns: false, 18),
        DoubleLinear(-1, 2, 100_000, 18),
        DoubleLinear(-1, -0.99, 10_000, 19)), Bounds.Log1p);

    [Fact]
    public void Softplus() => Check(Functions.SoftplusD, LogisticInputs(20), Bounds.Softplus);

    [Fact]
    public void Sigmoid() => Check(Functions.SigmoidD, LogisticInputs(21), Bounds.Sigmoid);

    [Fact]
    public void LogSigmoid() => Check(Functions.LogSigmoidD, LogisticInputs(22), Bounds.LogSigmoid);

    [Fact]
    public void Tanh() => Check(Functions.TanhD, Concat(LogisticInputs(23), DoubleLinear(-1, 1, 100_000, 24)), Bounds.Tanh);

    [Fact]
    public void SoftplusAndSigmoid()
    {
        double[] xs = LogisticInputs(25);
        Check(Functions.SoftplusOfFusedD, xs, Bounds.Softplus);
        Check(Functions.SigmoidOfSoftplusFusedD, xs, Bounds.Sigmoid);
        FusedAgreement.AssertSameAsSeparate(Functions.SoftplusOfFusedD, Functions.SoftplusD, xs);
        FusedAgreement.AssertSameAsSeparate(Functions.SigmoidOfSoftplusFusedD, Functions.SigmoidD, xs);
    }

    [Fact]
    public void LogSigmoidAndSigmoid()
    {
        double[] xs = LogisticInputs(26);
        Check(Functions.LogSigmoidOfFusedD, xs, Bounds.LogSigmoid);
        Check(Functions.SigmoidOfLogSigmoidFusedD, xs, Bounds.Sigmoid);
        FusedAgreement.AssertSameAsSeparate(Functions.LogSigmoidOfFusedD, Functions.LogSigmoidD, xs);
        FusedAgreement.AssertSameAsSeparate(Functions.SigmoidOfLogSigmoidFusedD, Functions.SigmoidD, xs);
    }
}
