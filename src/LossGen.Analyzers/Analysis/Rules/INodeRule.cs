using LossGen.Ir;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// One rule of the formula analysis, asked about each IR node in each <c>where</c>-branch context that reaches it.
/// Returns the node's finding, or null when the rule does not apply or the node is safe.
/// </summary>
internal interface INodeRule
{
    Finding? Check(Node n, RangeContext ctx);
}
