using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LossGen.Analyzers.Analysis.Rules;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Analyzers.Analysis;

/// <summary>
/// The numerical and usage checks of one [Loss] declaration, as plain data: binds the formula with the shared
/// compiler, builds a read-only <see cref="CheckContext"/> (IR, ranges, syntax) and asks each rule in Rules/ about
/// every node, returning located findings with their fixes. Knows nothing of Roslyn, so the analyzer, the code
/// fixer and the tests share it. A formula that does not bind yields no findings (the generator reports
/// LG0001–LG0004 for it).
/// </summary>
internal static class FormulaChecker
{
    public static IReadOnlyList<Finding> Check(
        LossDecl decl, IReadOnlyDictionary<string, LossDecl> siblings, Precision precision, CancellationToken cancellationToken = default)
    {
        BoundLoss bound;
        try
        {
            bound = Binder.Bind(decl, siblings);
        }
        catch (FormulaException)
        {
            return Array.Empty<Finding>();
        }
        catch (Exception e) when (IsCompilerFailure(e))
        {
            return Array.Empty<Finding>();
        }
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Run(new CheckContext(decl, siblings, bound, precision, cancellationToken));
        }
        catch (Exception e) when (IsCompilerFailure(e))
        {
            // An analyzer must never take the IDE down; the generator reports real compiler failures.
            return Array.Empty<Finding>();
        }
    }

    /// <summary>Whether the formula (with edits applied) still compiles: code fixes are offered only then.</summary>
    public static bool Binds(LossDecl decl, IReadOnlyDictionary<string, LossDecl> siblings)
    {
        try
        {
            Binder.Bind(decl, siblings);
            return true;
        }
        catch (FormulaException)
        {
            return false;
        }
        catch (Exception e) when (IsCompilerFailure(e))
        {
            return false;
        }
    }

    private static bool IsCompilerFailure(Exception e)
        => e is InvalidOperationException or ArgumentException or InsufficientExecutionStackException or KeyNotFoundException
            or IndexOutOfRangeException or NullReferenceException or FormulaException;

    private static IReadOnlyList<Finding> Run(CheckContext c)
    {
        var stable = new StableBuiltinRule(c);
        // In priority order: a node gets the finding of the first rule that reports it. A role mismatch explains a
        // log's failure better than its range does, and a stable rewrite fixes more than a guard.
        INodeRule[] rules =
        [
            new RoleMismatchRule(c),
            stable,
            new UnguardedLogRule(c),
            new DivisionByZeroRule(c),
            new PowerRule(c),
            new SingularDerivativeRule(c),
            new ExpOverflowRule(c, stable),
        ];
        var findings = new List<Finding>(VisitAll(c, rules));
        c.CancellationToken.ThrowIfCancellationRequested();
        findings.AddRange(ConstantOverflowRule.Check(c));
        findings.AddRange(SiblingArgumentRule.Check(c));
        findings.AddRange(AmbiguousBroadcastRule.Check(c));
        for (int k = 0; k < findings.Count; k++) findings[k] = RoleRewrites.Add(c, findings[k]);
        c.CancellationToken.ThrowIfCancellationRequested();
        findings.AddRange(ZeroGradientRule.Check(c));
        return findings.OrderBy(f => f.Span?.Start ?? -1).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Every (node, where-branch context) pair reachable from the root, each node reported at most once (in the
    /// first context where a rule fires). Nodes inlined from a sibling [Loss] carry the call's span; the sibling's
    /// own declaration reports them.
    /// </summary>
    private static List<Finding> VisitAll(CheckContext c, INodeRule[] rules)
    {
        var findings = new List<Finding>();
        var reported = new HashSet<Node>();
        var seen = new HashSet<(Node, RangeContext)>();
        var stack = new Stack<(Node, RangeContext)>();
        stack.Push((c.Bound.Root, c.Ranges.Root));
        while (stack.Count > 0)
        {
            (Node n, RangeContext ctx) = stack.Pop();
            if (!seen.Add((n, ctx))) continue;
            if (seen.Count % 256 == 0) c.CancellationToken.ThrowIfCancellationRequested();
            if (!reported.Contains(n) && n.Args.Length > 0)
            {
                bool inlined = c.Text.IsInlined(n.Origin);
                foreach (INodeRule rule in rules)
                {
                    if (inlined && !rule.SeesInlinedNodes || rule.Check(n, ctx) is not Finding f) continue;
                    findings.Add(f);
                    reported.Add(n);
                    break;
                }
            }
            if (n.Op == Op.Where)
            {
                stack.Push((n.Args[0], ctx));
                stack.Push((n.Args[1], c.Ranges.Branch(n, true, ctx)));
                stack.Push((n.Args[2], c.Ranges.Branch(n, false, ctx)));
            }
            else
            {
                foreach (Node a in n.Args) stack.Push((a, ctx));
            }
        }
        return findings;
    }
}
