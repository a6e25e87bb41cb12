using System.Globalization;
using System.Linq;
using LossGen.Formula;
using LossGen.Ir;
using LossGen.Ir.Operations;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG1003 for a function whose table entry lists points where its derivative is infinite (acos at ±1), when the
/// argument's range reaches one and the argument carries a gradient. sqrt, which also has such a point, is
/// <see cref="PowerRule"/>'s, with its fixes.
/// </summary>
internal sealed class SingularDerivativeRule(CheckContext c) : INodeRule
{
    public bool SeesInlinedNodes => false;

    public Finding? Check(Node n, RangeContext ctx)
    {
        if (n.Op == Op.Sqrt || OperationTable.Of(n.Op) is not { InfiniteDerivativeAt.Length: > 0 } f) return null;
        Node arg = n.Args[0];
        if (!c.IsDifferentiable(arg)) return null;
        Interval x = c.Range(arg, ctx);
        double[] reached = f.InfiniteDerivativeAt.Where(x.Contains).ToArray();
        if (reached.Length == 0) return null;
        Expr? argSyntax = c.CallArgument(n, 0);
        string argText = argSyntax is null ? "the argument" : c.Text.Of(argSyntax);
        string points = string.Join(" and ", reached.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
        return c.At(n, DiagnosticIds.SingularSqrt,
            $"'{c.Site(n)}': '{argText}' can reach {points}{RangeNote(x)}, where the gradient of {f.Name} is infinite (and ∞ · 0 = NaN in the backward pass); keep the argument strictly inside, e.g. with clamp");
    }
}
