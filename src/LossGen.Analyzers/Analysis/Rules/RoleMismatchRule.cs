using LossGen.Ir;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG2001 and LG2002 inside the formula: a [Logits] input passed on unchanged into a log (used as a probability),
/// and a [Probabilities] input passed on unchanged into an activation (used as logits).
/// </summary>
internal sealed class RoleMismatchRule(CheckContext c) : INodeRule
{
    public Finding? Check(Node n, RangeContext ctx)
    {
        switch (n.Op)
        {
            case Op.Log:
            case Op.Log1p:
            {
                Node arg = n.Args[0];
                if (TraceProbabilityUse(n.Op == Op.Log1p && IsNegation(arg, out Node? negated) ? negated! : arg) is not int logits) return null;
                string z = c.Decl.Inputs[logits].Name;
                return c.At(n, DiagnosticIds.LogitsAsProbabilities,
                    $"'{z}' is [Logits], but '{c.Site(n)}' uses it as a probability; apply sigmoid or softmax first, use the logits form of the loss, or mark '{z}' [Probabilities] if it holds probabilities",
                    [RoleFix(z, Role.Logits, Role.Probabilities)]);
            }
            case Op.Sigmoid:
            case Op.LogSigmoid:
            case Op.Softplus:
            case Op.Softmax:
            case Op.LogSoftmax:
            case Op.LogSumExp:
            {
                if (TraceLogitsUse(n.Args[0]) is not int index) return null;
                string p = c.Decl.Inputs[index].Name;
                return c.At(n, DiagnosticIds.ProbabilitiesAsLogits,
                    $"'{p}' is [Probabilities], but '{c.Site(n)}' treats it as logits; pass the logits instead, use the probability form of the loss, or mark '{p}' [Logits] if it holds logits",
                    [RoleFix(p, Role.Probabilities, Role.Logits)]);
            }
            default:
                return null;
        }
    }

    /// <summary>The [Logits] input that <paramref name="x"/> passes on unchanged as a probability, if any.</summary>
    private int? TraceProbabilityUse(Node x)
    {
        for (int guard = 0; guard < 64; guard++)
        {
            switch (x.Op)
            {
                case Op.Input:
                    return c.Decl.Inputs[x.Index].Role == Role.Logits ? x.Index : null;
                case Op.Add when SingleNonConstant(x) is Node t:
                    x = t;
                    continue;
                case Op.Mul when x.Args.Length == 2 && x.Args[0].Op == Op.Const:
                    x = x.Args[1];
                    continue;
                case Op.Clamp:
                case Op.Gather:
                case Op.Pick:
                    x = x.Args[0];
                    continue;
                case Op.Max2 or Op.Min2 when x.Args[0].Op == Op.Const || x.Args[1].Op == Op.Const:
                    x = x.Args[0].Op == Op.Const ? x.Args[1] : x.Args[0];
                    continue;
                case Op.Where:
                    return TraceProbabilityUse(x.Args[1]) ?? TraceProbabilityUse(x.Args[2]);
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>The [Probabilities] input that <paramref name="x"/> passes on unchanged as logits, if any.</summary>
    private int? TraceLogitsUse(Node x)
    {
        for (int guard = 0; guard < 64; guard++)
        {
            switch (x.Op)
            {
                case Op.Input:
                    return c.Decl.Inputs[x.Index].Role == Role.Probabilities ? x.Index : null;
                case Op.Add when SingleNonConstant(x) is Node t:
                    x = t;
                    continue;
                case Op.Mul when x.Args.Length == 2 && x.Args[0].Op == Op.Const:
                    x = x.Args[1];
                    continue;
                case Op.Gather:
                case Op.Pick:
                    x = x.Args[0];
                    continue;
                case Op.Where:
                    return TraceLogitsUse(x.Args[1]) ?? TraceLogitsUse(x.Args[2]);
                default:
                    return null;
            }
        }
        return null;
    }

    private static Node? SingleNonConstant(Node add)
    {
        Node? found = null;
        foreach (Node a in add.Args)
        {
            if (a.Op == Op.Const) continue;
            if (found is not null) return null;
            found = a;
        }
        return found;
    }
}
