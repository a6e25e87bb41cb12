using LossGen.Benchmarks.Kernels;
#if LOSSGEN_GENERATED
using System.Numerics.Tensors;
#endif

namespace LossGen.Benchmarks;

/// <summary>Outcome of comparing one variant's loss and gradients with a reference.</summary>
public sealed record CheckResult(string Label, bool Ok, double LossError, double GradError, string Detail);

/// <summary>
/// The self-check. Every variant (TensorPrimitives, hand-fused, generated when compiled in) must agree with the scalar
/// loop to ~1e-4, on awkward sizes (vector tails, K smaller / equal / larger than a vector, one row) and extreme
/// logits; and the scalar loop's hand-derived gradients must agree with central finite differences of independent
/// double-precision forward implementations (this is what checks the focal and triplet derivations).
/// Run by `--validate` and, silently unless it fails, before every benchmark run.
/// </summary>
public static class Validation
{
    /// <summary>Relative tolerance for losses and gradients.</summary>
    public const double RelTol = 1e-4;

    /// <summary>
    /// Compares a loss and gradients with a reference. A gradient element passes when
    /// |g - r| &lt;= tol (|r| + 0.05 max|r|): relative for the elements that matter, with a floor for elements that
    /// come out of a cancellation (triplet's da = u/|u| - v/|v|, focal's p - y near 0), whose float error is a few
    /// ulps of the cancelled terms, not of the result. A wrong formula is off by O(1), far above either bound.
    /// </summary>
    public static CheckResult Compare(string label, double refLoss, double loss,
        IEnumerable<(string Name, ReadOnlyMemory<float> Ref, ReadOnlyMemory<float> Got)> grads, double tol = RelTol)
    {
        double lossErr = Math.Abs(loss - refLoss) / (Math.Abs(refLoss) + 1e-7);
        bool ok = lossErr <= tol; // false for NaN
        string detail = ok ? "" : $"loss {loss:R} vs reference {refLoss:R}";
        double worst = 0;
        string worstAt = "";
        foreach (var (name, rm, gm) in grads)
        {
            ReadOnlySpan<float> r = rm.Span, g = gm.Span;
            if (r.Length != g.Length) return new CheckResult(label, false, lossErr, double.NaN, $"{name}: length {g.Length} vs {r.Length}");
            double maxAbs = 0;
            foreach (float v in r) maxAbs = Math.Max(maxAbs, Math.Abs(v));
            double floor = 0.05 * maxAbs + 1e-30;
            for (int i = 0; i < r.Length; i++)
            {
                double err = Math.Abs((double)g[i] - r[i]) / (Math.Abs(r[i]) + floor);
                if (double.IsNaN(err)) err = double.PositiveInfinity;
                if (err > worst)
                {
                    worst = err;
                    worstAt = $"{name}[{i}] = {g[i]:R} vs reference {r[i]:R} (max |ref| {maxAbs:G3})";
                }
            }
        }
        ok &= worst <= tol;
        if (worst > tol || verboseDetail) detail = detail.Length == 0 ? worstAt : $"{detail}; {worstAt}";
        return new CheckResult(label, ok, lossErr, worst, detail);
    }

    private static bool verboseDetail;

    public static bool Run(TextWriter log, bool verbose)
    {
        verboseDetail = verbose;
        var results = new List<CheckResult>();
        Elementwise(results);
        SparseCe(results);
        Triplet(results);
        FiniteDifferences(results);

        int failed = 0;
        foreach (var r in results)
        {
            if (!r.Ok) failed++;
            if (verbose || !r.Ok)
                log.WriteLine($"{(r.Ok ? "ok  " : "FAIL")} {r.Label,-58} loss err {r.LossError:E1}  grad err {r.GradError:E1}  {r.Detail}");
        }
        log.WriteLine($"self-check: {results.Count - failed} passed, {failed} failed");
        return failed == 0;
    }

    // ------------------------------------------------------------------ variants vs scalar

    private delegate float ElemKernel(ReadOnlySpan<float> y, ReadOnlySpan<float> x, Span<float> grad);
    private delegate float CeKernel(ReadOnlySpan<float> z, Span<float> grad);

    /// <summary>Offsets (in floats) at which inputs and gradients are also placed, to exercise the alignment heads.</summary>
    private static readonly int[] Shifts = [0, 1, 3];

    private static float[] Shifted(float[] a, int shift)
    {
        var r = new float[a.Length + shift];
        a.CopyTo(r, shift);
        return r;
    }

    private static readonly int[] ElemSizes = [1, 3, 15, 16, 17, 63, 64, 65, 127, 257, 1000, 4099, 65_536];

    private static void Elementwise(List<CheckResult> results)
    {
        (string, ElemKernel)[] mse =
        [
            ("TensorPrimitives", (y, x, g) => TensorPrimitivesLosses.Mse(y, x, g)),
            ("HandFused", (y, x, g) => FusedLosses.Mse(y, x, g)),
#if LOSSGEN_GENERATED
            ("Generated", (y, x, g) => BenchLosses.MseWithGradient(y, x, g)),
#endif
        ];
        foreach (int n in ElemSizes)
            CompareElem(results, $"MSE n={n}", Data.Uniform(n, -1f, 1f, 11 + n), Data.Uniform(n, -1f, 1f, 12 + n),
                (y, x, g) => ScalarLosses.Mse(y, x, g), mse);

        foreach (bool soft in new[] { false, true })
        foreach (int n in ElemSizes)
        {
            float[] y = soft ? Data.Uniform(n, 0f, 1f, 21 + n) : Data.Labels01(n, 21 + n);
            float[] z = LogitsWithExtremes(n, 22 + n);
            var scratch = new TensorPrimitivesLosses.Scratch(n, 5);
            string lbl = soft ? "soft labels" : "0/1 labels";
            CompareElem(results, $"BCE-logits n={n} {lbl}", y, z, (y, z, g) => ScalarLosses.BceLogits(y, z, g),
            [
                ("TensorPrimitives", (y, z, g) => TensorPrimitivesLosses.BceLogits(y, z, g, scratch)),
                ("HandFused", (y, z, g) => FusedLosses.BceLogits(y, z, g)),
#if LOSSGEN_GENERATED
                ("Generated", (y, z, g) => BenchLosses.BceLogitsWithGradient(y, z, g)),
#endif
            ]);
            foreach (var (alpha, gamma) in new[] { (0.25f, 2f), (0.4f, 1.5f) })
                CompareElem(results, $"Focal-logits n={n} {lbl} a={alpha} g={gamma}", y, z,
                    (y, z, g) => ScalarLosses.FocalLogits(y, z, g, alpha, gamma),
                [
                    ("TensorPrimitives", (y, z, g) => TensorPrimitivesLosses.FocalLogits(y, z, g, scratch, alpha, gamma)),
                    ("HandFused", (y, z, g) => FusedLosses.FocalLogits(y, z, g, alpha, gamma)),
#if LOSSGEN_GENERATED
                    ("Generated", (y, z, g) => BenchLosses.FocalLogitsWithGradient(y, z, g, alpha, gamma)),
#endif
                ]);
        }
    }

    /// <summary>Uniform logits with extreme and awkward values spliced in (0, ±1e-3, ±15 … ±100).</summary>
    private static float[] LogitsWithExtremes(int n, int seed)
    {
        float[] z = Data.Logits(n, seed);
        float[] special = [0f, -0f, 1e-3f, -1e-3f, 15f, -15f, 17f, -17f, 20f, -20f, 30f, -30f, 88f, -88f, 100f, -100f];
        for (int i = 0; i < special.Length && i < n; i++) z[(int)((i * 37L) % n)] = special[i];
        return z;
    }

    private static void CompareElem(List<CheckResult> results, string label, float[] y, float[] x, ElemKernel reference,
        (string Name, ElemKernel Kernel)[] variants)
    {
        var rg = new float[y.Length];
        float rl = reference(y, x, rg);
        foreach (var (name, kernel) in variants)
        foreach (int shift in Shifts)
        {
            float[] ys = Shifted(y, shift), xs = Shifted(x, shift);
            var g = new float[y.Length + shift];
            Array.Fill(g, float.NaN); // every element must be written
            float l = kernel(ys.AsSpan(shift), xs.AsSpan(shift), g.AsSpan(shift));
            results.Add(Compare($"{label} {name}{(shift == 0 ? "" : $" @+{shift}")}", rl, l, [("grad", rg, g[shift..])]));
        }
    }

    private static void SparseCe(List<CheckResult> results)
    {
        (int Rows, int K)[] shapes = [(1, 1), (1, 10), (2, 10), (3, 10), (7, 10), (64, 16), (9, 17), (5, 3), (4, 4), (257, 10),
            (33, 1000), (4, 1023), (3, 64), (1024, 10), (100, 8)];
        foreach (var (rows, k) in shapes)
        {
            float[] z = Data.Uniform(rows * k, -4f, 4f, 31 + rows * k);
            if (z.Length > 2) { z[0] = 40f; z[1] = -40f; }
            int[] t = Data.Classes(rows, k, 32 + rows);
            var rg = new float[z.Length];
            float rl = ScalarLosses.SparseCe(z, t, k, rg);
            (string, CeKernel)[] variants =
            [
                ("TensorPrimitives", (z, g) => TensorPrimitivesLosses.SparseCe(z, t, k, g)),
                ("HandFused", (z, g) => FusedLosses.SparseCe(z, t, k, g)),
#if LOSSGEN_GENERATED
                ("Generated", (z, g) => BenchLosses.SparseCeWithGradient(
                    new ReadOnlyTensorSpan<float>(z, [rows, k]), t, new TensorSpan<float>(g, [rows, k]))),
#endif
            ];
            foreach (var (name, kernel) in variants)
            foreach (var (zShift, gShift) in new[] { (0, 0), (1, 1), (3, 3), (1, 2) })
            {
                float[] zs = Shifted(z, zShift);
                var g = new float[z.Length + gShift];
                Array.Fill(g, float.NaN);
                float l = kernel(zs.AsSpan(zShift), g.AsSpan(gShift));
                string at = zShift == 0 && gShift == 0 ? "" : $" @+{zShift}/+{gShift}";
                results.Add(Compare($"SparseCE {rows}x{k} {name}{at}", rl, l, [("dz", rg, g[gShift..])]));
            }
        }
    }

    private static void Triplet(List<CheckResult> results)
    {
        (int Rows, int D, float Margin)[] shapes = [(1, 128, 1f), (3, 128, 1f), (33, 128, 1f), (33, 128, 0.2f), (5, 1, 1f),
            (7, 7, 1f), (9, 100, 0.5f), (4, 17, 1f), (64, 16, 1f), (2, 33, 2f)];
        foreach (var (rows, d, margin) in shapes)
        {
            var (a, p, n) = Data.Triplets(rows, d, margin, 41 + rows * d);
            int len = a.Length;
            float[] ra = new float[len], rp = new float[len], rn = new float[len];
            float rl = ScalarLosses.Triplet(a, p, n, d, ra, rp, rn, margin);
            float[] u = new float[d], v = new float[d];
            (string, Func<float[], float[], float[], float>)[] variants =
            [
                ("TensorPrimitives", (ga, gp, gn) => TensorPrimitivesLosses.Triplet(a, p, n, d, ga, gp, gn, u, v, margin)),
                ("HandFused", (ga, gp, gn) => FusedLosses.Triplet(a, p, n, d, ga, gp, gn, margin)),
#if LOSSGEN_GENERATED
                ("Generated", (ga, gp, gn) => BenchLosses.TripletWithGradient(
                    new ReadOnlyTensorSpan<float>(a, [rows, d]), new ReadOnlyTensorSpan<float>(p, [rows, d]),
                    new ReadOnlyTensorSpan<float>(n, [rows, d]), new TensorSpan<float>(ga, [rows, d]),
                    new TensorSpan<float>(gp, [rows, d]), new TensorSpan<float>(gn, [rows, d]), margin)),
#endif
            ];
            foreach (var (name, kernel) in variants)
            {
                float[] ga = new float[len], gp = new float[len], gn = new float[len];
                Array.Fill(ga, float.NaN); Array.Fill(gp, float.NaN); Array.Fill(gn, float.NaN);
                float l = kernel(ga, gp, gn);
                results.Add(Compare($"Triplet {rows}x{d} margin={margin} {name}", rl, l,
                    [("da", ra, ga), ("dp", rp, gp), ("dn", rn, gn)]));
            }
        }
    }

    // ------------------------------------------------------------------ finite differences (double precision)

    private static void FiniteDifferences(List<CheckResult> results)
    {
        // MSE
        {
            float[] y = Data.Uniform(37, -1f, 1f, 51), x = Data.Uniform(37, -1f, 1f, 52);
            FdElem(results, "MSE", y, x, Ref.Mse, (y, x, g) => ScalarLosses.Mse(y, x, g), (y, x, g) => FusedLosses.Mse(y, x, g));
        }
        foreach (bool soft in new[] { false, true })
        {
            int n = 67;
            float[] y = soft ? Data.Uniform(n, 0f, 1f, 53) : Data.Labels01(n, 53);
            float[] z = LogitsWithExtremes(n, 54);
            string lbl = soft ? "soft labels" : "0/1 labels";
            FdElem(results, $"BCE-logits {lbl}", y, z, Ref.Bce,
                (y, z, g) => ScalarLosses.BceLogits(y, z, g), (y, z, g) => FusedLosses.BceLogits(y, z, g));
            foreach (var (alpha, gamma) in new[] { (0.25f, 2f), (0.4f, 1.5f), (0.25f, 3f) })
                FdElem(results, $"Focal-logits {lbl} a={alpha} g={gamma}", y, z, (yy, zz) => Ref.Focal(yy, zz, alpha, gamma),
                    (y, z, g) => ScalarLosses.FocalLogits(y, z, g, alpha, gamma),
                    (y, z, g) => FusedLosses.FocalLogits(y, z, g, alpha, gamma));
        }
        foreach (var (rows, k) in new[] { (5, 7), (3, 10), (2, 33) })
        {
            float[] z = Data.Uniform(rows * k, -4f, 4f, 55 + k);
            int[] t = Data.Classes(rows, k, 56 + k);
            Fd(results, $"SparseCE {rows}x{k}", [z], x => Ref.SparseCe(x[0], t, k),
                ("scalar", g => ScalarLosses.SparseCe(z, t, k, g[0])),
                ("fused", g => FusedLosses.SparseCe(z, t, k, g[0])));
        }
        foreach (var (rows, d, margin) in new[] { (6, 16, 1f), (4, 5, 0.5f), (3, 128, 1f) })
        {
            var (a, p, n) = Data.Triplets(rows, d, margin, 57 + d);
            Fd(results, $"Triplet {rows}x{d} margin={margin}", [a, p, n], x => Ref.Triplet(x[0], x[1], x[2], d, margin),
                ("scalar", g => ScalarLosses.Triplet(a, p, n, d, g[0], g[1], g[2], margin)),
                ("fused", g => FusedLosses.Triplet(a, p, n, d, g[0], g[1], g[2], margin)));
        }
    }

    private static void FdElem(List<CheckResult> results, string label, float[] y, float[] x, Func<double[], double[], double> f,
        ElemKernel scalar, ElemKernel fused)
    {
        double[] yd = Array.ConvertAll(y, v => (double)v);
        Fd(results, label, [x], xs => f(yd, xs[0]),
            ("scalar", g => scalar(y, x, g[0])),
            ("fused", g => fused(y, x, g[0])));
    }

    /// <summary>
    /// Central differences of the double forward <paramref name="f"/> with respect to every element of every input,
    /// compared with each kernel's float gradient (and loss).
    /// </summary>
    private static void Fd(List<CheckResult> results, string label, float[][] inputs, Func<double[][], double> f,
        params (string Name, Func<float[][], float> Kernel)[] kernels)
    {
        double[][] x = inputs.Select(a => Array.ConvertAll(a, v => (double)v)).ToArray();
        double loss = f(x);
        var fd = new float[inputs.Length][];
        for (int k = 0; k < x.Length; k++)
        {
            fd[k] = new float[x[k].Length];
            for (int i = 0; i < x[k].Length; i++)
            {
                double x0 = x[k][i], h = 1e-4 * Math.Max(1.0, Math.Abs(x0));
                x[k][i] = x0 + h;
                double up = f(x);
                x[k][i] = x0 - h;
                double down = f(x);
                x[k][i] = x0;
                fd[k][i] = (float)((up - down) / (2 * h));
            }
        }
        foreach (var (name, kernel) in kernels)
        {
            float[][] g = inputs.Select(a => new float[a.Length]).ToArray();
            float l = kernel(g);
            results.Add(Compare($"FD {label} vs {name}", loss, l,
                Enumerable.Range(0, inputs.Length).Select(k => ($"grad{k}", (ReadOnlyMemory<float>)fd[k], (ReadOnlyMemory<float>)g[k]))));
        }
    }

    /// <summary>Independent double-precision forward passes, written from the textbook / PyTorch definitions.</summary>
    private static class Ref
    {
        private static double Log1p(double x)
        {
            double u = 1.0 + x;
            return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
        }

        private static double Softplus(double z) => Math.Max(z, 0) + Log1p(Math.Exp(-Math.Abs(z)));

        private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

        public static double Mse(double[] y, double[] x)
        {
            double s = 0;
            for (int i = 0; i < y.Length; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
            return s / y.Length;
        }

        public static double Bce(double[] y, double[] z)
        {
            double s = 0;
            for (int i = 0; i < y.Length; i++) s += Softplus(z[i]) - y[i] * z[i];
            return s / y.Length;
        }

        /// <summary>torchvision.ops.sigmoid_focal_loss, literally.</summary>
        public static double Focal(double[] y, double[] z, double alpha, double gamma)
        {
            double s = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double p = Sigmoid(z[i]);
                double ce = Softplus(z[i]) - y[i] * z[i];
                double pt = p * y[i] + (1 - p) * (1 - y[i]);
                double at = alpha * y[i] + (1 - alpha) * (1 - y[i]);
                s += at * Math.Pow(1 - pt, gamma) * ce;
            }
            return s / y.Length;
        }

        public static double SparseCe(double[] z, int[] t, int k)
        {
            double s = 0;
            for (int i = 0; i < t.Length; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < k; j++) max = Math.Max(max, z[i * k + j]);
                double e = 0;
                for (int j = 0; j < k; j++) e += Math.Exp(z[i * k + j] - max);
                s += max + Math.Log(e) - z[i * k + t[i]];
            }
            return s / t.Length;
        }

        public static double Triplet(double[] a, double[] p, double[] n, int d, double margin)
        {
            int rows = a.Length / d;
            double s = 0;
            for (int i = 0; i < rows; i++)
            {
                double su = 0, sv = 0;
                for (int j = 0; j < d; j++)
                {
                    double u = a[i * d + j] - p[i * d + j] + 1e-6, v = a[i * d + j] - n[i * d + j] + 1e-6;
                    su += u * u;
                    sv += v * v;
                }
                s += Math.Max(0, Math.Sqrt(su) - Math.Sqrt(sv) + margin);
            }
            return s / rows;
        }
    }
}
