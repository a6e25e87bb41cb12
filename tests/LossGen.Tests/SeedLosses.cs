using System.Numerics.Tensors;
using LossGen;

namespace LossGen.Tests;

// The contract declarations of the core issue, exactly as written there.
public static partial class SeedLosses
{
    [Loss("mean((yhat - y)^2)")]
    public static partial double Mse([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    [Loss("-mean(y * log(p) + (1 - y) * log(1 - p))")]
    public static partial double Bce([Target] ReadOnlySpan<double> y, [Probabilities] ReadOnlySpan<double> p);

    [Loss("mean(softplus(z) - y * z)")]
    public static partial double BceLogits([Target] ReadOnlySpan<double> y, [Logits] ReadOnlySpan<double> z);

    [Loss("-mean(sum(y * log(p), dim: 1))")]
    public static partial double Cce([Target] ReadOnlyTensorSpan<double> y, [Probabilities] ReadOnlyTensorSpan<double> p);

    [Loss("-mean(sum(y * log_softmax(z, dim: 1), dim: 1))")]
    public static partial double CceLogits([Target] ReadOnlyTensorSpan<double> y, [Logits] ReadOnlyTensorSpan<double> z);

    [Loss("mean(logsumexp(z, dim: 1) - pick(z, t))")]
    public static partial double SparseCe([Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t);

    [Loss("pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(pt))")]
    public static partial double Focal([Target] ReadOnlySpan<double> y, [Probabilities] ReadOnlySpan<double> p, double alpha = 0.25, double gamma = 2);

    [Loss("mean(max(0, 1 - y * s))")]
    public static partial double Hinge([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> s);

    [Loss("mean(max(0, norm(a - p, dim: 1) - norm(a - n, dim: 1) + margin))")]
    public static partial double Triplet(ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> p, ReadOnlyTensorSpan<double> n, double margin = 1);

    [Loss("mean(where(yhat < y, 2, 1) * abs(y - yhat))")]
    public static partial double AsymmetricMae([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat);

    [Loss("lambda1 * Mse(steer, steerHat) + lambda2 * SparseCe(z, t)")]
    public static partial double MultiTask([Target] ReadOnlySpan<double> steer, ReadOnlySpan<double> steerHat, [Logits] ReadOnlyTensorSpan<double> z, ReadOnlySpan<int> t, double lambda1 = 0.7, double lambda2 = 0.3);
}

// The same declarations with float in place of double.
public static partial class SeedLossesF
{
    [Loss("mean((yhat - y)^2)")]
    public static partial float Mse([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    [Loss("-mean(y * log(p) + (1 - y) * log(1 - p))")]
    public static partial float Bce([Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p);

    [Loss("mean(softplus(z) - y * z)")]
    public static partial float BceLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z);

    [Loss("-mean(sum(y * log(p), dim: 1))")]
    public static partial float Cce([Target] ReadOnlyTensorSpan<float> y, [Probabilities] ReadOnlyTensorSpan<float> p);

    [Loss("-mean(sum(y * log_softmax(z, dim: 1), dim: 1))")]
    public static partial float CceLogits([Target] ReadOnlyTensorSpan<float> y, [Logits] ReadOnlyTensorSpan<float> z);

    [Loss("mean(logsumexp(z, dim: 1) - pick(z, t))")]
    public static partial float SparseCe([Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t);

    [Loss("pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(pt))")]
    public static partial float Focal([Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p, float alpha = 0.25f, float gamma = 2);

    [Loss("mean(max(0, 1 - y * s))")]
    public static partial float Hinge([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> s);

    [Loss("mean(max(0, norm(a - p, dim: 1) - norm(a - n, dim: 1) + margin))")]
    public static partial float Triplet(ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> p, ReadOnlyTensorSpan<float> n, float margin = 1);

    [Loss("mean(where(yhat < y, 2, 1) * abs(y - yhat))")]
    public static partial float AsymmetricMae([Target] ReadOnlySpan<float> y, ReadOnlySpan<float> yhat);

    [Loss("lambda1 * Mse(steer, steerHat) + lambda2 * SparseCe(z, t)")]
    public static partial float MultiTask([Target] ReadOnlySpan<float> steer, ReadOnlySpan<float> steerHat, [Logits] ReadOnlyTensorSpan<float> z, ReadOnlySpan<int> t, float lambda1 = 0.7f, float lambda2 = 0.3f);
}
