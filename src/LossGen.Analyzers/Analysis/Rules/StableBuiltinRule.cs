using System.Linq;
using LossGen.Formula;
using LossGen.Ir;
using static LossGen.Analyzers.Analysis.CheckContext;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// LG1005: a naive spelling of a function that has a numerically stable built-in (log(sigmoid(x)), log(sum(exp(x))),
/// 1 / (1 + exp(-x)), ...), reported only where the naive form actually fails for the reachable inputs.
/// </summary>
internal sealed class StableBuiltinRule(CheckContext c) : INodeRule
{
    /// <summary>
    /// A matched pattern: the message, the rewrite (null when the syntax is too indirect to rewrite), and the
    /// overflowing exp inside the pattern, if any, whose LG1004 offers the same rewrite (it removes both).
    /// </summary>
    public sealed record Match(string Message, FixSuggestion? Fix, Node? Exp);

    public bool SeesInlinedNodes => false;

    public Finding? Check(Node n, RangeContext ctx)
        => MatchAt(n, ctx) is { } m ? c.At(n, DiagnosticIds.StableBuiltin, m.Message, m.Fix is null ? null : [m.Fix]) : null;

    /// <summary>The pattern rooted at <paramref name="n"/>, if its naive form fails in <paramref name="ctx"/>.</summary>
    public Match? MatchAt(Node n, RangeContext ctx) => n.Op switch
    {
        Op.Log => MatchLog(n, ctx),
        Op.Log1p => MatchLog1p(n, ctx),
        Op.Div => MatchDivision(n, ctx),
        _ => null,
    };

    private Match? MatchLog(Node n, RangeContext ctx)
    {
        Node arg = n.Args[0];
        Expr? argSyntax = c.CallArgument(n, 0) is Expr a ? c.Text.Resolve(a) : null;
        string t = c.Precision.TypeName;
        // log(sigmoid(x)) -> log_sigmoid(x)
        if (arg.Op == Op.Sigmoid && c.Range(arg, ctx).CanBeNonPositive)
        {
            string? x = argSyntax is CallExpr { Name: "sigmoid" } s && Positional(s, 0) is Expr sx ? c.Text.Of(sx) : null;
            return Stable(n, x is null ? null : $"log_sigmoid({x})", "log_sigmoid(x)",
                $"sigmoid rounds to 0 for large negative arguments in {t}, so the log is -∞ and its gradient NaN");
        }
        // log(1 - sigmoid(x)) -> log_sigmoid(-x)
        if (IsOneMinus(arg, out Node? s1) && s1.Op == Op.Sigmoid && c.Range(arg, ctx).CanBeNonPositive)
        {
            string? x = c.OneMinusCall(argSyntax, "sigmoid") is CallExpr s && Positional(s, 0) is Expr sx ? c.Text.Negated(sx) : null;
            return Stable(n, x is null ? null : $"log_sigmoid({x})", "log_sigmoid(-x)",
                $"sigmoid rounds to 1 once its argument exceeds about {(c.Precision.IsDouble ? 37 : 17)} in {t}, so 1 - sigmoid is 0 and the log -∞");
        }
        // log(softmax(x, dim: d)) -> log_softmax(x, dim: d)
        if (arg.Op == Op.Softmax)
        {
            string? call = argSyntax is CallExpr { Name: "softmax" } s ? "log_" + c.Text.Of(s) : null;
            return Stable(n, call, "log_softmax(x, dim: 1)",
                "softmax rounds small probabilities to 0, so the log is -∞ and its gradient NaN");
        }
        // log(exp(x) / sum(exp(x), dim: 1)) -> log_softmax(x, dim: 1)
        if (HandWrittenSoftmax(arg) is Node softmaxExp
            && (double.IsPositiveInfinity(c.Range(softmaxExp, ctx).Hi) || c.Range(arg, ctx).CanBeNonPositive))
        {
            string? x = SoftmaxArgument(argSyntax) is Expr sx ? c.Text.Of(sx) : null;
            return Stable(n, x is null ? null : $"log_softmax({x}, dim: 1)", "log_softmax(x, dim: 1)",
                $"exp overflows above {c.Threshold} in {t} (∞/∞ = NaN) and every term can underflow to 0, so the log is -∞; log_softmax subtracts the row maximum first",
                softmaxExp);
        }
        // log(where(c, sigmoid(z), 1 - sigmoid(z))) -> log_sigmoid(where(c, z, -z))
        if (WhereOfSigmoids(arg) is bool sigmoidFirst && c.Range(arg, ctx).CanBeNonPositive)
        {
            string? replacement = null;
            if (argSyntax is CallExpr { Name: "where" } w && Positional(w, 0) is Expr cond
                && Positional(w, sigmoidFirst ? 1 : 2) is Expr branch && c.Text.Resolve(branch) is CallExpr { Name: "sigmoid" } sig
                && Positional(sig, 0) is Expr z)
            {
                string zs = c.Text.Of(z), nz = c.Text.Negated(z);
                replacement = $"log_sigmoid(where({c.Text.Of(cond)}, {(sigmoidFirst ? zs : nz)}, {(sigmoidFirst ? nz : zs)}))";
            }
            return Stable(n, replacement, "log_sigmoid(where(c, z, -z))",
                $"sigmoid rounds to 0 or 1 for large arguments in {t}, so the selected probability is 0 and the log -∞; a clamp would instead flatten the loss for confidently wrong samples and give them no gradient");
        }
        // log(sum(exp(x))) -> logsumexp(x)
        if (arg.Op == Op.Sum && arg.Args[0].Op == Op.Exp
            && (double.IsPositiveInfinity(c.Range(arg.Args[0], ctx).Hi) || c.Range(arg, ctx).CanBeNonPositive))
        {
            string? replacement = null;
            if (argSyntax is CallExpr { Name: "sum" } sum && Positional(sum, 0) is Expr e
                && c.Text.Resolve(e) is CallExpr { Name: "exp" } exp && Positional(exp, 0) is Expr x)
            {
                Argument? dim = sum.Arguments.FirstOrDefault(g => g.Name == "dim");
                replacement = $"logsumexp({c.Text.Of(x)}{(dim is null ? "" : ", dim: " + c.Text.Of(dim.Value))})";
            }
            return Stable(n, replacement, "logsumexp(x, dim: 1)",
                $"exp overflows above {c.Threshold} in {t} and every term can underflow to 0, so the sum is ∞ or 0", arg.Args[0]);
        }
        // log(1 + exp(x)) -> softplus(x)
        if (arg.Op == Op.Add && arg.Args.Length == 2 && arg.Args[0].IsConst(1) && arg.Args[1].Op == Op.Exp
            && double.IsPositiveInfinity(c.Range(arg.Args[1], ctx).Hi))
        {
            string? x = c.OnePlusCall(argSyntax, "exp") is CallExpr exp && Positional(exp, 0) is Expr ex ? c.Text.Of(ex) : null;
            return Stable(n, x is null ? null : $"softplus({x})", "softplus(x)",
                $"exp overflows to ∞ above {c.Threshold} in {t}, where the exact value is simply x", arg.Args[1]);
        }
        return null;
    }

    private Match? MatchLog1p(Node n, RangeContext ctx)
    {
        Node arg = n.Args[0];
        Expr? argSyntax = c.CallArgument(n, 0) is Expr a ? c.Text.Resolve(a) : null;
        string t = c.Precision.TypeName;
        // log1p(exp(x)) -> softplus(x)
        if (arg.Op == Op.Exp && double.IsPositiveInfinity(c.Range(arg, ctx).Hi))
        {
            string? x = argSyntax is CallExpr { Name: "exp" } exp && Positional(exp, 0) is Expr ex ? c.Text.Of(ex) : null;
            return Stable(n, x is null ? null : $"softplus({x})", "softplus(x)",
                $"exp overflows to ∞ above {c.Threshold} in {t}, where the exact value is simply x", arg);
        }
        // log1p(-sigmoid(x)) -> log_sigmoid(-x)
        if (IsNegation(arg, out Node? s) && s!.Op == Op.Sigmoid && c.Range(s, ctx).Hi >= 1)
        {
            string? x = argSyntax is NegateExpr neg && c.Text.Resolve(neg.Operand) is CallExpr { Name: "sigmoid" } call
                && Positional(call, 0) is Expr sx ? c.Text.Negated(sx) : null;
            return Stable(n, x is null ? null : $"log_sigmoid({x})", "log_sigmoid(-x)",
                $"sigmoid rounds to 1 once its argument exceeds about {(c.Precision.IsDouble ? 37 : 17)} in {t}, so the log1p is -∞");
        }
        return null;
    }

    /// <summary>1 / (1 + exp(u)) -> sigmoid(-u), and exp(x) / sum(exp(x), dim: 1) -> softmax(x, dim: 1).</summary>
    private Match? MatchDivision(Node n, RangeContext ctx)
    {
        // Under a log, the log_softmax pattern covers the division.
        if (HandWrittenSoftmax(n) is Node softmaxExp && double.IsPositiveInfinity(c.Range(softmaxExp, ctx).Hi)
            && !c.ParentsOf(n).All(p => p.Op == Op.Log))
        {
            string? x = SoftmaxArgument(c.Text.At(n.Origin)) is Expr sx ? c.Text.Of(sx) : null;
            return Stable(n, x is null ? null : $"softmax({x}, dim: 1)", "softmax(x, dim: 1)",
                $"exp overflows above {c.Threshold} in {c.Precision.TypeName}, so the ratio is ∞/∞ = NaN; softmax subtracts the row maximum first", softmaxExp);
        }
        Node den = n.Args[1];
        if (!(n.Args[0].IsConst(1) && den.Op == Op.Add && den.Args.Length == 2 && den.Args[0].IsConst(1) && den.Args[1].Op == Op.Exp
              && double.IsPositiveInfinity(c.Range(den.Args[1], ctx).Hi)))
            return null;
        string? replacement = null;
        if (c.Text.At(n.Origin) is ProductExpr { Factors.Length: 2 } p && !p.Factors[0].Divide && p.Factors[1].Divide
            && c.Text.Resolve(p.Factors[0].Factor) is NumberExpr { Value: 1 }
            && c.OnePlusCall(c.Text.Resolve(p.Factors[1].Factor), "exp") is CallExpr exp && Positional(exp, 0) is Expr u)
            replacement = $"sigmoid({c.Text.Negated(u)})";
        return Stable(n, replacement, "sigmoid(x)",
            $"exp overflows to ∞ above {c.Threshold} in {c.Precision.TypeName}; the value then rounds to 0 correctly, but the gradient is ∞/∞ = NaN", den.Args[1]);
    }

    /// <summary>The exp in <c>exp(x) / sum(exp(x), dim: 1)</c>, if <paramref name="div"/> is that division.</summary>
    public static Node? HandWrittenSoftmax(Node div)
        => div.Op == Op.Div && div.Args[0].Op == Op.Exp && div.Args[1].Op == Op.Sum && div.Args[1].Axis == Axis.Dim1
           && div.Args[1].Args.Length == 1 && div.Args[1].Args[0] == div.Args[0] ? div.Args[0] : null;

    /// <summary>The x of <c>exp(x) / sum(exp(x), dim: 1)</c> as written.</summary>
    private Expr? SoftmaxArgument(Expr? e)
        => e is ProductExpr { Factors.Length: 2 } p && !p.Factors[0].Divide && p.Factors[1].Divide
           && c.Text.Resolve(p.Factors[0].Factor) is CallExpr { Name: "exp" } exp ? Positional(exp, 0) : null;

    /// <summary>
    /// Whether <paramref name="n"/> is where(c, sigmoid(z), 1 - sigmoid(z)) (true) or where(c, 1 - sigmoid(z),
    /// sigmoid(z)) (false): the probability of the selected class, which log_sigmoid(±z) computes stably.
    /// </summary>
    private static bool? WhereOfSigmoids(Node n)
    {
        if (n.Op != Op.Where) return null;
        Node a = n.Args[1], b = n.Args[2];
        if (a.Op == Op.Sigmoid && IsOneMinus(b, out Node rb) && rb == a) return true;
        if (b.Op == Op.Sigmoid && IsOneMinus(a, out Node ra) && ra == b) return false;
        return null;
    }

    private Match Stable(Node n, string? replacement, string builtin, string reason, Node? exp = null)
    {
        FixSuggestion? fix = replacement is null ? null
            : c.Validate(Fix($"Use {replacement}", "LossGen.StableBuiltin", FormulaEdit.Replace(c.Text.Balance(n.Origin), replacement)));
        return new Match($"'{c.Site(n)}' has a numerically stable built-in, {replacement ?? builtin}: {reason}", fix, exp);
    }
}
