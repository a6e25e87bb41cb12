using System.Numerics.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace LossGen.Benchmarks.Kernels;

/// <summary>
/// Variant (b): what you write with System.Numerics.Tensors when there is no fused kernel: a sequence of vectorised
/// TensorPrimitives calls, each one a full pass over its operands. Elementwise losses work on whole arrays with
/// caller-provided scratch buffers (allocated once, so nothing is allocated per call); the row-wise losses
/// (cross-entropy, triplet) call TensorPrimitives once per row because it has no row-wise reductions.
/// </summary>
/// <remarks>
/// TensorPrimitives.LogP1 is computed as log(x + 1), which loses all precision for x below ~1e-7 (softplus of a very
/// negative logit comes out as 0 instead of exp(z)). The absolute error is below 1e-7 per element, far inside the
/// self-check tolerance; it is left as is because that is what a composition of library calls gives you.
/// </remarks>
public static class TensorPrimitivesLosses
{
    /// <summary>Scratch buffers for <see cref="BceLogits"/> (2 × N) and <see cref="FocalLogits"/> (5 × N).</summary>
    public sealed class Scratch(int n, int count)
    {
        private readonly Aligned<float>[] _buffers = Enumerable.Range(0, count).Select(_ => new Aligned<float>(n)).ToArray();
        public Span<float> this[int i] => _buffers[i].Span;
    }

    public static float Mse(ReadOnlySpan<float> y, ReadOnlySpan<float> yhat, Span<float> dyhat)
    {
        Shapes.SameLength(y.Length, yhat.Length, dyhat.Length);
        int n = y.Length;
        TP.Subtract(yhat, y, dyhat);                    // d = yhat - y
        float loss = TP.SumOfSquares(dyhat) / n;        // mean(d^2)
        TP.Multiply(dyhat, 2f / n, dyhat);              // dyhat = 2 d / N
        return loss;
    }

    public static float BceLogits(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz, Scratch scratch)
    {
        Shapes.SameLength(y.Length, z.Length, dz.Length);
        int n = y.Length;
        Span<float> t1 = scratch[0].Slice(0, n), t2 = scratch[1].Slice(0, n);
        TP.Abs(z, t1);
        TP.Negate(t1, t1);
        TP.Exp(t1, t1);
        TP.LogP1(t1, t1);                                // log1p(exp(-|z|))
        TP.Max(z, 0f, t2);                               // max(z, 0)
        float loss = (TP.Sum(t1) + TP.Sum(t2) - TP.Dot(y, z)) / n;
        TP.Sigmoid(z, dz);
        TP.Subtract(dz, y, dz);
        TP.Multiply(dz, 1f / n, dz);                     // (sigmoid(z) - y) / N
        return loss;
    }

    public static float FocalLogits(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz, Scratch scratch,
        float alpha = 0.25f, float gamma = 2f)
    {
        Shapes.SameLength(y.Length, z.Length, dz.Length);
        int n = y.Length;
        Span<float> ce = scratch[0].Slice(0, n), p = scratch[1].Slice(0, n), m = scratch[2].Slice(0, n);
        Span<float> t = scratch[3].Slice(0, n), w = scratch[4].Slice(0, n);

        // ce = softplus(z) - y z
        TP.Abs(z, ce);
        TP.Negate(ce, ce);
        TP.Exp(ce, ce);
        TP.LogP1(ce, ce);
        TP.Max(z, 0f, t);
        TP.Add(ce, t, ce);
        TP.Multiply(y, z, t);
        TP.Subtract(ce, t, ce);

        // p = sigmoid(z); t = 1 - 2y; m = 1 - p_t = p + y (1 - 2p) = p (1 - 2y) + y
        TP.Sigmoid(z, p);
        TP.Multiply(y, -2f, t);
        TP.Add(t, 1f, t);
        TP.MultiplyAdd(p, t, y, m);

        // w = a_t = (1 - alpha) + y (2 alpha - 1)
        TP.Multiply(y, 2f * alpha - 1f, w);
        TP.Add(w, 1f - alpha, w);

        // dz = gamma m^(gamma-1) (1 - 2y) p (1 - p) ce   (t still holds 1 - 2y)
        if (gamma == 2f) TP.Multiply(m, 2f, dz);
        else { TP.Pow(m, gamma - 1f, dz); TP.Multiply(dz, gamma, dz); }
        TP.Multiply(dz, t, dz);
        TP.Multiply(dz, p, dz);
        TP.Subtract(1f, p, t);
        TP.Multiply(dz, t, dz);
        TP.Multiply(dz, ce, dz);

        // m <- m^gamma; loss = mean(a_t m^gamma ce)
        if (gamma == 2f) TP.Multiply(m, m, m);
        else TP.Pow(m, gamma, m);
        TP.Multiply(w, m, t);
        float loss = TP.Dot(t, ce) / n;

        // dz += m^gamma (p - y); dz *= a_t / N
        TP.Subtract(p, y, p);
        TP.MultiplyAdd(m, p, dz, dz);
        TP.Multiply(dz, w, dz);
        TP.Multiply(dz, 1f / n, dz);
        return loss;
    }

    public static float SparseCe(ReadOnlySpan<float> z, ReadOnlySpan<int> t, int k, Span<float> dz)
    {
        int rows = t.Length;
        Shapes.Matrix(z.Length, rows, k, dz.Length);
        float invN = 1f / rows;
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> zr = z.Slice(i * k, k);
            Span<float> dr = dz.Slice(i * k, k);
            int ti = Shapes.Label(t[i], k, i);
            float max = TP.Max(zr);
            TP.Subtract(zr, max, dr);
            TP.Exp(dr, dr);
            float s = TP.Sum(dr);
            TP.Multiply(dr, invN / s, dr);               // softmax / N
            dr[ti] -= invN;
            sum += max + MathF.Log(s) - zr[ti];
        }
        return (float)(sum / rows);
    }

    /// <param name="u">Scratch of length <paramref name="d"/>.</param>
    /// <param name="v">Scratch of length <paramref name="d"/>.</param>
    public static float Triplet(ReadOnlySpan<float> a, ReadOnlySpan<float> p, ReadOnlySpan<float> n, int d,
        Span<float> da, Span<float> dp, Span<float> dn, Span<float> u, Span<float> v, float margin = 1f)
    {
        Shapes.Triplet(a.Length, p.Length, n.Length, da.Length, dp.Length, dn.Length, d);
        int rows = a.Length / d;
        u = u.Slice(0, d);
        v = v.Slice(0, d);
        const float eps = 1e-6f;
        float invN = 1f / rows;
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            int o = i * d;
            ReadOnlySpan<float> ar = a.Slice(o, d);
            TP.Subtract(ar, p.Slice(o, d), u);
            TP.Add(u, eps, u);
            TP.Subtract(ar, n.Slice(o, d), v);
            TP.Add(v, eps, v);
            float nu = TP.Norm(u), nv = TP.Norm(v);
            float l = nu - nv + margin;
            Span<float> dar = da.Slice(o, d), dpr = dp.Slice(o, d), dnr = dn.Slice(o, d);
            if (l > 0f)
            {
                sum += l;
                TP.Multiply(u, -invN / nu, dpr);         // dp = -u / (|u| N)
                TP.Multiply(v, invN / nv, dnr);          // dn =  v / (|v| N)
                TP.Add(dpr, dnr, dar);
                TP.Negate(dar, dar);                     // da = -(dp + dn)
            }
            else
            {
                dar.Clear();
                dpr.Clear();
                dnr.Clear();
            }
        }
        return (float)(sum / rows);
    }
}
