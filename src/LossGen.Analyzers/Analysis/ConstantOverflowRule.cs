using System.Collections.Generic;
using System.Globalization;
using LossGen.Ir;

namespace LossGen.Analyzers.Analysis;

/// <summary>
/// LG1004 for constants: the compiler folds constant subexpressions in double, and the kernel then stores the folded
/// value in the method's element type. A literal or a folded constant beyond that type's range (<c>exp(226)</c> in a
/// float method, <c>1e200 * 1e200</c> anywhere) is +∞ or −∞ at run time, which the formula's author rarely means.
/// </summary>
internal static class ConstantOverflowRule
{
    /// <summary>The constants of <paramref name="order"/> that are infinite once stored in the method's type.</summary>
    public static IEnumerable<(Node Constant, string Message)> Find(IEnumerable<Node> order, Precision precision, System.Func<Node, string> site)
    {
        foreach (Node n in order)
        {
            if (n.Op != Op.Const || double.IsNaN(n.Value) || !double.IsInfinity(precision.Round(n.Value))) continue;
            string folded = double.IsInfinity(n.Value) ? "∞ even in double" : n.Value.ToString("G6", CultureInfo.InvariantCulture);
            string limit = precision.IsDouble ? "1.8e308" : "3.4e38";
            yield return (n, $"the constant '{site(n)}' is {folded}, beyond {precision.TypeName}'s range (±{limit}): "
                             + $"the kernel computes it as {(n.Value > 0 ? "+" : "−")}∞");
        }
    }
}
