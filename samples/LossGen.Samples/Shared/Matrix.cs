using System.Numerics.Tensors;

namespace LossGen.Samples.Shared;

/// <summary>A dense row-major float matrix: the only tensor type the samples need.</summary>
public sealed class Matrix
{
    public Matrix(int rows, int cols)
    {
        Rows = rows;
        Cols = cols;
        Data = new float[rows * cols];
    }

    public Matrix(int rows, int cols, float[] data)
    {
        if (data.Length != rows * cols) throw new ArgumentException($"Expected {rows * cols} values, got {data.Length}.", nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    public int Rows { get; }
    public int Cols { get; }
    public float[] Data { get; }

    public float this[int row, int col]
    {
        get => Data[row * Cols + col];
        set => Data[row * Cols + col] = value;
    }

    public Span<float> Row(int row) => Data.AsSpan(row * Cols, Cols);

    /// <summary>The view the generated losses take as input.</summary>
    public ReadOnlyTensorSpan<float> AsReadOnlyTensor() => new(Data, [Rows, Cols]);

    /// <summary>The view the generated <c>WithGradient</c> methods write a rank-2 gradient into.</summary>
    public TensorSpan<float> AsTensor() => new(Data, [Rows, Cols]);

    public void Clear() => Array.Clear(Data);

    /// <summary>Copies the given rows of <paramref name="source"/> into this matrix (a mini-batch).</summary>
    public void GatherRows(Matrix source, ReadOnlySpan<int> rows)
    {
        for (int i = 0; i < rows.Length; i++) source.Row(rows[i]).CopyTo(Row(i));
    }

    public Matrix SliceRows(int start, int count)
    {
        var m = new Matrix(count, Cols);
        Data.AsSpan(start * Cols, count * Cols).CopyTo(m.Data);
        return m;
    }
}

/// <summary>The few matrix products a dense layer needs, vectorized with <see cref="TensorPrimitives"/>.</summary>
public static class LinAlg
{
    /// <summary>z = x·w + b, for x [n, k], w [k, m], b [m].</summary>
    public static void MatMulAddBias(Matrix x, Matrix w, ReadOnlySpan<float> b, Matrix z)
    {
        Check(x.Cols == w.Rows && z.Rows == x.Rows && z.Cols == w.Cols && b.Length == w.Cols);
        for (int i = 0; i < x.Rows; i++)
        {
            Span<float> zi = z.Row(i);
            b.CopyTo(zi);
            Span<float> xi = x.Row(i);
            if (w.Cols == 1)
            {
                zi[0] += TensorPrimitives.Dot(xi, w.Data);
                continue;
            }
            for (int k = 0; k < xi.Length; k++)
            {
                float xik = xi[k];
                if (xik == 0) continue;
                if (w.Cols >= MinVectorLength) TensorPrimitives.MultiplyAdd(w.Row(k), xik, zi, zi);
                else AddScaled(w.Row(k), xik, zi);
            }
        }
    }

    /// <summary>dw += xᵀ·dz, for x [n, k], dz [n, m], dw [k, m].</summary>
    public static void AddTransposedProduct(Matrix x, Matrix dz, Span<float> dw)
    {
        Check(x.Rows == dz.Rows && dw.Length == x.Cols * dz.Cols);
        int m = dz.Cols;
        for (int i = 0; i < x.Rows; i++)
        {
            Span<float> xi = x.Row(i), dzi = dz.Row(i);
            if (m == 1)
            {
                TensorPrimitives.MultiplyAdd(xi, dzi[0], dw, dw);
                continue;
            }
            for (int k = 0; k < xi.Length; k++)
            {
                float xik = xi[k];
                if (xik == 0) continue;
                Span<float> dwk = dw.Slice(k * m, m);
                if (m >= MinVectorLength) TensorPrimitives.MultiplyAdd(dzi, xik, dwk, dwk);
                else AddScaled(dzi, xik, dwk);
            }
        }
    }

    /// <summary>db += the column sums of dz.</summary>
    public static void AddColumnSums(Matrix dz, Span<float> db)
    {
        Check(db.Length == dz.Cols);
        for (int i = 0; i < dz.Rows; i++)
        {
            ReadOnlySpan<float> dzi = dz.Row(i);
            if (dzi.Length >= MinVectorLength) TensorPrimitives.Add(db, dzi, db);
            else for (int j = 0; j < dzi.Length; j++) db[j] += dzi[j];
        }
    }

    /// <summary>dx = dz·wᵀ, for dz [n, m], w [k, m] stored as [k, m], dx [n, k].</summary>
    public static void MatMulTransposed(Matrix dz, Matrix w, Matrix dx)
    {
        Check(dz.Cols == w.Cols && dx.Rows == dz.Rows && dx.Cols == w.Rows);
        for (int i = 0; i < dz.Rows; i++)
        {
            Span<float> dzi = dz.Row(i), dxi = dx.Row(i);
            for (int k = 0; k < dxi.Length; k++)
            {
                if (dzi.Length >= MinVectorLength)
                {
                    dxi[k] = TensorPrimitives.Dot(dzi, w.Row(k));
                    continue;
                }
                ReadOnlySpan<float> wk = w.Row(k);
                float s = 0;
                for (int j = 0; j < wk.Length; j++) s += dzi[j] * wk[j];
                dxi[k] = s;
            }
        }
    }

    // Below this row length a plain loop beats the call overhead of a vectorized primitive.
    private const int MinVectorLength = 16;

    private static void AddScaled(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        for (int j = 0; j < y.Length; j++) y[j] += a * x[j];
    }

    private static void Check(bool ok)
    {
        if (!ok) throw new ArgumentException("Matrix shapes do not match.");
    }
}
