namespace LossGen.Runtime.Tests.Infrastructure;

/// <summary>The fused APIs must return exactly what the separate functions return.</summary>
internal static class FusedAgreement
{
    public static void AssertSameAsSeparate(FloatFunction fused, FloatFunction separate, float[] xs)
    {
        for (int i = 0; i < xs.Length; i++)
        {
            float a = fused.Scalar(xs[i]), b = separate.Scalar(xs[i]);
            if (!Harness.SameFloat(a, b)) Assert.Fail($"{fused.Name}({xs[i]:R}) = {a:R} but {separate.Name} = {b:R}");
        }
    }

    public static void AssertSameAsSeparate(DoubleFunction fused, DoubleFunction separate, double[] xs)
    {
        for (int i = 0; i < xs.Length; i++)
        {
            double a = fused.Scalar(xs[i]), b = separate.Scalar(xs[i]);
            if (!Harness.SameDouble(a, b)) Assert.Fail($"{fused.Name}({xs[i]:R}) = {a:R} but {separate.Name} = {b:R}");
        }
    }
}
