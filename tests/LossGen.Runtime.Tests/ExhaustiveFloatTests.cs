using System.Runtime.Intrinsics;
using LossGen.Runtime.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LossGen.Runtime.Tests;

/// <summary>A fact that runs only when LOSSGEN_EXHAUSTIVE=1 (each takes 1 to 3 minutes on 2 cores).</summary>
public sealed class ExhaustiveFactAttribute : FactAttribute
{
    public ExhaustiveFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LOSSGEN_EXHAUSTIVE") != "1")
            Skip = "exhaustive float check: set LOSSGEN_EXHAUSTIVE=1 to run it";
    }
}

/// <summary>
/// Every one of the 2^32 float inputs through the Vector512 form (which the sweeps show is bit-identical to the other
/// forms), against the double references: the source of the "float, exhaustive" column in docs/vector-math.md.
/// Run with: LOSSGEN_EXHAUSTIVE=1 dotnet test tests/LossGen.Runtime.Tests --filter ExhaustiveFloatTests
/// </summary>
public class ExhaustiveFloatTests(ITestOutputHelper output)
{
    private void Check(FloatFunction f, double bound)
    {
        const int chunks = 4096, chunkSize = 1 << 20;
        double[] maxErr = new double[chunks];
        uint[] worst = new uint[chunks];
        Parallel.For(0, chunks, c =>
        {
            Span<float> xs = stackalloc float[16];
            Span<float> ys = stackalloc float[16];
            double m = 0;
            uint w = 0, start = (uint)c * chunkSize;
            for (uint i = 0; i < chunkSize; i += 16)
            {
                for (int j = 0; j < 16; j++)
                    xs[j] = BitConverter.UInt32BitsToSingle(start + i + (uint)j);
                f.V512(Vector512.Create((ReadOnlySpan<float>)xs)).CopyTo(ys);
                for (int j = 0; j < 16; j++)
                {
                    double e = Ulp.Error(ys[j], f.Reference(xs[j]));
                    if (!(e <= m)) { m = double.IsNaN(e) ? double.PositiveInfinity : e; w = start + i + (uint)j; }
                }
            }
            maxErr[c] = m;
            worst[c] = w;
        });
        int k = Array.IndexOf(maxErr, maxErr.Max());
        float x = BitConverter.UInt32BitsToSingle(worst[k]);
        string report = $"{f.Name}: all 2^32 inputs, max {maxErr[k]:0.0000} ulp at x = {x:R} (0x{worst[k]:x8}): " +
                        $"{f.Scalar(x):R} vs {f.Reference(x):R}";
        output.WriteLine(report);
        Assert.True(maxErr[k] <= bound, report);
    }

    [ExhaustiveFact] public void Exp() => Check(Functions.ExpF, Bounds.Exp);
    [ExhaustiveFact] public void Expm1() => Check(Functions.Expm1F, Bounds.Expm1);
    [ExhaustiveFact] public void Log() => Check(Functions.LogF, Bounds.Log);
    [ExhaustiveFact] public void Log1p() => Check(Functions.Log1pF, Bounds.Log1p);
    [ExhaustiveFact] public void Softplus() => Check(Functions.SoftplusF, Bounds.Softplus);
    [ExhaustiveFact] public void Sigmoid() => Check(Functions.SigmoidF, Bounds.Sigmoid);
    [ExhaustiveFact] public void LogSigmoid() => Check(Functions.LogSigmoidF, Bounds.LogSigmoid);
    [ExhaustiveFact] public void Tanh() => Check(Functions.TanhF, Bounds.Tanh);
}
