using System.Numerics.Tensors;
using System.Text;
using LossGen.LightGbm.Native;

namespace LossGen.LightGbm;

/// <summary>A trained (or loaded) LightGBM booster: prediction, saving and loading.</summary>
public sealed unsafe class LightGbmModel : IDisposable
{
    internal LightGbmModel(BoosterHandle handle)
    {
        Handle = handle;
        LightGbmApi.Check(LightGbmApi.LGBM_BoosterGetNumClasses(handle, out int classes), nameof(LightGbmApi.LGBM_BoosterGetNumClasses));
        LightGbmApi.Check(LightGbmApi.LGBM_BoosterGetNumFeature(handle, out int features), nameof(LightGbmApi.LGBM_BoosterGetNumFeature));
        Classes = classes;
        Features = features;
    }

    internal BoosterHandle Handle { get; }

    /// <summary>Losses per round and the kept round, for a model trained on a LossGen objective here; null for a loaded model or a built-in objective.</summary>
    public LightGbmHistory? History { get; internal set; }

    /// <summary>Scores per sample: 1 for regression and binary models, the number of classes for multi-class ones.</summary>
    public int Classes { get; }

    /// <summary>Number of features the model expects.</summary>
    public int Features { get; }

    /// <summary>Number of boosting rounds in the model.</summary>
    public int Iterations
    {
        get
        {
            LightGbmApi.Check(LightGbmApi.LGBM_BoosterGetCurrentIteration(Handle, out int iteration), nameof(LightGbmApi.LGBM_BoosterGetCurrentIteration));
            return iteration;
        }
    }

    /// <summary>
    /// Raw scores (the sums of the trees' outputs, before any link function) for <c>[rows, features]</c>
    /// <paramref name="features"/>, row-major: <see cref="Classes"/> scores per row. A custom LossGen objective has no
    /// link function, so these are the values its loss was trained on.
    /// </summary>
    public double[] PredictRaw(ReadOnlyTensorSpan<float> features) => Predict(features, LightGbmApi.PredictRawScore);

    /// <summary>
    /// Transformed predictions: for a built-in objective, LightGBM applies its link (sigmoid, softmax, exp); for a
    /// custom objective they equal <see cref="PredictRaw"/>.
    /// </summary>
    public double[] PredictTransformed(ReadOnlyTensorSpan<float> features) => Predict(features, LightGbmApi.PredictNormal);

    private double[] Predict(ReadOnlyTensorSpan<float> features, int predictType)
    {
        if (features.Rank != 2 || !features.IsDense)
            throw new ArgumentException($"features must be a dense rank-2 tensor [rows, features]; it has rank {features.Rank}.", nameof(features));
        int rows = checked((int)features.Lengths[0]);
        int cols = checked((int)features.Lengths[1]);
        if (cols != Features)
            throw new ArgumentException($"features has {cols} columns; the model was trained on {Features}.", nameof(features));
        var result = new double[checked(rows * Classes)];
        if (rows == 0) return result;
        fixed (float* data = &features.GetPinnableReference())
        fixed (double* output = result)
        {
            LightGbmApi.Check(LightGbmApi.LGBM_BoosterPredictForMat(Handle, data, LightGbmApi.DTypeFloat32, rows, cols, 1, predictType, 0, -1, "", out long length, output),
                nameof(LightGbmApi.LGBM_BoosterPredictForMat));
            if (length != result.Length)
                throw new LightGbmException(nameof(LightGbmApi.LGBM_BoosterPredictForMat), $"wrote {length} scores, expected {result.Length}.");
        }
        return result;
    }

    /// <summary>The model in LightGBM's text format (the format of <c>model.txt</c> files).</summary>
    public string SaveToString()
    {
        LightGbmApi.Check(LightGbmApi.LGBM_BoosterSaveModelToString(Handle, 0, -1, 0, 0, out long length, null), nameof(LightGbmApi.LGBM_BoosterSaveModelToString));
        var buffer = new byte[length];
        fixed (byte* b = buffer)
        {
            LightGbmApi.Check(LightGbmApi.LGBM_BoosterSaveModelToString(Handle, 0, -1, 0, length, out length, b), nameof(LightGbmApi.LGBM_BoosterSaveModelToString));
        }
        // The length counts the terminating NUL.
        return Encoding.UTF8.GetString(buffer, 0, (int)Math.Max(0, length - 1));
    }

    /// <summary>Writes the model to <paramref name="path"/> in LightGBM's text format.</summary>
    public void Save(string path) => File.WriteAllText(path, SaveToString());

    /// <summary>Loads a model from LightGBM's text format.</summary>
    public static LightGbmModel LoadFromString(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        LightGbmApi.Check(LightGbmApi.LGBM_BoosterLoadModelFromString(model, out _, out BoosterHandle handle), nameof(LightGbmApi.LGBM_BoosterLoadModelFromString));
        return new LightGbmModel(handle);
    }

    /// <summary>Loads a model file written by <see cref="Save"/> or by any LightGBM front end.</summary>
    public static LightGbmModel Load(string path) => LoadFromString(File.ReadAllText(path));

    /// <summary>Frees the native booster.</summary>
    public void Dispose() => Handle.Dispose();
}
