// Package smoke test: tests/PackageSmoke/run.sh copies this file into a brand-new `dotnet new console` project that
// references only the packed LossGen package, then builds and runs it. The exit code is the number of failed checks.
using System.Numerics.Tensors;
using LossGen;
using LossGen.Training;

int failures = 0;
void Check(string what, double actual, double expected, double tolerance = 1e-12)
{
    bool ok = Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected));
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}: {actual:R} (expected {expected:R})");
    if (!ok) failures++;
}

// Forward, gradient and per-sample outputs of a generated loss, against values computed by hand:
// errors 0.5, -0.5, 0.5, 1 → mean of squares 1.75 / 4 = 0.4375; gradient 2·error / 4.
double[] y = [1, 2, 3, 4];
double[] yhat = [1.5, 1.5, 3.5, 5];
Check("Mse", SmokeLosses.Mse(y, yhat), 0.4375);
var dyhat = new double[4];
Check("MseWithGradient loss", SmokeLosses.MseWithGradient(y, yhat, dyhat), 0.4375);
double[] expectedGradient = [0.25, -0.25, 0.25, 0.5];
for (int i = 0; i < 4; i++) Check($"dyhat[{i}]", dyhat[i], expectedGradient[i]);
var perSample = new double[4];
SmokeLosses.MsePerSample(y, yhat, perSample);
Check("MsePerSample[3]", perSample[3], 1);

// A rank-2 float loss through System.Numerics.Tensors (the package's dependency): logits [0, ln 3] and label 1 give
// log(1 + 3) - ln 3 = ln(4/3).
float[] z = [0, MathF.Log(3)];
var zs = new ReadOnlyTensorSpan<float>(z, [1, 2]);
Check("SparseCe (float)", SmokeLosses.SparseCe(zs, [1]), Math.Log(4.0 / 3), 1e-6);

// The runtime's training helpers.
GradCheckReport report = GradCheck.Run(
    () => SmokeLosses.Mse(y, yhat),
    g => SmokeLosses.MseWithGradient(y, yhat, g["yhat"]),
    GradCheck.Input("yhat", yhat));
Console.Write(report);
Check("GradCheck passed", report.Passed ? 1 : 0, 1);
double[] weights = ClassWeights.Balanced<double>([0, 0, 0, 1], classes: 2);
Check("ClassWeights.Balanced[1]", weights[1], 2);

// Not called: declared so that the analyzers, when the package carries them, have something to report (LG1001 on
// log(p) and log(1 - p) of a [Probabilities] input). run.sh prints every build warning.
_ = (Func<double>)(() => SmokeLosses.Bce(y, yhat));

Console.WriteLine(failures == 0 ? "Package smoke test passed." : $"Package smoke test FAILED: {failures} check(s).");
return failures;

static partial class SmokeLosses
{
    [Loss("mean((yhat - y)^2)")]
    public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    [Loss("mean(logsumexp(z, dim: 1) - pick(z, t))")]
    public static partial float SparseCe([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t);

    [Loss("-mean(y * log(p) + (1 - y) * log(1 - p))")]
    public static partial double Bce([Target] ReadOnlySpan<double> y, [Probabilities] ReadOnlySpan<double> p);
}
