namespace LossGen.Tests.Oracle;

/// <summary>
/// Every derived gradient against central finite differences in double, at the reference inputs and at random
/// perturbations of them.
/// </summary>
public class FiniteDifferenceTests
{
    public static TheoryData<string, int> Points()
    {
        var data = new TheoryData<string, int>();
        foreach (OracleCase c in OracleCase.Cases)
            for (int seed = 0; seed < 3; seed++) data.Add(c.Name, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Gradient_matches_central_differences(string name, int seed)
    {
        OracleCase c = OracleCase.Get(name);
        var data = new CaseData<double>(c);
        if (seed > 0) Perturb(c, data, new Random(seed * 7919 + name.Length));

        OracleAdapters.DoubleWithGradient[name](data);
        Func<CaseData<double>, double> f = OracleAdapters.DoubleForward[name];
        foreach ((string input, double[] analytic) in data.Gradients)
        {
            double[] x = data.Inputs[input].Data;
            var numeric = new double[x.Length];
            for (int k = 0; k < x.Length; k++)
            {
                double saved = x[k];
                double h = 1e-6 * Math.Max(1, Math.Abs(saved));
                x[k] = saved + h;
                double up = f(data);
                x[k] = saved - h;
                double down = f(data);
                x[k] = saved;
                numeric[k] = (up - down) / (2 * h);
            }
            TorchParityTests.AssertClose(numeric, analytic, 1e-6, $"{name} (seed {seed}): d/d{input} vs finite differences");
        }
    }

    /// <summary>Moves every differentiable input a little, keeping probabilities and variances in their domains.</summary>
    private static void Perturb(OracleCase c, CaseData<double> data, Random random)
    {
        foreach (string input in c.Gradients.Keys)
        {
            double[] x = data.Inputs[input].Data;
            bool bounded = x.All(v => v is > 0 and < 1);
            bool positive = x.All(v => v > 0);
            for (int k = 0; k < x.Length; k++)
            {
                double v = x[k] + (random.NextDouble() - 0.5) * 0.1;
                if (bounded) v = Math.Clamp(v, 0.01, 0.99);
                else if (positive) v = Math.Max(v, 0.01);
                x[k] = v;
            }
        }
    }
}
