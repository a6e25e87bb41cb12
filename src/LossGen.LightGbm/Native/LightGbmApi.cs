using System.Runtime.InteropServices;

namespace LossGen.LightGbm.Native;

/// <summary>
/// The part of LightGBM's C API (c_api.h) that training with a custom objective needs. The native library,
/// lib_lightgbm, comes from the official <c>LightGBM</c> NuGet package (runtimes/&lt;rid&gt;/native). Every function
/// returns 0 on success and -1 on failure, with the message in <see cref="LGBM_GetLastError"/>.
/// </summary>
internal static unsafe partial class LightGbmApi
{
    private const string Library = "lib_lightgbm";

    public const int DTypeFloat32 = 0;
    public const int DTypeFloat64 = 1;
    public const int PredictNormal = 0;
    public const int PredictRawScore = 1;

    [LibraryImport(Library)]
    public static partial nint LGBM_GetLastError();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetCreateFromMat(void* data, int dataType, int rows, int cols, int isRowMajor,
        string parameters, nint reference, out DatasetHandle handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetSetField(DatasetHandle handle, string fieldName, void* data, int count, int type);

    [LibraryImport(Library)]
    public static partial int LGBM_DatasetGetNumData(DatasetHandle handle, out int count);

    [LibraryImport(Library)]
    public static partial int LGBM_DatasetGetNumFeature(DatasetHandle handle, out int count);

    [LibraryImport(Library)]
    public static partial int LGBM_DatasetFree(nint handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterCreate(DatasetHandle trainData, string parameters, out BoosterHandle handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterLoadModelFromString(string model, out int iterations, out BoosterHandle handle);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterFree(nint handle);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterAddValidData(BoosterHandle handle, DatasetHandle validData);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterUpdateOneIter(BoosterHandle handle, out int isFinished);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterUpdateOneIterCustom(BoosterHandle handle, float* gradients, float* hessians, out int isFinished);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetEvalCounts(BoosterHandle handle, out int count);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetEval(BoosterHandle handle, int dataIndex, out int count, double* results);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterRollbackOneIter(BoosterHandle handle);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetCurrentIteration(BoosterHandle handle, out int iteration);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetNumClasses(BoosterHandle handle, out int classes);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetNumFeature(BoosterHandle handle, out int features);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetNumPredict(BoosterHandle handle, int dataIndex, out long length);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetPredict(BoosterHandle handle, int dataIndex, out long length, double* result);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterPredictForMat(BoosterHandle handle, void* data, int dataType, int rows, int cols,
        int isRowMajor, int predictType, int startIteration, int numIteration, string parameters, out long length, double* result);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterSaveModelToString(BoosterHandle handle, int startIteration, int numIteration,
        int featureImportanceType, long bufferLength, out long length, byte* buffer);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_NetworkInit(string machines, int localListenPort, int listenTimeOutMinutes, int machineCount);

    [LibraryImport(Library)]
    public static partial int LGBM_NetworkFree();

    /// <summary>Throws <see cref="LightGbmException"/> with LightGBM's last error when <paramref name="status"/> is not 0.</summary>
    public static void Check(int status, string function)
    {
        if (status == 0) return;
        string message = Marshal.PtrToStringUTF8(LGBM_GetLastError()) ?? "no message";
        throw new LightGbmException(function, message);
    }
}
