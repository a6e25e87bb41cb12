using System.Threading.Tasks;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>LG1004 on constants: a literal or folded constant beyond the method's element type is ∞ in the kernel.</summary>
public class ConstantOverflowTests
{
    private const string Reg = "[Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat";
    private const string RegDouble = "[Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat";

    [Fact]
    public Task LG1004_a_folded_exp_beyond_float() => Verify.Analyzer(Src.One("mean(abs({|LG1004:exp(226)|} / max(1.063, y)) * yhat)", Reg));

    [Fact]
    public Task LG1004_a_literal_beyond_float() => Verify.Analyzer(Src.One("mean(yhat * {|LG1004:1e39|})", Reg));

    [Fact]
    public Task LG1004_a_negative_literal_beyond_float() => Verify.Analyzer(Src.One("mean(yhat + {|LG1004:-3e38 * 2|})", Reg));

    [Fact]
    public Task LG1004_a_product_beyond_double() => Verify.Analyzer(Src.One("mean(yhat + {|LG1004:1e200 * 1e200|})", RegDouble, "double"));

    [Theory]
    [InlineData("mean(yhat * 1e39)")]
    [InlineData("mean(yhat * exp(226))")]
    [InlineData("mean(yhat * 1e-320)")]
    public Task LG1004_not_for_constants_within_double(string formula) => Verify.Analyzer(Src.One(formula, RegDouble, "double"));

    [Theory]
    [InlineData("mean(yhat * 3e38)")]
    [InlineData("mean(yhat * 1e-45)")]
    [InlineData("mean(yhat * 1e-300)")]
    public Task LG1004_not_for_constants_within_float_or_underflowing(string formula) => Verify.Analyzer(Src.One(formula, Reg));
}
