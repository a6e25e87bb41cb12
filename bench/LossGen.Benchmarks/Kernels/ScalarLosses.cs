using System.Runtime.CompilerServices;

namespace LossGen.Benchmarks.Kernels;

/// <summary>
/// Variant (a): straightforward one-element-at-a-time loops, forward and backward in one pass, float math with a
/// double accumulator for the mean (so that this variant can serve as the reference the others are checked against).
/// Semantics follow PyTorch's mean-reduced losses.
/// </summary>
public static class ScalarLosses
{
    /// <summary>mean((yhat - y)^2); dyhat = 2 (yhat - y) / N.</summary>
    public static float Mse(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, Span<float> dyhat)
    {
        Shapes.SameLength(y.Length, yhat.Length, dyhat.Length);
        int n = y.Length;
        if (n == 0) return float.NaN;
        float g = 2f / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float d = yhat[i] - y[i];
            sum += d * d;
            dyhat[i] = d * g;
        }
        return (float)(sum / n);
    }

    /// <summary>mean(softplus(z) - y z); dz = (sigmoid(z) - y) / N.</summary>
    public static float BceLogits(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz)
    {
        Shapes.SameLength(y.Length, z.Length, dz.Length);
        int n = y.Length;
        if (n == 0) return float.NaN;
        float invN = 1f / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float zi = z[i], yi = y[i];
            float e = MathF.Exp(-MathF.Abs(zi));
            float softplus = MathF.Max(zi, 0f) + Log1p(e);
            float p = zi >= 0f ? 1f / (1f + e) : e / (1f + e);
            sum += softplus - yi * zi;
            dz[i] = (p - yi) * invN;
        }
        return (float)(sum / n);
    }

    /// <summary>
    /// torchvision sigmoid_focal_loss, mean reduction:
    /// p = sigmoid(z), q = 1 - p = sigmoid(-z), ce = softplus(z) - y z,
    /// m = 1 - p_t = p (1 - y) + q y, a_t = alpha y + (1 - alpha)(1 - y), loss = a_t m^gamma ce.
    /// Gradient (derived by hand, checked by finite differences in <see cref="Validation"/>):
    /// dce/dz = p - y, dm/dz = (1 - 2y) p q, so
    /// dloss/dz = a_t [gamma m^(gamma-1) (1 - 2y) p q ce + m^gamma (p - y)], all divided by N.
    /// </summary>
    public static float FocalLogits(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz, float alpha = 0.25f, float gamma = 2f)
    {
        Shapes.SameLength(y.Length, z.Length, dz.Length);
        int n = y.Length;
        if (n == 0) return float.NaN;
        float invN = 1f / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float zi = z[i], yi = y[i];
            float e = MathF.Exp(-MathF.Abs(zi));
            float r = 1f / (1f + e);
            float p = zi >= 0f ? r : e * r;
            float q = zi >= 0f ? e * r : r;
            float ce = MathF.Max(zi, 0f) + Log1p(e) - yi * zi;
            float m = p * (1f - yi) + q * yi;
            float at = alpha * yi + (1f - alpha) * (1f - yi);
            float mg, dmg; // m^gamma and d(m^gamma)/dm
            if (gamma == 2f) { mg = m * m; dmg = 2f * m; }
            else { mg = MathF.Pow(m, gamma); dmg = gamma == 0f ? 0f : gamma * MathF.Pow(m, gamma - 1f); }
            sum += at * mg * ce;
            dz[i] = at * (dmg * (1f - 2f * yi) * p * q * ce + mg * (p - yi)) * invN;
        }
        return (float)(sum / n);
    }

    /// <summary>
    /// Sparse cross-entropy over rows of <paramref name="z"/> ([rows, k] row-major, rows = t.Length):
    /// mean_i (logsumexp(z_i) - z_i[t_i]); dz_i = (softmax(z_i) - onehot(t_i)) / rows.
    /// </summary>
    public static float SparseCe(ReadOnlySpan<float> z, ReadOnlySpan<int> t, int k, Span<float> dz)
    {
        int rows = t.Length;
        Shapes.Matrix(z.Length, rows, k, dz.Length);
        if (rows == 0) return float.NaN;
        float invN = 1f / rows;
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> zr = z.Slice(i * k, k);
            Span<float> dr = dz.Slice(i * k, k);
            int ti = Shapes.Label(t[i], k, i);
            float max = float.NegativeInfinity;
            for (int j = 0; j < k; j++) max = MathF.Max(max, zr[j]);
            float s = 0f;
            for (int j = 0; j < k; j++)
            {
                float e = MathF.Exp(zr[j] - max);
                dr[j] = e;
                s += e;
            }
            float c = invN / s;
            for (int j = 0; j < k; j++) dr[j] *= c;
            dr[ti] -= invN;
            sum += max + MathF.Log(s) - zr[ti];
        }
        return (float)(sum / rows);
    }

    /// <summary>
    /// Triplet margin loss (PyTorch triplet_margin_loss, p = 2, eps = 1e-6, mean), rows of length <paramref name="d"/>:
    /// u = a - p + eps, v = a - n + eps, l = max(0, |u| - |v| + margin).
    /// Where l &gt; 0: da = (u/|u| - v/|v|)/N, dp = -u/(|u| N), dn = v/(|v| N); elsewhere the rows' gradients are 0.
    /// </summary>
    public static float Triplet(ReadOnlySpan<float> a, ReadOnlySpan<float> p, ReadOnlySpan<float> n, int d,
        Span<float> da, Span<float> dp, Span<float> dn, float margin = 1f)
    {
        int rows = d == 0 ? 0 : a.Length / d;
        Shapes.Triplet(a.Length, p.Length, n.Length, da.Length, dp.Length, dn.Length, d);
        if (rows == 0) return float.NaN;
        const float eps = 1e-6f;
        float invN = 1f / rows;
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            int o = i * d;
            float su = 0f, sv = 0f;
            for (int j = 0; j < d; j++)
            {
                float u = a[o + j] - p[o + j] + eps;
                float v = a[o + j] - n[o + j] + eps;
                su += u * u;
                sv += v * v;
            }
            float nu = MathF.Sqrt(su), nv = MathF.Sqrt(sv);
            float l = nu - nv + margin;
            if (l > 0f)
            {
                sum += l;
                float cu = invN / nu, cv = invN / nv;
                for (int j = 0; j < d; j++)
                {
                    float u = a[o + j] - p[o + j] + eps;
                    float v = a[o + j] - n[o + j] + eps;
                    da[o + j] = u * cu - v * cv;
                    dp[o + j] = -u * cu;
                    dn[o + j] = v * cv;
                }
            }
            else
            {
                da.Slice(o, d).Clear();
                dp.Slice(o, d).Clear();
                dn.Slice(o, d).Clear();
            }
        }
        return (float)(sum / rows);
    }

    /// <summary>log(1 + x) for x in [0, 1], accurate for tiny x (Goldberg's trick).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Log1p(float x)
    {
        float u = 1f + x;
        return u == 1f ? x : MathF.Log(u) * x / (u - 1f);
    }
}

/// <summary>Argument checks shared by the benchmark kernels (cheap, once per call).</summary>
internal static class Shapes
{
    public static void SameLength(int a, int b, int c)
    {
        if (a != b || a != c)
            throw new ArgumentException($"Inputs and gradient must have the same length (got {a}, {b}, {c}).");
    }

    public static void Matrix(int zLength, int rows, int k, int dzLength)
    {
        if (k <= 0 || (long)rows * k != zLength || dzLength != zLength)
            throw new ArgumentException($"Logits must be [rows={rows}, k={k}] (got {zLength} elements, gradient {dzLength}).");
    }

    public static void Triplet(int a, int p, int n, int da, int dp, int dn, int d)
    {
        if (d <= 0 || a % d != 0 || p != a || n != a || da != a || dp != a || dn != a)
            throw new ArgumentException($"Triplet tensors must all be [rows, {d}] (got {a}, {p}, {n}, {da}, {dp}, {dn} elements).");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Label(int t, int k, int row)
    {
        if ((uint)t >= (uint)k) Throw(t, k, row);
        return t;

        static void Throw(int t, int k, int row) =>
            throw new ArgumentOutOfRangeException(nameof(t), $"Label t[{row}] = {t} is outside [0, {k}).");
    }
}
