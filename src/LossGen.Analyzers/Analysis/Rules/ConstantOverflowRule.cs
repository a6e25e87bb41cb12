using System.Collections.Generic;
using System.Globalization;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG1004 for constants: the compiler folds constant subexpressions in double, and the kernel then stores the folded
/// value in the method's element type. A literal or a folded constant beyond that type's range (<c>exp(226)</c> in a
/// float method, <c>1e200 * 1e200</c> anywhere) is +∞ or −∞ at run time, which the formula's author rarely means.
/// </summary>
internal static class ConstantOverflowRule
{
    public static IEnumerable<Finding> Check(CheckContext c)
    {
        foreach (Node n in c.Order)
        {
            if (n.Op != Op.Const || double.IsNaN(n.Value) || !double.IsInfinity(c.Precision.Round(n.Value))) continue;
            if (c.Text.IsInlined(n.Origin)) continue;
            string folded = double.IsInfinity(n.Value) ? "∞ even in double" : n.Value.ToString("G6", CultureInfo.InvariantCulture);
            string limit = c.Precision.IsDouble ? "1.8e308" : "3.4e38";
            yield return c.At(n, DiagnosticIds.ExpOverflow,
                $"the constant '{c.Site(n)}' is {folded}, beyond {c.Precision.TypeName}'s range (±{limit}): "
                + $"the kernel computes it as {(n.Value > 0 ? "+" : "−")}∞");
        }
    }
}
