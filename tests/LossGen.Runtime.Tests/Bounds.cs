namespace LossGen.Runtime.Tests;

/// <summary>
/// Documented maximum errors in ulp (docs/vector-math.md). The sweeps assert these for every form (scalar,
/// Vector128, Vector256, Vector512); the measured maxima are printed in the test output.
/// </summary>
internal static class Bounds
{
    public const double ExpF = 1.0, ExpD = 1.0;
    public const double Expm1F = 1.5, Expm1D = 1.5;
    public const double LogF = 1.0, LogD = 1.0;
    public const double Log1pF = 1.5, Log1pD = 1.5;
    public const double SoftplusF = 2.0, SoftplusD = 2.0;
    public const double SigmoidF = 2.0, SigmoidD = 2.0;
    public const double LogSigmoidF = 2.0, LogSigmoidD = 2.0;
    public const double TanhF = 2.5, TanhD = 2.5;
}
