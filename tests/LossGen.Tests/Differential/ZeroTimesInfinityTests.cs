using System.Numerics.Tensors;

namespace LossGen.Tests.Differential;

/// <summary>
/// Issue 14's γ &lt; 1 NaN and its relatives: a run-time or fractional power (or a square root) of a value that is
/// exactly 0 at a confident sample, whose derivative chain multiplies the infinite slope by a derivative that is 0
/// there too. The true gradient is about 0; one NaN poisons a whole training step.
/// </summary>
public class ZeroTimesInfinityTests
{
    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void Catalogue_sigmoid_focal_at_a_confident_sample(float gamma)
    {
        // float: σ(20) rounds to 1, so 1 − pₜ is exactly 0 (y = 1); the mirror case is y = 0 at z = −20.
        foreach ((float y, float z) in new[] { (1f, 20f), (0f, -20f) })
        {
            float[] dz = new float[1], hz = new float[1];
            float loss = BinaryLosses.SigmoidFocalWithGradient([y], [z], dz, 0.25f, gamma);
            Assert.True(float.IsFinite(loss) && Math.Abs(dz[0]) <= 1e-6f, $"y {y}, z {z}: loss {loss}, dz {dz[0]}");
            BinaryLosses.SigmoidFocalWithHessian([y], [z], dz, hz, 0.25f, gamma);
            Assert.True(Math.Abs(dz[0]) <= 1e-6f && float.IsFinite(hz[0]), $"y {y}, z {z}: Hessian's dz {dz[0]}, hz {hz[0]}");
        }
        // double: σ(40) rounds to 1.
        double[] dd = new double[1];
        double lossD = BinaryLosses.SigmoidFocalWithGradient([1.0], [40.0], dd, 0.25, gamma);
        Assert.True(double.IsFinite(lossD) && Math.Abs(dd[0]) <= 1e-12, $"double z 40: loss {lossD}, dz {dd[0]}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Catalogue_softmax_focal_on_a_confident_row(double gamma)
    {
        // The label's logit so far ahead that log pₜ rounds to 0, so 1 − pₜ = −expm1(log pₜ) is exactly 0.
        float[] zf = [20, 0, 0, 0.5f, 1, -1], dzf = new float[6];
        float lossF = MultiClassLosses.FocalWithGradient(new ReadOnlyTensorSpan<float>(zf, [2, 3]), [0, 2], new TensorSpan<float>(dzf, [2, 3]), 0.25f, (float)gamma);
        Assert.True(float.IsFinite(lossF) && dzf.All(float.IsFinite), $"float: loss {lossF}, dz [{string.Join(", ", dzf)}]");
        Assert.True(dzf.Take(3).All(v => Math.Abs(v) <= 1e-6f), $"float confident row: dz [{string.Join(", ", dzf)}]");
        double[] zd = [40, 0, 0, 0.5, 1, -1], dzd = new double[6];
        double lossD = MultiClassLosses.FocalWithGradient(new ReadOnlyTensorSpan<double>(zd, [2, 3]), [0, 2], new TensorSpan<double>(dzd, [2, 3]), 0.25, gamma);
        Assert.True(double.IsFinite(lossD) && dzd.All(double.IsFinite), $"double: loss {lossD}, dz [{string.Join(", ", dzd)}]");
        Assert.True(dzd.Take(3).All(v => Math.Abs(v) <= 1e-12), $"double confident row: dz [{string.Join(", ", dzd)}]");
    }

    /// <summary>A user's own focal-style formulas, with the confident sample u at 20, 40, 110 and 800.</summary>
    [Theory]
    [InlineData("mean((1 - sigmoid(u))^k * softplus(-u))")]
    [InlineData("mean((-expm1(log_sigmoid(u)))^k * softplus(-u))")]
    [InlineData("mean(sigmoid(-u)^k * softplus(-u))")]
    [InlineData("mean((1 - sigmoid(u))^0.5 * softplus(-u))")]
    [InlineData("mean(sqrt(1 - sigmoid(u)) * softplus(-u))")]
    [InlineData("-mean(pow(1 - sigmoid(u), k) * log_sigmoid(u))")]
    public void Own_focal_formulas_at_confident_samples(string formula)
    {
        foreach (bool isDouble in new[] { true, false })
        {
            using CompiledBatch batch = CompiledBatch.Compile([new FuzzCase(formula, isDouble)]);
            Assert.True(batch.OutputErrors.Count == 0, string.Join("\n", batch.OutputErrors));
            CompiledFormula f = batch.Formulas[0];
            foreach (double u in new[] { 20.0, 40, 110, 800 })
                foreach (double k in new[] { 0.5, 0.9, 0.25 })
                {
                    FuzzCall call = OneRow(u, k);
                    double loss = f.WithGradient!(call);
                    Assert.True(double.IsFinite(loss) && Math.Abs(call.DU[0]) <= 1e-6, $"{(isDouble ? "double" : "float")} u {u}, k {k}: loss {loss}, du {call.DU[0]}");
                    if (f.WithHessian is null) continue;
                    loss = f.WithHessian(call);
                    Assert.True(Math.Abs(call.DU[0]) <= 1e-6 && double.IsFinite(call.HU[0]), $"{(isDouble ? "double" : "float")} u {u}, k {k}: Hessian's du {call.DU[0]}, hu {call.HU[0]}");
                }
        }
    }

    /// <summary>The same convention away from the focal loss: infinite slopes at 0 reached through a zero derivative.</summary>
    [Theory]
    [InlineData("mean(sqrt(u^2))", 0.0, 0.0)]
    [InlineData("mean(abs(u)^k)", 0.0, 0.0)]
    [InlineData("mean(u^0.5)", 0.0, 0.0)]
    [InlineData("mean(relu(u)^k)", 0.0, 0.0)]
    [InlineData("mean(abs(u)^k)", 2.0, 0.35355339059327379)]
    public void Infinite_slopes_at_zero_give_the_convention(string formula, double u, double expected)
    {
        foreach (bool isDouble in new[] { true, false })
        {
            using CompiledBatch batch = CompiledBatch.Compile([new FuzzCase(formula, isDouble)]);
            Assert.True(batch.OutputErrors.Count == 0, string.Join("\n", batch.OutputErrors));
            FuzzCall call = OneRow(u, 0.5);
            batch.Formulas[0].WithGradient!(call);
            Assert.Equal(expected, call.DU[0], isDouble ? 1e-15 : 1e-7);
        }
    }

    /// <summary>A run-time power at 0 keeps its exact derivatives where they exist: x^k for k = 1 and k = 2.</summary>
    [Fact]
    public void Run_time_powers_at_zero_keep_their_derivatives_for_k_at_least_one()
    {
        using CompiledBatch batch = CompiledBatch.Compile([new FuzzCase("mean(u^k)", true)]);
        CompiledFormula f = batch.Formulas[0];
        FuzzCall one = OneRow(0, 1), two = OneRow(0, 2);
        f.WithGradient!(one);
        f.WithGradient!(two);
        Assert.Equal(1.0, one.DU[0]);
        Assert.Equal(0.0, two.DU[0]);
        if (f.WithHessian is null) return;
        f.WithHessian(two);
        Assert.Equal(2.0, two.HU[0]);
    }

    internal static FuzzCall OneRow(double u, double k) => new()
    {
        Rows = 1, Cols = 1, Y = [1], U = [u], P = [0.5], Z = [0], W = [0], Q = [0], C = [1], T = [0], H = 1, K = k,
        DU = new double[1], DP = new double[1], DZ = new double[1], DW = new double[1],
        HU = new double[1], HP = new double[1], HZ = new double[1], HW = new double[1],
    };
}
