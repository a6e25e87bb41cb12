using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Analyzers.Analysis;

/// <summary>
/// The numerical and usage checks of one [Loss] declaration, as plain data: binds the formula with the shared
/// compiler, runs <see cref="RangeAnalysis"/> over the IR and returns located findings with their fixes. Knows
/// nothing of Roslyn, so the analyzer, the code fixer and the tests share it. A formula that does not bind yields
/// no findings (the generator reports LG0001–LG0004 for it).
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
            return new Session(decl, siblings, bound, precision, cancellationToken).Run();
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

    private sealed class Session
    {
        private readonly LossDecl _decl;
        private readonly IReadOnlyDictionary<string, LossDecl> _siblings;
        private readonly BoundLoss _bound;
        private readonly Graph _g;
        private readonly Precision _p;
        private readonly CancellationToken _ct;
        private readonly FormulaText _text;
        private readonly RangeAnalysis _ranges;
        private readonly List<Node> _order;
        private readonly Dictionary<Node, List<Node>> _parents = new();
        private readonly HashSet<Node> _differentiable;
        private readonly Dictionary<Node, bool> _compressed = new();
        private readonly Dictionary<Node, Finding> _byNode = new();
        private readonly Dictionary<Node, FixSuggestion> _patternFixForExp = new();
        private readonly List<Finding> _findings = new();

        public Session(LossDecl decl, IReadOnlyDictionary<string, LossDecl> siblings, BoundLoss bound, Precision precision, CancellationToken ct)
        {
            _decl = decl;
            _siblings = siblings;
            _bound = bound;
            _g = bound.Graph;
            _p = precision;
            _ct = ct;
            _text = new FormulaText(decl.Formula, bound.Syntax, siblings.Keys.ToList());
            _ranges = new RangeAnalysis(decl, precision);
            _order = Differentiator.TopologicalOrder(bound.Root);
            foreach (Node n in _order)
            {
                foreach (Node a in n.Args.Distinct())
                {
                    if (!_parents.TryGetValue(a, out List<Node>? list)) _parents[a] = list = new List<Node>();
                    list.Add(n);
                }
            }
            _differentiable = Differentiator.DependsOn(bound.Root,
                Enumerable.Range(0, decl.Inputs.Count).Where(i => decl.Inputs[i].IsDifferentiable).Select(i => bound.Inputs[i]));
        }

        public IReadOnlyList<Finding> Run()
        {
            VisitAll();
            foreach ((Node constant, string message) in ConstantOverflowRule.Find(_order, _p, Site))
                if (!_text.IsInlined(constant.Origin)) Report(constant, DiagnosticIds.ExpOverflow, message);
            _ct.ThrowIfCancellationRequested();
            CheckSiblingArguments();
            var result = new List<Finding>(_findings);
            AddRoleRewrites(result);
            _ct.ThrowIfCancellationRequested();
            result.AddRange(ZeroGradients());
            return result
                .Select(f => f.Id == DiagnosticIds.ExpOverflow ? WithPatternFix(f) : f)
                .OrderBy(f => f.Span?.Start ?? -1).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        }

        // ---- traversal: every (node, where-branch context) pair reachable from the root ----

        private void VisitAll()
        {
            var seen = new HashSet<(Node, RangeContext)>();
            var stack = new Stack<(Node, RangeContext)>();
            stack.Push((_bound.Root, _ranges.Root));
            while (stack.Count > 0)
            {
                (Node n, RangeContext ctx) = stack.Pop();
                if (!seen.Add((n, ctx))) continue;
                if (seen.Count % 256 == 0) _ct.ThrowIfCancellationRequested();
                CheckNode(n, ctx);
                if (n.Op == Op.Where)
                {
                    stack.Push((n.Args[0], ctx));
                    stack.Push((n.Args[1], _ranges.Branch(n, true, ctx)));
                    stack.Push((n.Args[2], _ranges.Branch(n, false, ctx)));
                }
                else
                {
                    foreach (Node a in n.Args) stack.Push((a, ctx));
                }
            }
        }

        private Interval R(Node n, RangeContext ctx) => _ranges.Of(n, ctx);

        private void Report(Node n, string id, string message, IEnumerable<FixSuggestion>? fixes = null)
        {
            if (_byNode.ContainsKey(n)) return;
            var finding = new Finding(id, _text.Balance(n.Origin), message, Validate(fixes));
            _byNode[n] = finding;
            _findings.Add(finding);
        }

        private void CheckNode(Node n, RangeContext ctx)
        {
            // Nodes inlined from a sibling [Loss] carry the call's span; the sibling's own declaration reports them.
            if (_byNode.ContainsKey(n) || _text.IsInlined(n.Origin) || n.Args.Length == 0) return;
            switch (n.Op)
            {
                case Op.Log:
                case Op.Log1p:
                    CheckLog(n, ctx);
                    break;
                case Op.Div:
                    CheckDivision(n, ctx);
                    break;
                case Op.Pow:
                    CheckPower(n, ctx, n.Args[0], _ranges.ExponentValue(n.Args[1]));
                    break;
                case Op.Sqrt:
                    CheckPower(n, ctx, n.Args[0], 0.5);
                    break;
                case Op.Exp:
                case Op.Cosh:
                    CheckOverflow(n, ctx);
                    break;
                case Op.Sigmoid:
                case Op.LogSigmoid:
                case Op.Softplus:
                case Op.Softmax:
                case Op.LogSoftmax:
                case Op.LogSumExp:
                    CheckProbabilitiesAsLogits(n);
                    break;
            }
        }

        // ---- LG1001 / LG1005 / LG2001: logarithms ----

        private void CheckLog(Node n, RangeContext ctx)
        {
            Node arg = n.Args[0];
            bool log1p = n.Op == Op.Log1p;
            string site = Site(n);

            if (TraceProbabilityUse(log1p && IsNegation(arg, out Node? negated) ? negated! : arg) is int logits)
            {
                string z = _decl.Inputs[logits].Name;
                Report(n, DiagnosticIds.LogitsAsProbabilities,
                    $"'{z}' is [Logits], but '{site}' uses it as a probability; apply sigmoid or softmax first, use the logits form of the loss, or mark '{z}' [Probabilities] if it holds probabilities",
                    [RoleFix(z, Role.Logits, Role.Probabilities)]);
                return;
            }

            if (MatchStableLog(n, ctx) is { } stable)
            {
                Report(n, DiagnosticIds.StableBuiltin, stable.Message, stable.Fix is null ? null : [stable.Fix]);
                return;
            }

            Interval x = R(arg, ctx);
            bool bad = log1p ? !x.IsEmpty && x.Lo <= -1 : x.CanBeNonPositive;
            if (!bad || IsFloored(n, x, log1p)) return;
            string argText = ArgumentText(n, 0) ?? "its argument";
            string what = log1p
                ? (x.Lo < -1 ? "below -1" : "-1")
                : x.CanBeNegative ? (x.Hi <= 0 ? "negative" : "zero or negative") : "0";
            string failure = log1p ? "log1p(x) is -∞ at x = -1 and NaN below" : "the log is -∞ at 0 and NaN below";
            Report(n, DiagnosticIds.UnguardedLog,
                $"'{site}': '{argText}' can be {what}{RangeNote(x)}; {failure}, and the gradient is infinite or NaN there",
                LogGuards(n, x, log1p));
        }

        /// <summary>
        /// PyTorch's BCELoss guard, <c>max(log(p), -100)</c>: the log reaches -∞ only at the end of its argument's
        /// range (never NaN below it), and every use floors it with a finite constant. The floor replaces the -∞, and
        /// the floor's gradient selects 0 there rather than multiplying the infinite 1/p by 0.
        /// </summary>
        private bool IsFloored(Node log, Interval x, bool log1p)
        {
            if (x.IsEmpty || x.Lo < (log1p ? -1 : 0)) return false;
            if (!_parents.TryGetValue(log, out List<Node>? parents) || parents.Count == 0) return false;
            return parents.All(p => p.Op switch
            {
                Op.Max2 => p.Args.Any(a => a != log && a.Op == Op.Const && !double.IsInfinity(a.Value)),
                Op.Clamp => p.Args[0] == log && p.Args[1].Op == Op.Const && !double.IsInfinity(p.Args[1].Value),
                _ => false,
            });
        }

        private IEnumerable<FixSuggestion> LogGuards(Node n, Interval x, bool log1p)
        {
            if (CallArgument(n, 0) is not Expr arg) yield break;
            string eps = _p.Epsilon;
            string a = _text.Of(arg);
            if (log1p)
            {
                yield return Fix($"Guard with max({a}, -1 + {eps})", "LossGen.Guard.Max",
                    FormulaEdit.Insert(arg.Span.Start, "max("), FormulaEdit.Insert(arg.Span.End, $", -1 + {eps})"));
                yield break;
            }
            yield return Fix($"Guard with max({a}, {eps})", "LossGen.Guard.Max",
                FormulaEdit.Insert(arg.Span.Start, "max("), FormulaEdit.Insert(arg.Span.End, $", {eps})"));
            if (x.IsWithinUnit)
                yield return Fix($"Clamp to [{eps}, 1 - {eps}]", "LossGen.Guard.Clamp",
                    FormulaEdit.Insert(arg.Span.Start, "clamp("), FormulaEdit.Insert(arg.Span.End, $", {eps}, 1 - {eps})"));
        }

        private sealed record StableForm(string Message, FixSuggestion? Fix);

        /// <summary>The LG1005 patterns under log and log1p, reported only where the naive form actually fails.</summary>
        private StableForm? MatchStableLog(Node n, RangeContext ctx)
        {
            Node arg = n.Args[0];
            Expr? argSyntax = CallArgument(n, 0) is Expr a ? _text.Resolve(a) : null;
            string site = Site(n);
            string t = _p.TypeName;

            if (n.Op == Op.Log)
            {
                // log(sigmoid(x)) -> log_sigmoid(x)
                if (arg.Op == Op.Sigmoid && R(arg, ctx).CanBeNonPositive)
                {
                    string? x = argSyntax is CallExpr { Name: "sigmoid" } s && Positional(s, 0) is Expr sx ? _text.Of(sx) : null;
                    return Stable(n, site, x is null ? null : $"log_sigmoid({x})", "log_sigmoid(x)",
                        $"sigmoid rounds to 0 for large negative arguments in {t}, so the log is -∞ and its gradient NaN");
                }
                // log(1 - sigmoid(x)) -> log_sigmoid(-x)
                if (IsOneMinus(arg, out Node? s1) && s1.Op == Op.Sigmoid && R(arg, ctx).CanBeNonPositive)
                {
                    string? x = OneMinusCall(argSyntax, "sigmoid") is CallExpr s && Positional(s, 0) is Expr sx ? _text.Negated(sx) : null;
                    return Stable(n, site, x is null ? null : $"log_sigmoid({x})", "log_sigmoid(-x)",
                        $"sigmoid rounds to 1 once its argument exceeds about {(_p.IsDouble ? 37 : 17)} in {t}, so 1 - sigmoid is 0 and the log -∞");
                }
                // log(softmax(x, dim: d)) -> log_softmax(x, dim: d)
                if (arg.Op == Op.Softmax)
                {
                    string? call = argSyntax is CallExpr { Name: "softmax" } s ? "log_" + _text.Of(s) : null;
                    return Stable(n, site, call, "log_softmax(x, dim: 1)",
                        "softmax rounds small probabilities to 0, so the log is -∞ and its gradient NaN");
                }
                // log(sum(exp(x))) -> logsumexp(x)
                if (arg.Op == Op.Sum && arg.Args[0].Op == Op.Exp
                    && (double.IsPositiveInfinity(R(arg.Args[0], ctx).Hi) || R(arg, ctx).CanBeNonPositive))
                {
                    string? replacement = null;
                    if (argSyntax is CallExpr { Name: "sum" } sum && Positional(sum, 0) is Expr e
                        && _text.Resolve(e) is CallExpr { Name: "exp" } exp && Positional(exp, 0) is Expr x)
                    {
                        Argument? dim = sum.Arguments.FirstOrDefault(g => g.Name == "dim");
                        replacement = $"logsumexp({_text.Of(x)}{(dim is null ? "" : ", dim: " + _text.Of(dim.Value))})";
                    }
                    return Stable(n, site, replacement, "logsumexp(x, dim: 1)",
                        $"exp overflows above {Threshold} in {t} and every term can underflow to 0, so the sum is ∞ or 0", arg.Args[0]);
                }
                // log(1 + exp(x)) -> softplus(x)
                if (arg.Op == Op.Add && arg.Args.Length == 2 && arg.Args[0].IsConst(1) && arg.Args[1].Op == Op.Exp
                    && double.IsPositiveInfinity(R(arg.Args[1], ctx).Hi))
                {
                    string? x = OnePlusCall(argSyntax, "exp") is CallExpr exp && Positional(exp, 0) is Expr ex ? _text.Of(ex) : null;
                    return Stable(n, site, x is null ? null : $"softplus({x})", "softplus(x)",
                        $"exp overflows to ∞ above {Threshold} in {t}, where the exact value is simply x", arg.Args[1]);
                }
            }
            else
            {
                // log1p(exp(x)) -> softplus(x)
                if (arg.Op == Op.Exp && double.IsPositiveInfinity(R(arg, ctx).Hi))
                {
                    string? x = argSyntax is CallExpr { Name: "exp" } exp && Positional(exp, 0) is Expr ex ? _text.Of(ex) : null;
                    return Stable(n, site, x is null ? null : $"softplus({x})", "softplus(x)",
                        $"exp overflows to ∞ above {Threshold} in {t}, where the exact value is simply x", arg);
                }
                // log1p(-sigmoid(x)) -> log_sigmoid(-x)
                if (IsNegation(arg, out Node? s) && s!.Op == Op.Sigmoid && R(s, ctx).Hi >= 1)
                {
                    string? x = argSyntax is NegateExpr neg && _text.Resolve(neg.Operand) is CallExpr { Name: "sigmoid" } call
                        && Positional(call, 0) is Expr sx ? _text.Negated(sx) : null;
                    return Stable(n, site, x is null ? null : $"log_sigmoid({x})", "log_sigmoid(-x)",
                        $"sigmoid rounds to 1 once its argument exceeds about {(_p.IsDouble ? 37 : 17)} in {t}, so the log1p is -∞");
                }
            }
            return null;
        }

        /// <summary>
        /// An LG1005 finding's message and fix. <paramref name="exp"/> is the overflowing exp inside the pattern, if
        /// any: its LG1004 then offers the same rewrite, which removes both.
        /// </summary>
        private StableForm Stable(Node n, string site, string? replacement, string builtin, string reason, Node? exp = null)
        {
            FixSuggestion? fix = replacement is null ? null
                : Validate(Fix($"Use {replacement}", "LossGen.StableBuiltin", FormulaEdit.Replace(_text.Balance(n.Origin), replacement)));
            if (exp is not null && fix is not null) _patternFixForExp[exp] = fix;
            return new StableForm($"'{site}' has a numerically stable built-in, {replacement ?? builtin}: {reason}", fix);
        }

        // ---- LG1002 / LG1005: division ----

        private void CheckDivision(Node n, RangeContext ctx)
        {
            Node den = n.Args[1];
            string site = Site(n);
            // 1 / (1 + exp(u)) -> sigmoid(-u)
            if (n.Args[0].IsConst(1) && den.Op == Op.Add && den.Args.Length == 2 && den.Args[0].IsConst(1) && den.Args[1].Op == Op.Exp
                && double.IsPositiveInfinity(R(den.Args[1], ctx).Hi))
            {
                string? replacement = null;
                if (_text.At(n.Origin) is ProductExpr { Factors.Length: 2 } p && !p.Factors[0].Divide && p.Factors[1].Divide
                    && _text.Resolve(p.Factors[0].Factor) is NumberExpr { Value: 1 }
                    && OnePlusCall(_text.Resolve(p.Factors[1].Factor), "exp") is CallExpr exp && Positional(exp, 0) is Expr u)
                    replacement = $"sigmoid({_text.Negated(u)})";
                StableForm stable = Stable(n, site, replacement, "sigmoid(x)",
                    $"exp overflows to ∞ above {Threshold} in {_p.TypeName}; the value then rounds to 0 correctly, but the gradient is ∞/∞ = NaN", den.Args[1]);
                Report(n, DiagnosticIds.StableBuiltin, stable.Message, stable.Fix is null ? null : [stable.Fix]);
                return;
            }
            Interval d = R(den, ctx);
            if (!d.CanBeZero || IsZeroOnlyByCoincidence(den, d, ctx)) return;
            Expr? divisor = _text.DivisorAt(n.Origin);
            string denText = divisor is null ? "the divisor" : _text.Of(divisor);
            var fixes = new List<FixSuggestion>();
            if (divisor is not null && d.Lo >= 0)
                fixes.Add(Fix($"Add {_p.Epsilon} to the divisor", "LossGen.Epsilon", AddEpsilon(divisor, asFactor: true)));
            Report(n, DiagnosticIds.DivisionByZero,
                $"'{site}' divides by '{denText}', which can be 0{RangeNote(d)}; the result is ±∞ or NaN there",
                fixes);
        }

        // ---- LG1002 / LG1003: powers and square roots ----

        private void CheckPower(Node n, RangeContext ctx, Node baseNode, double? exponent)
        {
            if (exponent is not double k) return; // a run-time exponent without a default: the caller's choice
            Interval x = R(baseNode, ctx);
            string site = Site(n);
            bool integer = k == Math.Floor(k);
            Expr? baseSyntax = n.Op == Op.Sqrt ? CallArgument(n, 0) : PowerBase(n);
            string baseText = baseSyntax is null ? "the base" : _text.Of(baseSyntax);
            if (k < 0 && x.CanBeZero && !IsZeroOnlyByCoincidence(baseNode, x, ctx))
            {
                var fixes = new List<FixSuggestion>();
                if (baseSyntax is not null && x.Lo >= 0)
                    fixes.Add(Fix($"Add {_p.Epsilon} to the base", "LossGen.Epsilon", AddEpsilon(baseSyntax, asFactor: n.Op == Op.Pow && IsPowerOperator(n))));
                Report(n, DiagnosticIds.DivisionByZero,
                    $"'{site}' raises '{baseText}' to a negative power, which divides by it, and it can be 0{RangeNote(x)}; the result is ∞ there",
                    fixes);
                return;
            }
            if (integer) return;
            bool negative = x.CanBeNegative;
            bool zeroWithGradient = k < 1 && x.CanBeZero && _differentiable.Contains(baseNode);
            if (!negative && !zeroWithGradient) return;
            string op = n.Op == Op.Sqrt ? "sqrt" : $"a power of {k.ToString("R", CultureInfo.InvariantCulture)}";
            string message = negative
                ? $"'{site}': '{baseText}' can be negative{RangeNote(x)}, where {op} is NaN"
                : $"'{site}': '{baseText}' can be 0{RangeNote(x)}, where the gradient of {op} is infinite (and ∞ · 0 = NaN in the backward pass)";
            var fix = new List<FixSuggestion>();
            if (baseSyntax is not null)
            {
                bool asFactor = n.Op == Op.Pow && IsPowerOperator(n);
                fix.Add(negative
                    ? Fix($"Guard with max({baseText}, {_p.Epsilon})", "LossGen.Guard.Max",
                        FormulaEdit.Insert(baseSyntax.Span.Start, "max("), FormulaEdit.Insert(baseSyntax.Span.End, $", {_p.Epsilon})"))
                    : Fix($"Add {_p.Epsilon} to '{baseText}'", "LossGen.Epsilon", AddEpsilon(baseSyntax, asFactor)));
            }
            Report(n, DiagnosticIds.SingularSqrt, message, fix);
        }

        /// <summary>
        /// A divisor u + c, where c cannot be 0 (a nonzero constant, a hyperparameter whose default is nonzero,
        /// exp(...)), whose range holds 0 only strictly inside because u is unbounded, is zero only if u happens to
        /// equal -c exactly; soft Dice's sum(p) + sum(y) + smooth with unbounded [Target] y is the standard case.
        /// Divisors that reach 0 at an end of their range (p, 1 - p) or where inputs coincide (y, a - b) are reported.
        /// </summary>
        private bool IsZeroOnlyByCoincidence(Node divisor, Interval range, RangeContext ctx)
            => range.Lo < 0 && range.Hi > 0 && divisor.Op == Op.Add && divisor.Args.Any(a => !R(a, ctx).CanBeZero);

        /// <summary>
        /// Edits that add epsilon to <paramref name="e"/>. A whole argument takes <c>e + eps</c> as it is; a factor or
        /// a base needs parentheses, which it may already have.
        /// </summary>
        private FormulaEdit[] AddEpsilon(Expr e, bool asFactor)
        {
            string eps = _p.Epsilon;
            if (!asFactor || _text.IsParenthesized(e))
                return [FormulaEdit.Insert(e.Span.End, $" + {eps}")];
            return [FormulaEdit.Insert(e.Span.Start, "("), FormulaEdit.Insert(e.Span.End, $" + {eps})")];
        }

        private bool IsPowerOperator(Node n) => _text.At(n.Origin) is PowerExpr;

        private Expr? PowerBase(Node n) => _text.At(n.Origin) switch
        {
            PowerExpr p => p.Base,
            CallExpr { Name: "pow" } c => Positional(c, 0),
            _ => null,
        };

        // ---- LG1004: exp and cosh overflow ----

        private void CheckOverflow(Node n, RangeContext ctx)
        {
            if (!double.IsPositiveInfinity(R(n, ctx).Hi)) return;
            Node u = n.Args[0];
            // A bare input under exp is a log-scale parameter (log-rate, log-variance): exp of it is the modelled
            // quantity itself, so an overflow there means the prediction is out of range, which no rewrite fixes.
            // Where the result is compressed again (log, a divisor, sqrt), a finite value overflows spuriously.
            if (IsLogScaleParameter(u) && !IsCompressed(n)) return;
            string f = n.Op == Op.Exp ? "exp" : "cosh";
            string arg = ArgumentText(n, 0) ?? "its argument";
            double limit = n.Op == Op.Exp ? _p.ExpOverflow : _p.ExpOverflow + Math.Log(2);
            string limitText = limit.ToString("0.0", CultureInfo.InvariantCulture);
            var fixes = new List<FixSuggestion>();
            if (n.Op == Op.Cosh && LogCoshFix(n) is FixSuggestion logCosh) fixes.Add(logCosh);
            Report(n, DiagnosticIds.ExpOverflow,
                $"'{Site(n)}' can overflow: '{arg}' is unbounded{RangeNote(R(u, ctx))}, and {f} is ∞ in {_p.TypeName} {(n.Op == Op.Exp ? "above " : "beyond ±")}{limitText}, and so is its gradient",
                fixes);
        }

        private Finding WithPatternFix(Finding f)
        {
            foreach (KeyValuePair<Node, Finding> kv in _byNode)
            {
                if (ReferenceEquals(kv.Value, f) && _patternFixForExp.TryGetValue(kv.Key, out FixSuggestion? fix) && f.Fixes.IsEmpty)
                    return f with { Fixes = [fix] };
            }
            return f;
        }

        /// <summary>log(cosh(x)) = |x| + softplus(-2|x|) - log(2), which cannot overflow.</summary>
        private FixSuggestion? LogCoshFix(Node cosh)
        {
            if (!_parents.TryGetValue(cosh, out List<Node>? parents)) return null;
            Node? log = parents.FirstOrDefault(p => p.Op == Op.Log && !_text.IsInlined(p.Origin));
            if (log is null || _text.At(log.Origin) is not CallExpr { Name: "log" } call || Positional(call, 0) is not Expr a
                || _text.Resolve(a) is not CallExpr { Name: "cosh" } c || Positional(c, 0) is not Expr x)
                return null;
            string xs = _text.Of(x);
            Span span = _text.Balance(log.Origin);
            string body = $"abs({xs}) + softplus(-2 * abs({xs})) - log(2)";
            return Validate(Fix($"Rewrite as {body}", "LossGen.LogCosh", FormulaEdit.Replace(span, NeedsParentheses(span) ? "(" + body + ")" : body)));
        }

        private bool NeedsParentheses(Span span)
        {
            int i = span.Start - 1;
            while (i >= 0 && char.IsWhiteSpace(_text.Text[i])) i--;
            int j = span.End;
            while (j < _text.Text.Length && char.IsWhiteSpace(_text.Text[j])) j++;
            bool openLeft = i < 0 || _text.Text[i] is '(' or ',' or ';' or '=' or ':';
            bool openRight = j >= _text.Text.Length || _text.Text[j] is ')' or ',' or ';';
            return !(openLeft && openRight);
        }

        private bool IsLogScaleParameter(Node u)
        {
            if (u.Op is Op.Gather or Op.Pick) u = u.Args[0];
            if (u.Op == Op.Add && u.Args.Length == 2 && u.Args[0].Op == Op.Const) u = u.Args[1];
            if (u.Op == Op.Mul && u.Args.Length == 2 && u.Args[0].Op == Op.Const) u = u.Args[1];
            return u.Op == Op.Input;
        }

        /// <summary>Whether the value flows into a log, a divisor, a root or a power below 1, where its overflow is spurious.</summary>
        private bool IsCompressed(Node n)
        {
            if (_compressed.TryGetValue(n, out bool known)) return known;
            _compressed[n] = false;
            bool result = false;
            if (_parents.TryGetValue(n, out List<Node>? parents))
            {
                foreach (Node p in parents)
                {
                    result = p.Op switch
                    {
                        Op.Log or Op.Log1p or Op.Sqrt or Op.LogSumExp => true,
                        Op.Div => p.Args[1] == n || IsCompressed(p),
                        Op.Pow => p.Args[0] == n && _ranges.ExponentValue(p.Args[1]) is double k && k < 1 || IsCompressed(p),
                        Op.Add or Op.Mul or Op.Sum or Op.Mean or Op.Gather or Op.Pick => IsCompressed(p),
                        _ => false,
                    };
                    if (result) break;
                }
            }
            _compressed[n] = result;
            return result;
        }

        // ---- LG2001 / LG2002: roles ----

        /// <summary>The [Logits] input that <paramref name="x"/> passes on unchanged as a probability, if any.</summary>
        private int? TraceProbabilityUse(Node x)
        {
            for (int guard = 0; guard < 64; guard++)
            {
                switch (x.Op)
                {
                    case Op.Input:
                        return _decl.Inputs[x.Index].Role == Role.Logits ? x.Index : null;
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
                        return _decl.Inputs[x.Index].Role == Role.Probabilities ? x.Index : null;
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

        private void CheckProbabilitiesAsLogits(Node n)
        {
            if (TraceLogitsUse(n.Args[0]) is not int index) return;
            string p = _decl.Inputs[index].Name;
            Report(n, DiagnosticIds.ProbabilitiesAsLogits,
                $"'{p}' is [Probabilities], but '{Site(n)}' treats it as logits; pass the logits instead, use the probability form of the loss, or mark '{p}' [Logits] if it holds logits",
                [RoleFix(p, Role.Probabilities, Role.Logits)]);
        }

        /// <summary>In-formula calls to sibling losses: a [Logits] argument for a [Probabilities] parameter, or the reverse.</summary>
        private void CheckSiblingArguments()
        {
            foreach (CallExpr call in _text.SiblingCalls)
            {
                if (!_siblings.TryGetValue(call.Name, out LossDecl? callee)) continue;
                int position = 0;
                foreach (Argument arg in call.Arguments)
                {
                    int target = arg.Name is null ? position++ : IndexOf(callee, arg.Name);
                    if (target < 0 || target >= callee.Inputs.Count) continue;
                    if (arg.Value is not NameExpr name || _text.IsBinding(name.Name)) continue;
                    int caller = IndexOf(_decl, name.Name);
                    if (caller < 0) continue;
                    Role given = _decl.Inputs[caller].Role, expected = callee.Inputs[target].Role;
                    string parameter = callee.Inputs[target].Name;
                    if (given == Role.Logits && expected == Role.Probabilities)
                        _findings.Add(new Finding(DiagnosticIds.LogitsAsProbabilities, name.Span,
                            $"'{name.Name}' is [Logits], but '{call.Name}' takes '{parameter}' as [Probabilities]; pass probabilities, or call a loss on logits",
                            Validate([RoleFix(name.Name, Role.Logits, Role.Probabilities)])));
                    else if (given == Role.Probabilities && expected == Role.Logits)
                        _findings.Add(new Finding(DiagnosticIds.ProbabilitiesAsLogits, name.Span,
                            $"'{name.Name}' is [Probabilities], but '{call.Name}' takes '{parameter}' as [Logits]; pass logits, or call a loss on probabilities",
                            Validate([RoleFix(name.Name, Role.Probabilities, Role.Logits)])));
                }
            }
        }

        private static int IndexOf(LossDecl decl, string name)
        {
            for (int i = 0; i < decl.Inputs.Count; i++)
                if (decl.Inputs[i].Name == name) return i;
            return -1;
        }

        /// <summary>
        /// When the whole loss is a standard loss applied to the wrong kind of input (BCE on logits, BCE-with-logits on
        /// probabilities, ...), offers the matching form. Recognized by building the standard formula in the same
        /// hash-consed graph: equal (simplified) formulas are the same node, whatever their spelling.
        /// </summary>
        private void AddRoleRewrites(List<Finding> findings)
        {
            for (int k = 0; k < findings.Count; k++)
            {
                Finding f = findings[k];
                if (f.Id is not (DiagnosticIds.LogitsAsProbabilities or DiagnosticIds.ProbabilitiesAsLogits) || f.Fixes.IsEmpty) continue;
                RoleChange? role = f.Fixes[0].Role;
                if (role is null) continue;
                int input = IndexOf(_decl, role.Parameter);
                if (input < 0) continue;
                string? rewrite = f.Id == DiagnosticIds.LogitsAsProbabilities ? LogitsRewrite(input) : ProbabilitiesRewrite(input);
                if (rewrite is null) continue;
                string title = f.Id == DiagnosticIds.LogitsAsProbabilities
                    ? $"Rewrite as the logits form: {rewrite}"
                    : $"Rewrite as the probability form: {rewrite}";
                FixSuggestion? fix = Validate(Fix(title, "LossGen.RoleRewrite", FormulaEdit.Replace(_text.Balance(_text.Syntax.Result.Span), rewrite)));
                if (fix is null) continue;
                findings[k] = f with { Fixes = f.Fixes.Add(fix) };
            }
        }

        private string? LogitsRewrite(int z)
        {
            Node Z = _bound.Inputs[z];
            string zn = _decl.Inputs[z].Name;
            foreach (int y in Others(z, label: false))
            {
                Node Y = _bound.Inputs[y];
                string yn = _decl.Inputs[y].Name;
                foreach ((Op reduce, string name) in new[] { (Op.Mean, "mean"), (Op.Sum, "sum") })
                {
                    if (Matches(g => g.Neg(g.Reduce(reduce, Bce(g, Y, Z, negate: false), Axis.All)))
                        || Matches(g => g.Reduce(reduce, Bce(g, Y, Z, negate: true), Axis.All)))
                        return $"{name}(softplus({zn}) - {yn} * {zn})";
                }
                if (Z.Shape.Rank == 2 && Matches(g => g.Neg(g.Reduce(Op.Mean, g.Reduce(Op.Sum, g.Mul(Y, g.Unary(Op.Log, Z)), Axis.Dim1), Axis.All))))
                    return $"-mean(sum({yn} * log_softmax({zn}, dim: 1), dim: 1))";
            }
            foreach (int t in Others(z, label: true))
            {
                Node T = _bound.Inputs[t];
                if (Z.Shape.Rank == 2 && Matches(g => g.Neg(g.Reduce(Op.Mean, g.Unary(Op.Log, g.Pick(Z, T)), Axis.All))))
                    return $"mean(logsumexp({zn}, dim: 1) - pick({zn}, {_decl.Inputs[t].Name}))";
            }
            return null;
        }

        private string? ProbabilitiesRewrite(int p)
        {
            Node P = _bound.Inputs[p];
            string pn = _decl.Inputs[p].Name, eps = _p.Epsilon;
            string clamped = $"clamp({pn}, {eps}, 1 - {eps})";
            foreach (int y in Others(p, label: false))
            {
                Node Y = _bound.Inputs[y];
                string yn = _decl.Inputs[y].Name;
                foreach ((Op reduce, string name) in new[] { (Op.Mean, "mean"), (Op.Sum, "sum") })
                {
                    if (Matches(g => g.Reduce(reduce, g.Sub(g.Unary(Op.Softplus, P), g.Mul(Y, P)), Axis.All)))
                        return $"-{name}({yn} * log({clamped}) + (1 - {yn}) * log(1 - {clamped}))";
                }
                if (P.Shape.Rank == 2 && Matches(g => g.Neg(g.Reduce(Op.Mean, g.Reduce(Op.Sum, g.Mul(Y, g.RowTransform(Op.LogSoftmax, P, Axis.Dim1)), Axis.Dim1), Axis.All))))
                    return $"-mean(sum({yn} * log(clamp({pn}, {eps}, 1)), dim: 1))";
            }
            foreach (int t in Others(p, label: true))
            {
                Node T = _bound.Inputs[t];
                if (P.Shape.Rank == 2 && Matches(g => g.Reduce(Op.Mean, g.Sub(g.Reduce(Op.LogSumExp, P, Axis.Dim1), g.Pick(P, T)), Axis.All)))
                    return $"-mean(log(clamp(pick({pn}, {_decl.Inputs[t].Name}), {eps}, 1)))";
            }
            return null;
        }

        private static Node Bce(Graph g, Node y, Node p, bool negate)
        {
            Node a = g.Mul(y, g.Unary(Op.Log, p));
            Node b = g.Mul(g.Sub(g.Const(1), y), g.Unary(Op.Log, g.Sub(g.Const(1), p)));
            return negate ? g.Add(g.Neg(a), g.Neg(b)) : g.Add(a, b);
        }

        private IEnumerable<int> Others(int except, bool label)
        {
            for (int i = 0; i < _decl.Inputs.Count; i++)
            {
                if (i == except) continue;
                InputKind kind = _decl.Inputs[i].Kind;
                if (label ? kind == InputKind.Labels : kind is InputKind.Vector or InputKind.Matrix) yield return i;
            }
        }

        /// <summary>Builds a candidate in the loss's graph and tests whether it is the loss itself.</summary>
        private bool Matches(Func<Graph, Node> build)
        {
            DimUnifier saved = _g.Dims;
            _g.Dims = saved.Clone();
            try
            {
                return build(_g) == _bound.Root;
            }
            catch (FormulaException)
            {
                return false;
            }
            finally
            {
                _g.Dims = saved;
            }
        }

        // ---- LG3001: zero gradients ----

        private IEnumerable<Finding> ZeroGradients()
        {
            // Only inputs that no gradient-carrying path reaches can have an identically zero gradient; the
            // differentiator confirms it for those (and differentiating just them keeps the check cheap).
            HashSet<Node> carried = GradientCarryingNodes();
            int[] differentiable = Enumerable.Range(0, _decl.Inputs.Count)
                .Where(i => _decl.Inputs[i].IsDifferentiable && !carried.Contains(_bound.Inputs[i])).ToArray();
            if (differentiable.Length == 0) return Array.Empty<Finding>();
            Node[] gradients;
            DimUnifier saved = _g.Dims;
            _g.Dims = saved.Clone();
            try
            {
                gradients = Differentiator.Gradients(_g, _bound.Root, differentiable.Select(i => _bound.Inputs[i]).ToList());
            }
            catch (FormulaException)
            {
                return Array.Empty<Finding>();
            }
            finally
            {
                _g.Dims = saved;
            }
            var reachable = new HashSet<Node>(_order);
            var result = new List<Finding>();
            for (int k = 0; k < differentiable.Length; k++)
            {
                if (!gradients[k].IsConst(0)) continue;
                InputDecl input = _decl.Inputs[differentiable[k]];
                Node x = _bound.Inputs[differentiable[k]];
                string advice = $"mark '{input.Name}' [Target] if it is data that needs no gradient";
                if (!reachable.Contains(x))
                {
                    result.Add(new Finding(DiagnosticIds.ZeroGradient, null,
                        $"'{input.Name}' does not affect the loss (it is unused or cancels out), so its gradient is identically zero; {advice}",
                        ImmutableArray<FixSuggestion>.Empty, input.Name));
                    continue;
                }
                HashSet<Node> depends = Differentiator.DependsOn(_bound.Root, [x]);
                Node? blocker = _order
                    .Where(n => n.Op is Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual or Op.Sign
                                && n.Args.Any(depends.Contains) && n.Origin.Length > 0)
                    .OrderBy(n => n.Origin.Start).FirstOrDefault();
                Span span = blocker is null ? _text.Balance(_text.Syntax.Result.Span) : _text.Balance(blocker.Origin);
                string through = blocker is null ? "" : $" only through '{_text.Of(span)}', which is piecewise constant,";
                result.Add(new Finding(DiagnosticIds.ZeroGradient, span,
                    $"The gradient with respect to '{input.Name}' is identically zero: it reaches the loss{through} so training cannot move it; {advice}",
                    ImmutableArray<FixSuggestion>.Empty));
            }
            return result;
        }

        /// <summary>Nodes reachable from the root without passing a comparison, a where's condition, sign or an index.</summary>
        private HashSet<Node> GradientCarryingNodes()
        {
            var result = new HashSet<Node> { _bound.Root };
            var stack = new Stack<Node>();
            stack.Push(_bound.Root);
            while (stack.Count > 0)
            {
                Node n = stack.Pop();
                if (n.Op is Op.Less or Op.LessEqual or Op.Greater or Op.GreaterEqual or Op.Equal or Op.NotEqual or Op.Sign) continue;
                for (int i = 0; i < n.Args.Length; i++)
                {
                    bool blocked = n.Op == Op.Where && i == 0 || n.Op is Op.Gather or Op.Pick or Op.ScatterSum && i == 1;
                    if (!blocked && result.Add(n.Args[i])) stack.Push(n.Args[i]);
                }
            }
            return result;
        }

        // ---- helpers ----

        private string Threshold => _p.ExpOverflow.ToString("0.0", CultureInfo.InvariantCulture);

        private string Site(Node n) => n.Origin.Length == 0 ? "the formula" : _text.Of(_text.Balance(n.Origin));

        private Expr? CallArgument(Node n, int index)
            => _text.At(n.Origin) is CallExpr call ? Positional(call, index) : null;

        private string? ArgumentText(Node n, int index)
        {
            if (CallArgument(n, index) is Expr e) return _text.Of(e);
            Node a = n.Args[index];
            return a.Op == Op.Input ? _decl.Inputs[a.Index].Name : null;
        }

        private static Expr? Positional(CallExpr call, int index)
        {
            int i = 0;
            foreach (Argument a in call.Arguments)
            {
                if (a.Name is not null) continue;
                if (i++ == index) return a.Value;
            }
            return null;
        }

        /// <summary>The call in <c>1 - f(x)</c> (either order), written in the syntax.</summary>
        private CallExpr? OneMinusCall(Expr? e, string name)
        {
            if (e is not SumExpr { Terms.Length: 2 } s) return null;
            for (int i = 0; i < 2; i++)
            {
                (bool neg1, Expr one) = s.Terms[i];
                (bool neg2, Expr call) = s.Terms[1 - i];
                if (!neg1 && _text.Resolve(one) is NumberExpr { Value: 1 } && neg2 && _text.Resolve(call) is CallExpr c && c.Name == name)
                    return c;
            }
            return null;
        }

        /// <summary>The call in <c>1 + f(x)</c> (either order), written in the syntax.</summary>
        private CallExpr? OnePlusCall(Expr? e, string name)
        {
            if (e is not SumExpr { Terms.Length: 2 } s) return null;
            for (int i = 0; i < 2; i++)
            {
                (bool neg1, Expr one) = s.Terms[i];
                (bool neg2, Expr call) = s.Terms[1 - i];
                if (!neg1 && _text.Resolve(one) is NumberExpr { Value: 1 } && !neg2 && _text.Resolve(call) is CallExpr c && c.Name == name)
                    return c;
            }
            return null;
        }

        private static bool IsOneMinus(Node n, out Node rest)
        {
            rest = n;
            if (n.Op != Op.Add || n.Args.Length != 2 || !n.Args[0].IsConst(1)) return false;
            if (!IsNegation(n.Args[1], out Node? r)) return false;
            rest = r!;
            return true;
        }

        private static bool IsNegation(Node n, out Node? operand)
        {
            operand = null;
            if (n.Op != Op.Mul || n.Args.Length != 2 || !n.Args[0].IsConst(-1)) return false;
            operand = n.Args[1];
            return true;
        }

        private static string RangeNote(Interval x)
        {
            if (x.IsEmpty) return "";
            string lo = Bound(x.Lo), hi = Bound(x.Hi);
            return $" (its range is [{lo}, {hi}])";
        }

        private static string Bound(double v) => double.IsPositiveInfinity(v) ? "∞" : double.IsNegativeInfinity(v) ? "-∞"
            : v.ToString("G4", CultureInfo.InvariantCulture);

        private static FixSuggestion Fix(string title, string key, params FormulaEdit[] edits)
            => new(title, key, edits.ToImmutableArray());

        private static FixSuggestion RoleFix(string parameter, Role from, Role to)
            => new($"Mark '{parameter}' as [{to}]", "LossGen.Role", ImmutableArray<FormulaEdit>.Empty, new RoleChange(parameter, from, to));

        private ImmutableArray<FixSuggestion> Validate(IEnumerable<FixSuggestion>? fixes)
        {
            if (fixes is null) return ImmutableArray<FixSuggestion>.Empty;
            var builder = ImmutableArray.CreateBuilder<FixSuggestion>();
            foreach (FixSuggestion f in fixes)
                if (Validate(f) is FixSuggestion ok) builder.Add(ok);
            return builder.ToImmutable();
        }

        /// <summary>Keeps a formula fix only if the edited formula still compiles.</summary>
        private FixSuggestion? Validate(FixSuggestion? fix)
        {
            if (fix is null) return null;
            if (fix.Role is not null) return fix;
            string formula = FormulaEdit.Apply(_decl.Formula, fix.Edits);
            return Binds(_decl with { Formula = formula }, _siblings) ? fix : null;
        }
    }
}
