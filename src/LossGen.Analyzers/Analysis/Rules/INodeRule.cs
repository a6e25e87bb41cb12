using LossGen.Ir;

namespace LossGen.Analyzers.Analysis.Rules;

/// <summary>
/// One rule of the formula analysis, asked about each IR node in each <c>where</c>-branch context that reaches it.
/// Returns the node's finding, or null when the rule does not apply or the node is safe.
/// </summary>
internal interface INodeRule
{
    Finding? Check(Node n, RangeContext ctx);

    /// <summary>
    /// Whether the rule also sees nodes inlined from a call to a sibling [Loss] (located on the call). Most rules do
    /// not: the sibling's own declaration reports them. A mismatch between the caller's value and the sibling's use
    /// of it exists only in the caller.
    /// </summary>
    bool SeesInlinedNodes { get; }
}
