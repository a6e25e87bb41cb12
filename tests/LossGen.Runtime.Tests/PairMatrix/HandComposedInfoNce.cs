using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace LossGen.Runtime.Tests.PairMatrix;

/// <summary>
/// InfoNCE forward + backward composed by hand from the pair-matrix kernels, as the generated code for
/// <c>s = dot(normalize(a, dim: 1), normalize(b, dim: 1)) / tau; mean(logsumexp(s, dim: 1) - diag(s))</c> is meant
/// to be: normalize, one forward GEMM whose epilogue keeps the row logsumexp and the diagonal and stores s into the
/// one pooled [n, n] buffer, S̄ = (softmax − I) / (n·τ) in place, the two backward GEMMs, the normalize backward.
/// It sets the target the generated code must hit (bench/LossGen.Benchmarks links this file) and is checked against
/// TorchSharp's float64 autograd (InfoNceOracleTests).
/// </summary>
public static unsafe class HandComposedInfoNce
{
    private const double NormFloor = 1e-12; // F.normalize's eps

    /// <summary>The loss; <paramref name="gradA"/> and <paramref name="gradB"/> are overwritten with its gradients.</summary>
    public static T LossWithGradient<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int n, int d, T tau, Span<T> gradA, Span<T> gradB, Span<T> perSample = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        long size = (long)n * d;
        if (a.Length != size) throw new ArgumentException($"a holds {a.Length} elements; [{n}, {d}] needs {size}.", nameof(a));
        if (b.Length != size) throw new ArgumentException($"b holds {b.Length} elements; [{n}, {d}] needs {size}.", nameof(b));
        if (gradA.Length != size) throw new ArgumentException($"gradA holds {gradA.Length} elements; [{n}, {d}] needs {size}.", nameof(gradA));
        if (gradB.Length != size) throw new ArgumentException($"gradB holds {gradB.Length} elements; [{n}, {d}] needs {size}.", nameof(gradB));
        if (!perSample.IsEmpty && perSample.Length != n) throw new ArgumentException($"perSample holds {perSample.Length} elements; {n} rows need {n}.", nameof(perSample));
        if (n == 0) return T.NaN;

        ArrayPool<T> pool = ArrayPool<T>.Shared;
        T[] aHat = pool.Rent((int)size), bHat = pool.Rent((int)size), gradAHat = pool.Rent((int)size), gradBHat = pool.Rent((int)size);
        T[] aNorm = pool.Rent(n), bNorm = pool.Rent(n), rowMax = pool.Rent(n), rowSum = pool.Rent(n), diagonal = pool.Rent(n);
        T[] s = pool.Rent(checked(n * n)); // the one [n, n] buffer: s, then S̄ in place
        try
        {
            Normalize(a, n, d, aHat, aNorm);
            Normalize(b, n, d, bHat, bNorm);
            PairEpilogues.ResetLogSumExp(rowMax.AsSpan(0, n), rowSum.AsSpan(0, n));
            T loss;
            fixed (T* ps = s, pMax = rowMax, pSum = rowSum, pDiagonal = diagonal)
            {
                var epilogue = new LogSumExpEpilogue<T>
                {
                    Scale = T.One / tau, Store = ps, StoreStride = n, RowMax = pMax, RowSum = pSum, Diagonal = pDiagonal,
                };
                PairGemm.Forward(aHat.AsSpan(0, (int)size), n, d, bHat.AsSpan(0, (int)size), n, d, d, ref epilogue);
            }
            // rowSum becomes the row logsumexp; the loss is the mean of lse_i − s_ii.
            PairEpilogues.FinishLogSumExp<T>(rowMax.AsSpan(0, n), rowSum.AsSpan(0, n), rowSum.AsSpan(0, n));
            T total = T.Zero;
            for (int i = 0; i < n; i++)
            {
                T li = rowSum[i] - diagonal[i];
                if (!perSample.IsEmpty) perSample[i] = li;
                total += li;
            }
            loss = total / T.CreateTruncating(n);

            // S̄[i, j] = (softmax(s)[i, j] − δij) / (n·τ): d loss / d s is (softmax − I) / n, and s = S / τ.
            T factor = T.One / (T.CreateTruncating(n) * tau);
            for (int i = 0; i < n; i++)
            {
                Span<T> row = s.AsSpan(i * n, n);
                SoftmaxRowInPlace(row, rowSum[i], factor);
                row[i] -= factor;
            }
            gradAHat.AsSpan(0, (int)size).Clear();
            gradBHat.AsSpan(0, (int)size).Clear();
            PairGemm.AddProduct<T>(s.AsSpan(0, n * n), n, bHat.AsSpan(0, (int)size), d, gradAHat.AsSpan(0, (int)size), d, n, n, d);
            PairGemm.AddTransposedProduct<T>(s.AsSpan(0, n * n), n, aHat.AsSpan(0, (int)size), d, gradBHat.AsSpan(0, (int)size), d, n, n, d);
            NormalizeBackward<T>(aHat, aNorm, gradAHat, n, d, gradA);
            NormalizeBackward<T>(bHat, bNorm, gradBHat, n, d, gradB);
            return loss;
        }
        finally
        {
            pool.Return(aHat); pool.Return(bHat); pool.Return(gradAHat); pool.Return(gradBHat);
            pool.Return(aNorm); pool.Return(bNorm); pool.Return(rowMax); pool.Return(rowSum); pool.Return(diagonal);
            pool.Return(s);
        }
    }

    /// <summary>x̂ = x / max(‖x‖, 1e-12) per row; the row norms (floored) go to <paramref name="norms"/>.</summary>
    private static void Normalize<T>(ReadOnlySpan<T> x, int n, int d, Span<T> xHat, Span<T> norms) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T floor = T.CreateTruncating(NormFloor);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> row = x.Slice(i * d, d);
            T squares = T.Zero;
            for (int k = 0; k < d; k++) squares = T.FusedMultiplyAdd(row[k], row[k], squares);
            T norm = T.Max(T.Sqrt(squares), floor);
            norms[i] = norm;
            Span<T> hat = xHat.Slice(i * d, d);
            for (int k = 0; k < d; k++) hat[k] = row[k] / norm;
        }
    }

    /// <summary>x̄ = (ḡ − x̂ (x̂·ḡ)) / ‖x‖ where the norm is above the floor, ḡ / floor where it is floored.</summary>
    private static void NormalizeBackward<T>(ReadOnlySpan<T> xHat, ReadOnlySpan<T> norms, ReadOnlySpan<T> gradHat, int n, int d, Span<T> grad)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T floor = T.CreateTruncating(NormFloor);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> hat = xHat.Slice(i * d, d), g = gradHat.Slice(i * d, d);
            Span<T> output = grad.Slice(i * d, d);
            T norm = norms[i];
            if (norm == floor)
            {
                for (int k = 0; k < d; k++) output[k] = g[k] / norm;
                continue;
            }
            T projection = T.Zero;
            for (int k = 0; k < d; k++) projection = T.FusedMultiplyAdd(hat[k], g[k], projection);
            for (int k = 0; k < d; k++) output[k] = (g[k] - hat[k] * projection) / norm;
        }
    }

    /// <summary>row ← exp(row − logSumExp) · factor, vectorized with the width the kernels use.</summary>
    private static void SoftmaxRowInPlace<T>(Span<T> row, T logSumExp, T factor) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated) SoftmaxRowInPlace<T, PairLanes512<T>, Vector512<T>>(row, logSumExp, factor);
        else if (Vector256.IsHardwareAccelerated) SoftmaxRowInPlace<T, PairLanes256<T>, Vector256<T>>(row, logSumExp, factor);
        else SoftmaxRowInPlace<T, PairLanes128<T>, Vector128<T>>(row, logSumExp, factor);
    }

    private static void SoftmaxRowInPlace<T, TL, TV>(Span<T> row, T logSumExp, T factor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        int w = TL.Count, j = 0;
        TV shift = TL.Broadcast(logSumExp), scale = TL.Broadcast(factor);
        fixed (T* p = row)
        {
            for (; j + w <= row.Length; j += w)
                TL.Store(p + j, TL.Multiply(TL.Exp(TL.Subtract(TL.Load(p + j), shift)), scale));
            for (; j < row.Length; j++)
                p[j] = PairEpilogues.Exp(p[j] - logSumExp) * factor;
        }
    }
}
