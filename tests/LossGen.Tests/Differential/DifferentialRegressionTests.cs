namespace LossGen.Tests.Differential;

/// <summary>
/// Formulas the differential fuzzer (or the issue) found wrong, each compiled into a real assembly and compared with
/// the reference interpreter on several sizes and input sets, so the defect stays fixed.
/// </summary>
[Collection(nameof(LossGen.Tests.Kernels.LossParallelSettings))]
public class DifferentialRegressionTests
{
    internal static void AssertAgrees(string formula, bool isDouble, bool usesMatrix = true)
    {
        using CompiledBatch batch = CompiledBatch.Compile([new FuzzCase(formula, isDouble)]);
        CompiledFormula f = batch.Formulas[0];
        Assert.True(batch.OutputErrors.Count == 0, string.Join("\n", batch.OutputErrors));
        Assert.True(f.Loss is not null, $"rejected: {string.Join("; ", f.Errors.Select(e => e.Id + " " + e.GetMessage()))}");
        for (int seed = 0; seed < 6; seed++)
        {
            var problems = new DifferentialRunner(new Random(seed)).Run(f, usesMatrix);
            Assert.True(problems.Count == 0, $"seed {seed}: {string.Join("; ", problems.Select(p => p.What))}");
        }
    }

    [Theory]
    [InlineData("mean(Ce(w, t) - u)", true)]
    [InlineData("mean(Ce(w, t) - u)", false)]
    public void Scalar_sibling_broadcast_over_rows(string formula, bool isDouble) => AssertAgrees(formula, isDouble);
}
