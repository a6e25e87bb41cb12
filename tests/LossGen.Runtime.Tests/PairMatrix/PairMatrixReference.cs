using System.Numerics;

namespace LossGen.Runtime.Tests.PairMatrix;

/// <summary>Naive triple loops and random data for the pair-matrix tests.</summary>
internal static class PairMatrixReference
{
    /// <summary>The awkward sizes: 1, odd, primes, none a multiple of a vector width.</summary>
    public static readonly int[] Sizes = [1, 3, 7, 17, 33, 100];

    public static T[] Random<T>(int length, int seed) where T : IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var data = new T[length];
        for (int i = 0; i < length; i++) data[i] = T.CreateTruncating((float)(random.NextDouble() * 2 - 1));
        return data;
    }

    /// <summary>S[i, j] = fma chain over k ascending, from 0: what the kernel must reproduce bit for bit.</summary>
    public static T[] Product<T>(T[] a, int n, int lda, T[] b, int m, int ldb, int d) where T : IBinaryFloatingPointIeee754<T>
    {
        var s = new T[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                T sum = T.Zero;
                for (int k = 0; k < d; k++) sum = T.FusedMultiplyAdd(a[i * lda + k], b[j * ldb + k], sum);
                s[i * m + j] = sum;
            }
        return s;
    }

    /// <summary>The same product in double, for tolerance checks of float results.</summary>
    public static double[] ProductDouble<T>(T[] a, int n, T[] b, int m, int d) where T : IBinaryFloatingPointIeee754<T>
    {
        var s = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double sum = 0;
                for (int k = 0; k < d; k++) sum += double.CreateTruncating(a[i * d + k]) * double.CreateTruncating(b[j * d + k]);
                s[i * m + j] = sum;
            }
        return s;
    }

    /// <summary>out[r, c] += Σ_k S(r, k) b[k, c], k ascending, S(r, k) = s[r·rowStep + k·sumStep].</summary>
    public static void Accumulate<T>(T[] s, int rowStep, int sumStep, T[] b, int ldb, T[] output, int ldo, int rows, int sum, int d)
        where T : IBinaryFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < d; c++)
            {
                T acc = output[r * ldo + c];
                for (int k = 0; k < sum; k++) acc = T.FusedMultiplyAdd(s[r * rowStep + k * sumStep], b[k * ldb + c], acc);
                output[r * ldo + c] = acc;
            }
    }

    /// <summary>logsumexp of each row of v [n, m] (two passes, double).</summary>
    public static double[] RowLogSumExp(double[] v, int n, int m)
    {
        var lse = new double[n];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < m; j++) max = Math.Max(max, v[i * m + j]);
            double sum = 0;
            for (int j = 0; j < m; j++) sum += Math.Exp(v[i * m + j] - max);
            lse[i] = max + Math.Log(sum);
        }
        return lse;
    }

    public static double[] Transpose(double[] v, int n, int m)
    {
        var t = new double[m * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) t[j * n + i] = v[i * m + j];
        return t;
    }

    public static void Close(double expected, double actual, double relative, string what)
    {
        double error = Math.Abs(expected - actual);
        Assert.True(error <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R} (error {error:E2})");
    }
}
