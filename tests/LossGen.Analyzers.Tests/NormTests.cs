using System.Linq;
using LossGen.Ir;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>
/// Why LG1003 covers sqrt and fractional powers but not norm: LossGen differentiates norm with PyTorch's convention
/// (d norm(v) = v / norm(v), and 0 where norm(v) = 0), so norm(a - p) has a finite gradient when a == p, while a
/// hand-written sqrt(sum((a - p)^2)) gets ∞ · 0 = NaN there. The same holds for norm(a - p + 1e-6) (PyTorch's
/// pairwise_distance), which is therefore neither better nor worse: both are stable in LossGen.
/// </summary>
public class NormTests
{
    private const string Pair = "ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> p";

    /// <summary>The gradient of the loss with respect to every differentiable input, flattened.</summary>
    internal static double[] Gradient(string formula, string parameters, params Tensor[] inputs)
    {
        BoundLoss bound = Engine.Bind(formula, parameters);
        var wrt = Enumerable.Range(0, bound.Inputs.Length).Where(i => bound.Decl.Inputs[i].IsDifferentiable).Select(i => bound.Inputs[i]).ToList();
        Node[] gradients = Differentiator.Gradients(bound.Graph, bound.Root, wrt);
        return gradients.SelectMany(g => Interpreter.Evaluate(bound, g, inputs).Data).ToArray();
    }

    private static readonly Tensor Same = Tensor.Matrix(new double[,] { { 1, 2, 3 }, { -1, 0, 4 } });

    [Theory]
    [InlineData("mean(norm(a - p, dim: 1))")]
    [InlineData("mean(norm(a - p + 1e-6, dim: 1))")]
    [InlineData("mean(max(0, norm(a - p, dim: 1) - norm(a - 2 * p, dim: 1) + 1))")]
    public void Norm_has_a_finite_gradient_where_its_argument_is_zero(string formula)
    {
        Assert.All(Gradient(formula, Pair, Same, Same), g => Assert.True(double.IsFinite(g)));
        Assert.Empty(Engine.Check(formula, Pair.Replace("double", "float")));
    }

    [Fact]
    public void A_hand_written_norm_takes_sqrts_convention_there_and_is_flagged()
    {
        // sqrt'(0) is taken as 0 (docs/language.md), so identical rows get gradient 0 like norm; the analyzer still
        // flags the formula, because just above 0 the slope is unbounded.
        const string formula = "mean(sqrt(sum((a - p)^2, dim: 1)))";
        Assert.All(Gradient(formula, Pair, Same, Same), g => Assert.Equal(0, g));
        Assert.Equal("LG1003", Assert.Single(Engine.Check(formula, Pair)).Id);
    }
}
