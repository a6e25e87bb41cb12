using System.Numerics.Tensors;

namespace LossGen.Tests.Hessian;

/// <summary>
/// The seed contract's losses (SeedLosses.cs): NameWithHessian against central differences of NameWithGradient and
/// against closed forms, NamePerSampleDerivatives against per-row differences and closed forms, float against double.
/// </summary>
public class SeedHessianTests
{
    private const int N = 7, C = 4;
    private static readonly Random Rng = new(13);

    private static double[] Normal(int n, double scale = 1) => Enumerable.Range(0, n).Select(_ => (double)(float)(scale * (Rng.NextDouble() * 2 - 1) * 1.7)).ToArray();
    private static double[] Uniform(int n, double lo, double hi) => Enumerable.Range(0, n).Select(_ => (double)(float)(lo + (hi - lo) * Rng.NextDouble())).ToArray();
    private static double[] Bits(int n) => Enumerable.Range(0, n).Select(i => (double)(i % 3 == 0 ? 1 : 0)).ToArray();
    private static int[] Labels(int n) => Enumerable.Range(0, n).Select(i => (i * 3 + 1) % C).ToArray();
    private static double[] Rows(int rows, int cols, Func<double[]> row) => Enumerable.Range(0, rows).SelectMany(_ => row()).ToArray();

    private static ReadOnlyTensorSpan<double> M(double[] data, int cols) => new(data, [data.Length / cols, cols]);
    private static TensorSpan<double> W(double[] data, int cols) => new(data, [data.Length / cols, cols]);
    private static ReadOnlyTensorSpan<float> MF(double[] data, int cols) => new(F(data), [data.Length / cols, cols]);
    private static TensorSpan<float> WF(float[] data, int cols) => new(data, [data.Length / cols, cols]);
    private static float[] F(double[] data) => data.Select(v => (float)v).ToArray();
    private static double[] D(float[] data) => data.Select(v => (double)v).ToArray();
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Asserts h against differences of the gradient that <paramref name="gradient"/> computes at the current x.</summary>
    private static void AgreesWithDifferences(double[] x, double[] h, Func<double[]> gradient, string what)
        => SecondOrderCheck.AssertClose(SecondOrderCheck.DiagonalOfJacobian(x, gradient), h, 1e-5, what);

    [Fact]
    public void Mse_hessian_is_two_over_n_and_per_sample_two()
    {
        double[] y = Normal(N), yhat = Normal(N);
        double[] g = new double[N], h = new double[N];
        double loss = SeedLosses.MseWithHessian(y, yhat, g, h);
        Assert.Equal(SeedLosses.Mse(y, yhat), loss, 15);
        Assert.All(h, v => Assert.Equal(2.0 / N, v, 15));
        AgreesWithDifferences(yhat, h, () => { var d = new double[N]; SeedLosses.MseWithGradient(y, yhat, d); return d; }, "Mse");

        double[] losses = new double[N], gs = new double[N], hs = new double[N];
        SeedLosses.MsePerSampleDerivatives(y, yhat, losses, gs, hs);
        for (int i = 0; i < N; i++)
        {
            Assert.Equal((yhat[i] - y[i]) * (yhat[i] - y[i]), losses[i], 14);
            Assert.Equal(2 * (yhat[i] - y[i]), gs[i], 14);
            Assert.Equal(2, hs[i], 15);
        }
    }

    [Fact]
    public void Bce_with_logits_hessian_is_sigma_one_minus_sigma_over_n()
    {
        double[] y = Bits(N), z = Normal(N, 2);
        double[] g = new double[N], h = new double[N];
        SeedLosses.BceLogitsWithHessian(y, z, g, h);
        SecondOrderCheck.AssertClose(z.Select(v => Sigmoid(v) * (1 - Sigmoid(v)) / N).ToArray(), h, 1e-14, "σ(1−σ)/N");
        AgreesWithDifferences(z, h, () => { var d = new double[N]; SeedLosses.BceLogitsWithGradient(y, z, d); return d; }, "BceLogits");

        double[] losses = new double[N], gs = new double[N], hs = new double[N];
        SeedLosses.BceLogitsPerSampleDerivatives(y, z, losses, gs, hs);
        SecondOrderCheck.AssertClose(z.Select((v, i) => Sigmoid(v) - y[i]).ToArray(), gs, 1e-14, "per-sample σ − y");
        SecondOrderCheck.AssertClose(z.Select(v => Sigmoid(v) * (1 - Sigmoid(v))).ToArray(), hs, 1e-14, "per-sample σ(1−σ)");
    }

    [Fact]
    public void Softmax_cross_entropy_hessian_is_p_one_minus_p_over_n()
    {
        double[] z = Normal(N * C, 2);
        int[] t = Labels(N);
        double[] g = new double[N * C], h = new double[N * C];
        SeedLosses.SparseCeWithHessian(M(z, C), t, W(g, C), W(h, C));
        double[] p = Softmax(z);
        SecondOrderCheck.AssertClose(p.Select(v => v * (1 - v) / N).ToArray(), h, 1e-14, "p(1−p)/N");
        AgreesWithDifferences(z, h, () => { var d = new double[N * C]; SeedLosses.SparseCeWithGradient(M(z, C), t, W(d, C)); return d; }, "SparseCe");

        double[] losses = new double[N], gs = new double[N * C], hs = new double[N * C];
        SeedLosses.SparseCePerSampleDerivatives(M(z, C), t, losses, W(gs, C), W(hs, C));
        SecondOrderCheck.AssertClose(p.Select((v, k) => v - (k % C == t[k / C] ? 1 : 0)).ToArray(), gs, 1e-14, "per-sample p − onehot");
        SecondOrderCheck.AssertClose(p.Select(v => v * (1 - v)).ToArray(), hs, 1e-14, "per-sample p(1−p)");
    }

    [Fact]
    public void Focal_hessian_matches_its_closed_form()
    {
        double[] y = Bits(N), p = Uniform(N, 0.05, 0.95);
        const double alpha = 0.25, gamma = 2;
        double[] g = new double[N], h = new double[N];
        SeedLosses.FocalWithHessian(y, p, g, h, alpha, gamma);
        // ℓ(pt) = −α(1 − pt)^γ log pt with pt = p or 1 − p; d²ℓ/dp² = d²ℓ/dpt² (the sign of dpt/dp squares away):
        // α[−γ(γ−1)(1 − pt)^(γ−2) log pt + 2γ(1 − pt)^(γ−1)/pt + (1 − pt)^γ/pt²].
        double[] closed = p.Select((v, i) =>
        {
            double pt = y[i] == 1 ? v : 1 - v, q = 1 - pt;
            return alpha * (-gamma * (gamma - 1) * Math.Pow(q, gamma - 2) * Math.Log(pt) + 2 * gamma * Math.Pow(q, gamma - 1) / pt + Math.Pow(q, gamma) / (pt * pt)) / N;
        }).ToArray();
        SecondOrderCheck.AssertClose(closed, h, 1e-13, "focal closed form");
        AgreesWithDifferences(p, h, () => { var d = new double[N]; SeedLosses.FocalWithGradient(y, p, d, alpha, gamma); return d; }, "Focal");

        double[] losses = new double[N], gs = new double[N], hs = new double[N];
        SeedLosses.FocalPerSampleDerivatives(y, p, alpha, gamma, losses, gs, hs);
        SecondOrderCheck.AssertClose(closed.Select(v => v * N).ToArray(), hs, 1e-13, "per-sample focal closed form");
    }

    [Fact]
    public void Remaining_seed_losses_match_differences_of_their_gradients()
    {
        double[] y = Bits(N), p = Uniform(N, 0.05, 0.95), s = Normal(N, 2), pm = y.Select(v => v * 2 - 1).ToArray();
        var h = new double[N];
        SeedLosses.BceWithHessian(y, p, new double[N], h);
        AgreesWithDifferences(p, h, () => { var d = new double[N]; SeedLosses.BceWithGradient(y, p, d); return d; }, "Bce");

        SeedLosses.HingeWithHessian(pm, s, new double[N], h);
        Assert.All(h, v => Assert.Equal(0, v));
        AgreesWithDifferences(s, h, () => { var d = new double[N]; SeedLosses.HingeWithGradient(pm, s, d); return d; }, "Hinge");

        double[] yhat = Normal(N);
        SeedLosses.AsymmetricMaeWithHessian(s, yhat, new double[N], h);
        AgreesWithDifferences(yhat, h, () => { var d = new double[N]; SeedLosses.AsymmetricMaeWithGradient(s, yhat, d); return d; }, "AsymmetricMae");

        double[] yc = Rows(N, C, () => { var r = Uniform(C, 0, 1); return r.Select(v => v / r.Sum()).ToArray(); });
        double[] pc = Rows(N, C, () => { var r = Uniform(C, 0.1, 1); return r.Select(v => v / r.Sum()).ToArray(); });
        var hc = new double[N * C];
        SeedLosses.CceWithHessian(M(yc, C), M(pc, C), W(new double[N * C], C), W(hc, C));
        AgreesWithDifferences(pc, hc, () => { var d = new double[N * C]; SeedLosses.CceWithGradient(M(yc, C), M(pc, C), W(d, C)); return d; }, "Cce");

        double[] z = Normal(N * C, 2);
        SeedLosses.CceLogitsWithHessian(M(yc, C), M(z, C), W(new double[N * C], C), W(hc, C));
        AgreesWithDifferences(z, hc, () => { var d = new double[N * C]; SeedLosses.CceLogitsWithGradient(M(yc, C), M(z, C), W(d, C)); return d; }, "CceLogits");
        // Σⱼ yᵢⱼ = 1, so the diagonal is pᵢⱼ(1 − pᵢⱼ)/N as for sparse labels.
        SecondOrderCheck.AssertClose(Softmax(z).Select(v => v * (1 - v) / N).ToArray(), hc, 1e-6, "CceLogits p(1−p)/N");

        double[] a = Normal(N * C), pp = Normal(N * C), n = Normal(N * C);
        double[] ha = new double[N * C], hp = new double[N * C], hn = new double[N * C];
        SeedLosses.TripletWithHessian(M(a, C), M(pp, C), M(n, C), W(new double[N * C], C), W(new double[N * C], C), W(new double[N * C], C), W(ha, C), W(hp, C), W(hn, C), 2);
        foreach ((double[] x, double[] hx, int which) in new[] { (a, ha, 0), (pp, hp, 1), (n, hn, 2) })
        {
            AgreesWithDifferences(x, hx, () =>
            {
                var d = new[] { new double[N * C], new double[N * C], new double[N * C] };
                SeedLosses.TripletWithGradient(M(a, C), M(pp, C), M(n, C), W(d[0], C), W(d[1], C), W(d[2], C), 2);
                return d[which];
            }, $"Triplet input {which}");
        }
        Assert.Contains(ha, v => v != 0);

        double[] steer = Normal(N), steerHat = Normal(N);
        int[] t = Labels(N);
        double[] hs = new double[N];
        SeedLosses.MultiTaskWithHessian(steer, steerHat, M(z, C), t, new double[N], W(new double[N * C], C), hs, W(hc, C));
        Assert.All(hs, v => Assert.Equal(0.7 * 2 / N, v, 15));
        SecondOrderCheck.AssertClose(Softmax(z).Select(v => 0.3 * v * (1 - v) / N).ToArray(), hc, 1e-14, "MultiTask 0.3·p(1−p)/N");
        AgreesWithDifferences(z, hc, () =>
        {
            var d = new double[N * C];
            SeedLosses.MultiTaskWithGradient(steer, steerHat, M(z, C), t, new double[N], W(d, C));
            return d;
        }, "MultiTask z");
    }

    [Fact]
    public void Seed_per_sample_derivatives_match_per_row_differences()
    {
        double[] y = Bits(N), p = Uniform(N, 0.05, 0.95);
        double[] g = new double[N], h = new double[N];
        SeedLosses.BcePerSampleDerivatives(y, p, new double[N], g, h);
        PerRow(p, 1, g, h, () => { var l = new double[N]; SeedLosses.BcePerSample(y, p, l); return l; },
            () => { var gg = new double[N]; SeedLosses.BcePerSampleDerivatives(y, p, new double[N], gg, new double[N]); return gg; }, "Bce");

        double[] z = Normal(N * C, 2), steer = Normal(N), steerHat = Normal(N);
        int[] t = Labels(N);
        double[] gz = new double[N * C], hz = new double[N * C], gs = new double[N], hs = new double[N];
        SeedLosses.MultiTaskPerSampleDerivatives(steer, steerHat, M(z, C), t, 0.7, 0.3, new double[N], gs, hs, W(gz, C), W(hz, C));
        PerRow(z, C, gz, hz, () => { var l = new double[N]; SeedLosses.MultiTaskPerSample(steer, steerHat, M(z, C), t, 0.7, 0.3, l); return l; },
            () => { var gg = new double[N * C]; SeedLosses.MultiTaskPerSampleDerivatives(steer, steerHat, M(z, C), t, 0.7, 0.3, new double[N], new double[N], new double[N], W(gg, C), W(new double[N * C], C)); return gg; }, "MultiTask z");
        Assert.All(hs, v => Assert.Equal(0.7 * 2, v, 14));

        double[] a = Normal(N * C), pp = Normal(N * C), n = Normal(N * C);
        double[] ga = new double[N * C], ha = new double[N * C];
        SeedLosses.TripletPerSampleDerivatives(M(a, C), M(pp, C), M(n, C), 2, new double[N], W(ga, C), W(ha, C), W(new double[N * C], C), W(new double[N * C], C), W(new double[N * C], C), W(new double[N * C], C));
        PerRow(a, C, ga, ha, () => { var l = new double[N]; SeedLosses.TripletPerSample(M(a, C), M(pp, C), M(n, C), 2, l); return l; },
            () => { var gg = new double[N * C]; SeedLosses.TripletPerSampleDerivatives(M(a, C), M(pp, C), M(n, C), 2, new double[N], W(gg, C), W(new double[N * C], C), W(new double[N * C], C), W(new double[N * C], C), W(new double[N * C], C), W(new double[N * C], C)); return gg; }, "Triplet a");
    }

    [Fact]
    public void Float_seed_hessians_match_double()
    {
        double[] y = Bits(N), z = Normal(N * C, 2), p = Uniform(N, 0.05, 0.95), zb = Normal(N, 2);
        int[] t = Labels(N);
        double[] hd = new double[N * C];
        float[] hf = new float[N * C];
        SeedLosses.SparseCeWithHessian(M(z, C), t, W(new double[N * C], C), W(hd, C));
        SeedLossesF.SparseCeWithHessian(MF(z, C), t, WF(new float[N * C], C), WF(hf, C));
        SecondOrderCheck.AssertClose(hd, D(hf), 1e-5, "float SparseCe");

        double[] h1 = new double[N];
        float[] f1 = new float[N];
        SeedLosses.FocalWithHessian(y, p, new double[N], h1);
        SeedLossesF.FocalWithHessian(F(y), F(p), new float[N], f1);
        SecondOrderCheck.AssertClose(h1, D(f1), 1e-5, "float Focal");

        SeedLosses.BceLogitsWithHessian(y, zb, new double[N], h1);
        SeedLossesF.BceLogitsWithHessian(F(y), F(zb), new float[N], f1);
        SecondOrderCheck.AssertClose(h1, D(f1), 1e-5, "float BceLogits");

        SeedLosses.MsePerSampleDerivatives(y, zb, new double[N], new double[N], h1);
        SeedLossesF.MsePerSampleDerivatives(F(y), F(zb), new float[N], new float[N], f1);
        SecondOrderCheck.AssertClose(h1, D(f1), 1e-6, "float Mse per sample");

        double[] gd = new double[N * C];
        float[] gf = new float[N * C];
        SeedLosses.SparseCePerSampleDerivatives(M(z, C), t, new double[N], W(gd, C), W(hd, C));
        SeedLossesF.SparseCePerSampleDerivatives(MF(z, C), t, new float[N], WF(gf, C), WF(hf, C));
        SecondOrderCheck.AssertClose(gd, D(gf), 1e-5, "float SparseCe per-sample g");
        SecondOrderCheck.AssertClose(hd, D(hf), 1e-5, "float SparseCe per-sample h");
    }

    /// <summary>g and h of a per-sample member against differences of ℓ(row of k) and of g itself.</summary>
    private static void PerRow(double[] x, int cols, double[] g, double[] h, Func<double[]> losses, Func<double[]> gradient, string what)
    {
        double[] numeric = SecondOrderCheck.DiagonalOfJacobian(x, () => { double[] l = losses(); return Enumerable.Range(0, x.Length).Select(k => l[k / cols]).ToArray(); });
        SecondOrderCheck.AssertClose(numeric, g, 1e-5, what + ": g");
        SecondOrderCheck.AssertClose(SecondOrderCheck.DiagonalOfJacobian(x, gradient), h, 1e-5, what + ": h");
    }

    private static double[] Softmax(double[] z)
    {
        var p = new double[z.Length];
        for (int i = 0; i < z.Length / C; i++)
        {
            double max = Enumerable.Range(0, C).Max(j => z[i * C + j]);
            double sum = Enumerable.Range(0, C).Sum(j => Math.Exp(z[i * C + j] - max));
            for (int j = 0; j < C; j++) p[i * C + j] = Math.Exp(z[i * C + j] - max) / sum;
        }
        return p;
    }
}
