namespace LossGen.LightGbm.Tests;

/// <summary>
/// The objectives the tests (and the distributed worker) train with: the generated
/// <c>NamePerSampleDerivatives</c> members of <see cref="BoostingLosses"/>, passed as method groups.
/// </summary>
internal static class Objectives
{
    public static readonly PerSampleDerivatives<double> L2 = BoostingLosses.L2PerSampleDerivatives;
    public static readonly PerSampleDerivatives<double> LogLoss = BoostingLosses.LogLossPerSampleDerivatives;
    public static readonly PerSampleDerivatives<double> Poisson = BoostingLosses.PoissonPerSampleDerivatives;
    public static readonly PerSampleDerivatives<double> Gamma = BoostingLosses.GammaPerSampleDerivatives;
    // Tweedie's ρ is a scalar parameter of the generated member: fix it at LightGBM's default, 1.5.
    public static readonly PerSampleDerivatives<double> Tweedie = (y, s, losses, g, h) => BoostingLosses.TweediePerSampleDerivatives(y, s, 1.5, losses, g, h);
    public static readonly MulticlassPerSampleDerivatives<double> OneVsAll = BoostingLosses.OneVsAllPerSampleDerivatives;
}
