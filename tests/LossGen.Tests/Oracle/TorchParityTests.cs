using System.Numerics;

namespace LossGen.Tests.Oracle;

/// <summary>
/// Generated losses, gradients and per-sample losses against TorchSharp's float64 autograd, for every case in
/// torch-reference.json. Errors are measured relative to the largest reference magnitude of each array.
/// </summary>
public class TorchParityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string> CaseNames => new(OracleCase.Cases.Select(c => c.Name));

    [Fact]
    public void Every_reference_case_has_a_declaration()
    {
        Assert.Equal(28, OracleCase.Cases.Count);
        Assert.Empty(OracleCase.Cases.Select(c => c.Name).Except(OracleAdapters.DoubleWithGradient.Keys));
        Assert.Empty(OracleCase.Cases.Where(c => c.PerSample is not null).Select(c => c.Name).Except(OracleAdapters.DoublePerSample.Keys));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Double_matches_torch(string name) => Check(output, name, OracleAdapters.DoubleForward, OracleAdapters.DoubleWithGradient, OracleAdapters.DoublePerSample, 1e-9);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Float_matches_torch(string name) => Check(output, name, OracleAdapters.SingleForward, OracleAdapters.SingleWithGradient, OracleAdapters.SinglePerSample, 1e-5);

    private static void Check<T>(Xunit.Abstractions.ITestOutputHelper output, string name,
        Dictionary<string, Func<CaseData<T>, T>> forward,
        Dictionary<string, Func<CaseData<T>, T>> withGradient,
        Dictionary<string, Action<CaseData<T>>> perSample,
        double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OracleCase c = OracleCase.Get(name);

        double loss = double.CreateChecked(forward[name](new CaseData<T>(c)));
        double worst = Math.Abs(loss - c.Loss) / Math.Abs(c.Loss);
        AssertClose(c.Loss, loss, tolerance, $"{name}: loss");

        var data = new CaseData<T>(c);
        double fused = double.CreateChecked(withGradient[name](data));
        AssertClose(c.Loss, fused, tolerance, $"{name}: loss from WithGradient");
        Assert.Equal(c.Gradients.Keys.Order(), data.Gradients.Keys.Order());
        foreach ((string input, double[] expected) in c.Gradients)
        {
            double[] actual = data.Gradients[input].Select(double.CreateChecked).ToArray();
            worst = Math.Max(worst, expected.Zip(actual, (e, a) => Math.Abs(a - e)).Max() / expected.Max(Math.Abs));
            AssertClose(expected, actual, tolerance, $"{name}: d/d{input}");
        }

        if (c.PerSample is not null)
        {
            var ps = new CaseData<T>(c);
            perSample[name](ps);
            AssertClose(c.PerSample, ps.Losses!.Select(double.CreateChecked).ToArray(), tolerance, $"{name}: per-sample");
        }
        output.WriteLine($"{name} ({typeof(T).Name}): worst relative error {worst:E2}");
    }

    internal static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E2} > {tolerance:E0})");
    }

    internal static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        double worst = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Abs(actual[i] - expected[i]) / Math.Max(scale, 1e-300);
            if (!(e <= worst)) { worst = e; at = i; }
        }
        Assert.True(worst <= tolerance,
            $"{what}: element {at} expected {expected[at]:R}, got {actual[at]:R} (error {worst:E2} of the largest magnitude > {tolerance:E0})");
    }
}
