using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LossGen.Benchmarks;

/// <summary>
/// A pinned buffer whose first element sits on a 64-byte boundary. All benchmark inputs, gradients, scratch and copy
/// buffers use it, so that every variant sees the same alignment in every run: a plain array lands wherever the GC
/// puts it, and with 64-byte vectors a misaligned buffer splits every load or store across two cache lines, which
/// would make results depend on the allocation rather than on the kernel. (Framework tensors are 64-byte aligned too.)
/// </summary>
public sealed class Aligned<T> where T : unmanaged
{
    public const int Alignment = 64;

    private readonly T[] _array;
    private readonly int _offset;

    public unsafe Aligned(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = GC.AllocateUninitializedArray<T>(length + Alignment / sizeof(T), pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        _offset = (int)((Alignment - address % Alignment) % Alignment / (nuint)sizeof(T));
        Length = length;
    }

    public int Length { get; }
    public Span<T> Span => _array.AsSpan(_offset, Length);
    public Memory<T> Memory => _array.AsMemory(_offset, Length);

    public static implicit operator Span<T>(Aligned<T> buffer) => buffer.Span;
    public static implicit operator ReadOnlySpan<T>(Aligned<T> buffer) => buffer.Span;
}
