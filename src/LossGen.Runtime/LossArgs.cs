using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;

namespace LossGen;

/// <summary>
/// Argument validation used by generated code. Every generated entry point validates all of its arguments through
/// these helpers before it reads or writes any element, so bad input fails with a message that names the
/// parameters and their sizes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LossArgs
{
    /// <summary>Returns the elements of a dense rank-2 tensor as one row-major span.</summary>
    public static ReadOnlySpan<T> Dense<T>(in ReadOnlyTensorSpan<T> tensor, string name, out int rows, out int cols)
    {
        (rows, cols) = Shape(tensor.Rank, tensor.Lengths, tensor.IsDense || tensor.FlattenedLength == 0, name);
        return tensor.FlattenedLength == 0
            ? default
            : MemoryMarshal.CreateReadOnlySpan(in tensor.GetPinnableReference(), checked(rows * cols));
    }

    /// <summary>Returns the elements of a dense rank-2 output tensor as one row-major span.</summary>
    public static Span<T> Dense<T>(in TensorSpan<T> tensor, string name, out int rows, out int cols)
    {
        (rows, cols) = Shape(tensor.Rank, tensor.Lengths, tensor.IsDense || tensor.FlattenedLength == 0, name);
        return tensor.FlattenedLength == 0
            ? default
            : MemoryMarshal.CreateSpan(ref tensor.GetPinnableReference(), checked(rows * cols));
    }

    private static (int Rows, int Cols) Shape(int rank, ReadOnlySpan<nint> lengths, bool dense, string name)
    {
        if (rank != 2)
            throw new ArgumentException($"'{name}' must be a rank-2 tensor [rows, cols], but its rank is {rank}.", name);
        if (!dense)
            throw new ArgumentException(
                $"'{name}' must be dense (contiguous, row-major, no broadcast strides); copy it into a dense tensor first.", name);
        if (lengths[0] > int.MaxValue || lengths[1] > int.MaxValue)
            throw new ArgumentException($"'{name}' has shape [{lengths[0]}, {lengths[1]}], which exceeds the supported size.", name);
        return ((int)lengths[0], (int)lengths[1]);
    }

    /// <summary>Throws unless two sizes that the formula requires to be equal are equal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameSize(int expected, string expectedWhat, int actual, string actualWhat)
    {
        if (expected != actual)
            ThrowSizeMismatch(expected, expectedWhat, actual, actualWhat);
    }

    /// <summary>Throws unless every label lies in [0, classes).</summary>
    public static void Labels(ReadOnlySpan<int> labels, int classes, string name, string classesWhat)
    {
        // One unsigned compare per label also rejects negatives.
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                ThrowLabel(labels[i], i, classes, name, classesWhat);
        }
    }

    /// <summary>
    /// Throws unless every label lies in [0, classes) or equals <paramref name="ignored"/>, a value the formula masks
    /// (<c>where: t != ignoreIndex</c>), such as PyTorch's -100.
    /// </summary>
    public static void Labels(ReadOnlySpan<int> labels, int classes, string name, string classesWhat, double ignored, string ignoredWhat)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] < (uint)classes) continue;
            if (labels[i] != ignored)
                ThrowLabel(labels[i], i, classes, name, classesWhat, ignoredWhat);
            // The kernel reads class 0 of an ignored row (and discards it), so there must be one.
            if (classes == 0)
                throw new ArgumentException($"{name}[{i}] is ignored, but {classesWhat} is 0, so no row can be read.", name);
        }
    }

    [DoesNotReturn]
    private static void ThrowSizeMismatch(int expected, string expectedWhat, int actual, string actualWhat)
    {
        string name = actualWhat.Split('.', '[', ' ')[0];
        throw new ArgumentException(
            $"Size mismatch: {actualWhat} is {actual}, but the formula requires it to equal {expectedWhat}, which is {expected}.", name);
    }

    [DoesNotReturn]
    private static void ThrowLabel(int label, int index, int classes, string name, string classesWhat, string? ignoredWhat = null)
        => throw new ArgumentOutOfRangeException(name, label,
            $"{name}[{index}] = {label} is not a valid class index: it must lie in [0, {classes}) where {classes} is {classesWhat}" +
            (ignoredWhat is null ? "." : $", or equal {ignoredWhat}."));
}
