namespace LossGen;

public static partial class LossMath
{
    /// <summary>
    /// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt; erf(±∞) = ±1. Double: a series without cancellation below 2.5
    /// and erfc's continued fraction above (see <c>SpecialFunctions</c>), within a few ulps.
    /// </summary>
    public static double Erf(double x) => SpecialFunctions.Erf(x);

    /// <inheritdoc cref="Erf(double)"/>
    /// <remarks>Computed in double and rounded once, so correctly rounded in float except in rare double-rounding cases.</remarks>
    public static float Erf(float x) => (float)SpecialFunctions.Erf(x);

    /// <summary>
    /// log|Γ(x)| (torch.lgamma): +∞ at 0, −1, −2, ...; exactly 0 at 1 and 2. Within a few ulps for x ≥ 2.5 and at the
    /// integers and half-integers tested; near the minimum at 1.46 (value −0.12) about 20 ulps (absolute error 3e-16).
    /// </summary>
    public static double LogGamma(double x) => SpecialFunctions.LogGamma(x);

    /// <inheritdoc cref="LogGamma(double)"/>
    public static float LogGamma(float x) => (float)SpecialFunctions.LogGamma(x);

    /// <summary>The digamma function ψ(x) = d/dx log|Γ(x)| (the derivative of <see cref="LogGamma(double)"/>); NaN at 0, −1, −2, ...</summary>
    public static double Digamma(double x) => SpecialFunctions.Digamma(x);

    /// <inheritdoc cref="Digamma(double)"/>
    public static float Digamma(float x) => (float)SpecialFunctions.Digamma(x);

    /// <summary>The trigamma function ψ′(x) (the derivative of <see cref="Digamma(double)"/>); +∞ at 0, −1, −2, ...</summary>
    public static double Trigamma(double x) => SpecialFunctions.Trigamma(x);

    /// <inheritdoc cref="Trigamma(double)"/>
    public static float Trigamma(float x) => (float)SpecialFunctions.Trigamma(x);
}
