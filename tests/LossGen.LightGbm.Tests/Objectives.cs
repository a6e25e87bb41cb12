namespace LossGen.LightGbm.Tests;

/// <summary>The objectives the tests train with, in one place.</summary>
internal static class Objectives
{
    public static readonly PerSampleDerivatives<double> L2 = LightGbmReference.L2;
    public static readonly PerSampleDerivatives<double> LogLoss = LightGbmReference.LogLoss;
    public static readonly PerSampleDerivatives<double> Poisson = LightGbmReference.Poisson;
    public static readonly PerSampleDerivatives<double> Gamma = LightGbmReference.Gamma;
    public static readonly PerSampleDerivatives<double> Tweedie = LightGbmReference.Tweedie;
    public static readonly MulticlassPerSampleDerivatives<double> OneVsAll = LightGbmReference.OneVsAll;
}
