using System.Collections.Generic;

namespace LossGen.Ir;

/// <summary>How a parameter is passed, which decides its rank and element type.</summary>
internal enum InputKind
{
    /// <summary><c>ReadOnlySpan&lt;T&gt;</c>: rank 1.</summary>
    Vector,
    /// <summary><c>ReadOnlyTensorSpan&lt;T&gt;</c>: dense rank 2 [rows, cols].</summary>
    Matrix,
    /// <summary><c>ReadOnlySpan&lt;int&gt;</c>: integer class labels.</summary>
    Labels,
    /// <summary><c>T</c>: a hyperparameter.</summary>
    Scalar,
    /// <summary><c>int</c>: an integer hyperparameter.</summary>
    IntScalar,
}

internal enum Role { None, Target, Probabilities, Logits }

/// <summary>One parameter of a loss declaration, as the formula compiler sees it.</summary>
internal sealed record InputDecl(string Name, InputKind Kind, Role Role, double? DefaultValue)
{
    public bool IsTensor => Kind is InputKind.Vector or InputKind.Matrix;

    /// <summary>Floating tensors get gradients unless marked [Target].</summary>
    public bool IsDifferentiable => IsTensor && Role != Role.Target;
}

/// <summary>
/// A loss declaration: its name, formula and parameters, and what the calls in its formula resolve to (the other
/// [Loss] methods it composes, of its own type, other types or referenced assemblies).
/// </summary>
internal sealed record LossDecl(string Name, string Formula, IReadOnlyList<InputDecl> Inputs)
{
    /// <summary>The method's identity across types (<c>Namespace.Type.Method</c>), which detects a cycle of calls; the name alone when no type is known.</summary>
    public string Key { get; init; } = Name;

    /// <summary>
    /// The [Loss] methods the formula can call, by the name written in it (<c>Huber</c>, <c>RegressionLosses.Huber</c>).
    /// Null when the declaration was made without resolving its calls: it then shares its caller's table, which is
    /// right for a sibling of the same type.
    /// </summary>
    public IReadOnlyDictionary<string, LossDecl>? Callees { get; init; }

    /// <summary>Qualified names written in the formula that resolve to no callable [Loss] method, each with the reason.</summary>
    public IReadOnlyDictionary<string, string>? UnresolvedCalls { get; init; }
}
