using System.Collections.Generic;

namespace LossGen.Emit;

/// <summary>How one hardware vector width is spelled in emitted C# for a given element type.</summary>
internal sealed class VectorSyntax
{
    private VectorSyntax(int bits, ScalarSyntax t)
    {
        Bits = bits;
        Api = $"Vector{bits}";
        Type = $"{Api}<{t.Name}>";
        Count = $"{Type}.Count";
    }

    /// <summary>The width in bits (512, 256, 128).</summary>
    public int Bits { get; }

    /// <summary>The static class with Create, LoadUnsafe, Max, ... (e.g. Vector512).</summary>
    public string Api { get; }

    /// <summary>The vector type (e.g. Vector512&lt;float&gt;).</summary>
    public string Type { get; }

    /// <summary>Lanes per vector, a JIT-time constant.</summary>
    public string Count { get; }

    /// <summary>The widths to try, widest first.</summary>
    public static IEnumerable<VectorSyntax> For(ScalarSyntax t) => [new(512, t), new(256, t), new(128, t)];
}
