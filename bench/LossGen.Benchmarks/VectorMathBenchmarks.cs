// LossMath lives in LossGen.Runtime, which this project references only when UseLossGen=true (see the .csproj):
// these benchmarks are compiled and listed under the same switch.
#if LOSSGEN_GENERATED
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace LossGen.Benchmarks;

/// <summary>
/// LossMath.Exp/Log (float kernels computed in float, double kernels) against the BCL's Vector512/Vector256.Exp/Log
/// over 64K elements, one benchmark group per function and type with the BCL as baseline. Exp inputs are uniform in
/// [-20, 20] (the fast path: no lane needs the overflow/underflow path); Log inputs are e^u with u uniform in
/// [-20, 20]. Run: dotnet run -c Release --project bench/LossGen.Benchmarks -p:UseLossGen=true -- --filter '*VectorMath*'.
/// The Vector512 rows run the BCL's software fallback (slowly) where Vector512 is not hardware accelerated.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class VectorMathBenchmarks
{
    public const int N = 65_536;

    private float[] _xf = null!, _lf = null!, _yf = null!;
    private double[] _xd = null!, _ld = null!, _yd = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _xf = new float[N]; _lf = new float[N]; _yf = new float[N];
        _xd = new double[N]; _ld = new double[N]; _yd = new double[N];
        for (int i = 0; i < N; i++)
        {
            double u = rng.NextDouble() * 40 - 20, v = rng.NextDouble() * 40 - 20;
            _xf[i] = (float)u; _xd[i] = u;
            _lf[i] = (float)Math.Exp(v); _ld[i] = Math.Exp(v);
        }
        Check();
    }

    /// <summary>Refuses to benchmark if LossMath and the BCL disagree by more than a few ulp (both are ~1 ulp).</summary>
    private void Check()
    {
        for (int i = 0; i < N; i += 16)
        {
            Vector512<float> a = LossMath.Exp(Vector512.LoadUnsafe(ref _xf[i])), b = Vector512.Exp(Vector512.LoadUnsafe(ref _xf[i]));
            Vector512<float> c = LossMath.Log(Vector512.LoadUnsafe(ref _lf[i])), d = Vector512.Log(Vector512.LoadUnsafe(ref _lf[i]));
            for (int j = 0; j < 16; j++)
            {
                if (Math.Abs(a[j] - b[j]) > 4 * float.Epsilon + 4e-7f * Math.Abs(b[j]) || Math.Abs(c[j] - d[j]) > 4e-7f * Math.Max(1, Math.Abs(d[j])))
                    throw new InvalidOperationException($"LossMath and BCL disagree at x = {_xf[i + j]:R} / {_lf[i + j]:R}");
            }
        }
    }

    // ---------------------------------------------------------------- exp, float

    [Benchmark(Baseline = true), BenchmarkCategory("Exp float")]
    public void BclExp512F()
    {
        float[] x = _xf, y = _yf;
        for (int i = 0; i < x.Length; i += Vector512<float>.Count)
            Vector512.Exp(Vector512.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Exp float")]
    public void LossMathExp512F()
    {
        float[] x = _xf, y = _yf;
        for (int i = 0; i < x.Length; i += Vector512<float>.Count)
            LossMath.Exp(Vector512.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Exp float")]
    public void BclExp256F()
    {
        float[] x = _xf, y = _yf;
        for (int i = 0; i < x.Length; i += Vector256<float>.Count)
            Vector256.Exp(Vector256.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Exp float")]
    public void LossMathExp256F()
    {
        float[] x = _xf, y = _yf;
        for (int i = 0; i < x.Length; i += Vector256<float>.Count)
            LossMath.Exp(Vector256.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    // ---------------------------------------------------------------- log, float

    [Benchmark(Baseline = true), BenchmarkCategory("Log float")]
    public void BclLog512F()
    {
        float[] x = _lf, y = _yf;
        for (int i = 0; i < x.Length; i += Vector512<float>.Count)
            Vector512.Log(Vector512.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Log float")]
    public void LossMathLog512F()
    {
        float[] x = _lf, y = _yf;
        for (int i = 0; i < x.Length; i += Vector512<float>.Count)
            LossMath.Log(Vector512.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Log float")]
    public void BclLog256F()
    {
        float[] x = _lf, y = _yf;
        for (int i = 0; i < x.Length; i += Vector256<float>.Count)
            Vector256.Log(Vector256.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Log float")]
    public void LossMathLog256F()
    {
        float[] x = _lf, y = _yf;
        for (int i = 0; i < x.Length; i += Vector256<float>.Count)
            LossMath.Log(Vector256.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    // ---------------------------------------------------------------- exp / log, double

    [Benchmark(Baseline = true), BenchmarkCategory("Exp double")]
    public void BclExp512D()
    {
        double[] x = _xd, y = _yd;
        for (int i = 0; i < x.Length; i += Vector512<double>.Count)
            Vector512.Exp(Vector512.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Exp double")]
    public void LossMathExp512D()
    {
        double[] x = _xd, y = _yd;
        for (int i = 0; i < x.Length; i += Vector512<double>.Count)
            LossMath.Exp(Vector512.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Exp double")]
    public void LossMathExp256D()
    {
        double[] x = _xd, y = _yd;
        for (int i = 0; i < x.Length; i += Vector256<double>.Count)
            LossMath.Exp(Vector256.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Log double")]
    public void BclLog512D()
    {
        double[] x = _ld, y = _yd;
        for (int i = 0; i < x.Length; i += Vector512<double>.Count)
            Vector512.Log(Vector512.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Log double")]
    public void LossMathLog512D()
    {
        double[] x = _ld, y = _yd;
        for (int i = 0; i < x.Length; i += Vector512<double>.Count)
            LossMath.Log(Vector512.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }

    [Benchmark, BenchmarkCategory("Log double")]
    public void LossMathLog256D()
    {
        double[] x = _ld, y = _yd;
        for (int i = 0; i < x.Length; i += Vector256<double>.Count)
            LossMath.Log(Vector256.LoadUnsafe(ref x[i])).StoreUnsafe(ref y[i]);
    }
}
#endif
