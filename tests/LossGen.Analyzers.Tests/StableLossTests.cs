using System.Linq;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>False alarms are defects: every standard loss in its stable form must raise nothing, in float and double.</summary>
public class StableLossTests
{
    public static TheoryData<string, string> StableLosses => new()
    {
        { "mean((yhat - y)^2)", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat" },
        { "mean(abs(yhat - y))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat" },
        { "d = yhat - y; mean(where(abs(d) < delta, 0.5 * d^2, delta * (abs(d) - 0.5 * delta)))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat, T delta = 1" },
        { "d = yhat - y; mean(where(abs(d) < beta, 0.5 * d^2 / beta, abs(d) - 0.5 * beta))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat, T beta = 1" },
        { "pc = clamp(p, 1e-7, 1 - 1e-7); -mean(y * log(pc) + (1 - y) * log(1 - pc))", "[Target] ReadOnlySpan<T> y, [Probabilities] ReadOnlySpan<T> p" },
        { "-mean(y * log(clamp(p, 1e-7, 1 - 1e-7)) + (1 - y) * log(clamp(1 - p, 1e-7, 1 - 1e-7)))", "[Target] ReadOnlySpan<T> y, [Probabilities] ReadOnlySpan<T> p" },
        { "mean(softplus(z) - y * z)", "[Target] ReadOnlySpan<T> y, [Logits] ReadOnlySpan<T> z" },
        { "-mean(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))", "[Target] ReadOnlySpan<T> y, [Logits] ReadOnlySpan<T> z" },
        { "p = sigmoid(z); pt = where(y == 1, p, 1 - p); ce = softplus(z) - y * z; mean(alpha * (1 - pt)^gamma * ce)", "[Target] ReadOnlySpan<T> y, [Logits] ReadOnlySpan<T> z, T alpha = 0.25, T gamma = 2" },
        { "p = sigmoid(z); pt = p * y + (1 - p) * (1 - y); mean(alpha * (1 - pt)^gamma * (softplus(z) - y * z))", "[Target] ReadOnlySpan<T> y, [Logits] ReadOnlySpan<T> z, T alpha = 0.25, T gamma = 2" },
        { "logpt = where(y == 1, log_sigmoid(z), log_sigmoid(-z)); -mean((1 - exp(logpt))^2 * logpt)", "[Target] ReadOnlySpan<T> y, [Logits] ReadOnlySpan<T> z" },
        { "pt = where(y == 1, p, 1 - p); -mean(alpha * (1 - pt)^gamma * log(max(pt, 1e-7)))", "[Target] ReadOnlySpan<T> y, [Probabilities] ReadOnlySpan<T> p, T alpha = 0.25, T gamma = 2" },
        { "mean(max(0, 1 - y * s))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> s" },
        { "mean(max(0, 1 - y * s)^2)", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> s" },
        { "mean(logsumexp(z, dim: 1) - pick(z, t))", "[Logits] ReadOnlyTensorSpan<T> z, ReadOnlySpan<int> t" },
        { "-mean(sum(y * log_softmax(z, dim: 1), dim: 1))", "[Target] ReadOnlyTensorSpan<T> y, [Logits] ReadOnlyTensorSpan<T> z" },
        { "-mean(pick(log_softmax(z, dim: 1), t))", "[Logits] ReadOnlyTensorSpan<T> z, ReadOnlySpan<int> t" },
        { "m = max(z, dim: 1); mean(m + log(sum(exp(z - m), dim: 1)) - pick(z, t))", "[Logits] ReadOnlyTensorSpan<T> z, ReadOnlySpan<int> t" },
        { "mean(max(0, norm(a - p + 1e-6, dim: 1) - norm(a - n + 1e-6, dim: 1) + margin))", "ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> p, ReadOnlyTensorSpan<T> n, T margin = 1" },
        { "mean(max(0, norm(a - p, dim: 1) - norm(a - n, dim: 1) + margin))", "ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> p, ReadOnlyTensorSpan<T> n, T margin = 1" },
        { "mean(sqrt(sum((a - p)^2, dim: 1) + 1e-12))", "ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> p" },
        { "sum(where(q > 0, q * (log(q) - logp), 0)) / rows(q)", "[Target] ReadOnlySpan<T> q, ReadOnlySpan<T> logp" },
        { "mean(where(q > 0, q * (log(q) - logp), 0))", "[Target] ReadOnlySpan<T> q, ReadOnlySpan<T> logp" },
        { "v = max(var, 1e-6); mean(0.5 * (log(v) + (y - mu)^2 / v))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> mu, ReadOnlySpan<T> var" },
        { "mean(0.5 * (logvar + (y - mu)^2 * exp(-logvar)))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> mu, ReadOnlySpan<T> logvar" },
        { "mean(exp(logRate) - count * logRate)", "[Target] ReadOnlySpan<T> count, ReadOnlySpan<T> logRate" },
        { "-0.5 * mean(1 + logvar - mu^2 - exp(logvar))", "ReadOnlySpan<T> mu, ReadOnlySpan<T> logvar" },
        { "mean(where(yhat < y, 2, 1) * abs(y - yhat))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat" },
        { "d = yhat - y; mean(abs(d) + softplus(-2 * abs(d)) - log(2))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat" },
        { "mean(log(clamp(p, 1e-7, 1 - 1e-7)))", "[Probabilities] ReadOnlySpan<T> p" },
        { "mean(log(max(pt, 1e-7)))", "[Probabilities] ReadOnlySpan<T> pt" },
        { "mean(max(0, 1 - y * s)) + lambda * mean(w^2)", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> s, ReadOnlySpan<T> w, T lambda = 0.01" },
        { "mean(sigmoid(clamp(z, -20, 20)))", "[Logits] ReadOnlySpan<T> z" },
        { "mean(1 - sum(a * b, dim: 1) / max(norm(a, dim: 1) * norm(b, dim: 1), 1e-8))", "ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> b" },
        { "d = norm(a - b, dim: 1); mean(y * d^2 + (1 - y) * max(0, margin - d)^2)", "[Target] ReadOnlySpan<T> y, ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> b, T margin = 1" },
        { "1 - (2 * sum(p * y) + 1) / (sum(p) + sum(y) + 1)", "[Target] ReadOnlySpan<T> y, [Probabilities] ReadOnlySpan<T> p" },
        { "tp = sum(p * y); 1 - (tp + 1) / (tp + 0.3 * sum(p * (1 - y)) + 0.7 * sum((1 - p) * y) + 1)", "[Target] ReadOnlySpan<T> y, [Probabilities] ReadOnlySpan<T> p" },
        { "mean(sqrt((yhat - y)^2 + 1e-6))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat" },
        { "mean(where(abs(yhat - y) < 10, 10 * log(1 + abs(yhat - y) / 2), abs(yhat - y) - 10 + 10 * log(6)))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat" },
        { "mean(max(q * (y - yhat), (q - 1) * (y - yhat)))", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> yhat, T q = 0.5" },
        { "mean(exp(0.5 * logmu) - y * 0.5 * logmu)", "[Target] ReadOnlySpan<T> y, ReadOnlySpan<T> logmu" },
        { "-mean(sum(q * log_softmax(z / temperature, dim: 1), dim: 1))", "[Target] ReadOnlyTensorSpan<T> q, [Logits] ReadOnlyTensorSpan<T> z, T temperature = 2" },
    };

    [Theory]
    [MemberData(nameof(StableLosses))]
    public void Raises_nothing_in_float(string formula, string parameters) => AssertClean(formula, parameters.Replace("<T>", "<float>").Replace("T ", "float "), isDouble: false);

    [Theory]
    [MemberData(nameof(StableLosses))]
    public void Raises_nothing_in_double(string formula, string parameters) => AssertClean(formula, parameters.Replace("<T>", "<double>").Replace("T ", "double "), isDouble: true);

    private static void AssertClean(string formula, string parameters, bool isDouble)
    {
        // The formula must compile, or "no findings" would prove nothing.
        Engine.Bind(formula, parameters);
        var findings = Engine.Check(formula, parameters, isDouble);
        Assert.True(findings.Count == 0, Engine.Describe(findings));
    }
}
