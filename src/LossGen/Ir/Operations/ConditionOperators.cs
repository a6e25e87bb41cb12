namespace LossGen.Ir.Operations;

/// <summary>
/// c1 &amp;&amp; c2, c1 || c2 and !c over conditions (comparisons and their combinations). Conditions carry no
/// gradient. In vector code a condition is a lane mask (all bits set or clear), so the operators are bitwise.
/// </summary>
internal static class ConditionOperators
{
    public static readonly OperationEntry And = new(Op.And, "&&",
        args => args[0] != 0 && args[1] != 0 ? 1 : 0,
        scalarCode: "{x} && {y}", vectorCode: "{x} & {y}", CostClass.Cheap,
        arity: 2, operands: OperandKind.Condition, result: OperandKind.Condition, spelling: Spelling.Operator);

    public static readonly OperationEntry Or = new(Op.Or, "||",
        args => args[0] != 0 || args[1] != 0 ? 1 : 0,
        scalarCode: "{x} || {y}", vectorCode: "{x} | {y}", CostClass.Cheap,
        arity: 2, operands: OperandKind.Condition, result: OperandKind.Condition, spelling: Spelling.Operator);

    public static readonly OperationEntry Not = new(Op.Not, "!",
        args => args[0] != 0 ? 0 : 1,
        scalarCode: "!{x}", vectorCode: "~{x}", CostClass.Cheap,
        operands: OperandKind.Condition, result: OperandKind.Condition, spelling: Spelling.Operator);
}
