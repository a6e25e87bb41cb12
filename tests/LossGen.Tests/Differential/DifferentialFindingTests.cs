namespace LossGen.Tests.Differential;

/// <summary>Findings of the differential fuzzer that were not generator defects, or were in how values meet labels.</summary>
[Collection(nameof(LossGen.Tests.Kernels.LossParallelSettings))]
public class DifferentialFindingTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>
    /// A NaN computed in an entry that no label selects (sqrt of a negative entry of z, of a negative column sum of
    /// w) never reaches the gradient: the scattered or picked adjoint is exactly 0 there, and the factors of the
    /// chain rule are gathered into it rather than multiplied by its zeros.
    /// </summary>
    [Theory]
    [InlineData("mean(pick(sqrt(z), t))")]
    [InlineData("mean(pick(log(z), t))")]
    [InlineData("mean(pick(sqrt(z) * w, t))")]
    [InlineData("mean(pick(sqrt(z), t) * u)")]
    [InlineData("mean(pick(z^k, t))")]
    [InlineData("mean(sqrt(sum(z, dim: 0))[t])")]
    [InlineData("mean(log(sum(z, dim: 0))[t] * u)")]
    [InlineData("mean(pick(log_softmax(w, dim: 1), t) + pick(sqrt(z), t))")]
    public void A_NaN_in_an_unselected_entry_stays_out_of_the_gradient(string formula)
    {
        foreach (bool isDouble in new[] { true, false })
        {
            using CompiledBatch batch = CompiledBatch.Compile([new FuzzCase(formula, isDouble)]);
            Assert.True(batch.OutputErrors.Count == 0, string.Join("\n", batch.OutputErrors));
            CompiledFormula f = batch.Formulas[0];
            Assert.True(f.Loss is not null, $"rejected: {string.Join("; ", f.Errors.Select(e => e.Id + " " + e.GetMessage()))}");
            // Labels 0 and 1 on three columns; column 2 (never selected) and the unselected entries are negative.
            var call = new FuzzCall
            {
                Rows = 2, Cols = 3, Y = [1, 0], U = [0.5, -1], P = [0.3, 0.6], Z = [4, -1, -4, -2, 9, -3], W = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
                Q = new double[6], C = [1, 1, 1], T = [0, 1], H = 1, K = 0.5,
                DU = new double[2], DP = new double[2], DZ = new double[6], DW = new double[6],
            };
            double loss = f.WithGradient!(call);
            output.WriteLine($"{(isDouble ? "double" : "float")} {formula}: loss {loss:R}, dz [{string.Join(", ", call.DZ)}], dw [{string.Join(", ", call.DW)}], du [{string.Join(", ", call.DU)}]");
            Assert.True(double.IsFinite(loss), $"loss {loss}");
            Assert.True(call.DZ.Concat(call.DW).Concat(call.DU).All(double.IsFinite), $"{formula}: dz [{string.Join(", ", call.DZ)}], dw [{string.Join(", ", call.DW)}]");
        }
    }
}
