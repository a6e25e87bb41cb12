using System.Numerics;
using LossGen.Tests.Oracle;

namespace LossGen.Tests.Catalogue;

/// <summary>
/// The catalogue against TorchSharp's float64 autograd (torch-reference.json): loss, every gradient and the per-sample
/// losses of every reference case a catalogue method covers, at 1e-9 relative in double and 1e-5 in float. Errors
/// are measured as in <see cref="TorchParityTests"/>: relative to the largest reference magnitude of each array.
/// </summary>
public class CatalogueParityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string> Rows => new(CatalogueCases.Parity.Select(r => r.Name));

    [Fact]
    public void Every_standard_reference_case_is_covered()
    {
        string[] covered = CatalogueCases.Parity.Select(r => r.Case).Distinct().ToArray();
        Assert.Empty(covered.Except(OracleCase.Cases.Select(c => c.Name)));
        Assert.Equal(
            OracleCase.Cases.Select(c => c.Name).Except(CatalogueCases.NotCovered).Order(),
            covered.Order());
        Assert.Equal(25, covered.Length);
        Assert.Equal(CatalogueCases.Parity.Length, CatalogueCases.Parity.Select(r => r.Name).Distinct().Count());
        // Every case with reference per-sample losses is checked against them through at least one PerSample form.
        foreach (OracleCase c in OracleCase.Cases.Where(c => c.PerSample is not null && covered.Contains(c.Name)))
            Assert.Contains(CatalogueCases.Parity, r => r.Case == c.Name && CatalogueAdapters.DoublePerSample.ContainsKey(r.Key));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Double_matches_torch(string row) =>
        Check(output, row, CatalogueAdapters.DoubleForward, CatalogueAdapters.DoubleWithGradient, CatalogueAdapters.DoublePerSample, 1e-9);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Float_matches_torch(string row) =>
        Check(output, row, CatalogueAdapters.SingleForward, CatalogueAdapters.SingleWithGradient, CatalogueAdapters.SinglePerSample, 1e-5);

    private static void Check<T>(Xunit.Abstractions.ITestOutputHelper output, string rowName,
        Dictionary<string, Func<OracleCase, CaseData<T>, T>> forward,
        Dictionary<string, Func<OracleCase, CaseData<T>, T>> withGradient,
        Dictionary<string, Action<OracleCase, CaseData<T>>> perSample,
        double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ParityRow row = CatalogueCases.Parity.Single(r => r.Name == rowName);
        OracleCase c = row.Adapt(OracleCase.Get(row.Case));

        double loss = double.CreateChecked(forward[row.Key](c, new CaseData<T>(c)));
        double worstLoss = Math.Abs(loss - c.Loss) / Math.Abs(c.Loss);
        TorchParityTests.AssertClose(c.Loss, loss, tolerance, $"{rowName}: loss");

        var data = new CaseData<T>(c);
        double fused = double.CreateChecked(withGradient[row.Key](c, data));
        TorchParityTests.AssertClose(c.Loss, fused, tolerance, $"{rowName}: loss from WithGradient");
        Assert.Equal(c.Gradients.Keys.Order(), data.Gradients.Keys.Order());
        double worstGradient = 0;
        foreach ((string input, double[] expected) in c.Gradients)
        {
            double[] actual = data.Gradients[input].Select(double.CreateChecked).ToArray();
            worstGradient = Math.Max(worstGradient, expected.Zip(actual, (e, a) => Math.Abs(a - e)).Max() / expected.Max(Math.Abs));
            TorchParityTests.AssertClose(expected, actual, tolerance, $"{rowName}: d/d{input}");
        }

        string perSampleNote = "no reference per-sample values";
        if (c.PerSample is not null && perSample.ContainsKey(row.Key))
        {
            var ps = new CaseData<T>(c);
            perSample[row.Key](c, ps);
            double[] actual = ps.Losses!.Select(double.CreateChecked).ToArray();
            double worst = c.PerSample.Zip(actual, (e, a) => Math.Abs(a - e)).Max() / c.PerSample.Max(Math.Abs);
            TorchParityTests.AssertClose(c.PerSample, actual, tolerance, $"{rowName}: per-sample");
            perSampleNote = $"per-sample {worst:E2}";
        }
        output.WriteLine($"{rowName} ({typeof(T).Name}): loss {worstLoss:E2}, gradients {worstGradient:E2}, {perSampleNote}");
    }
}
