using System.Runtime.InteropServices;

namespace LossGen.LightGbm.Native;

/// <summary>Owns a native <c>DatasetHandle</c>; released with <c>LGBM_DatasetFree</c>.</summary>
internal sealed class DatasetHandle : SafeHandle
{
    public DatasetHandle() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => LightGbmApi.LGBM_DatasetFree(handle) == 0;
}

/// <summary>Owns a native <c>BoosterHandle</c>; released with <c>LGBM_BoosterFree</c>.</summary>
internal sealed class BoosterHandle : SafeHandle
{
    public BoosterHandle() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => LightGbmApi.LGBM_BoosterFree(handle) == 0;
}
