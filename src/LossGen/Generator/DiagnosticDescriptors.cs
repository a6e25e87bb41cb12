using Microsoft.CodeAnalysis;

namespace LossGen.Generator;

/// <summary>The diagnostics the generator reports. Messages are formatted in the model, so each format is "{0}".</summary>
internal static class DiagnosticDescriptors
{
    private const string HelpRoot = "https://github.com/lossgen/lossgen/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor Syntax = Error(DiagnosticIds.Syntax, "Formula syntax error");
    public static readonly DiagnosticDescriptor UnknownName = Error(DiagnosticIds.UnknownName, "Unknown name in formula");
    public static readonly DiagnosticDescriptor Shape = Error(DiagnosticIds.Shape, "Shape or type error in formula");
    public static readonly DiagnosticDescriptor InvalidDeclaration = Error(DiagnosticIds.InvalidDeclaration, "Invalid [Loss] declaration");
    public static readonly DiagnosticDescriptor InternalError = Error(DiagnosticIds.InternalError, "Internal error in LossGen");
    public static readonly DiagnosticDescriptor ScalarFallback = new(
        DiagnosticIds.ScalarFallback, "Kernel not vectorized", "{0}", "LossGen.Performance", DiagnosticSeverity.Info,
        isEnabledByDefault: true, helpLinkUri: HelpRoot + DiagnosticIds.ScalarFallback + ".md");

    public static DiagnosticDescriptor For(string id) => id switch
    {
        DiagnosticIds.Syntax => Syntax,
        DiagnosticIds.UnknownName => UnknownName,
        DiagnosticIds.Shape => Shape,
        DiagnosticIds.ScalarFallback => ScalarFallback,
        DiagnosticIds.InternalError => InternalError,
        _ => InvalidDeclaration,
    };

    private static DiagnosticDescriptor Error(string id, string title) => new(
        id, title, "{0}", "LossGen", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");
}
