using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace LossGen.Tests.Kernels;

// Losses whose passes reduce with max and min, and a per-row norm, on top of the seed losses.
public static partial class ParallelLosses
{
    [Loss("max(abs(yhat - y)) + min(yhat)")]
    public static partial float MaxMin([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    [Loss("-mean(sum(y * log_softmax(z, dim: 1), dim: 1))")]
    public static partial float CceLogits([Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z);

    [Loss("mean(norm(a - b + 1e-6, dim: 1))")]
    public static partial double RowNorm(ReadOnlyTensorSpan<double> a, [Target] ReadOnlyTensorSpan<double> b);
}

[CollectionDefinition(nameof(LossParallelSettings), DisableParallelization = true)]
public sealed class LossParallelSettings;

/// <summary>
/// Chunking and reduction order are fixed by the input shape, so a generated kernel returns the same bits on 1, 2, 3
/// and 8 threads, and whether or not it runs on several threads at all (the threshold is forced to 0 here so that even
/// small inputs take the multi-threaded path). Sizes sit around chunk boundaries (16,384 elements; for rows,
/// ⌈16,384 / columns⌉ rows).
/// </summary>
[Collection(nameof(LossParallelSettings))]
public class ParallelDeterminismTests
{
    private static readonly int[] Threads = [1, 2, 3, 8];

    /// <summary>Runs <paramref name="run"/> single-threaded (default threshold), then on each thread count with threshold 0; all results must be bitwise equal.</summary>
    private static void AssertSameBits(Func<byte[]> run)
    {
        int degree = LossParallel.MaxDegreeOfParallelism;
        long threshold = LossParallel.ParallelThreshold;
        try
        {
            LossParallel.MaxDegreeOfParallelism = 1;
            byte[] expected = run();
            LossParallel.ParallelThreshold = 0;
            foreach (int threads in Threads)
            {
                LossParallel.MaxDegreeOfParallelism = threads;
                for (int repeat = 0; repeat < 3; repeat++)
                {
                    byte[] actual = run();
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"different bits on {threads} threads (repeat {repeat})");
                }
            }
        }
        finally
        {
            LossParallel.MaxDegreeOfParallelism = degree;
            LossParallel.ParallelThreshold = threshold;
        }
    }

    private static byte[] Bits<T>(T loss, params T[][] outputs) where T : unmanaged
    {
        var bytes = new List<byte>(MemoryMarshal.AsBytes(new[] { loss }.AsSpan()).ToArray());
        foreach (T[] o in outputs) bytes.AddRange(MemoryMarshal.AsBytes(o.AsSpan()).ToArray());
        return bytes.ToArray();
    }

    private static float[] Floats(int n, int seed, float lo = -4, float hi = 4)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(lo + (hi - lo) * r.NextDouble())).ToArray();
    }

    private static double[] Doubles(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => r.NextDouble() * 6 - 3).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(16_385)]
    [InlineData(32_768)]
    [InlineData(49_153)]
    [InlineData(100_003)]
    public void Rank1_losses_are_bit_identical_on_any_thread_count(int n)
    {
        float[] y = Floats(n, 1).Select(v => v > 0 ? 1f : 0f).ToArray(), z = Floats(n, 2);
        AssertSameBits(() =>
        {
            var dz = new float[n];
            return Bits(SeedLossesF.BceLogitsWithGradient(y, z, dz), dz);
        });
        AssertSameBits(() =>
        {
            var dz = new float[n];
            return Bits(SeedLossesF.MseWithGradient(y, z, dz), dz);
        });
        AssertSameBits(() =>
        {
            var dz = new float[n];
            float focal = SeedLossesF.FocalWithGradient(y, z.Select(v => 1 / (1 + MathF.Exp(-v))).ToArray(), dz);
            return Bits(focal, dz);
        });
        AssertSameBits(() =>
        {
            var dz = new float[n];
            return Bits(ParallelLosses.MaxMinWithGradient(y, z, dz), dz);
        });
        AssertSameBits(() => Bits(ParallelLosses.MaxMin(y, z)));
        double[] yd = Doubles(n, 3), zd = Doubles(n, 4);
        AssertSameBits(() =>
        {
            var dz = new double[n];
            return Bits(SeedLosses.MseWithGradient(yd, zd, dz), dz);
        });
        AssertSameBits(() =>
        {
            var losses = new float[n];
            SeedLossesF.BceLogitsPerSample(y, z, losses);
            return Bits(0f, losses);
        });
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(1_638, 10)]
    [InlineData(1_639, 10)]
    [InlineData(1_640, 10)]
    [InlineData(3_279, 10)]
    [InlineData(5_000, 7)]
    [InlineData(700, 1000)]
    [InlineData(33, 1)]
    public void Sparse_and_dense_cross_entropy_are_bit_identical_on_any_thread_count(int rows, int k)
    {
        float[] z = Floats(rows * k, 5);
        var r = new Random(6);
        int[] t = Enumerable.Range(0, rows).Select(_ => r.Next(k)).ToArray();
        AssertSameBits(() =>
        {
            var dz = new float[rows * k];
            float loss = SeedLossesF.SparseCeWithGradient(new ReadOnlyTensorSpan<float>(z, [rows, k]), t, new TensorSpan<float>(dz, [rows, k]));
            return Bits(loss, dz);
        });
        AssertSameBits(() =>
        {
            var losses = new float[rows];
            SeedLossesF.SparseCePerSample(new ReadOnlyTensorSpan<float>(z, [rows, k]), t, losses);
            return Bits(0f, losses);
        });
        float[] y = new float[rows * k];
        for (int i = 0; i < rows; i++) y[i * k + t[i]] = 1;
        AssertSameBits(() =>
        {
            var dz = new float[rows * k];
            float loss = ParallelLosses.CceLogitsWithGradient(new ReadOnlyTensorSpan<float>(y, [rows, k]), new ReadOnlyTensorSpan<float>(z, [rows, k]), new TensorSpan<float>(dz, [rows, k]));
            return Bits(loss, dz);
        });
    }

    [Theory]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1_000)]
    public void Row_norm_losses_are_bit_identical_on_any_thread_count(int rows)
    {
        const int d = 128;
        float[] a = Floats(rows * d, 7), p = Floats(rows * d, 8), n = Floats(rows * d, 9);
        AssertSameBits(() =>
        {
            float[] da = new float[rows * d], dp = new float[rows * d], dn = new float[rows * d];
            float loss = SeedLossesF.TripletWithGradient(
                new ReadOnlyTensorSpan<float>(a, [rows, d]), new ReadOnlyTensorSpan<float>(p, [rows, d]), new ReadOnlyTensorSpan<float>(n, [rows, d]),
                new TensorSpan<float>(da, [rows, d]), new TensorSpan<float>(dp, [rows, d]), new TensorSpan<float>(dn, [rows, d]), 0.5f);
            return Bits(loss, da, dp, dn);
        });
        double[] ad = Doubles(rows * 20, 10), bd = Doubles(rows * 20, 11);
        AssertSameBits(() =>
        {
            var da = new double[rows * 20];
            double loss = ParallelLosses.RowNormWithGradient(new ReadOnlyTensorSpan<double>(ad, [rows, 20]), new ReadOnlyTensorSpan<double>(bd, [rows, 20]), new TensorSpan<double>(da, [rows, 20]));
            return Bits(loss, da);
        });
    }

    [Fact]
    public void Multi_task_loss_with_rank1_and_rank2_passes_is_bit_identical()
    {
        const int rows = 20_000, k = 5;
        float[] steer = Floats(rows, 12), steerHat = Floats(rows, 13), z = Floats(rows * k, 14);
        var r = new Random(15);
        int[] t = Enumerable.Range(0, rows).Select(_ => r.Next(k)).ToArray();
        AssertSameBits(() =>
        {
            float[] dsteer = new float[rows], dz = new float[rows * k];
            float loss = SeedLossesF.MultiTaskWithGradient(steer, steerHat, new ReadOnlyTensorSpan<float>(z, [rows, k]), t, dsteer, new TensorSpan<float>(dz, [rows, k]));
            return Bits(loss, dsteer, dz);
        });
    }

    [Fact]
    public void Multi_threaded_results_match_a_straightforward_sum()
    {
        const int n = 200_000;
        float[] y = Floats(n, 16), yhat = Floats(n, 17);
        double expected = 0;
        for (int i = 0; i < n; i++) expected += (double)(yhat[i] - y[i]) * (yhat[i] - y[i]);
        expected /= n;
        int degree = LossParallel.MaxDegreeOfParallelism;
        try
        {
            LossParallel.MaxDegreeOfParallelism = 4;
            var d = new float[n];
            Assert.Equal(expected, SeedLossesF.MseWithGradient(y, yhat, d), 1e-5 * expected);
            for (int i = 0; i < n; i += 997)
            {
                double g = 2.0 * (yhat[i] - y[i]) / n;
                Assert.Equal(g, d[i], 1e-6 * Math.Abs(g) + 1e-15);
            }
        }
        finally
        {
            LossParallel.MaxDegreeOfParallelism = degree;
        }
    }

    [Fact]
    public void The_single_threaded_path_allocates_nothing()
    {
        const int n = 100_000;
        float[] y = Floats(n, 18), z = Floats(n, 19), dz = new float[n];
        int degree = LossParallel.MaxDegreeOfParallelism;
        try
        {
            LossParallel.MaxDegreeOfParallelism = 1;
            SeedLossesF.BceLogitsWithGradient(y, z, dz);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 10; k++) SeedLossesF.BceLogitsWithGradient(y, z, dz);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            LossParallel.MaxDegreeOfParallelism = degree;
        }
    }

    [Fact]
    public void Settings_are_validated_and_chunks_do_not_depend_on_threads()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LossParallel.MaxDegreeOfParallelism = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => LossParallel.ParallelThreshold = -1);
        Assert.Equal(LossParallel.ChunkElements, LossParallel.ChunkLength(1));
        Assert.Equal(1_639, LossParallel.ChunkLength(10));
        Assert.Equal(1, LossParallel.ChunkLength(100_000));
        Assert.Equal(1, LossParallel.Degree(1, long.MaxValue));
        Assert.Equal(1, LossParallel.Degree(100, 0));
    }

    private static readonly int[] Counts = new int[64];

    [Fact]
    public void An_exception_in_a_chunk_reaches_the_caller()
    {
        int state = 0;
        var e = Assert.Throws<InvalidOperationException>(() => LossParallel.Run(ref state, 8, 3,
            static (ref int s, int c, in LossPins p) => { if (c == 5) throw new InvalidOperationException("chunk 5"); }));
        Assert.Equal("chunk 5", e.Message);
        // Every chunk runs exactly once, whatever the number of threads.
        Array.Clear(Counts);
        LossParallel.Run(ref state, 64, 4, static (ref int s, int c, in LossPins p) => Interlocked.Increment(ref Counts[c]));
        Assert.All(Counts, c => Assert.Equal(1, c));
    }
}
