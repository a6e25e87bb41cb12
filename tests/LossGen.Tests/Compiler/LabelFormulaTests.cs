using LossGen.Tests.Generator;

namespace LossGen.Tests.Compiler;

public class LabelFormulaTests
{
    [Theory]
    [InlineData("mean(v[t])")]
    [InlineData("sum(v[t] * v[t])")]
    [InlineData("mean(where(t == 1, v, 0))")]
    [InlineData("mean(where(t != 0, v, 0)) + sum(v)")]
    [InlineData("sum(v[t]) / sum(where(t == t, 1, 0))")]
    [InlineData("mean(v[t] - mean(v))")]
    public void Formulas_over_labels_generate_compiling_code(string formula)
    {
        var (result, errors) = GeneratorHarness.Run(GeneratorHarness.Usings +
            $"public static partial class C {{ [Loss(\"{formula}\")] public static partial double A(ReadOnlySpan<double> v, ReadOnlySpan<int> t); }}");
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Empty(errors);
    }

    [Fact]
    public void Gradient_through_a_gather_scatters_back_to_the_gathered_vector()
    {
        double[] v = [1, 2, 3, 4];
        int[] t = [2, 0, 2];
        var dv = new double[4];
        double loss = Gathers.SquaresWithGradient(v, t, dv);
        Assert.Equal((9 + 1 + 9) / 3.0, loss, 12);
        // d/dv[k] = sum over i with t[i] = k of 2 v[k] / 3
        double[] expected = [2 / 3.0, 0, 4.0, 0];
        for (int k = 0; k < 4; k++) Assert.Equal(expected[k], dv[k], 12);
    }
}

public static partial class Gathers
{
    [Loss("mean(v[t]^2)")]
    public static partial double Squares(ReadOnlySpan<double> v, ReadOnlySpan<int> t);
}
