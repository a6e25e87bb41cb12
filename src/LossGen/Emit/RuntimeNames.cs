namespace LossGen.Emit;

/// <summary>
/// How generated code names the types it calls. Kernel code is printed inside the file-local kernel class in the
/// <c>LossGen.Generated</c> namespace, under the <see cref="Usings"/> below, so names are short there: the
/// runtime's types (LossGen.LossMath, ...) are found through the enclosing LossGen namespace, the BCL's through the
/// using directives, and the user's namespaces cannot shadow either. Every reference that kernel code makes to a
/// LossGen.Runtime type goes through here, so the operation table can name a math function by its bare method
/// name and the printer alone decides how it is qualified.
/// </summary>
internal static class RuntimeNames
{
    /// <summary>The namespace of the file-local kernel classes.</summary>
    public const string GeneratedNamespace = "LossGen.Generated";

    /// <summary>The using directives of the kernel namespace, which the short BCL names below rely on.</summary>
    public static readonly string[] Usings =
    [
        "System",
        "System.Buffers",
        "System.Runtime.CompilerServices",
        "System.Runtime.InteropServices",
        "System.Runtime.Intrinsics",
    ];

    /// <summary>The runtime's vector and scalar math class.</summary>
    public const string LossMath = "LossMath";

    /// <summary>The runtime's argument checks (sizes, labels, dense tensor spans).</summary>
    public const string LossArgs = "LossArgs";

    /// <summary>The runtime's chunked, deterministic parallel runner.</summary>
    public const string LossParallel = "LossParallel";

    /// <summary>The spans LossParallel pins for helper threads.</summary>
    public const string LossPins = "LossPins";

    /// <summary>Kernels are large loops: compiled fully optimized at once, they skip tier-0 and on-stack-replacement code.</summary>
    public const string AggressiveOptimization = "[MethodImpl(MethodImplOptions.AggressiveOptimization)]";

    /// <summary>A call of <c>LossMath.<paramref name="method"/></c> with the given argument list.</summary>
    public static string LossMathCall(string method, string arguments) => LossMath + "." + method + "(" + arguments + ")";
}
