using System.Collections.Generic;
using LossGen.Ir;

namespace LossGen.Analyzers.Analysis;

/// <summary>What a value in the formula holds, as far as the activations that produced it tell.</summary>
internal enum ValueKind
{
    Unknown,

    /// <summary>In [0, 1]: a sigmoid or softmax, exp of a log-probability, a [Probabilities] input, a clamp into [0, 1] of one.</summary>
    Probability,

    /// <summary>At most 0: log_sigmoid, log_softmax, the log of a probability.</summary>
    LogProbability,

    /// <summary>Unbounded scores: a [Logits] input or an affine function of one.</summary>
    Logits,
}

/// <summary>
/// Infers the <see cref="ValueKind"/> of each IR node, with the node that made it so (the input or the activation),
/// so a mismatch is reported where the activation was applied. Bindings and calls to other [Loss] methods are
/// inlined in the IR, so the kinds propagate through them with no extra work. Values are passed on by indexing
/// (gather, pick), by either branch of a where, by adding or multiplying constants (1 - p stays a probability in
/// the sense that matters here: it is not logits) and by clamps.
/// </summary>
internal sealed class ValueKinds(LossDecl decl)
{
    private readonly Dictionary<Node, (ValueKind, Node?)> _memo = new();

    public (ValueKind Kind, Node? Source) Of(Node n)
    {
        if (_memo.TryGetValue(n, out (ValueKind, Node?) known)) return known;
                (ValueKind, Node?) result = Infer(n);
        _memo[n] = result;
        return result;
    }

    private (ValueKind, Node?) Infer(Node n)
    {
        switch (n.Op)
        {
            case Op.Input:
                return decl.Inputs[n.Index].Role switch
                {
                    Role.Probabilities => (ValueKind.Probability, n),
                    Role.Logits => (ValueKind.Logits, n),
                    _ => (ValueKind.Unknown, null),
                };
            case Op.Sigmoid:
            case Op.Softmax:
                return (ValueKind.Probability, n);
            case Op.LogSigmoid:
            case Op.LogSoftmax:
                return (ValueKind.LogProbability, n);
            case Op.Exp when Of(n.Args[0]) is (ValueKind.LogProbability, var source):
                return (ValueKind.Probability, source);
            case Op.Log when Of(n.Args[0]) is (ValueKind.Probability, var source):
                return (ValueKind.LogProbability, source);
            case Op.Gather:
            case Op.Pick:
                return Of(n.Args[0]);
            case Op.Clamp:
            {
                var inner = Of(n.Args[0]);
                return inner.Item1 is ValueKind.Probability or ValueKind.Logits ? inner : (ValueKind.Unknown, null);
            }
            case Op.Where:
            {
                var a = Of(n.Args[1]);
                return a.Item1 != ValueKind.Unknown ? a : Of(n.Args[2]);
            }
            case Op.Add when SingleNonConstant(n) is Node t:
                return Affine(Of(t));
            case Op.Mul when n.Args.Length == 2 && n.Args[0].Op == Op.Const:
                return Affine(Of(n.Args[1]));
            default:
                return (ValueKind.Unknown, null);
        }
    }

    /// <summary>Logits and probabilities keep their kind under constants; a shifted or scaled log-probability is no longer one.</summary>
    private static (ValueKind, Node?) Affine((ValueKind Kind, Node? Source) x)
        => x.Kind == ValueKind.LogProbability ? (ValueKind.Unknown, null) : x;

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
