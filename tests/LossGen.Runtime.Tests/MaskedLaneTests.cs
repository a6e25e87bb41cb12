using System.Runtime.Intrinsics;

namespace LossGen.Runtime.Tests;

/// <summary>
/// The partial-vector helpers of generated kernels: masked loads and stores touch only the active (prefix) lanes,
/// and across-lane max/min equal a lane-by-lane Math.Max/Min, NaN and signed zeros included. CI reruns these
/// without AVX-512 and without hardware intrinsics, which exercises every implementation.
/// </summary>
public class MaskedLaneTests
{
    private static Vector512<float> Mask512F(int count) => Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)count));
    private static Vector256<float> Mask256F(int count) => Vector256.LessThan(Vector256<float>.Indices, Vector256.Create((float)count));
    private static Vector128<float> Mask128F(int count) => Vector128.LessThan(Vector128<float>.Indices, Vector128.Create((float)count));
    private static Vector512<double> Mask512D(int count) => Vector512.LessThan(Vector512<double>.Indices, Vector512.Create((double)count));
    private static Vector256<double> Mask256D(int count) => Vector256.LessThan(Vector256<double>.Indices, Vector256.Create((double)count));

    [Fact]
    public void Masked_loads_read_only_the_active_lanes_and_zero_the_others()
    {
        // The span ends right after the active lanes: reading further would throw (or fault) here.
        for (int count = 1; count < 16; count++)
        {
            float[] data = Enumerable.Range(1, 3 + count).Select(i => (float)i).ToArray();
            ReadOnlySpan<float> span = data;
            Vector512<float> v = LossMath.LoadMasked(span, 3, Mask512F(count));
            for (int k = 0; k < 16; k++) Assert.Equal(k < count ? data[3 + k] : 0f, v[k]);
            if (count < 8)
            {
                Vector256<float> w = LossMath.LoadMasked(span, 3, Mask256F(count));
                for (int k = 0; k < 8; k++) Assert.Equal(k < count ? data[3 + k] : 0f, w[k]);
            }
            if (count < 4)
            {
                Vector128<float> u = LossMath.LoadMasked(span, 3, Mask128F(count));
                for (int k = 0; k < 4; k++) Assert.Equal(k < count ? data[3 + k] : 0f, u[k]);
            }
            if (count < 8)
            {
                double[] dd = data.Select(x => (double)x).ToArray();
                Vector512<double> d = LossMath.LoadMasked((ReadOnlySpan<double>)dd, 3, Mask512D(count));
                for (int k = 0; k < 8; k++) Assert.Equal(k < count ? dd[3 + k] : 0d, d[k]);
            }
        }
    }

    [Fact]
    public void Masked_stores_write_only_the_active_lanes()
    {
        for (int count = 1; count < 16; count++)
        {
            var data = new float[2 + count + 5];
            Array.Fill(data, -1f);
            LossMath.StoreMasked(Vector512<float>.Indices + Vector512<float>.One, data.AsSpan(0, 2 + count), 2, Mask512F(count));
            for (int k = 0; k < data.Length; k++)
                Assert.Equal(k >= 2 && k < 2 + count ? k - 1f : -1f, data[k]);
            if (count < 4)
            {
                var dd = new double[2 + count + 5];
                Array.Fill(dd, -1d);
                LossMath.StoreMasked(Vector256<double>.Indices + Vector256<double>.One, dd.AsSpan(0, 2 + count), 2, Mask256D(count));
                for (int k = 0; k < dd.Length; k++)
                    Assert.Equal(k >= 2 && k < 2 + count ? k - 1d : -1d, dd[k]);
            }
        }
    }

    [Fact]
    public void Across_lane_max_and_min_match_lane_by_lane_math()
    {
        var random = new Random(5);
        float[] specials = [float.NaN, 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, 1e-45f, -3f];
        for (int trial = 0; trial < 2000; trial++)
        {
            var lanes = new float[16];
            for (int k = 0; k < 16; k++)
                lanes[k] = random.Next(4) == 0 ? specials[random.Next(specials.Length)] : (float)(random.NextDouble() * 10 - 5);
            float max = float.NegativeInfinity, min = float.PositiveInfinity;
            foreach (float x in lanes) { max = MathF.Max(max, x); min = MathF.Min(min, x); }
            var v = Vector512.Create(lanes);
            Assert.Equal(BitConverter.SingleToInt32Bits(max) is var mb && float.IsNaN(max) ? 0 : mb, Bits(LossMath.MaxAcross(v)));
            Assert.Equal(BitConverter.SingleToInt32Bits(min) is var nb && float.IsNaN(min) ? 0 : nb, Bits(LossMath.MinAcross(v)));
            double dmax = double.NegativeInfinity;
            for (int k = 0; k < 8; k++) dmax = Math.Max(dmax, lanes[k]);
            double got = LossMath.MaxAcross(Vector512.Create(lanes.Take(8).Select(x => (double)x).ToArray()));
            Assert.True(double.IsNaN(dmax) ? double.IsNaN(got) : BitConverter.DoubleToInt64Bits(dmax) == BitConverter.DoubleToInt64Bits(got));
        }

        static int Bits(float x) => float.IsNaN(x) ? 0 : BitConverter.SingleToInt32Bits(x);
    }
}
