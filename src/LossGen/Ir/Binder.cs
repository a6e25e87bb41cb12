using System;
using System.Collections.Generic;
using System.Linq;
using LossGen.Formula;
using LossGen.Ir.Operations;

namespace LossGen.Ir;

/// <summary>Where the run-time size of a dimension comes from: an input and which of its axes.</summary>
internal readonly record struct DimSource(int Dim, int Input, int Axis);

/// <summary>A formula bound to a declaration: the DAG of the loss, its inputs and the sizes they carry.</summary>
internal sealed class BoundLoss
{
    public BoundLoss(LossDecl decl, Graph graph, Node root, Node[] inputs, List<DimSource> dimSources, FormulaSyntax syntax)
    {
        Decl = decl;
        Graph = graph;
        Root = root;
        Inputs = inputs;
        DimSources = dimSources;
        Syntax = syntax;
    }

    public LossDecl Decl { get; }
    public Graph Graph { get; }
    public Node Root { get; }

    /// <summary>One node per declared parameter, in declaration order.</summary>
    public Node[] Inputs { get; }

    public List<DimSource> DimSources { get; }
    public FormulaSyntax Syntax { get; }
}

/// <summary>
/// Turns a parsed formula into the IR: resolves names (bindings, parameters, built-in functions, sibling losses),
/// infers and checks shapes, and inlines composed losses. Errors are thrown as located <see cref="FormulaException"/>s.
/// </summary>
internal sealed class Binder
{
    /// <summary>The built-in function names; they take precedence over a sibling loss of the same name.</summary>
    internal static readonly string[] BuiltinFunctions = OperationTable.All.Select(f => f.Name).Concat(
    [
        "max", "min", "clamp", "pow", "where", "sum", "mean", "logsumexp", "norm", "softmax", "log_softmax",
        "pick", "rows", "cols", "per_column",
    ]).ToArray();

    private static readonly IReadOnlyDictionary<string, string> NoUnresolvedCalls = new Dictionary<string, string>();

    private readonly Graph _graph;
    // The declarations being bound, outermost first: their keys detect a cycle, their written names explain it.
    private readonly Stack<(string Key, string Shown)> _callStack = new();
    // What calls resolve to in the formula being bound (the caller's own, or an inlined callee's).
    private IReadOnlyDictionary<string, LossDecl> _callees;
    private IReadOnlyDictionary<string, string> _unresolvedCalls;
    private Span? _inlinedAt;

    private Binder(Graph graph, IReadOnlyDictionary<string, LossDecl> callees, IReadOnlyDictionary<string, string> unresolvedCalls)
    {
        _graph = graph;
        _callees = callees;
        _unresolvedCalls = unresolvedCalls;
    }

    /// <summary>
    /// Parses and binds a declaration's formula, or throws a located <see cref="FormulaException"/>. The formula's
    /// calls resolve in <paramref name="callees"/> when given, else in the declaration's own <see cref="LossDecl.Callees"/>.
    /// </summary>
    public static BoundLoss Bind(LossDecl decl, IReadOnlyDictionary<string, LossDecl>? callees = null)
    {
        FormulaSyntax syntax = Parser.Parse(decl.Formula);
        var graph = new Graph(new DimUnifier());
        var binder = new Binder(graph, callees ?? decl.Callees ?? new Dictionary<string, LossDecl>(), decl.UnresolvedCalls ?? NoUnresolvedCalls);
        var sources = new List<DimSource>();
        var inputs = new Node[decl.Inputs.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            InputDecl input = decl.Inputs[i];
            Shape shape = Shape.Scalar;
            if (input.Kind is InputKind.Vector or InputKind.Labels)
            {
                shape = Shape.Vector(graph.Dims.NewDim());
                sources.Add(new DimSource(shape.D0, i, 0));
            }
            else if (input.Kind == InputKind.Matrix)
            {
                shape = Shape.Matrix(graph.Dims.NewDim(), graph.Dims.NewDim());
                sources.Add(new DimSource(shape.D0, i, 0));
                sources.Add(new DimSource(shape.D1, i, 1));
            }
            ElemKind kind = input.Kind is InputKind.Labels or InputKind.IntScalar ? ElemKind.Int : ElemKind.Real;
            inputs[i] = graph.Input(i, shape, kind);
        }
        var scope = new Dictionary<string, Node>(StringComparer.Ordinal);
        for (int i = 0; i < inputs.Length; i++) scope[decl.Inputs[i].Name] = inputs[i];
        binder._callStack.Push((decl.Key, decl.Name));
        Node root = binder.BindFormula(syntax, scope, decl.Inputs.Select(p => p.Name).ToList());
        graph.CurrentSpan = syntax.Result.Span;
        if (root.Shape.Rank != 0)
            throw graph.ShapeError($"A loss must reduce to a single number, but this formula has rank {root.Shape.Rank}; wrap it in mean(...) or sum(...)");
        if (root.Kind != ElemKind.Real)
            throw graph.ShapeError("A loss must be a number, not a comparison");
        return new BoundLoss(decl, graph, root, inputs, sources, syntax);
    }

    private Node BindFormula(FormulaSyntax syntax, Dictionary<string, Node> parameters, List<string> parameterNames)
    {
        var scope = new Dictionary<string, Node>(parameters, StringComparer.Ordinal);
        foreach (Binding binding in syntax.Bindings)
        {
            if (parameters.ContainsKey(binding.Name))
                throw Error(DiagnosticIds.UnknownName, $"'{binding.Name}' is a parameter; a binding cannot redefine it. Choose another name", binding.NameSpan);
            if (scope.ContainsKey(binding.Name))
                throw Error(DiagnosticIds.UnknownName, $"'{binding.Name}' is already bound; each binding needs its own name", binding.NameSpan);
            scope[binding.Name] = BindExpr(binding.Value, scope);
        }
        return BindExpr(syntax.Result, scope);
    }

    private Node BindExpr(Expr expr, Dictionary<string, Node> scope)
    {
        Node result = expr switch
        {
            NumberExpr n => At(n.Span, () => _graph.Const(n.Value)),
            NameExpr name => BindName(name, scope),
            NegateExpr neg => Neg(neg, scope),
            SumExpr sum => BindSum(sum, scope),
            ProductExpr product => BindProduct(product, scope),
            PowerExpr pow => Binary(pow.Span, BindExpr(pow.Base, scope), BindExpr(pow.Exponent, scope), _graph.Pow),
            CompareExpr cmp => Binary(cmp.Span, BindExpr(cmp.Left, scope), BindExpr(cmp.Right, scope), (a, b) => _graph.Compare(CompareOpToIr(cmp.Op), a, b)),
            IndexExpr index => Binary(index.Span, BindExpr(index.Target, scope), BindExpr(index.Index, scope), _graph.Gather),
            CallExpr call => BindCall(call, scope),
            _ => throw new InvalidOperationException(expr.GetType().Name),
        };
        return result;
    }

    private Node Neg(NegateExpr neg, Dictionary<string, Node> scope)
    {
        Node operand = BindExpr(neg.Operand, scope);
        return At(neg.Span, () => _graph.Neg(operand));
    }

    private Node BindSum(SumExpr sum, Dictionary<string, Node> scope)
    {
        var terms = new List<Node>(sum.Terms.Length);
        foreach ((bool negate, Expr term) in sum.Terms)
        {
            Node t = BindExpr(term, scope);
            terms.Add(negate ? At(term.Span, () => _graph.Neg(t)) : t);
        }
        return At(sum.Span, () => _graph.Add(terms));
    }

    private Node BindProduct(ProductExpr product, Dictionary<string, Node> scope)
    {
        Node result = BindExpr(product.Factors[0].Factor, scope);
        var factors = new List<Node> { result };
        for (int i = 1; i < product.Factors.Length; i++)
        {
            (bool divide, Expr factor) = product.Factors[i];
            Node f = BindExpr(factor, scope);
            if (divide)
            {
                // a * b / c: divide what is accumulated so far, keeping left-to-right meaning.
                Node numerator = factors.Count == 1 ? factors[0] : At(product.Span, () => _graph.Mul(factors));
                factors.Clear();
                factors.Add(At(Span.FromBounds(product.Span.Start, factor.Span.End), () => _graph.Div(numerator, f)));
            }
            else
            {
                factors.Add(f);
            }
        }
        return factors.Count == 1 ? factors[0] : At(product.Span, () => _graph.Mul(factors));
    }

    private Node BindName(NameExpr name, Dictionary<string, Node> scope)
    {
        if (scope.TryGetValue(name.Name, out Node? node)) return node;
        string message = $"Unknown name '{name.Name}'";
        string? suggestion = Closest(name.Name, scope.Keys);
        if (suggestion is not null) message += $"; did you mean '{suggestion}'?";
        else if (BuiltinFunctions.Contains(name.Name) || _callees.ContainsKey(name.Name)) message += $"; '{name.Name}' is a function, call it with arguments";
        throw Error(DiagnosticIds.UnknownName, message, name.Span);
    }

    private Node BindCall(CallExpr call, Dictionary<string, Node> scope)
    {
        if (_callees.TryGetValue(call.Name, out LossDecl? callee) && !BuiltinFunctions.Contains(call.Name))
            return Inline(call, callee, scope);
        if (_unresolvedCalls.TryGetValue(call.Name, out string? reason))
            throw Error(DiagnosticIds.UnknownName, reason, call.NameSpan);
        if (call.Name.IndexOf('.') >= 0)
            throw Error(DiagnosticIds.UnknownName, $"'{call.Name}' is not a [Loss] method that this formula can call", call.NameSpan);

        // The built-ins' named arguments: dim: (reductions and row transforms), where: (sum, mean), weights: (mean).
        Axis axis = Axis.All;
        bool hasDim = false;
        Argument? mask = null, weights = null;
        var positional = new List<Expr>();
        string f = call.Name;
        foreach (Argument arg in call.Arguments)
        {
            if (arg.Name is null) { positional.Add(arg.Value); continue; }
            switch (arg.Name)
            {
                case "dim":
                    axis = ParseDim(arg.Value);
                    hasDim = true;
                    break;
                case "where" when f is "sum" or "mean":
                    mask = arg;
                    break;
                case "weights" when f == "mean":
                    weights = arg;
                    break;
                case "where" or "weights":
                    throw Error(DiagnosticIds.Syntax,
                        $"'{f}' does not take '{arg.Name}:'; {(arg.Name == "where" ? "sum and mean take where:" : "only mean takes weights:")}", arg.NameSpan);
                default:
                    throw Error(DiagnosticIds.Syntax, $"Unknown named argument '{arg.Name}:'; the named arguments are 'dim:', 'where:' and 'weights:'", arg.NameSpan);
            }
        }
        if (OperationTable.Named(f) is { } entry)
        {
            Expect(call, positional, entry.Arity, hasDim, allowDim: false);
            Node[] operands = positional.Select(p => BindExpr(p, scope)).ToArray();
            return At(call.Span, () => _graph.Apply(entry, operands));
        }
        switch (f)
        {
            case "max" or "min" when positional.Count == 2:
            {
                Expect(call, positional, 2, hasDim, allowDim: false);
                Node a = BindExpr(positional[0], scope), b = BindExpr(positional[1], scope);
                return At(call.Span, () => f == "max" ? _graph.Max2(a, b) : _graph.Min2(a, b));
            }
            case "sum": case "mean": case "max": case "min": case "logsumexp": case "norm":
            {
                Expect(call, positional, 1, hasDim, allowDim: true);
                Node x = BindExpr(positional[0], scope);
                Op op = f switch { "sum" => Op.Sum, "mean" => Op.Mean, "max" => Op.Max, "min" => Op.Min, "logsumexp" => Op.LogSumExp, _ => Op.Norm };
                if (mask is null && weights is null)
                    return At(call.Span, () => _graph.Reduce(op, x, axis));
                Node? c = mask is null ? null : BindExpr(mask.Value, scope);
                Node? w = weights is null ? null : BindExpr(weights.Value, scope);
                if (c is not null && c.Kind != ElemKind.Bool)
                    throw Error(DiagnosticIds.Shape, "where: takes a comparison such as t != 0 or y > 0", mask!.Value.Span);
                return At(call.Span, () => _graph.SelectiveReduce(op, x, axis, c, w));
            }
            case "per_column":
            {
                // per_column(v) or per_column(v, x): v has one entry per column (of x, when given).
                if (positional.Count != 2) Expect(call, positional, 1, hasDim, allowDim: false);
                else Expect(call, positional, 2, hasDim, allowDim: false);
                Node v = BindExpr(positional[0], scope);
                Node? of = positional.Count == 2 ? BindExpr(positional[1], scope) : null;
                return At(call.Span, () => _graph.PerColumn(v, of));
            }
            case "softmax": case "log_softmax":
            {
                Expect(call, positional, 1, hasDim, allowDim: true);
                Node x = BindExpr(positional[0], scope);
                if (x.Shape.Rank == 2 && !hasDim)
                    throw Error(DiagnosticIds.Shape, $"{f} of a rank-2 value needs an axis: {f}(x, dim: 1) normalizes each row", call.Span);
                return At(call.Span, () => _graph.RowTransform(f == "softmax" ? Op.Softmax : Op.LogSoftmax, x, axis));
            }
            case "clamp":
            {
                Expect(call, positional, 3, hasDim, allowDim: false);
                Node x = BindExpr(positional[0], scope), lo = BindExpr(positional[1], scope), hi = BindExpr(positional[2], scope);
                return At(call.Span, () => _graph.Clamp(x, lo, hi));
            }
            case "pow":
            {
                Expect(call, positional, 2, hasDim, allowDim: false);
                Node x = BindExpr(positional[0], scope), k = BindExpr(positional[1], scope);
                return At(call.Span, () => _graph.Pow(x, k));
            }
            case "where":
            {
                Expect(call, positional, 3, hasDim, allowDim: false);
                Node c = BindExpr(positional[0], scope), a = BindExpr(positional[1], scope), b = BindExpr(positional[2], scope);
                return At(call.Span, () => _graph.Where(c, a, b));
            }
            case "pick":
            {
                Expect(call, positional, 2, hasDim, allowDim: false);
                Node z = BindExpr(positional[0], scope), t = BindExpr(positional[1], scope);
                return At(call.Span, () => _graph.Pick(z, t));
            }
            case "rows": case "cols":
            {
                Expect(call, positional, 1, hasDim, allowDim: false);
                Node x = BindExpr(positional[0], scope);
                return At(call.Span, () =>
                {
                    if (x.Shape.Rank == 0) throw _graph.ShapeError($"{f}(x) needs a tensor, but x is a scalar");
                    if (f == "cols" && x.Shape.Rank != 2) throw _graph.ShapeError("cols(x) needs a rank-2 value");
                    return _graph.Size(f == "rows" ? x.Shape.D0 : x.Shape.D1);
                });
            }
        }
        string message = $"Unknown function '{call.Name}'";
        string? suggestion = Closest(call.Name, BuiltinFunctions.Concat(_callees.Keys));
        if (suggestion is not null) message += $"; did you mean '{suggestion}'?";
        throw Error(DiagnosticIds.UnknownName, message, call.NameSpan);
    }

    private Node Inline(CallExpr call, LossDecl callee, Dictionary<string, Node> scope)
    {
        // The callee as written at the call (Huber, RegressionLosses.Huber): what messages quote.
        string shown = call.Name;
        if (_callStack.Any(c => c.Key == callee.Key))
        {
            string cycle = string.Join(" -> ", _callStack.Reverse().SkipWhile(c => c.Key != callee.Key).Select(c => c.Shown).Append(shown));
            throw Error(DiagnosticIds.Shape, $"Recursive composition: {cycle}; a loss cannot call itself", call.NameSpan);
        }
        var args = new Dictionary<string, Node>(StringComparer.Ordinal);
        int positionalIndex = 0;
        foreach (Argument arg in call.Arguments)
        {
            int target = arg.Name is null ? positionalIndex++ : IndexOfParameter(callee, shown, arg);
            if (target >= callee.Inputs.Count)
                throw Error(DiagnosticIds.Shape,
                    $"'{shown}' takes {callee.Inputs.Count} argument{(callee.Inputs.Count == 1 ? "" : "s")} ({ParameterList(callee)}), but this call passes more", arg.Value.Span);
            InputDecl p = callee.Inputs[target];
            if (args.ContainsKey(p.Name))
                throw Error(DiagnosticIds.Shape, $"The call to '{shown}' passes '{p.Name}' twice", arg.Name is null ? arg.Value.Span : arg.NameSpan);
            Node value = BindExpr(arg.Value, scope);
            CheckArgument(shown, p, value, arg.Value.Span);
            args[p.Name] = value;
        }
        foreach (InputDecl p in callee.Inputs)
        {
            if (args.ContainsKey(p.Name)) continue;
            if (p.DefaultValue is double d && p.Kind is InputKind.Scalar or InputKind.IntScalar)
                args[p.Name] = _graph.Const(d);
            else
                throw Error(DiagnosticIds.Shape, $"The call to '{shown}' is missing the argument '{p.Name}'; '{shown}' takes ({ParameterList(callee)})", call.Span);
        }
        FormulaSyntax syntax;
        try
        {
            syntax = Parser.Parse(callee.Formula);
        }
        catch (FormulaException e)
        {
            throw Error(e.Diagnostic.Id, $"The formula of '{shown}' has an error: {e.Diagnostic.Message}", call.NameSpan);
        }
        Span? saved = _inlinedAt;
        (IReadOnlyDictionary<string, LossDecl> savedCallees, IReadOnlyDictionary<string, string> savedUnresolved) = (_callees, _unresolvedCalls);
        _inlinedAt ??= call.Span;
        _callStack.Push((callee.Key, shown));
        // The callee's calls resolve where the callee is declared; one made without a table is a sibling and shares ours.
        if (callee.Callees is not null)
            (_callees, _unresolvedCalls) = (callee.Callees, callee.UnresolvedCalls ?? NoUnresolvedCalls);
        try
        {
            return BindFormula(syntax, args, callee.Inputs.Select(p => p.Name).ToList());
        }
        catch (FormulaException e) when (saved is null)
        {
            throw Error(e.Diagnostic.Id, $"In '{shown}': {e.Diagnostic.Message}", call.Span);
        }
        finally
        {
            _callStack.Pop();
            _inlinedAt = saved;
            (_callees, _unresolvedCalls) = (savedCallees, savedUnresolved);
        }
    }

    private int IndexOfParameter(LossDecl callee, string shown, Argument arg)
    {
        for (int i = 0; i < callee.Inputs.Count; i++)
            if (callee.Inputs[i].Name == arg.Name) return i;
        throw Error(DiagnosticIds.UnknownName, $"'{shown}' has no parameter named '{arg.Name}'; its parameters are ({ParameterList(callee)})", arg.NameSpan);
    }

    /// <summary>A callee's parameters as a call would pass them: <c>y, yhat, delta = 1</c>.</summary>
    private static string ParameterList(LossDecl callee) => string.Join(", ", callee.Inputs.Select(p =>
        p.DefaultValue is double d && p.Kind is InputKind.Scalar or InputKind.IntScalar
            ? $"{p.Name} = {d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"
            : p.Name));

    private void CheckArgument(string shown, InputDecl p, Node value, Span span)
    {
        (int rank, string what) = p.Kind switch
        {
            InputKind.Vector => (1, "a rank-1 value"),
            InputKind.Matrix => (2, "a rank-2 value"),
            InputKind.Labels => (1, "integer labels"),
            _ => (0, "a scalar"),
        };
        bool ok = value.Shape.Rank == rank
            && (p.Kind != InputKind.Labels || (value.Op == Op.Input && value.Kind == ElemKind.Int))
            && value.Kind != ElemKind.Bool;
        if (!ok)
            throw Error(DiagnosticIds.Shape, $"'{p.Name}' of '{shown}' expects {what}, but the argument {Describe(value, rank)}", span);
    }

    /// <summary>Why an argument does not fit a parameter that expects rank <paramref name="rank"/>.</summary>
    private static string Describe(Node value, int rank) => value.Kind == ElemKind.Bool
        ? "is a comparison"
        : value.Shape.Rank != rank
            ? $"has rank {value.Shape.Rank}"
            : "is not a ReadOnlySpan<int> parameter of the caller";

    private Axis ParseDim(Expr value)
    {
        double? d = value switch
        {
            NumberExpr n => n.Value,
            NegateExpr { Operand: NumberExpr n } => -n.Value,
            _ => null,
        };
        return d switch
        {
            0 => Axis.Dim0,
            1 or -1 => Axis.Dim1,
            _ => throw Error(DiagnosticIds.Shape, "dim: must be 0 (down the rows), 1 (along each row) or -1 (the last axis)", value.Span),
        };
    }

    private void Expect(CallExpr call, List<Expr> positional, int count, bool hasDim, bool allowDim)
    {
        if (hasDim && !allowDim)
            throw Error(DiagnosticIds.Syntax, $"'{call.Name}' does not take 'dim:'", call.Span);
        if (positional.Count != count)
            throw Error(DiagnosticIds.Syntax, $"'{call.Name}' takes {count} argument{(count == 1 ? "" : "s")}, but {positional.Count} {(positional.Count == 1 ? "was" : "were")} given", call.Span);
    }

    private Node Binary(Span span, Node a, Node b, Func<Node, Node, Node> make) => At(span, () => make(a, b));

    private Node At(Span span, Func<Node> build)
    {
        _graph.CurrentSpan = _inlinedAt ?? span;
        return build();
    }

    private FormulaException Error(string id, string message, Span span) => new(new FormulaDiagnostic(id, message, _inlinedAt ?? span));

    private static Op CompareOpToIr(CompareOp op) => op switch
    {
        CompareOp.Less => Op.Less,
        CompareOp.LessEqual => Op.LessEqual,
        CompareOp.Greater => Op.Greater,
        CompareOp.GreaterEqual => Op.GreaterEqual,
        CompareOp.Equal => Op.Equal,
        _ => Op.NotEqual,
    };

    /// <summary>The candidate within edit distance 2 (or a third of the length) of <paramref name="name"/>, if any.</summary>
    internal static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
