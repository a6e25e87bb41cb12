using System.Numerics.Tensors;

namespace LossGen.Tests.Robustness;

/// <summary>Generated members are pure and reentrant, and their results are bit-identical run to run.</summary>
public class ConcurrencyTests
{
    private static (double[] Z, int[] T) Data(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        return (Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() * 6 - 3).ToArray(),
                Enumerable.Range(0, rows).Select(_ => random.Next(cols)).ToArray());
    }

    private static (double Loss, double[] Gradient) Run(double[] z, int[] t, int rows, int cols)
    {
        var dz = new double[z.Length];
        double loss = SeedLosses.SparseCeWithGradient(new ReadOnlyTensorSpan<double>(z, [rows, cols]), t, new TensorSpan<double>(dz, [rows, cols]));
        return (loss, dz);
    }

    [Fact]
    public void Concurrent_calls_from_many_threads_give_the_single_threaded_results()
    {
        const int rows = 300, cols = 37;
        var inputs = Enumerable.Range(0, 8).Select(s => Data(rows, cols, s)).ToArray();
        var expected = inputs.Select(d => Run(d.Z, d.T, rows, cols)).ToArray();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 16 }, k =>
        {
            var (z, t) = inputs[k % inputs.Length];
            var (loss, gradient) = Run(z, t, rows, cols);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k % inputs.Length].Loss), BitConverter.DoubleToInt64Bits(loss));
            Assert.Equal(expected[k % inputs.Length].Gradient, gradient);
        });
    }

    [Fact]
    public void Repeated_calls_are_bit_identical()
    {
        var (z, t) = Data(1000, 10, 42);
        var first = Run(z, t, 1000, 10);
        for (int k = 0; k < 5; k++)
        {
            var again = Run(z, t, 1000, 10);
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.Loss), BitConverter.DoubleToInt64Bits(again.Loss));
            Assert.Equal(first.Gradient, again.Gradient);
        }
    }

    [Fact]
    public void Vector_body_and_scalar_tail_agree_for_every_length_up_to_100()
    {
        var random = new Random(7);
        for (int n = 0; n <= 100; n++)
        {
            float[] y = Enumerable.Range(0, n).Select(_ => (float)random.Next(2)).ToArray();
            float[] z = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
            var dz = new float[n];
            float loss = SeedLossesF.BceLogitsWithGradient(y, z, dz);
            double expected = 0;
            for (int i = 0; i < n; i++)
            {
                double zi = z[i];
                expected += Math.Max(zi, 0) + Math.Log(1 + Math.Exp(-Math.Abs(zi))) - y[i] * zi;
                double g = (1 / (1 + Math.Exp(-zi)) - y[i]) / n;
                Assert.True(Math.Abs(dz[i] - g) <= 1e-6, $"n = {n}, i = {i}: {dz[i]} vs {g}");
            }
            expected /= n;
            if (n == 0) Assert.True(float.IsNaN(loss));
            else Assert.True(Math.Abs(loss - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"n = {n}: {loss} vs {expected}");
        }
    }
}
