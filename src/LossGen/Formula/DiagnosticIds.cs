namespace LossGen;

/// <summary>
/// Diagnostic IDs, shared by the generator, the analyzers and the code fixes. The IDs are a public contract.
/// LG0xxx: declaration and formula errors; LG1xxx: numerical stability; LG2xxx: activation mismatch;
/// LG3xxx: differentiability.
/// </summary>
internal static class DiagnosticIds
{
    public const string Syntax = "LG0001";
    public const string UnknownName = "LG0002";
    public const string Shape = "LG0003";
    public const string InvalidDeclaration = "LG0004";
    public const string ScalarFallback = "LG0005";
    public const string InternalError = "LG0006";

    public const string UnguardedLog = "LG1001";
    public const string DivisionByZero = "LG1002";
    public const string SingularSqrt = "LG1003";
    public const string ExpOverflow = "LG1004";
    public const string StableBuiltin = "LG1005";

    public const string LogitsAsProbabilities = "LG2001";
    public const string ProbabilitiesAsLogits = "LG2002";
    public const string ActivationMismatchAtCall = "LG2003";

    public const string AmbiguousBroadcast = "LG2004";
    public const string ZeroGradient = "LG3001";
}
