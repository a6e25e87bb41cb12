using System;

namespace LossGen.Ir.Operations;

/// <summary>What an operation's operands and result are: numbers, or conditions (the booleans of comparisons).</summary>
internal enum OperandKind { Number, Condition }

/// <summary>
/// How much one evaluation costs, for the kernel planner: it unrolls loops with transcendental work less and
/// counts it (4 per element, against 1 for arithmetic) when it decides whether a loop is worth threads.
/// </summary>
internal enum CostClass { Cheap, Transcendental }

/// <summary>
/// The chain rule of a one-argument function f: <c>seed · f'(x)</c>, written in the function's stable form
/// (d softplus = sigmoid, d tanh = 1 − tanh², ...). <paramref name="value"/> is the node f(x) itself, which many
/// derivatives reuse. The seed is the adjoint in reverse mode (<see cref="Differentiator"/>) and x's diagonal tangent
/// in <see cref="HessianDiagonal"/>; it is a function so that the rule decides when the seed's nodes are built,
/// which fixes the order nodes are numbered in, and so the order in which the generated code computes them.
/// A rule that never calls <paramref name="seed"/> (sign, detach) has derivative 0.
/// </summary>
internal delegate Node ChainRule(Graph g, Node x, Node value, Func<Node> seed);

/// <summary>
/// A range rule: the bounds [Lo, Hi] of f(x) for x in [<paramref name="lo"/>, <paramref name="hi"/>] (never empty,
/// bounds possibly infinite), before the analyzers round them to the method's element type. It must include every
/// value f can take there, the rounded ones too (sigmoid's range is [0, 1], not (0, 1)).
/// </summary>
internal delegate (double Lo, double Hi) RangeRule(double lo, double hi);

/// <summary>
/// Everything LossGen knows about one built-in elementwise operation, in one place: the binder resolves its name,
/// the graph folds constants with its value rule, the differentiator and the Hessian diagonal apply its chain rule,
/// lowering rewrites it (or keeps it), the kernel emitter prints its scalar and vector code, the planner reads its
/// cost, and the analyzers' range analysis bounds it. Adding a function is adding one entry to
/// <see cref="OperationTable"/> (plus its tests and its row in docs/language.md).
/// <para>
/// Code templates are C# with placeholders that the emitter fills in: <c>{x}</c> and <c>{y}</c> are the operands;
/// <c>{LossMath}</c> the runtime's math class (through RuntimeNames); <c>{Math}</c> System.Math or System.MathF;
/// <c>{Vector}</c> the vector API class (Vector512, ...) and <c>{VectorType}</c> the vector type; <c>{0}</c>,
/// <c>{1}</c> and <c>{-1}</c> those constants in the element type.
/// </para>
/// </summary>
internal sealed class OperationEntry
{
    public OperationEntry(
        Op op,
        string name,
        Func<double[], double> value,
        string scalarCode,
        string? vectorCode,
        CostClass cost,
        int arity = 1,
        OperandKind operands = OperandKind.Number,
        OperandKind result = OperandKind.Number,
        ChainRule? derivative = null,
        RangeRule? range = null,
        Func<Graph, Node, Node>? lowering = null,
        bool isNonNegative = false,
        double[]? infiniteDerivativeAt = null,
        bool hasNoDerivative = false)
    {
        Op = op;
        Name = name;
        Value = value;
        ScalarCode = scalarCode;
        VectorCode = vectorCode;
        Cost = cost;
        Arity = arity;
        Operands = operands;
        Result = result;
        Derivative = derivative;
        Range = range;
        Lowering = lowering;
        IsNonNegative = isNonNegative;
        InfiniteDerivativeAt = infiniteDerivativeAt ?? [];
        HasNoDerivative = hasNoDerivative;
    }

    public Op Op { get; }

    /// <summary>The name a formula calls it by (and the name the docs and diagnostics print).</summary>
    public string Name { get; }

    /// <summary>How many positional arguments it takes.</summary>
    public int Arity { get; }

    public OperandKind Operands { get; }

    public OperandKind Result { get; }

    /// <summary>The value rule, in double: the graph folds constant arguments with it (conditions are 0 or 1).</summary>
    public Func<double[], double> Value { get; }

    /// <summary>The chain rule (null for conditions, which carry no gradient).</summary>
    public ChainRule? Derivative { get; }

    /// <summary>
    /// True when the function is differentiable nowhere useful and takes the gradient 0 by convention (sign, detach):
    /// its chain rule never calls the seed. The table tests skip finite differences for it.
    /// </summary>
    public bool HasNoDerivative { get; }

    /// <summary>The range rule for the analyzers (null: a condition, in [0, 1]).</summary>
    public RangeRule? Range { get; }

    /// <summary>
    /// The rewrite lowering applies after differentiation (detach becomes its argument), or null when the kernel
    /// computes the operation itself.
    /// </summary>
    public Func<Graph, Node, Node>? Lowering { get; }

    /// <summary>f(x) ≥ 0 for every x, so abs(f(x)) is f(x) itself.</summary>
    public bool IsNonNegative { get; }

    /// <summary>Points where f' is infinite (sqrt at 0, acos at ±1): the analyzers warn (LG1003) when an argument can reach one.</summary>
    public double[] InfiniteDerivativeAt { get; }

    /// <summary>C# for the element type (a code template).</summary>
    public string ScalarCode { get; }

    /// <summary>C# for a whole vector (a code template), or null: loops that compute it stay scalar, with an LG0005 reason.</summary>
    public string? VectorCode { get; }

    public CostClass Cost { get; }

    public override string ToString() => Name;
}
