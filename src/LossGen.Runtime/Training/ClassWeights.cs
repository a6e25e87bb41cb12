using System.Numerics;

namespace LossGen.Training;

/// <summary>
/// Per-class weights for imbalanced classification, computed from integer labels. Use them as a <c>[Target]</c>
/// rank-1 input gathered by the labels:
/// <code>
/// [Loss("mean(w[t] * (logsumexp(z, dim: 1) - pick(z, t)))")]
/// public static partial float WeightedCe([Logits] ReadOnlyTensorSpan&lt;float&gt; z, ReadOnlySpan&lt;int&gt; t, [Target] ReadOnlySpan&lt;float&gt; w);
///
/// float[] w = ClassWeights.Balanced&lt;float&gt;(trainLabels, classes: 3);
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// With <c>n</c> labels of which <c>count_c</c> are class <c>c</c>, out of <c>k</c> classes:
/// </para>
/// <list type="bullet">
/// <item><see cref="InverseFrequency{T}(ReadOnlySpan{int}, int, T)"/>: <c>w_c = n / count_c</c>. A class's weights
/// sum to <c>n</c> over its samples, so every class contributes equally to a weighted sum; the average weight per
/// sample is <c>k</c>.</item>
/// <item><see cref="Balanced{T}(ReadOnlySpan{int}, int, T)"/>: <c>w_c = n / (k · count_c)</c>, scikit-learn's
/// <c>class_weight="balanced"</c>. The same ratios divided by <c>k</c>, so the average weight per sample is 1 and a
/// weighted mean stays on the scale of the unweighted loss.</item>
/// </list>
/// <para>
/// <b>Absent classes.</b> A class with no labels (<c>count_c = 0</c>) gets <c>absentClassWeight</c>, 0 unless you
/// pass another value. It never multiplies a term of a loss over these labels, so any finite value gives the same
/// loss; 0 keeps the weights finite where <c>n / 0</c> would be infinite. (scikit-learn raises an error instead.)
/// If the weights will also be used on other data where the class does occur, pass the value you want there, for
/// example the largest weight. With no labels at all, every class is absent.
/// </para>
/// <para>Counts are exact integers; the division is done in <see cref="double"/> and rounded once to the weight type.</para>
/// </remarks>
public static class ClassWeights
{
    /// <summary>The number of labels of each class.</summary>
    /// <param name="labels">Class labels, each in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A label lies outside [0, classes), or classes is not positive.</exception>
    public static int[] Counts(ReadOnlySpan<int> labels, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        var counts = new int[classes];
        Count(labels, counts);
        return counts;
    }

    /// <summary><c>w_c = n / count_c</c> for each class; absent classes get <paramref name="absentClassWeight"/>.</summary>
    /// <typeparam name="T">The weight type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="labels">Class labels, each in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes, at least 1.</param>
    /// <param name="absentClassWeight">The weight of a class with no labels (default 0).</param>
    /// <returns>One weight per class.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A label lies outside [0, classes), or classes is not positive.</exception>
    public static T[] InverseFrequency<T>(ReadOnlySpan<int> labels, int classes, T absentClassWeight = default!)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        var weights = new T[classes];
        InverseFrequency(labels, weights, absentClassWeight);
        return weights;
    }

    /// <summary>Writes <c>w_c = n / count_c</c> into <paramref name="weights"/>, whose length is the number of classes.</summary>
    /// <typeparam name="T">The weight type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="labels">Class labels, each in [0, weights.Length).</param>
    /// <param name="weights">Receives one weight per class; its length is the number of classes (at least 1).</param>
    /// <param name="absentClassWeight">The weight of a class with no labels (default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A label lies outside [0, weights.Length).</exception>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is empty.</exception>
    public static void InverseFrequency<T>(ReadOnlySpan<int> labels, Span<T> weights, T absentClassWeight = default!)
        where T : IFloatingPointIeee754<T>
        => Compute(labels, weights, absentClassWeight, perClassDivisor: 1);

    /// <summary>
    /// <c>w_c = n / (classes · count_c)</c> for each class (scikit-learn's "balanced"); absent classes get
    /// <paramref name="absentClassWeight"/>.
    /// </summary>
    /// <typeparam name="T">The weight type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="labels">Class labels, each in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes, at least 1.</param>
    /// <param name="absentClassWeight">The weight of a class with no labels (default 0).</param>
    /// <returns>One weight per class.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A label lies outside [0, classes), or classes is not positive.</exception>
    public static T[] Balanced<T>(ReadOnlySpan<int> labels, int classes, T absentClassWeight = default!)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        var weights = new T[classes];
        Balanced(labels, weights, absentClassWeight);
        return weights;
    }

    /// <summary>
    /// Writes <c>w_c = n / (classes · count_c)</c> into <paramref name="weights"/>, whose length is the number of
    /// classes (scikit-learn's "balanced").
    /// </summary>
    /// <typeparam name="T">The weight type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="labels">Class labels, each in [0, weights.Length).</param>
    /// <param name="weights">Receives one weight per class; its length is the number of classes (at least 1).</param>
    /// <param name="absentClassWeight">The weight of a class with no labels (default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A label lies outside [0, weights.Length).</exception>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is empty.</exception>
    public static void Balanced<T>(ReadOnlySpan<int> labels, Span<T> weights, T absentClassWeight = default!)
        where T : IFloatingPointIeee754<T>
        => Compute(labels, weights, absentClassWeight, perClassDivisor: weights.Length);

    private static void Compute<T>(ReadOnlySpan<int> labels, Span<T> weights, T absentClassWeight, int perClassDivisor)
        where T : IFloatingPointIeee754<T>
    {
        if (weights.IsEmpty)
            throw new ArgumentException("There must be at least one class: the weights span is empty.", nameof(weights));
        int[] counts = new int[weights.Length];
        Count(labels, counts);
        double n = labels.Length;
        for (int c = 0; c < counts.Length; c++)
            weights[c] = counts[c] == 0 ? absentClassWeight : T.CreateChecked(n / ((double)perClassDivisor * counts[c]));
    }

    private static void Count(ReadOnlySpan<int> labels, Span<int> counts)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)counts.Length)
                throw new ArgumentOutOfRangeException(nameof(labels), label,
                    $"labels[{i}] = {label} is not a valid class index: it must lie in [0, {counts.Length}).");
            counts[label]++;
        }
    }
}
