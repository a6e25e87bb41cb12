using System.Numerics;
using System.Text.Json;
using static LossGen.Runtime.Tests.PairMatrix.PairMatrixReference;

namespace LossGen.Runtime.Tests.PairMatrix;

/// <summary>These tests change LossParallel's global settings, so nothing else runs beside them.</summary>
[CollectionDefinition(nameof(PairMatrixThreads), DisableParallelization = true)]
public sealed class PairMatrixThreads;

[Collection(nameof(PairMatrixThreads))]
public unsafe class PairMatrixCallTests
{
    /// <summary>Every output of one InfoNCE-shaped pass (forward with row and column statistics, both backward products, the self product).</summary>
    private static List<T[]> AllOutputs<T>(int n, int m, int d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] a = Random<T>(n * d, 80), b = Random<T>(m * d, 81);
        int chunks = PairGemm.ForwardChunks<T>(n, d);
        T[] stored = new T[n * m], rowMax = new T[n], rowSum = new T[n], columnMax = new T[chunks * m], columnSum = new T[chunks * m], columnLse = new T[m];
        PairEpilogues.ResetLogSumExp<T>(rowMax, rowSum);
        PairEpilogues.ResetLogSumExp<T>(columnMax, columnSum);
        fixed (T* ps = stored, pMax = rowMax, pSum = rowSum, pColumnMax = columnMax, pColumnSum = columnSum)
        {
            var epilogue = new LogSumExpEpilogue<T>
            {
                Scale = T.CreateTruncating(3), Store = ps, StoreStride = m, RowMax = pMax, RowSum = pSum,
                ColumnMax = pColumnMax, ColumnSum = pColumnSum, Columns = m,
            };
            PairGemm.Forward(a, n, d, b, m, d, d, ref epilogue);
        }
        PairEpilogues.CombineColumnLogSumExp<T>(columnMax, columnSum, chunks, m, columnLse);
        T[] aBar = new T[n * d], bBar = new T[m * d], selfBar = new T[n * d];
        PairGemm.AddProduct<T>(stored, m, b, d, aBar, d, n, m, d);
        PairGemm.AddTransposedProduct<T>(stored, m, a, d, bBar, d, n, m, d);
        T[] square = Random<T>(n * n, 82);
        PairGemm.AddSelfProduct<T>(square, n, a, d, selfBar, d, n, d);
        return [stored, rowMax, rowSum, columnLse, aBar, bBar, square, selfBar];
    }

    private static void BitIdenticalForAnyThreadCount<T>(int n, int m, int d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int degree = LossParallel.MaxDegreeOfParallelism;
        long threshold = LossParallel.ParallelThreshold;
        try
        {
            LossParallel.ParallelThreshold = 0; // every pass with two chunks or more runs on several threads
            LossParallel.MaxDegreeOfParallelism = 1;
            List<T[]> one = AllOutputs<T>(n, m, d);
            foreach (int threads in new[] { 2, 3 })
            {
                LossParallel.MaxDegreeOfParallelism = threads;
                List<T[]> many = AllOutputs<T>(n, m, d);
                for (int k = 0; k < one.Count; k++) Assert.Equal(one[k], many[k]); // exact equality of every element
            }
        }
        finally
        {
            LossParallel.MaxDegreeOfParallelism = degree;
            LossParallel.ParallelThreshold = threshold;
        }
    }

    [Fact]
    public void Results_are_bit_identical_for_1_2_and_3_threads_double()
    {
        Assert.True(PairGemm.ForwardChunks<double>(300, 256) >= 4); // several forward chunks, several backward chunks
        BitIdenticalForAnyThreadCount<double>(300, 257, 256);
    }

    [Fact]
    public void Results_are_bit_identical_for_1_2_and_3_threads_float()
        => BitIdenticalForAnyThreadCount<float>(333, 129, 600);

    [Fact]
    public void Bad_arguments_throw_naming_the_parameter_and_sizes_before_writing_anything()
    {
        double[] a = new double[7 * 5], b = new double[4 * 5], sBar = new double[7 * 4];
        double[] aBar = Enumerable.Repeat(1.0, 7 * 5).ToArray(), bBar = Enumerable.Repeat(1.0, 4 * 5).ToArray();
        var epilogue = new CopyEpilogue<double>(); // null output: touching it would crash, so the check must come first

        var e1 = Assert.Throws<ArgumentException>(() => PairGemm.Forward(a.AsSpan(1), 7, 5, b, 4, 5, 5, ref epilogue));
        Assert.Equal("a", e1.ParamName);
        Assert.Contains("34", e1.Message);
        Assert.Contains("[7, 5]", e1.Message);
        Assert.Contains("35", e1.Message);

        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => PairGemm.Forward(a, 7, 5, b, 4, 4, 5, ref epilogue));
        Assert.Equal("ldb", e2.ParamName);
        Assert.Contains("[4, 5]", e2.Message);

        var e3 = Assert.Throws<ArgumentException>(() => PairGemm.AddProduct<double>(sBar, 4, b, 5, aBar.AsSpan(0, 30), 5, 7, 4, 5));
        Assert.Equal("aBar", e3.ParamName);
        Assert.Contains("30", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => PairGemm.AddTransposedProduct<double>(sBar.AsSpan(0, 27), 4, a, 5, bBar, 5, 7, 4, 5));
        Assert.Equal("sBar", e4.ParamName);
        Assert.Contains("[7, 4]", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => PairGemm.AddSelfProduct<double>(sBar, 7, a, 5, aBar, 5, 7, 5));
        Assert.Equal("sBar", e5.ParamName);
        Assert.Contains("[7, 7]", e5.Message);
        var e6 = Assert.Throws<ArgumentOutOfRangeException>(() => PairGemm.AddProduct<double>(sBar, 4, b, 5, aBar, 5, -1, 4, 5));
        Assert.Equal("sBar", e6.ParamName);

        Assert.All(aBar, v => Assert.Equal(1.0, v));
        Assert.All(bBar, v => Assert.Equal(1.0, v));
        Assert.All(sBar, v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)] // all cores (2 on the CI machine); the helper threads exist after the warm-up
    public void A_call_allocates_nothing_after_warm_up(int threads)
    {
        int degree = LossParallel.MaxDegreeOfParallelism;
        long threshold = LossParallel.ParallelThreshold;
        try
        {
            LossParallel.MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads;
            LossParallel.ParallelThreshold = 0;
            const int n = 200, d = 64;
            float[] a = Random<float>(n * d, 90), b = Random<float>(n * d, 91), gradA = new float[n * d], gradB = new float[n * d];
            float[] sBar = Random<float>(n * n, 92);
            for (int warm = 0; warm < 3; warm++)
            {
                HandComposedInfoNce.LossWithGradient(a, b, n, d, 0.07f, gradA, gradB);
                PairGemm.AddSelfProduct<float>(sBar, n, a, d, gradA, d, n, d);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int call = 0; call < 5; call++)
            {
                HandComposedInfoNce.LossWithGradient(a, b, n, d, 0.07f, gradA, gradB);
                PairGemm.AddSelfProduct<float>(sBar, n, a, d, gradA, d, n, d);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            LossParallel.MaxDegreeOfParallelism = degree;
            LossParallel.ParallelThreshold = threshold;
        }
    }
}

/// <summary>The hand-composed InfoNCE against TorchSharp's float64 autograd (torch-reference-2.json, case infonce).</summary>
public class InfoNceOracleTests
{
    private sealed record Reference(int N, int D, double[] A, double[] B, double Tau, double Loss, double[] GradA, double[] GradB, double[] PerSample);

    private static Reference Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PairMatrix", "infonce-reference.json")));
        JsonElement c = document.RootElement.GetProperty("case");
        Assert.Equal("infonce", c.GetProperty("name").GetString());
        static double[] Data(JsonElement e) => e.GetProperty("data").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        JsonElement shape = c.GetProperty("inputs").GetProperty("a").GetProperty("shape");
        return new Reference(shape[0].GetInt32(), shape[1].GetInt32(),
            Data(c.GetProperty("inputs").GetProperty("a")), Data(c.GetProperty("inputs").GetProperty("b")),
            c.GetProperty("scalars").GetProperty("tau").GetDouble(), c.GetProperty("loss").GetDouble(),
            Data(c.GetProperty("grad").GetProperty("a")), Data(c.GetProperty("grad").GetProperty("b")), Data(c.GetProperty("per_sample")));
    }

    /// <summary>Relative to the largest reference magnitude of the array, as the formula-level torch parity tests measure.</summary>
    private static void Matches(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void Double_matches_torch_at_1e_9()
    {
        Reference r = Load();
        double[] gradA = new double[r.N * r.D], gradB = new double[r.N * r.D], perSample = new double[r.N];
        double loss = HandComposedInfoNce.LossWithGradient<double>(r.A, r.B, r.N, r.D, r.Tau, gradA, gradB, perSample);
        Matches([r.Loss], [loss], 1e-9, "loss");
        Matches(r.PerSample, perSample, 1e-9, "per_sample");
        Matches(r.GradA, gradA, 1e-9, "grad a");
        Matches(r.GradB, gradB, 1e-9, "grad b");
    }

    [Fact]
    public void Float_matches_torch_at_1e_5()
    {
        Reference r = Load();
        float[] a = r.A.Select(x => (float)x).ToArray(), b = r.B.Select(x => (float)x).ToArray();
        float[] gradA = new float[r.N * r.D], gradB = new float[r.N * r.D], perSample = new float[r.N];
        float loss = HandComposedInfoNce.LossWithGradient(a, b, r.N, r.D, (float)r.Tau, gradA, gradB, perSample);
        Matches([r.Loss], [loss], 1e-5, "loss");
        Matches(r.PerSample, perSample.Select(x => (double)x).ToArray(), 1e-5, "per_sample");
        Matches(r.GradA, gradA.Select(x => (double)x).ToArray(), 1e-5, "grad a");
        Matches(r.GradB, gradB.Select(x => (double)x).ToArray(), 1e-5, "grad b");
    }
}
