using System.Text;

namespace LossGen.Tests.Differential;

/// <summary>
/// Runs compiled formulas against the reference interpreter: values, gradients and per-row losses on random inputs
/// at sizes that hit vector tails, masked lanes and chunk boundaries; finite differences; thread counts. Every
/// disagreement becomes a <see cref="Mismatch"/> naming the formula, the sizes and what differed.
/// </summary>
internal sealed class DifferentialRunner(Random random)
{
    public sealed record Mismatch(FuzzCase Case, string What);

    /// <summary>Picks the Hessian entries to check: a generator of its own, so that the formulas and inputs a seed
    /// draws from <c>random</c> do not depend on which formulas have Hessian members.</summary>
    private readonly Random _hessianRandom = new(1);

    /// <summary>Statistics for the report.</summary>
    public int Calls, ValueChecks, GradientChecks, PerSampleChecks, FiniteDifferenceChecks, ThreadChecks, Skipped, HessianChecks;

    /// <summary>A digest of every bit the generated code returned, for comparing runs across instruction sets.</summary>
    public readonly StringBuilder Digest = new();

    private static readonly int[] VectorSizes = [0, 1, 7, 16, 17, 31, 33, 64, 100, 16383, 16384, 16385];

    /// <summary>rows × cols around vector widths and chunks (⌈16,384 / cols⌉ rows per chunk).</summary>
    private static readonly (int Rows, int Cols)[] MatrixSizes =
    [
        (1, 1), (2, 3), (7, 5), (17, 3), (33, 16), (5, 17), (3, 31), (0, 4), (16, 1), (4, 33), (9, 2),
        (963, 17), (965, 17), (1025, 16), (3, 8193), (16385, 1),
    ];

    public List<Mismatch> Run(CompiledFormula f, bool usesMatrix)
    {
        var problems = new List<Mismatch>();
        bool large = random.Next(4) == 0;
        var sizes = new List<(int Rows, int Cols)>();
        for (int s = 0; s < 3; s++)
        {
            if (usesMatrix)
            {
                var candidates = MatrixSizes.Where(m => large ? m.Rows * m.Cols > 1000 : m.Rows * m.Cols <= 1000).ToArray();
                sizes.Add(candidates[random.Next(candidates.Length)]);
            }
            else
            {
                var candidates = VectorSizes.Where(n => large ? n > 1000 : n <= 1000).ToArray();
                sizes.Add((candidates[random.Next(candidates.Length)], 1 + random.Next(5)));
            }
            large = false;
        }
        foreach ((int rows, int cols) in sizes)
        {
            FuzzCall call = Inputs(rows, cols, f.Case.IsDouble, edges: random.Next(3) == 0);
            string problem = Check(f, call);
            if (problem.Length != 0)
            {
                problems.Add(new Mismatch(f.Case, $"rows {rows}, cols {cols}: {problem}"));
                break;
            }
        }
        if (problems.Count == 0)
        {
            (int rows, int cols) = sizes.MaxBy(s => s.Rows * s.Cols);
            string threads = CheckThreads(f, Inputs(rows, cols, f.Case.IsDouble, edges: false));
            if (threads.Length != 0) problems.Add(new Mismatch(f.Case, $"rows {rows}, cols {cols}: {threads}"));
        }
        return problems;
    }

    // ---- inputs ----

    public FuzzCall Inputs(int rows, int cols, bool isDouble, bool edges)
    {
        double R(double v) => isDouble ? v : (float)v;
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double[] Edge = [0, 1, -1, 0.5, 2, 1e-30, -1e-30, 1e30, -1e30, 1e-7, 3, -3, 20, -20, 100];
        double[] Array(int n, Func<double> draw)
        {
            var a = new double[n];
            for (int i = 0; i < n; i++)
            {
                if (edges && i > 0 && random.Next(8) == 0) a[i] = a[i - 1]; // exact ties
                else a[i] = R(draw());
            }
            return a;
        }
        double Real() => edges && random.Next(4) == 0 ? Edge[random.Next(Edge.Length)] : Normal() * (random.Next(4) == 0 ? 3 : 1);
        double Probability() => edges && random.Next(4) == 0 ? new[] { 0, 1, 1e-7, 1 - 1e-7, 0.5 }[random.Next(5)] : 0.02 + 0.96 * random.NextDouble();
        double Target() => random.Next(2) == 0 ? random.Next(2) : Normal();
        int n = rows * cols;
        return new FuzzCall
        {
            Rows = rows,
            Cols = cols,
            Y = Array(rows, Target),
            U = Array(rows, Real),
            P = Array(rows, Probability),
            Z = Array(n, Real),
            W = Array(n, Real),
            Q = Array(n, () => random.Next(3) == 0 ? random.Next(2) : random.NextDouble()),
            C = Array(cols, () => edges && random.Next(5) == 0 ? 0 : 0.1 + 2 * random.NextDouble()),
            T = Enumerable.Range(0, rows).Select(_ => random.Next(4) == 0 ? (random.Next(2) == 0 ? 0 : cols - 1) : random.Next(cols)).ToArray(),
            H = R(new[] { 0.5, 2, 0, -1, 1.5, 0.3, 3 }[random.Next(7)]),
            K = R(new[] { 0.5, 2, 0, 1, 0.25, 0.7 }[random.Next(6)]),
        };
    }

    private static Dictionary<string, RefArgument> Arguments(FuzzCall a) => new()
    {
        ["y"] = RefArgument.Vector(a.Y), ["u"] = RefArgument.Vector(a.U), ["p"] = RefArgument.Vector(a.P),
        ["z"] = RefArgument.Matrix(a.Z, a.Rows, a.Cols), ["w"] = RefArgument.Matrix(a.W, a.Rows, a.Cols),
        ["q"] = RefArgument.Matrix(a.Q, a.Rows, a.Cols), ["t"] = RefArgument.Of(a.T), ["c"] = RefArgument.Vector(a.C),
        ["h"] = RefArgument.Of(a.H), ["k"] = RefArgument.Of(a.K),
    };

    public static RefResult Reference(FuzzCase c, FuzzCall a)
        => ReferenceInterpreter.Run(new RefLoss("F", c.Formula, FuzzSignature.RefParameters), FuzzSignature.Siblings, Arguments(a), c.IsDouble);

    // ---- comparison ----

    private static double Epsilon(bool isDouble) => isDouble ? 2.220446049250313e-16 : 5.960464477539063e-8;

    private static double Relative(bool isDouble) => isDouble ? 1e-9 : 1e-4;

    /// <summary>Below the smallest normal number, results underflow to subnormals or 0 in either implementation.</summary>
    private static double Underflow(bool isDouble) => isDouble ? 1e-300 : 1e-36;

    /// <summary>NaN and ±∞ where the reference has them; otherwise within <paramref name="tolerance"/>.</summary>
    private static bool Agrees(double actual, double expected, double tolerance)
    {
        if (double.IsNaN(expected)) return double.IsNaN(actual);
        if (double.IsInfinity(expected)) return actual == expected;
        return double.IsFinite(actual) && Math.Abs(actual - expected) <= tolerance;
    }

    internal string Check(CompiledFormula f, FuzzCall call)
    {
        bool isDouble = f.Case.IsDouble;
        RefResult expected = Reference(f.Case, call);
        call.DU = new double[call.U.Length];
        call.DP = new double[call.P.Length];
        call.DZ = new double[call.Z.Length];
        call.DW = new double[call.W.Length];
        double loss, lossWithGradient;
        try
        {
            loss = f.Loss!(call);
            lossWithGradient = f.WithGradient!(call);
        }
        catch (Exception e)
        {
            return $"the generated code threw {e.GetType().Name}: {e.Message}";
        }
        Calls += 2;
        AppendDigest(loss, lossWithGradient, call.DU, call.DP, call.DZ, call.DW);

        double lossTolerance = Relative(isDouble) * Math.Abs(expected.Loss) + 64 * Epsilon(isDouble) * expected.ErrorScale + Underflow(isDouble);
        if (!expected.LossRough)
        {
            ValueChecks++;
            if (!Agrees(loss, expected.Loss, lossTolerance)) return $"Name returned {loss:R}, the reference {expected.Loss:R} (tolerance {lossTolerance:G3})";
            if (!Agrees(lossWithGradient, expected.Loss, lossTolerance)) return $"NameWithGradient returned {lossWithGradient:R}, the reference {expected.Loss:R}";
        }
        else
        {
            Skipped++;
        }

        // Gradients of a NaN or infinite loss are not compared: the generated backward pass multiplies through
        // every element (0·NaN where a computed NaN is masked by pick or a gather), the reference only along paths.
        foreach ((string name, double[] actual) in double.IsFinite(expected.Loss) ? new[] { ("u", call.DU), ("p", call.DP), ("z", call.DZ), ("w", call.DW) } : [])
        {
            (double[] gradient, double[] magnitude, bool[] unreliable, bool[] nearKink) = expected.Gradients[name];
            for (int j = 0; j < gradient.Length; j++)
            {
                // In float a constant or intermediate rounds to the element type, so near a kink either side may win.
                if (unreliable[j] || !double.IsFinite(magnitude[j]) || (!isDouble && nearKink[j])) continue;
                GradientChecks++;
                double tolerance = Relative(isDouble) * Math.Abs(gradient[j]) + 256 * Epsilon(isDouble) * magnitude[j] + Underflow(isDouble);
                if (!Agrees(actual[j], gradient[j], tolerance))
                    return $"d{name}[{j}] is {actual[j]:R}, the reference {gradient[j]:R} (tolerance {tolerance:G3}; loss {expected.Loss:R})";
            }
        }

        if (f.PerSample is not null && expected.PerSample is double[] rowsExpected)
        {
            call.Losses = new double[rowsExpected.Length];
            try
            {
                f.PerSample(call);
            }
            catch (Exception e)
            {
                return $"NamePerSample threw {e.GetType().Name}: {e.Message}";
            }
            Calls++;
            AppendDigest(0, 0, call.Losses);
            double scale = rowsExpected.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int i = 0; i < rowsExpected.Length; i++)
            {
                if (expected.PerSampleRough![i]) continue;
                PerSampleChecks++;
                double rowScale = Math.Max(scale, expected.PerSampleLargest![i]);
                double tolerance = Relative(isDouble) * Math.Abs(rowsExpected[i]) + 1024 * Epsilon(isDouble) * rowScale + Underflow(isDouble);
                if (!Agrees(call.Losses[i], rowsExpected[i], tolerance))
                    return $"per-sample loss {i} is {call.Losses[i]:R}, the reference {rowsExpected[i]:R}";
            }
        }

        if (f.WithHessian is not null && double.IsFinite(expected.Loss))
        {
            string hessian = CheckHessian(f, call, expected);
            if (hessian.Length != 0) return hessian;
        }

        if (isDouble && call.Rows * call.Cols <= 64 && double.IsFinite(loss) && !expected.LossRough)
            return CheckFiniteDifferences(f, call, expected);
        return "";
    }

    /// <summary>
    /// NameWithHessian: its loss and gradient agree with NameWithGradient's, and at a few entries per input away from
    /// kinks its Hessian diagonal agrees with central differences of the reference's gradient (steps h and h/2,
    /// Richardson-extrapolated; the two steps' disagreement is the differences' own error estimate, and a point where
    /// it is large is too curved or too close to a kink to say anything). Tolerance: relative 1e-6 (double) or 2e-3
    /// (float) of |H| + |g|/max(1, |x|) (the Hessian's natural scale where H itself is near 0), plus 10× the error
    /// estimate.
    /// </summary>
    private string CheckHessian(CompiledFormula f, FuzzCall call, RefResult expected)
    {
        bool isDouble = f.Case.IsDouble;
        double[] gu = call.DU, gp = call.DP, gz = call.DZ, gw = call.DW;
        call.DU = new double[gu.Length];
        call.DP = new double[gp.Length];
        call.DZ = new double[gz.Length];
        call.DW = new double[gw.Length];
        call.HU = new double[gu.Length];
        call.HP = new double[gp.Length];
        call.HZ = new double[gz.Length];
        call.HW = new double[gw.Length];
        double loss;
        try
        {
            loss = f.WithHessian!(call);
        }
        catch (Exception e)
        {
            return $"NameWithHessian threw {e.GetType().Name}: {e.Message}";
        }
        Calls++;
        AppendDigest(loss, 0, call.HU, call.HP, call.HZ, call.HW);
        double lossTolerance = Relative(isDouble) * Math.Abs(expected.Loss) + 64 * Epsilon(isDouble) * expected.ErrorScale + Underflow(isDouble);
        if (!expected.LossRough && !Agrees(loss, expected.Loss, lossTolerance))
            return $"NameWithHessian returned {loss:R}, the reference {expected.Loss:R}";
        foreach ((string name, double[] fromGradient, double[] fromHessian) in new[] { ("u", gu, call.DU), ("p", gp, call.DP), ("z", gz, call.DZ), ("w", gw, call.DW) })
        {
            (double[] gradient, double[] magnitude, bool[] unreliable, bool[] nearKink) = expected.Gradients[name];
            for (int j = 0; j < fromGradient.Length; j++)
            {
                if (unreliable[j] || !double.IsFinite(magnitude[j]) || (!isDouble && nearKink[j])) continue;
                double tolerance = Relative(isDouble) * Math.Abs(gradient[j]) + 256 * Epsilon(isDouble) * magnitude[j] + Underflow(isDouble);
                if (!Agrees(fromHessian[j], fromGradient[j], 2 * tolerance))
                    return $"NameWithHessian's d{name}[{j}] is {fromHessian[j]:R}, NameWithGradient's {fromGradient[j]:R}";
            }
        }

        int elements = call.Rows * Math.Max(1, call.Cols);
        int perInput = elements <= 2000 ? 3 : 1;
        foreach ((string name, Func<FuzzCall, double[]> input, double[] hessian) in new (string, Func<FuzzCall, double[]>, double[])[]
                 { ("u", a => a.U, call.HU), ("p", a => a.P, call.HP), ("z", a => a.Z, call.HZ), ("w", a => a.W, call.HW) })
        {
            (double[] gradient, double[] magnitude, bool[] unreliable, bool[] nearKink) = expected.Gradients[name];
            for (int tries = 0; tries < perInput && hessian.Length > 0; tries++)
            {
                int j = _hessianRandom.Next(hessian.Length);
                if (unreliable[j] || nearKink[j] || !double.IsFinite(gradient[j])) continue;
                double x = input(call)[j];
                double h = 1e-4 * Math.Max(1, Math.Abs(x));
                double? Difference(double step)
                {
                    FuzzCall plus = call.CloneInputs(), minus = call.CloneInputs();
                    input(plus)[j] = x + step;
                    input(minus)[j] = x - step;
                    RefResult atPlus = Reference(f.Case, plus), atMinus = Reference(f.Case, minus);
                    RefGradient gPlus = atPlus.Gradients[name], gMinus = atMinus.Gradients[name];
                    if (atPlus.LossRough || atMinus.LossRough || gPlus.NearKink[j] || gMinus.NearKink[j] || gPlus.Unreliable[j] || gMinus.Unreliable[j]) return null;
                    return (gPlus.Gradient[j] - gMinus.Gradient[j]) / (2 * step);
                }
                if (Difference(h) is not double coarse || Difference(h / 2) is not double fine) continue;
                double reference = (4 * fine - coarse) / 3;
                double estimate = Math.Abs(fine - coarse);
                if (!double.IsFinite(reference) || estimate > 1e-3 * (Math.Abs(reference) + Math.Abs(gradient[j]) / Math.Max(1, Math.Abs(x))) + 1e-300) continue;
                HessianChecks++;
                // Plus the gradient's own rounding scale per unit of x: the diagonal combines the same terms
                // (σ·(1 − σ)·(1 − 2σ) in float near σ = 1 keeps few digits of 1 − σ).
                double tolerance = (isDouble ? 1e-6 : 2e-3) * (Math.Abs(reference) + Math.Abs(gradient[j]) / Math.Max(1, Math.Abs(x)))
                    + 256 * Epsilon(isDouble) * magnitude[j] / Math.Max(1, Math.Abs(x)) + 10 * estimate + Underflow(isDouble);
                if (!Agrees(hessian[j], reference, tolerance))
                    return $"h{name}[{j}] is {hessian[j]:R}, central differences of the reference gradient give {reference:R} (tolerance {tolerance:G3}; gradient {gradient[j]:R})";
            }
        }
        return "";
    }

    /// <summary>Central differences of the generated loss at a few entries away from kinks, against its gradient.</summary>
    private string CheckFiniteDifferences(CompiledFormula f, FuzzCall call, RefResult expected)
    {
        foreach ((string name, Func<FuzzCall, double[]> input, double[] gradient) in new (string, Func<FuzzCall, double[]>, double[])[]
                 { ("u", a => a.U, call.DU), ("p", a => a.P, call.DP), ("z", a => a.Z, call.DZ), ("w", a => a.W, call.DW) })
        {
            (_, _, bool[] unreliable, bool[] nearKink) = expected.Gradients[name];
            for (int tries = 0; tries < 2 && gradient.Length > 0; tries++)
            {
                int j = random.Next(gradient.Length);
                if (unreliable[j] || nearKink[j] || !double.IsFinite(gradient[j])) continue;
                FuzzCall plus = call.CloneInputs(), minus = call.CloneInputs();
                double x = input(call)[j];
                double step = 1e-6 * Math.Max(1, Math.Abs(x));
                input(plus)[j] = x + step;
                input(minus)[j] = x - step;
                // The perturbed points must not cross a kink either: the reference says so at each of them.
                RefResult atPlus = Reference(f.Case, plus), atMinus = Reference(f.Case, minus);
                if (atPlus.LossRough || atMinus.LossRough || atPlus.Gradients[name].NearKink[j] || atMinus.Gradients[name].NearKink[j]) continue;
                double fd = (f.Loss!(plus) - f.Loss!(minus)) / (2 * step);
                double refFd = (atPlus.Loss - atMinus.Loss) / (2 * step);
                // A reference central difference that disagrees with the reference gradient means the point is too
                // close to a kink or too curved for this step; the check then says nothing.
                if (Math.Abs(refFd - expected.Gradients[name].Gradient[j]) > 1e-5 * (1 + Math.Abs(refFd))) continue;
                FiniteDifferenceChecks++;
                if (Math.Abs(fd - gradient[j]) > 1e-4 * (1 + Math.Abs(fd)))
                    return $"d{name}[{j}] is {gradient[j]:R}, central differences give {fd:R}";
            }
        }
        return "";
    }

    /// <summary>1 and 2 threads, with the parallel threshold at 0 so that even small inputs split: the same bits.</summary>
    private string CheckThreads(CompiledFormula f, FuzzCall call)
    {
        int degree = LossParallel.MaxDegreeOfParallelism;
        long threshold = LossParallel.ParallelThreshold;
        try
        {
            byte[] Bits()
            {
                call.DU = new double[call.U.Length];
                call.DP = new double[call.P.Length];
                call.DZ = new double[call.Z.Length];
                call.DW = new double[call.W.Length];
                double loss = f.Loss!(call), withGradient = f.WithGradient!(call);
                return [.. BitConverter.GetBytes(loss), .. BitConverter.GetBytes(withGradient),
                    .. call.DU.Concat(call.DP).Concat(call.DZ).Concat(call.DW).SelectMany(BitConverter.GetBytes)];
            }
            LossParallel.MaxDegreeOfParallelism = 1;
            byte[] one = Bits();
            LossParallel.ParallelThreshold = 0;
            LossParallel.MaxDegreeOfParallelism = 2;
            byte[] two = Bits();
            ThreadChecks++;
            return one.AsSpan().SequenceEqual(two) ? "" : "1 and 2 threads returned different bits";
        }
        catch (Exception e)
        {
            return $"the generated code threw {e.GetType().Name}: {e.Message}";
        }
        finally
        {
            LossParallel.MaxDegreeOfParallelism = degree;
            LossParallel.ParallelThreshold = threshold;
        }
    }

    private void AppendDigest(double a, double b, params double[][] arrays)
    {
        // FNV-1a over the bits: stable across processes (HashCode is seeded per process).
        ulong hash = 14695981039346656037;
        void Add(double v)
        {
            ulong bits = (ulong)BitConverter.DoubleToInt64Bits(v);
            for (int i = 0; i < 8; i++, bits >>= 8) hash = (hash ^ (bits & 0xff)) * 1099511628211;
        }
        Add(a);
        Add(b);
        foreach (double[] array in arrays)
            foreach (double v in array) Add(v);
        Digest.Append(hash.ToString("x16")).Append('\n');
    }
}
