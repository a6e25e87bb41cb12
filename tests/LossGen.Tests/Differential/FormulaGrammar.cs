using System.Globalization;

namespace LossGen.Tests.Differential;

/// <summary>
/// Generates formulas that are well-formed by construction: every subexpression is built for a shape (a scalar, a
/// per-row vector, a per-column vector or a matrix), so ranks, broadcasting directions and dims always fit. The
/// parameters are those of <see cref="FuzzSignature"/>; the siblings <c>Sq</c> and <c>Ce</c> are callable.
/// </summary>
internal sealed class FormulaGrammar(Random random)
{
    /// <summary>S: scalar; R: rank 1, one entry per row; C: rank 1, one entry per column; M: rows × cols.</summary>
    internal enum Kind { S, R, C, M }

    private static readonly string[] Unary = ["abs", "exp", "log", "log1p", "expm1", "sqrt", "sigmoid", "log_sigmoid", "softplus", "tanh", "cosh", "sinh", "relu"];
    private static readonly string[] Reductions = ["sum", "mean", "max", "min", "logsumexp", "norm"];
    private static readonly string[] Comparisons = ["<", "<=", ">", ">=", "==", "!="];

    /// <summary>Literals from 1e-300 to 1e300, float's edges (3e38, 1e-45 subnormal) and folding that overflows float.</summary>
    private static readonly string[] Literals =
    [
        "0", "1", "2", "0.5", "3", "0.25", "1e-7", "1e-12", "10", "100", "1e-300", "1e300", "3e38", "1e39", "1e-45", "1e-40",
        "exp(226)", "exp(-200)", "1e200 * 1e200", "1e-200 * 1e-200", "0.1", "1.063", "7",
    ];

    private bool _usesMatrix;
    private int _bindings;

    public bool UsesMatrix => _usesMatrix;

    private int Pick(int n) => random.Next(n);

    private T One<T>(IReadOnlyList<T> items) => items[Pick(items.Count)];

    /// <summary>One formula: optional bindings, then a scalar expression, often in the per-sample form Σ c·mean(e).</summary>
    public string Formula()
    {
        _usesMatrix = false;
        _bindings = 0;
        var bindings = new List<string>();
        var scope = new List<(string Name, Kind Kind)>();
        int count = Pick(4) == 0 ? 1 + Pick(2) : 0;
        for (int b = 0; b < count; b++)
        {
            Kind kind = One([Kind.R, Kind.M, Kind.S, Kind.R]);
            string name = $"b{_bindings++}";
            bindings.Add($"{name} = {Expr(kind, 2, scope)}; ");
            scope.Add((name, kind));
        }
        string result = Pick(3) switch
        {
            0 => $"{Coefficient()}mean({Expr(Kind.R, 3, scope)}) {(Pick(2) == 0 ? "+" : "-")} {Coefficient()}sum({Expr(Kind.R, 2, scope)})",
            1 => $"{(Pick(2) == 0 ? "-" : "")}mean({Expr(Kind.R, 4, scope)})",
            _ => Expr(Kind.S, 4, scope),
        };
        return string.Concat(bindings) + result;
    }

    private string Coefficient() => Pick(3) switch
    {
        0 => "",
        1 => One(["0.5 * ", "2 * ", "k * ", "h * ", "1e-300 * ", "1e300 * "]),
        _ => One(["(k + 1) * ", "k^2 * ", "-", "3 * h * "]),
    };

    private string Atom(Kind kind, List<(string Name, Kind Kind)> scope)
    {
        var bound = scope.Where(s => s.Kind == kind).Select(s => s.Name).ToList();
        if (bound.Count > 0 && Pick(4) == 0)
        {
            if (kind == Kind.M) _usesMatrix = true;
            return One(bound);
        }
        switch (kind)
        {
            case Kind.S:
                return Pick(6) switch
                {
                    0 => "k",
                    1 => "h",
                    2 => Matrix("rows(z)", "cols(z)"),
                    _ => One(Literals),
                };
            case Kind.R:
                return Pick(8) switch
                {
                    0 => "y",
                    1 or 2 => "u",
                    3 => "p",
                    4 => Matrix($"pick({One(["z", "w", "q"])}, t)", "c[t]", "per_column(c, z)[t]", "sum(w, dim: 0)[t]"),
                    _ => One(["u", "y", "p"]),
                };
            case Kind.C:
                _usesMatrix = true;
                return One(["per_column(c)", "sum(w, dim: 0)", "max(z, dim: 0)", "mean(q, dim: 0)"]);
            default:
                _usesMatrix = true;
                return One(["z", "w", "q", "z", "w"]);
        }
    }

    private string Matrix(params string[] options)
    {
        _usesMatrix = true;
        return One(options);
    }

    private string Expr(Kind kind, int depth, List<(string Name, Kind Kind)> scope)
    {
        if (depth <= 0 || Pick(5) == 0) return Atom(kind, scope);
        string Same() => Expr(kind, depth - 1, scope);
        string Scalar() => Expr(Kind.S, depth - 2, scope);
        switch (Pick(14))
        {
            case 0: return $"{Unary[Pick(Unary.Length)]}({Same()})";
            case 1: return $"({Same()} {One(["+", "-", "*", "/"])} {Same()})";
            case 2: return Pick(2) == 0 ? $"({Same()} * {Scalar()})" : $"({Scalar()} {One(["+", "-", "*"])} {Same()})";
            case 3: return Pick(3) switch
            {
                0 => $"({Same()})^{One(["2", "3", "0.5", "-1", "0", "1.5", "-2"])}",
                1 => $"pow({Same()}, k)",
                _ => $"abs({Same()})^{One(["k", "h", "(k - 0.5)"])}",
            };
            case 4: return $"-{Same()}";
            case 5: return $"where({Condition(kind, depth - 1, scope)}, {Same()}, {Same()})";
            case 6: return $"{One(["max", "min"])}({Same()}, {Same()})";
            case 7: return $"clamp({Same()}, {One(["-1", "0", "0.1", "1e-7"])}, {One(["1", "2", "0.9", "1e30"])})";
            case 8 when kind == Kind.M: return $"{One(["softmax", "log_softmax"])}({Same()}, dim: {One(["1", "1", "0", "-1"])})";
            case 8 when kind == Kind.R: return Pick(2) == 0 ? $"{One(["softmax", "log_softmax"])}({Same()})" : $"sigmoid({Same()}) * {Same()}";
            case 9 when kind != Kind.M: return FromReduction(kind, depth, scope);
            case 9: return $"({Broadcast(One([Kind.R, Kind.C]), depth - 1, scope)} * {Same()})";
            case 10 when kind == Kind.M: return $"({Same()} {One(["+", "-", "*"])} {Broadcast(One([Kind.R, Kind.C, Kind.S]), depth - 1, scope)})";
            case 10 when kind == Kind.S: return Sibling(depth, scope);
            case 11 when kind == Kind.R: return Matrix($"pick({Expr(Kind.M, depth - 1, scope)}, t)", $"per_column(c, z)[t] * {Same()}", $"where(t != 0, {Same()}, {Same()})");
            case 12 when kind == Kind.S: return Masked(depth, scope);
            default: return $"({Same()} + {Same()})";
        }
    }

    /// <summary>
    /// A value that meets a matrix. A per-column value is declared with per_column at the meeting point: what the
    /// compiler knows is the column count of the matrix it came from (sum(w, dim: 0)), not of the one it meets.
    /// </summary>
    private string Broadcast(Kind kind, int depth, List<(string Name, Kind Kind)> scope)
        => kind == Kind.C ? $"per_column({Expr(kind, depth, scope)})" : Expr(kind, depth, scope);

    /// <summary>A value of <paramref name="kind"/> made by reducing something bigger.</summary>
    private string FromReduction(Kind kind, int depth, List<(string Name, Kind Kind)> scope)
    {
        string r = Reductions[Pick(Reductions.Length)];
        return kind switch
        {
            Kind.S => Pick(3) switch
            {
                0 => $"{r}({Expr(Kind.M, depth - 1, scope)})",
                1 => $"{r}({Expr(Kind.C, depth - 1, scope)})",
                _ => $"{r}({Expr(Kind.R, depth - 1, scope)}{(Pick(3) == 0 ? ", dim: 0" : "")})",
            },
            Kind.R => $"{r}({Expr(Kind.M, depth - 1, scope)}, dim: {One(["1", "-1"])})",
            _ => $"{r}({Expr(Kind.M, depth - 1, scope)}, dim: 0)",
        };
    }

    private string Masked(int depth, List<(string Name, Kind Kind)> scope)
    {
        Kind over = One([Kind.R, Kind.M, Kind.R]);
        string x = Expr(over, depth - 1, scope);
        string c = Condition(over, depth - 2, scope);
        return Pick(4) switch
        {
            0 => $"sum({x}, where: {c})",
            1 => $"mean({x}, where: {c})",
            2 => $"mean({x}, weights: {Weights(over, depth - 2, scope)})",
            _ => $"mean({x}, weights: {Weights(over, depth - 2, scope)}, where: {c})",
        };
    }

    private string Weights(Kind over, int depth, List<(string Name, Kind Kind)> scope) => Pick(3) switch
    {
        0 => Matrix("per_column(c, z)[t]"),
        1 => $"abs({Expr(Kind.R, depth, scope)})",
        _ => over == Kind.M ? $"sigmoid({Expr(Kind.M, depth, scope)})" : "y",
    };

    private string Condition(Kind kind, int depth, List<(string Name, Kind Kind)> scope)
    {
        if (kind == Kind.R && Pick(4) == 0) return Matrix($"t {One(["==", "!="])} {One(["0", "1", "2"])}");
        string right = Pick(2) == 0 ? Expr(Kind.S, depth - 1, scope) : Expr(kind, depth - 1, scope);
        return $"{Expr(kind, depth, scope)} {One(Comparisons)} {right}";
    }

    private string Sibling(int depth, List<(string Name, Kind Kind)> scope) => Pick(3) switch
    {
        0 => $"Sq(y, {Expr(Kind.R, depth - 1, scope)})",
        1 => $"Sq(y, {Expr(Kind.R, depth - 1, scope)}, s: {One(["0.5", "k", "3"])})",
        _ => Matrix($"Ce({Expr(Kind.M, depth - 1, scope)}, t)"),
    };

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
