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

/// <summary>A loss declaration: its name, formula and parameters. Siblings in the same type can be composed.</summary>
internal sealed record LossDecl(string Name, string Formula, IReadOnlyList<InputDecl> Inputs);
