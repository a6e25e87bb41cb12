namespace LossGen.Runtime.Tests;

/// <summary>
/// Documented maximum errors in ulp (docs/vector-math.md), asserted by the sweeps for every form (scalar, Vector128,
/// Vector256, Vector512) of both element types; the measured maxima are printed in the test output. For float these
/// sit above the exhaustively measured maxima (all 2^32 inputs), for double above the sampled maxima with a margin.
/// </summary>
internal static class Bounds
{
    public const double Exp = 1.0;        // float exhaustive 0.891, double sampled 0.852
    public const double Expm1 = 1.25;     // float exhaustive 1.106, double sampled 1.090
    public const double Log = 0.75;       // float exhaustive 0.649, double sampled 0.575
    public const double Log1p = 0.85;     // float exhaustive 0.729, double sampled 0.577
    public const double Softplus = 2.0;   // float exhaustive 1.880 (cheaper log1p on [0, 1]), double sampled 0.739
    public const double Sigmoid = 1.0;    // float exhaustive 0.807, double sampled 0.736
    public const double LogSigmoid = 1.0; // float exhaustive 0.807, double sampled 0.729
    public const double Tanh = 1.0;       // float exhaustive 0.865, double sampled 0.778
}
