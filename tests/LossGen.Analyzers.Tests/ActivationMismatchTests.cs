using System.Threading.Tasks;
using Xunit;

namespace LossGen.Analyzers.Tests;

public class ActivationMismatchTests
{
    private const string Losses = """
        using System;
        using System.Numerics.Tensors;
        using LossGen;

        public static partial class Losses
        {
            [Loss("mean(softplus(z) - y * z)")]
            public static partial float BceLogits([Target] ReadOnlySpan<float> y, [Logits] ReadOnlySpan<float> z);
            public static partial float BceLogits(ReadOnlySpan<float> y, ReadOnlySpan<float> z) => 0;

            // Stands in for the generated variant.
            public static float BceLogitsWithGradient(ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dz) => 0;

            [Loss("pc = clamp(p, 1e-7, 1 - 1e-7); -mean(y * log(pc) + (1 - y) * log(1 - pc))")]
            public static partial float Bce([Target] ReadOnlySpan<float> y, [Probabilities] ReadOnlySpan<float> p);
            public static partial float Bce(ReadOnlySpan<float> y, ReadOnlySpan<float> p) => 0;
        }

        public static class Model
        {
            [return: Logits] public static float[] Forward(float[] x) => x;
            public static float[] Softmax(float[] x) => x;

        """;

    private static Task Check(string body) => Verify.Analyzer<ActivationMismatchAnalyzer>(Losses + body + "\n}\n" + Src.Attributes);

    [Fact]
    public Task Sigmoid_destination_passed_as_logits() => Check("""
            public static void Train(float[] x, float[] y)
            {
                float[] logits = Forward(x);
                float[] probs = new float[logits.Length];
                TensorPrimitives.Sigmoid(logits, probs);
                Losses.BceLogits(y, {|LG2003:probs|});
                Losses.BceLogitsWithGradient(y, {|LG2003:probs.AsSpan()|}, new float[3]);
            }
        """);

    [Fact]
    public Task Softmax_result_passed_as_logits() => Check("""
            public static float Train(float[] x, float[] y) => Losses.BceLogits(y, {|LG2003:Softmax(x)|});
        """);

    [Fact]
    public Task Logits_passed_as_probabilities() => Check("""
            public static void Train(float[] x, float[] y, [Logits] float[] scores)
            {
                var logits = Forward(x);
                Losses.Bce(y, {|LG2003:logits|});
                Losses.Bce(y, {|LG2003:scores|});
            }
        """);

    [Fact]
    public Task Matching_or_unknown_sources_are_not_reported() => Check("""
            public static void Train(float[] x, float[] y, float[] unknown)
            {
                float[] logits = Forward(x);
                float[] probs = new float[logits.Length];
                TensorPrimitives.Sigmoid(logits, probs);
                Losses.Bce(y, probs);
                Losses.BceLogits(y, logits);
                Losses.BceLogits(y, unknown);
                Losses.BceLogits(y, x);
                float[] mixed = Forward(x);
                TensorPrimitives.Sigmoid(x, mixed);
                Losses.BceLogits(y, mixed);
                Span<float> logProbs = new float[3];
                TensorPrimitives.Log(probs, logProbs);
                Losses.BceLogits(y, logProbs);
            }
        """);
}
