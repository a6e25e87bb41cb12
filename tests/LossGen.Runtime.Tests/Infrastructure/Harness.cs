using System.Runtime.Intrinsics;
using System.Text;
using LossGen.Runtime.Tests.Reference;
using Xunit.Abstractions;

namespace LossGen.Runtime.Tests.Infrastructure;

/// <summary>One float function in all its forms: scalar, the three vector widths, and a reference.</summary>
internal sealed record FloatFunction(
    string Name,
    Func<float, float> Scalar,
    Func<Vector128<float>, Vector128<float>> V128,
    Func<Vector256<float>, Vector256<float>> V256,
    Func<Vector512<float>, Vector512<float>> V512,
    Func<double, double> Reference);

internal sealed record DoubleFunction(
    string Name,
    Func<double, double> Scalar,
    Func<Vector128<double>, Vector128<double>> V128,
    Func<Vector256<double>, Vector256<double>> V256,
    Func<Vector512<double>, Vector512<double>> V512,
    Func<double, Ref> Reference);

/// <summary>Result of one sweep: maximum ULP error per form, where it occurred, and scalar/vector disagreements.</summary>
internal sealed class SweepResult
{
    public static readonly string[] Forms = ["scalar", "Vector128", "Vector256", "Vector512"];

    public required string Name { get; init; }
    public required int Count { get; init; }
    public double[] MaxUlp { get; } = new double[4];
    public string[] WorstInput { get; } = new string[4];
    public int Disagreements { get; set; }
    public List<string> DisagreementSamples { get; } = [];

    public double Max => MaxUlp.Max();

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append($"{Name}: {Count:N0} points; max ulp");
        for (int f = 0; f < 4; f++)
            sb.Append($" {Forms[f]}={MaxUlp[f]:0.000} (x={WorstInput[f]})");
        sb.Append($"; scalar/vector disagreements: {Disagreements}");
        foreach (string s in DisagreementSamples)
            sb.Append("\n    ").Append(s);
        return sb.ToString();
    }
}

internal static class Harness
{
    /// <summary>Evaluates f on xs with every form; measures ULP error against the reference and bitwise agreement.</summary>
    public static SweepResult Run(FloatFunction f, float[] xs)
    {
        float[] s = new float[xs.Length], a = Eval128(f, xs), b = Eval256(f, xs), c = Eval512(f, xs);
        for (int i = 0; i < xs.Length; i++)
            s[i] = f.Scalar(xs[i]);
        var result = new SweepResult { Name = f.Name, Count = xs.Length };
        float[][] outs = [s, a, b, c];
        for (int i = 0; i < xs.Length; i++)
        {
            double exact = f.Reference(xs[i]);
            for (int form = 0; form < 4; form++)
            {
                double err = Ulp.Error(outs[form][i], exact);
                if (!(err <= result.MaxUlp[form])) // also catches NaN errors
                {
                    result.MaxUlp[form] = double.IsNaN(err) ? double.PositiveInfinity : err;
                    result.WorstInput[form] = $"{xs[i]:R} -> {outs[form][i]:R} vs {exact:R}";
                }
                if (form > 0 && !SameFloat(outs[form][i], s[i]))
                {
                    if (result.Disagreements++ < 5)
                        result.DisagreementSamples.Add($"{SweepResult.Forms[form]}({xs[i]:R}) = {outs[form][i]:R} but scalar = {s[i]:R}");
                }
            }
        }
        return result;
    }

    public static SweepResult Run(DoubleFunction f, double[] xs)
    {
        double[] s = new double[xs.Length], a = Eval128(f, xs), b = Eval256(f, xs), c = Eval512(f, xs);
        for (int i = 0; i < xs.Length; i++)
            s[i] = f.Scalar(xs[i]);
        var result = new SweepResult { Name = f.Name, Count = xs.Length };
        double[][] outs = [s, a, b, c];
        for (int i = 0; i < xs.Length; i++)
        {
            Ref exact = f.Reference(xs[i]);
            for (int form = 0; form < 4; form++)
            {
                double err = Ulp.Error(outs[form][i], exact);
                if (!(err <= result.MaxUlp[form]))
                {
                    result.MaxUlp[form] = double.IsNaN(err) ? double.PositiveInfinity : err;
                    result.WorstInput[form] = $"{xs[i]:R} -> {outs[form][i]:R} vs {exact}";
                }
                if (form > 0 && !SameDouble(outs[form][i], s[i]))
                {
                    if (result.Disagreements++ < 5)
                        result.DisagreementSamples.Add($"{SweepResult.Forms[form]}({xs[i]:R}) = {outs[form][i]:R} but scalar = {s[i]:R}");
                }
            }
        }
        return result;
    }

    /// <summary>Bitwise equal, except that any NaN equals any NaN.</summary>
    public static bool SameFloat(float x, float y)
        => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y) || (float.IsNaN(x) && float.IsNaN(y));

    public static bool SameDouble(double x, double y)
        => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || (double.IsNaN(x) && double.IsNaN(y));

    // The vector forms run over the array in blocks; a partial last block is padded with copies of its first element.
    private static float[] Eval128(FloatFunction f, float[] xs) => EvalBlocks(xs, 4, (i, o) => f.V128(Vector128.Create(i)).CopyTo(o));
    private static float[] Eval256(FloatFunction f, float[] xs) => EvalBlocks(xs, 8, (i, o) => f.V256(Vector256.Create(i)).CopyTo(o));
    private static float[] Eval512(FloatFunction f, float[] xs) => EvalBlocks(xs, 16, (i, o) => f.V512(Vector512.Create(i)).CopyTo(o));
    private static double[] Eval128(DoubleFunction f, double[] xs) => EvalBlocks(xs, 2, (i, o) => f.V128(Vector128.Create(i)).CopyTo(o));
    private static double[] Eval256(DoubleFunction f, double[] xs) => EvalBlocks(xs, 4, (i, o) => f.V256(Vector256.Create(i)).CopyTo(o));
    private static double[] Eval512(DoubleFunction f, double[] xs) => EvalBlocks(xs, 8, (i, o) => f.V512(Vector512.Create(i)).CopyTo(o));

    private delegate void Block<T>(ReadOnlySpan<T> input, Span<T> output);

    private static T[] EvalBlocks<T>(T[] xs, int width, Block<T> block)
    {
        var outs = new T[xs.Length];
        var inTmp = new T[width];
        var outTmp = new T[width];
        for (int i = 0; i < xs.Length; i += width)
        {
            int n = Math.Min(width, xs.Length - i);
            if (n == width)
            {
                block(xs.AsSpan(i, width), outs.AsSpan(i, width));
            }
            else
            {
                for (int j = 0; j < width; j++)
                    inTmp[j] = xs[i + (j < n ? j : 0)];
                block(inTmp, outTmp);
                outTmp.AsSpan(0, n).CopyTo(outs.AsSpan(i, n));
            }
        }
        return outs;
    }

    public static void Report(ITestOutputHelper output, SweepResult r) => output.WriteLine(r.Describe());

    /// <summary>Asserts the bound on every form and exact scalar/vector agreement.</summary>
    public static void AssertWithin(SweepResult r, double maxUlp)
    {
        Assert.True(r.Disagreements == 0, $"scalar and vector forms disagree: {r.Describe()}");
        for (int form = 0; form < 4; form++)
            Assert.True(r.MaxUlp[form] <= maxUlp, $"{SweepResult.Forms[form]} error {r.MaxUlp[form]} ulp > {maxUlp}: {r.Describe()}");
    }
}
