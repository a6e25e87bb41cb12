using System.Numerics;
using static LossGen.Runtime.Tests.PairMatrix.PairMatrixReference;

namespace LossGen.Runtime.Tests.PairMatrix;

/// <summary>An epilogue as generated code would write one: copies each segment of S into an [n, m] buffer.</summary>
internal unsafe struct CopyEpilogue<T> : IPairEpilogue<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public T* Output;
    public int Stride;
    /// <summary>[n] the next column each row expects: checks that segments arrive in ascending order, once each.</summary>
    public int* NextColumn;

    public void Apply<TL, TV>(int chunk, int row, int column, T* values, int count)
        where TL : struct, IPairLanes<T, TV>
        where TV : struct
    {
        if (NextColumn != null)
        {
            if (NextColumn[row] != column) throw new InvalidOperationException($"row {row}: segment at column {column}, expected {NextColumn[row]}");
            NextColumn[row] = column + count;
        }
        for (int jj = 0; jj < count; jj++) Output[(long)row * Stride + column + jj] = values[jj];
    }
}

public unsafe class PairGemmTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int n in Sizes)
            foreach (int m in Sizes)
                foreach (int d in Sizes)
                    data.Add(n, m, d);
        return data;
    }

    private static T[] Forward<T>(T[] a, int n, int lda, T[] b, int m, int ldb, int d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var s = new T[n * m];
        var next = new int[n];
        fixed (T* ps = s)
        fixed (int* pn = next)
        {
            var epilogue = new CopyEpilogue<T> { Output = ps, Stride = m, NextColumn = pn };
            PairGemm.Forward<T, CopyEpilogue<T>>(a, n, lda, b, m, ldb, d, ref epilogue);
        }
        Assert.All(next, c => Assert.Equal(m, c)); // every column of every row, exactly once
        return s;
    }

    private static void ForwardIsTheFmaChain<T>(int n, int m, int d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] a = Random<T>(n * d, 1 + n * 7 + d), b = Random<T>(m * d, 2 + m * 11 + d);
        Assert.Equal(Product(a, n, d, b, m, d, d), Forward(a, n, d, b, m, d, d));
        // Strided rows (a row stride past the row's end): the padding must be ignored.
        int lda = d + 3, ldb = d + 5;
        T[] aStrided = Random<T>(n * lda, 3 + n), bStrided = Random<T>(m * ldb, 4 + m);
        Assert.Equal(Product(aStrided, n, lda, bStrided, m, ldb, d), Forward(aStrided, n, lda, bStrided, m, ldb, d));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_equals_the_naive_fma_loop_bit_for_bit_double(int n, int m, int d) => ForwardIsTheFmaChain<double>(n, m, d);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_equals_the_naive_fma_loop_bit_for_bit_float(int n, int m, int d) => ForwardIsTheFmaChain<float>(n, m, d);

    [Fact]
    public void Forward_of_float_is_within_float_rounding_of_the_double_product()
    {
        const int n = 33, m = 100, d = 100;
        float[] a = Random<float>(n * d, 5), b = Random<float>(m * d, 6);
        float[] s = Forward(a, n, d, b, m, d, d);
        double[] exact = ProductDouble(a, n, b, m, d);
        // |error| ≤ d · 2⁻²⁴ · Σ|a_k b_k| ≤ 100 · 6e-8 · 100: stated tolerance 1e-4 absolute.
        for (int i = 0; i < s.Length; i++) Assert.True(Math.Abs(s[i] - exact[i]) <= 1e-4, $"S[{i}]: {s[i]} vs {exact[i]}");
    }

    [Fact]
    public void Forward_with_identical_rows_gives_identical_rows_and_columns()
    {
        const int n = 17, d = 33;
        double[] a = Random<double>(n * d, 9);
        Array.Copy(a, 2 * d, a, 11 * d, d); // row 11 = row 2
        double[] s = Forward(a, n, d, a, n, d, d);
        for (int j = 0; j < n; j++)
        {
            Assert.Equal(s[2 * n + j], s[11 * n + j]);
            Assert.Equal(s[j * n + 2], s[j * n + 11]);
        }
    }

    private static void LogSumExpMatchesReference<T>(int n, int m, int d, double scale, double tolerance) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] a = Random<T>(n * d, 20 + n), b = Random<T>(m * d, 30 + m);
        int chunks = PairGemm.ForwardChunks<T>(n, d);
        T[] stored = new T[n * m], rowMax = new T[n], rowSum = new T[n], diagonal = new T[n], columnMax = new T[chunks * m], columnSum = new T[chunks * m];
        PairEpilogues.ResetLogSumExp<T>(rowMax, rowSum);
        PairEpilogues.ResetLogSumExp<T>(columnMax, columnSum);
        fixed (T* ps = stored, pMax = rowMax, pSum = rowSum, pDiagonal = diagonal, pColumnMax = columnMax, pColumnSum = columnSum)
        {
            var epilogue = new LogSumExpEpilogue<T>
            {
                Scale = T.CreateTruncating(scale), Store = ps, StoreStride = m, RowMax = pMax, RowSum = pSum,
                Diagonal = n == m ? pDiagonal : null, ColumnMax = pColumnMax, ColumnSum = pColumnSum, Columns = m,
            };
            PairGemm.Forward(a, n, d, b, m, d, d, ref epilogue);
        }
        T[] rowLse = new T[n], columnLse = new T[m];
        PairEpilogues.FinishLogSumExp<T>(rowMax, rowSum, rowLse);
        PairEpilogues.CombineColumnLogSumExp<T>(columnMax, columnSum, chunks, m, columnLse);

        // The stored s is exactly scale · (the fma chain); the statistics are compared in double.
        T[] product = Product(a, n, d, b, m, d, d);
        T factor = T.CreateTruncating(scale);
        for (int i = 0; i < n * m; i++) Assert.Equal(product[i] * factor, stored[i]);
        double[] s = stored.Select(double.CreateTruncating).ToArray();
        double[] expectedRows = RowLogSumExp(s, n, m), expectedColumns = RowLogSumExp(Transpose(s, n, m), m, n);
        for (int i = 0; i < n; i++) Close(expectedRows[i], double.CreateTruncating(rowLse[i]), tolerance, $"row lse {i}");
        for (int j = 0; j < m; j++) Close(expectedColumns[j], double.CreateTruncating(columnLse[j]), tolerance, $"column lse {j}");
        if (n == m)
            for (int i = 0; i < n; i++) Assert.Equal(stored[i * m + i], diagonal[i]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Row_and_column_logsumexp_epilogue_matches_two_pass_reference_double(int n, int m, int d)
        => LogSumExpMatchesReference<double>(n, m, d, 1 / 0.07, 1e-13);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Row_and_column_logsumexp_epilogue_matches_two_pass_reference_float(int n, int m, int d)
        => LogSumExpMatchesReference<float>(n, m, d, 1 / 0.07, 2e-6);

    private static void BackwardProductsAreTheFmaChain<T>(int n, int m, int d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] sBar = Random<T>(n * m, 40 + n), a = Random<T>(n * d, 41 + d), b = Random<T>(m * d, 42 + m);
        T[] aBar = Random<T>(n * d, 43), bBar = Random<T>(m * d, 44); // += into existing gradients
        T[] expectedA = (T[])aBar.Clone(), expectedB = (T[])bBar.Clone();
        Accumulate(sBar, m, 1, b, d, expectedA, d, n, m, d);
        Accumulate(sBar, 1, m, a, d, expectedB, d, m, n, d);
        PairGemm.AddProduct<T>(sBar, m, b, d, aBar, d, n, m, d);
        PairGemm.AddTransposedProduct<T>(sBar, m, a, d, bBar, d, n, m, d);
        Assert.Equal(expectedA, aBar);
        Assert.Equal(expectedB, bBar);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_products_equal_the_naive_fma_loop_bit_for_bit_double(int n, int m, int d) => BackwardProductsAreTheFmaChain<double>(n, m, d);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_products_equal_the_naive_fma_loop_bit_for_bit_float(int n, int m, int d) => BackwardProductsAreTheFmaChain<float>(n, m, d);

    [Fact]
    public void Backward_products_cross_the_summation_block_boundary()
    {
        // 300 > the 256-long block of the summed index: the running sums pass through the output between blocks.
        BackwardProductsAreTheFmaChain<float>(70, 300, 37);
        BackwardProductsAreTheFmaChain<double>(300, 70, 40);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(17, 33)]
    [InlineData(100, 17)]
    [InlineData(33, 100)]
    public void Self_product_sums_both_contributions_into_one_gradient(int n, int d)
    {
        double[] sBar = Random<double>(n * n, 50 + n), a = Random<double>(n * d, 51 + d), aBar = Random<double>(n * d, 52);
        var symmetric = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) symmetric[i * n + j] = sBar[i * n + j] + sBar[j * n + i];
        double[] expected = (double[])aBar.Clone();
        Accumulate(symmetric, n, 1, a, d, expected, d, n, n, d);
        // And the two products separately: the same sum up to rounding.
        double[] separate = (double[])aBar.Clone();
        Accumulate(sBar, n, 1, a, d, separate, d, n, n, d);
        Accumulate(sBar, 1, n, a, d, separate, d, n, n, d);

        PairGemm.AddSelfProduct<double>(sBar, n, a, d, aBar, d, n, d);
        Assert.Equal(expected, aBar);
        Assert.Equal(symmetric, sBar);
        for (int i = 0; i < aBar.Length; i++) Close(separate[i], aBar[i], 1e-12, $"aBar[{i}]");
    }

    [Fact]
    public void SupCon_epilogue_handles_an_anchor_without_positives()
    {
        const int n = 17, d = 7;
        const double scale = 1 / 0.1;
        double[] z = Random<double>(n * d, 60);
        Array.Copy(z, 0, z, 5 * d, d); // rows 0 and 5 identical (a tie between positives)
        int[] labels = [0, 1, 2, 1, 3, 0, 2, 1, 3, 0, 4, 2, 1, 3, 9, 0, 2]; // label 4 and 9 occur once: no positives
        double[] rowMax = new double[n], rowSum = new double[n], positiveSum = new double[n], positiveCount = new double[n], lse = new double[n];
        PairEpilogues.ResetLogSumExp<double>(rowMax, rowSum);
        fixed (double* pMax = rowMax, pSum = rowSum, pPositive = positiveSum, pCount = positiveCount)
        fixed (int* pLabels = labels)
        {
            var epilogue = new SupConEpilogue<double>
            {
                Scale = scale, RowLabels = pLabels, ColumnLabels = pLabels, RowMax = pMax, RowSum = pSum,
                PositiveSum = pPositive, PositiveCount = pCount,
            };
            PairGemm.Forward(z, n, d, z, n, d, d, ref epilogue);
        }
        PairEpilogues.FinishLogSumExp<double>(rowMax, rowSum, lse);

        double[] s = Product(z, n, d, z, n, d, d).Select(v => v * scale).ToArray();
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity, sum = 0, positives = 0, count = 0;
            for (int j = 0; j < n; j++) if (j != i) max = Math.Max(max, s[i * n + j]);
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                sum += Math.Exp(s[i * n + j] - max);
                if (labels[j] == labels[i]) { positives += s[i * n + j]; count++; }
            }
            Close(max + Math.Log(sum), lse[i], 1e-13, $"lse {i}");
            Close(positives, positiveSum[i], 1e-13, $"positive sum {i}");
            Assert.Equal(count, positiveCount[i]);
        }
        Assert.Equal(0, positiveCount[10]);
        Assert.Equal(0, positiveSum[10]);
        Assert.Equal(0, positiveCount[14]);
    }

    [Fact]
    public void Batch_hard_epilogue_finds_hardest_pairs_with_ties_to_the_first_column()
    {
        const int n = 17, d = 33;
        double[] e = Random<double>(n * d, 70);
        Array.Copy(e, 4 * d, e, 9 * d, d);  // rows 4 and 9 identical, different labels: tied distances from every anchor
        Array.Copy(e, 1 * d, e, 6 * d, d);  // rows 1 and 6 identical, same label: distance 0
        int[] labels = [0, 1, 0, 2, 3, 0, 1, 2, 0, 4, 2, 1, 3, 0, 4, 3, 7]; // label 7 once: row 16 has no positive
        double[] norms = new double[n], positive = new double[n], negative = new double[n], distances = new double[n * n];
        int[] positiveColumn = new int[n], negativeColumn = new int[n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) norms[i] = Math.FusedMultiplyAdd(e[i * d + k], e[i * d + k], norms[i]);
        Array.Fill(positive, double.NegativeInfinity);
        Array.Fill(negative, double.PositiveInfinity);
        Array.Fill(positiveColumn, -1);
        Array.Fill(negativeColumn, -1);
        fixed (double* pNorms = norms, pPositive = positive, pNegative = negative, pDistances = distances)
        fixed (int* pLabels = labels, pPositiveColumn = positiveColumn, pNegativeColumn = negativeColumn)
        {
            var epilogue = new BatchHardEpilogue<double>
            {
                RowSquaredNorms = pNorms, ColumnSquaredNorms = pNorms, RowLabels = pLabels, ColumnLabels = pLabels,
                Store = pDistances, StoreStride = n, HardestPositive = pPositive, HardestPositiveColumn = pPositiveColumn,
                HardestNegative = pNegative, HardestNegativeColumn = pNegativeColumn,
            };
            PairGemm.Forward(e, n, d, e, n, d, d, ref epilogue);
        }
        for (int i = 0; i < n; i++)
        {
            int expectedPositive = -1, expectedNegative = -1;
            for (int j = 0; j < n; j++)
            {
                double direct = 0;
                for (int k = 0; k < d; k++) direct += (e[i * d + k] - e[j * d + k]) * (e[i * d + k] - e[j * d + k]);
                // ‖x‖² + ‖y‖² − 2x·y cancels: within 1e-7 of the direct distance at these magnitudes.
                Assert.True(Math.Abs(Math.Sqrt(direct) - distances[i * n + j]) <= 1e-7, $"d[{i},{j}]");
                double dij = distances[i * n + j];
                if (labels[j] == labels[i])
                {
                    if (j != i && (expectedPositive < 0 || dij > distances[i * n + expectedPositive])) expectedPositive = j;
                }
                else if (expectedNegative < 0 || dij < distances[i * n + expectedNegative]) expectedNegative = j;
            }
            Assert.Equal(expectedPositive, positiveColumn[i]);
            Assert.Equal(expectedNegative, negativeColumn[i]);
            if (expectedPositive >= 0) Assert.Equal(distances[i * n + expectedPositive], positive[i]);
            else Assert.Equal(double.NegativeInfinity, positive[i]);
            Assert.Equal(distances[i * n + expectedNegative], negative[i]);
        }
        Assert.Equal(distances[0 * n + 4], distances[0 * n + 9]); // the tie is real
        Assert.Equal(14, positiveColumn[9]);                      // label 4 at rows 9 and 14: 9's only positive is 14
        Assert.Equal(-1, positiveColumn[16]);
        Assert.Equal(double.NegativeInfinity, positive[16]);
        Assert.Equal(0, distances[1 * n + 6]);                    // identical rows: exactly 0, not a rounding residue
    }
}
