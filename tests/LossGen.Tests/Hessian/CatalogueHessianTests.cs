using LossGen.Tests.Catalogue;
using LossGen.Tests.Oracle;

namespace LossGen.Tests.Hessian;

/// <summary>
/// Every catalogue method's NameWithHessian against central differences of its own generated gradient, and every
/// NamePerSampleDerivatives against per-row differences of its per-sample losses, in double; float against double.
/// </summary>
public class CatalogueHessianTests
{
    public static TheoryData<string, int> Points()
    {
        var data = new TheoryData<string, int>();
        foreach (SyntheticCase c in CatalogueCases.All)
            for (int seed = 1; seed <= 2; seed++) data.Add(c.Name, seed);
        return data;
    }

    public static TheoryData<string, int> PerSamplePoints()
    {
        var data = new TheoryData<string, int>();
        foreach (SyntheticCase c in CatalogueCases.All.Where(c => CatalogueAdapters.DoublePerSampleDerivatives.ContainsKey(c.Key)))
            for (int seed = 1; seed <= 2; seed++) data.Add(c.Name, seed);
        return data;
    }

    public static TheoryData<string> Names => new(CatalogueCases.All.Select(c => c.Name));

    [Fact]
    public void Every_catalogue_method_has_both_second_derivative_members_where_it_has_the_first_derivative_ones()
    {
        Assert.Equal(CatalogueAdapters.DoubleWithGradient.Keys.Order(), CatalogueAdapters.DoubleWithHessian.Keys.Order());
        Assert.Equal(CatalogueAdapters.DoublePerSample.Keys.Order(), CatalogueAdapters.DoublePerSampleDerivatives.Keys.Order());
        Assert.Equal(CatalogueAdapters.SingleWithGradient.Keys.Order(), CatalogueAdapters.SingleWithHessian.Keys.Order());
        Assert.Equal(CatalogueAdapters.SinglePerSample.Keys.Order(), CatalogueAdapters.SinglePerSampleDerivatives.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Hessian_diagonal_matches_central_differences_of_the_gradient(string name, int seed)
    {
        SyntheticCase sc = CatalogueCases.Get(name);
        OracleCase c = sc.Make(seed);
        var data = new CaseData<double>(c);
        var second = new SecondOrderData<double>(data);
        double loss = CatalogueAdapters.DoubleWithHessian[sc.Key](c, data, second);

        // The loss and gradient are those of WithGradient.
        var first = new CaseData<double>(c);
        double expectedLoss = CatalogueAdapters.DoubleWithGradient[sc.Key](c, first);
        TorchParityTests.AssertClose(expectedLoss, loss, 1e-12, $"{name}: loss from WithHessian");
        Assert.Equal(first.Gradients.Keys.Order(), second.Hessians.Keys.Order());
        foreach ((string input, double[] gradient) in first.Gradients)
            SecondOrderCheck.AssertClose(gradient, data.Gradients[input], 1e-12, $"{name}: d/d{input} from WithHessian");

        var probe = new CaseData<double>(c);
        foreach ((string input, double[] hessian) in second.Hessians)
        {
            double[] numeric = SecondOrderCheck.DiagonalOfJacobian(probe.Inputs[input].Data, () =>
            {
                CatalogueAdapters.DoubleWithGradient[sc.Key](c, probe);
                return probe.Gradients[input];
            });
            SecondOrderCheck.AssertClose(numeric, hessian, 1e-5, $"{name} (seed {seed}): d²/d{input}² vs differences of the gradient");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float_hessians_match_double(string name)
    {
        SyntheticCase sc = CatalogueCases.Get(name);
        OracleCase c = sc.Make(1);
        var d = new CaseData<double>(c);
        var dh = new SecondOrderData<double>(d);
        var f = new CaseData<float>(c);
        var fh = new SecondOrderData<float>(f);
        double ld = CatalogueAdapters.DoubleWithHessian[sc.Key](c, d, dh);
        double lf = CatalogueAdapters.SingleWithHessian[sc.Key](c, f, fh);
        TorchParityTests.AssertClose(ld, lf, 1e-5, $"{name}: float loss");
        Assert.Equal(dh.Hessians.Keys.Order(), fh.Hessians.Keys.Order());
        foreach ((string input, double[] expected) in dh.Hessians)
            SecondOrderCheck.AssertClose(expected, fh.Hessians[input].Select(v => (double)v).ToArray(), 1e-4, $"{name}: float d²/d{input}²", floor: 1e-6);
    }

    [Theory]
    [MemberData(nameof(PerSamplePoints))]
    public void Per_sample_derivatives_match_per_row_differences(string name, int seed)
    {
        SyntheticCase sc = CatalogueCases.Get(name);
        OracleCase c = sc.Make(seed);
        var data = new CaseData<double>(c);
        var second = new SecondOrderData<double>(data);
        CatalogueAdapters.DoublePerSampleDerivatives[sc.Key](c, data, second);

        var plain = new CaseData<double>(c);
        CatalogueAdapters.DoublePerSample[sc.Key](c, plain);
        SecondOrderCheck.AssertClose(plain.Losses!, data.Losses!, 1e-12, $"{name}: losses from PerSampleDerivatives");
        Assert.NotEmpty(second.PerSampleGradients);

        var probe = new CaseData<double>(c);
        foreach ((string input, double[] gradient) in second.PerSampleGradients)
        {
            int[] shape = probe.Inputs[input].Shape;
            int cols = shape.Length == 2 ? shape[1] : 1;
            // ℓᵢ for the row of element k, as a vector indexed like the input.
            double[] numericGradient = SecondOrderCheck.DiagonalOfJacobian(probe.Inputs[input].Data, () =>
            {
                CatalogueAdapters.DoublePerSample[sc.Key](c, probe);
                return Enumerable.Range(0, probe.Inputs[input].Data.Length).Select(k => probe.Losses![k / cols]).ToArray();
            });
            SecondOrderCheck.AssertClose(numericGradient, gradient, 1e-5, $"{name} (seed {seed}): ∂ℓᵢ/∂{input}ᵢ vs per-row differences");

            var probeSecond = new SecondOrderData<double>(probe);
            double[] numericHessian = SecondOrderCheck.DiagonalOfJacobian(probe.Inputs[input].Data, () =>
            {
                CatalogueAdapters.DoublePerSampleDerivatives[sc.Key](c, probe, probeSecond);
                return probeSecond.PerSampleGradients[input];
            });
            SecondOrderCheck.AssertClose(numericHessian, second.Hessians[input], 1e-5, $"{name} (seed {seed}): ∂²ℓᵢ/∂{input}ᵢ² vs differences of g");
        }
    }

    [Theory]
    [MemberData(nameof(PerSamplePoints))]
    public void Float_per_sample_derivatives_match_double(string name, int seed)
    {
        SyntheticCase sc = CatalogueCases.Get(name);
        OracleCase c = sc.Make(seed);
        var d = new CaseData<double>(c);
        var dh = new SecondOrderData<double>(d);
        var f = new CaseData<float>(c);
        var fh = new SecondOrderData<float>(f);
        CatalogueAdapters.DoublePerSampleDerivatives[sc.Key](c, d, dh);
        CatalogueAdapters.SinglePerSampleDerivatives[sc.Key](c, f, fh);
        SecondOrderCheck.AssertClose(d.Losses!, f.Losses!.Select(v => (double)v).ToArray(), 1e-5, $"{name}: float losses", floor: 1e-6);
        foreach ((string input, double[] expected) in dh.PerSampleGradients)
        {
            SecondOrderCheck.AssertClose(expected, fh.PerSampleGradients[input].Select(v => (double)v).ToArray(), 1e-4, $"{name}: float g{input}", floor: 1e-6);
            SecondOrderCheck.AssertClose(dh.Hessians[input], fh.Hessians[input].Select(v => (double)v).ToArray(), 1e-4, $"{name}: float h{input}", floor: 1e-6);
        }
    }
}
