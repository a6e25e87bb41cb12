namespace LossGen.LightGbm;

/// <summary>A LightGBM C API call failed; <see cref="NativeMessage"/> is LightGBM's own <c>LGBM_GetLastError</c> text.</summary>
public sealed class LightGbmException : Exception
{
    /// <summary>Creates the exception for a failed call of <paramref name="function"/>.</summary>
    public LightGbmException(string function, string nativeMessage)
        : base($"{function} failed: {nativeMessage}")
    {
        Function = function;
        NativeMessage = nativeMessage;
    }

    /// <summary>The C API function that failed.</summary>
    public string Function { get; }

    /// <summary>The message LightGBM reported.</summary>
    public string NativeMessage { get; }
}
