using System.Numerics;
using LossGen.Tests.Oracle;

namespace LossGen.Tests.Catalogue;

/// <summary>
/// Every catalogue method's derived gradient against central finite differences of its own forward pass (double),
/// on synthetic data for every configuration in <see cref="CatalogueCases.All"/>, and the float gradients against
/// the double ones.
/// </summary>
public class CatalogueGradientTests
{
    public static TheoryData<string, int> Points()
    {
        var data = new TheoryData<string, int>();
        foreach (SyntheticCase c in CatalogueCases.All)
            for (int seed = 1; seed <= 2; seed++) data.Add(c.Name, seed);
        return data;
    }

    public static TheoryData<string> Names => new(CatalogueCases.All.Select(c => c.Name));

    [Fact]
    public void Every_catalogue_method_has_synthetic_cases()
    {
        Assert.Empty(CatalogueAdapters.DoubleWithGradient.Keys.Except(CatalogueCases.All.Select(c => c.Key)));
        Assert.Equal(CatalogueCases.All.Length, CatalogueCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Gradient_matches_central_differences(string name, int seed)
    {
        SyntheticCase sc = CatalogueCases.Get(name);
        OracleCase c = sc.Make(seed);
        var data = new CaseData<double>(c);
        CatalogueAdapters.DoubleWithGradient[sc.Key](c, data);
        Assert.NotEmpty(data.Gradients);
        Func<OracleCase, CaseData<double>, double> f = CatalogueAdapters.DoubleForward[sc.Key];
        foreach ((string input, double[] analytic) in data.Gradients)
        {
            double[] x = data.Inputs[input].Data;
            var numeric = new double[x.Length];
            for (int k = 0; k < x.Length; k++)
            {
                double saved = x[k];
                double h = 1e-6 * Math.Max(1, Math.Abs(saved));
                x[k] = saved + h;
                double up = f(c, data);
                x[k] = saved - h;
                double down = f(c, data);
                x[k] = saved;
                numeric[k] = (up - down) / (2 * h);
            }
            Assert.All(analytic, g => Assert.True(double.IsFinite(g), $"{name}: non-finite gradient"));
            TorchParityTests.AssertClose(numeric, analytic, 1e-6, $"{name} (seed {seed}): d/d{input} vs finite differences");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float_gradients_match_double(string name)
    {
        SyntheticCase sc = CatalogueCases.Get(name);
        OracleCase c = sc.Make(1);
        var d = new CaseData<double>(c);
        var f = new CaseData<float>(c);
        double ld = CatalogueAdapters.DoubleWithGradient[sc.Key](c, d);
        double lf = CatalogueAdapters.SingleWithGradient[sc.Key](c, f);
        TorchParityTests.AssertClose(ld, lf, 1e-5, $"{name}: float loss");
        Assert.Equal(d.Gradients.Keys.Order(), f.Gradients.Keys.Order());
        foreach ((string input, double[] expected) in d.Gradients)
            TorchParityTests.AssertClose(expected, f.Gradients[input].Select(v => (double)v).ToArray(), 1e-5, $"{name}: float d/d{input}");
    }
}
