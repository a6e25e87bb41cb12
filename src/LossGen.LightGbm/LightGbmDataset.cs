using System.Numerics.Tensors;
using LossGen.LightGbm.Native;

namespace LossGen.LightGbm;

/// <summary>
/// A LightGBM dataset built from a dense row-major feature matrix, with labels and optional sample weights. Labels and
/// weights are also kept on the managed side, because a custom objective needs them every round.
/// </summary>
public sealed unsafe class LightGbmDataset : IDisposable
{
    private LightGbmDataset(DatasetHandle handle, int rows, int features, float[] labels, float[]? weights, string parameters)
    {
        Handle = handle;
        Rows = rows;
        Features = features;
        Labels = labels;
        Weights = weights;
        Parameters = parameters;
    }

    internal DatasetHandle Handle { get; }

    /// <summary>Number of samples.</summary>
    public int Rows { get; }

    /// <summary>Number of features per sample.</summary>
    public int Features { get; }

    /// <summary>The labels, as LightGBM stores them (float32).</summary>
    public ReadOnlyMemory<float> Labels { get; }

    /// <summary>The sample weights, or null when every sample weighs 1.</summary>
    public ReadOnlyMemory<float>? Weights { get; }

    /// <summary>The dataset parameters it was built with (binning: <c>max_bin</c>, ...).</summary>
    public string Parameters { get; }

    /// <summary>
    /// Builds a dataset from <paramref name="features"/>, <c>[rows, features]</c>. A validation set passes the training
    /// set as <paramref name="reference"/> so that both share the same feature bins, as LightGBM requires.
    /// </summary>
    public static LightGbmDataset Create(ReadOnlyTensorSpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights = default,
        LightGbmDataset? reference = null, string parameters = "")
    {
        if (features.Rank != 2)
            throw new ArgumentException($"features must be a rank-2 tensor [rows, features]; it has rank {features.Rank}.", nameof(features));
        if (!features.IsDense)
            throw new ArgumentException("features must be dense (row-major, no gaps).", nameof(features));
        int rows = checked((int)features.Lengths[0]);
        int cols = checked((int)features.Lengths[1]);
        return Create(MemoryMarshalTensor(features), rows, cols, labels, weights, reference, parameters);
    }

    /// <summary>Builds a dataset from a row-major <paramref name="features"/> array of <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    public static LightGbmDataset Create(ReadOnlySpan<float> features, int rows, int columns, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights = default,
        LightGbmDataset? reference = null, string parameters = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (features.Length != (long)rows * columns)
            throw new ArgumentException($"features has {features.Length} values; {rows} rows × {columns} columns need {(long)rows * columns}.", nameof(features));
        if (labels.Length != rows)
            throw new ArgumentException($"labels has {labels.Length} values; the features have {rows} rows.", nameof(labels));
        for (int i = 0; i < labels.Length; i++)
        {
            if (!float.IsFinite(labels[i]))
                throw new ArgumentException($"labels[{i}] is {labels[i]}; LightGBM needs finite labels.", nameof(labels));
        }
        if (!weights.IsEmpty)
        {
            if (weights.Length != rows)
                throw new ArgumentException($"weights has {weights.Length} values; the features have {rows} rows.", nameof(weights));
            for (int i = 0; i < weights.Length; i++)
            {
                if (!float.IsFinite(weights[i]) || weights[i] < 0)
                    throw new ArgumentException($"weights[{i}] is {weights[i]}; sample weights must be finite and non-negative.", nameof(weights));
            }
        }
        if (reference is not null && reference.Features != columns)
            throw new ArgumentException($"the reference dataset has {reference.Features} features; these features have {columns}.", nameof(reference));
        ArgumentNullException.ThrowIfNull(parameters);

        DatasetHandle handle;
        bool addedReference = false;
        try
        {
            nint referenceHandle = 0;
            if (reference is not null)
            {
                reference.Handle.DangerousAddRef(ref addedReference);
                referenceHandle = reference.Handle.DangerousGetHandle();
            }
            fixed (float* data = features)
            {
                LightGbmApi.Check(LightGbmApi.LGBM_DatasetCreateFromMat(data, LightGbmApi.DTypeFloat32, rows, columns, 1, parameters, referenceHandle, out handle),
                    nameof(LightGbmApi.LGBM_DatasetCreateFromMat));
            }
        }
        finally
        {
            if (addedReference) reference!.Handle.DangerousRelease();
        }
        using var guard = new HandleGuard(handle);
        float[] labelCopy = labels.ToArray();
        fixed (float* l = labelCopy)
        {
            LightGbmApi.Check(LightGbmApi.LGBM_DatasetSetField(handle, "label", l, rows, LightGbmApi.DTypeFloat32), nameof(LightGbmApi.LGBM_DatasetSetField));
        }
        float[]? weightCopy = weights.IsEmpty ? null : weights.ToArray();
        if (weightCopy is not null)
        {
            fixed (float* w = weightCopy)
            {
                LightGbmApi.Check(LightGbmApi.LGBM_DatasetSetField(handle, "weight", w, rows, LightGbmApi.DTypeFloat32), nameof(LightGbmApi.LGBM_DatasetSetField));
            }
        }
        guard.Release();
        return new LightGbmDataset(handle, rows, columns, labelCopy, weightCopy, parameters);
    }

    private static ReadOnlySpan<float> MemoryMarshalTensor(ReadOnlyTensorSpan<float> features) =>
        features.FlattenedLength == 0
            ? default
            : System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(in features.GetPinnableReference(), checked((int)features.FlattenedLength));

    /// <summary>Frees the native dataset.</summary>
    public void Dispose() => Handle.Dispose();

    /// <summary>Disposes a freshly created handle unless construction completes.</summary>
    private sealed class HandleGuard(System.Runtime.InteropServices.SafeHandle handle) : IDisposable
    {
        private System.Runtime.InteropServices.SafeHandle? _handle = handle;

        public void Release() => _handle = null;

        public void Dispose() => _handle?.Dispose();
    }
}
