using System.Numerics.Tensors;
using LossGen.Tests.Generator;

namespace LossGen.Tests.Compiler;

/// <summary>Differentiation never ties sizes together that the forward formula leaves independent.</summary>
public static partial class ColumnWeighted
{
    // wc has the column count (tied through sum(z, dim: 0)); the adjoint of the row sum meets it inside the product.
    [Loss("wc = w + 0 * sum(z, dim: 0); sum(sum(wc * z, dim: 1)^2)")]
    public static partial double RowSquares([Target] ReadOnlySpan<double> w, ReadOnlyTensorSpan<double> z);
}

public class BroadcastGradientTests
{
    [Fact]
    public void Row_adjoint_times_column_weights_keeps_rows_and_columns_independent()
    {
        double[] w = [1, 2, 3];
        double[] z = [1, 0, 2, -1, 1, 1];
        var dz = new double[6];
        double loss = ColumnWeighted.RowSquaresWithGradient(w, new ReadOnlyTensorSpan<double>(z, [2, 3]), new TensorSpan<double>(dz, [2, 3]));
        // rows: 1*1 + 2*0 + 3*2 = 7, 1*-1 + 2*1 + 3*1 = 4 → 49 + 16
        Assert.Equal(65, loss, 12);
        // d/dz[i, j] = 2 * rowsum_i * w_j
        Assert.Equal(new[] { 14.0, 28, 42, 8, 16, 24 }, dz);
    }
}
