using System.Collections.Generic;
using LossGen.Formula;
using LossGen.Ir;
using LossGen.Ir.Operations;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG2001 and LG2002 inside the formula: a [Logits] input passed on unchanged into a log (used as a probability),
/// and a [Probabilities] input passed on unchanged into an activation (used as logits).
/// </summary>
internal sealed class RoleMismatchRule(CheckContext c) : INodeRule
{
    private readonly HashSet<Node> _reportedSources = new();

    public bool SeesInlinedNodes => true;

    public Finding? Check(Node n, RangeContext ctx)
    {
        bool inlined = c.Text.IsInlined(n.Origin);
        switch (n.Op)
        {
            case Op.Log:
            case Op.Log1p:
            {
                if (inlined) return null;
                Node arg = n.Args[0];
                if (TraceProbabilityUse(n.Op == Op.Log1p && IsNegation(arg, out Node? negated) ? negated! : arg) is int logits)
                {
                    string z = c.Decl.Inputs[logits].Name;
                    return c.At(n, DiagnosticIds.LogitsAsProbabilities,
                        $"'{z}' is [Logits], but '{c.Site(n)}' uses it as a probability; apply sigmoid or softmax first, use the logits form of the loss, or mark '{z}' [Probabilities] if it holds probabilities",
                        [RoleFix(z, Role.Logits, Role.Probabilities)]);
                }
                return n.Op == Op.Log ? LogOfLogProbability(n) : null;
            }
            case Op.Sigmoid:
            case Op.LogSigmoid:
            case Op.Softplus:
            case Op.Softmax:
            case Op.LogSoftmax:
            case Op.LogSumExp:
            {
                if (!inlined && TraceLogitsUse(n.Args[0]) is int index)
                {
                    string p = c.Decl.Inputs[index].Name;
                    return c.At(n, DiagnosticIds.ProbabilitiesAsLogits,
                        $"'{p}' is [Probabilities], but '{c.Site(n)}' treats it as logits; pass the logits instead, use the probability form of the loss, or mark '{p}' [Logits] if it holds logits",
                        [RoleFix(p, Role.Probabilities, Role.Logits)]);
                }
                return ActivationAppliedTwice(n);
            }
            default:
                return null;
        }
    }

    /// <summary>
    /// LG2002 on a value: an activation computed in this formula (sigmoid, softmax, exp of a log-probability) fed
    /// to a function that takes logits, directly, through bindings or through a sibling [Loss] call. Located on the
    /// inner activation, with a fix that drops it when nothing else uses it as a probability.
    /// </summary>
    private Finding? ActivationAppliedTwice(Node n)
    {
        if (c.Kinds.Of(n.Args[0]) is not (ValueKind.Probability, Node source) || source.Op == Op.Input) return null;
        if (source.Origin.Length == 0 || c.Text.IsInlined(source.Origin) || !_reportedSources.Add(source)) return null;
        string inner = c.Site(source), outer = FunctionName(n.Op);
        string activation = source.Op switch { Op.Sigmoid => "sigmoid", Op.Softmax => "softmax", _ => "exp of a log-probability" };
        var fixes = new List<FixSuggestion>();
        if (source.Op is Op.Sigmoid or Op.Softmax && !IsUsedAsProbability(source) && c.CallArgument(source, 0) is Expr logits)
        {
            Span span = c.Text.Balance(source.Origin);
            string replacement = c.Text.Of(logits);
            if (logits is SumExpr or ProductExpr or CompareExpr or NegateExpr && !c.Text.IsGroup(logits.Span) && c.NeedsParentheses(span))
                replacement = "(" + replacement + ")";
            fixes.Add(Fix($"Drop the inner {activation}: '{inner}' becomes '{replacement}', so {outer} receives logits",
                "LossGen.DropActivation", FormulaEdit.Replace(span, replacement)));
        }
        return new Finding(DiagnosticIds.ProbabilitiesAsLogits, c.Text.Balance(source.Origin),
            $"'{inner}' is already a probability ({activation} output), but '{c.Site(n)}' treats it as logits: the activation is applied twice, which squashes the loss and its gradient; pass the logits instead",
            c.Validate(fixes));
    }

    /// <summary>LG2001 on a value: the log of a log-probability (log_sigmoid, log_softmax, log of a probability), which is NaN.</summary>
    private Finding? LogOfLogProbability(Node log)
    {
        if (c.Kinds.Of(log.Args[0]) is not (ValueKind.LogProbability, Node source) || source.Op == Op.Input) return null;
        if (source.Origin.Length == 0 || c.Text.IsInlined(source.Origin) || !_reportedSources.Add(source)) return null;
        var fixes = new List<FixSuggestion>();
        if (c.CallArgument(log, 0) is Expr arg)
            fixes.Add(Fix($"Drop the outer log: '{c.Site(log)}' becomes '{c.Text.Of(arg)}', the log-probability itself",
                "LossGen.DropLog", FormulaEdit.Replace(c.Text.Balance(log.Origin), c.Text.Of(arg))));
        return new Finding(DiagnosticIds.LogitsAsProbabilities, c.Text.Balance(source.Origin),
            $"'{c.Site(source)}' is already a log-probability (at most 0), but '{c.Site(log)}' takes its log as if it were a probability, which is NaN for every negative value",
            c.Validate(fixes));
    }

    /// <summary>Whether some use of <paramref name="activation"/> (through indexing, constants and where) treats it as a probability.</summary>
    private bool IsUsedAsProbability(Node activation)
    {
        var seen = new HashSet<Node>();
        var stack = new Stack<Node>();
        stack.Push(activation);
        while (stack.Count > 0)
        {
            foreach (Node p in c.ParentsOf(stack.Pop()))
            {
                if (!seen.Add(p)) continue;
                switch (p.Op)
                {
                    case Op.Log or Op.Log1p or Op.Pow or Op.Sqrt or Op.Clamp:
                        return true;
                    case Op.Gather or Op.Pick or Op.Where or Op.Max2 or Op.Min2:
                    case Op.Add when p.Args.Length == 2 && p.Args[0].Op == Op.Const:
                    case Op.Mul when p.Args.Length == 2 && p.Args[0].Op == Op.Const:
                        stack.Push(p);
                        break;
                }
            }
        }
        return false;
    }

    private static string FunctionName(Op op) => OperationTable.Of(op)?.Name ?? op switch
    {
        Op.Softmax => "softmax",
        Op.LogSoftmax => "log_softmax",
        _ => "logsumexp",
    };

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
