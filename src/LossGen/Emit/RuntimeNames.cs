namespace LossGen.Emit;

/// <summary>
/// How generated code names the runtime's types. Every reference that kernel code makes to a LossGen.Runtime type goes
/// through here, so the operation table can name a math function by its bare method name and the printer alone decides
/// how it is qualified.
/// </summary>
internal static class RuntimeNames
{
    /// <summary>The runtime's vector and scalar math class.</summary>
    public const string LossMath = "global::LossGen.LossMath";

    /// <summary>A call of <c>LossMath.<paramref name="method"/></c> with the given argument list.</summary>
    public static string LossMathCall(string method, string arguments) => LossMath + "." + method + "(" + arguments + ")";
}
