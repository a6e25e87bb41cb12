namespace LossGen.Benchmarks;

/// <summary>Deterministic synthetic inputs (fixed seeds, so every run and every variant sees the same numbers).</summary>
public static class Data
{
    public static void Uniform(Span<float> a, float lo, float hi, int seed)
    {
        var rng = new Random(seed);
        float span = hi - lo;
        for (int i = 0; i < a.Length; i++) a[i] = lo + span * rng.NextSingle();
    }

    public static float[] Uniform(int n, float lo, float hi, int seed)
    {
        var a = new float[n];
        Uniform(a, lo, hi, seed);
        return a;
    }

    public static Aligned<float> AlignedUniform(int n, float lo, float hi, int seed)
    {
        var a = new Aligned<float>(n);
        Uniform(a, lo, hi, seed);
        return a;
    }

    /// <summary>Hard 0/1 labels, about half of each.</summary>
    public static void Labels01(Span<float> a, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < a.Length; i++) a[i] = rng.Next(2);
    }

    public static float[] Labels01(int n, int seed)
    {
        var a = new float[n];
        Labels01(a, seed);
        return a;
    }

    /// <summary>Logits in [-8, 8]: well inside the range where both softplus branches and the sigmoid matter.</summary>
    public static void Logits(Span<float> a, int seed) => Uniform(a, -8f, 8f, seed);

    public static float[] Logits(int n, int seed) => Uniform(n, -8f, 8f, seed);

    /// <summary>Class indices in [0, k).</summary>
    public static void Classes(Span<int> a, int k, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < a.Length; i++) a[i] = rng.Next(k);
    }

    public static int[] Classes(int rows, int k, int seed)
    {
        var a = new int[rows];
        Classes(a, k, seed);
        return a;
    }

    /// <summary>
    /// Anchor, positive and negative rows of length <paramref name="d"/>, uniform in [-1, 1], so that about half of the
    /// rows have an active hinge at margin 1. Rows whose hinge argument |d(a,p) - d(a,n) + margin| comes within 0.01
    /// of the kink are redrawn, so that float rounding cannot flip a row between active and inactive (which would make
    /// the variants disagree for a legitimate reason) and so that finite differences stay on one side of the kink.
    /// </summary>
    public static (float[] A, float[] P, float[] N) Triplets(int rows, int d, float margin, int seed)
    {
        int len = checked(rows * d);
        float[] a = new float[len], p = new float[len], n = new float[len];
        Triplets(a, p, n, d, margin, seed);
        return (a, p, n);
    }

    /// <inheritdoc cref="Triplets(int, int, float, int)"/>
    public static void Triplets(Span<float> a, Span<float> p, Span<float> n, int d, float margin, int seed)
    {
        var rng = new Random(seed);
        int rows = a.Length / d;
        for (int i = 0; i < rows; i++)
        {
            var ar = a.Slice(i * d, d);
            var pr = p.Slice(i * d, d);
            var nr = n.Slice(i * d, d);
            for (int j = 0; j < d; j++) ar[j] = 2f * rng.NextSingle() - 1f;
            while (true)
            {
                for (int j = 0; j < d; j++)
                {
                    pr[j] = 2f * rng.NextSingle() - 1f;
                    nr[j] = 2f * rng.NextSingle() - 1f;
                }
                double su = 0, sv = 0;
                for (int j = 0; j < d; j++)
                {
                    double u = (double)ar[j] - pr[j] + 1e-6, v = (double)ar[j] - nr[j] + 1e-6;
                    su += u * u;
                    sv += v * v;
                }
                if (Math.Abs(Math.Sqrt(su) - Math.Sqrt(sv) + margin) >= 0.01) break;
            }
        }
    }
}
