using System.Buffers;

namespace MtcnnCuda.Native;

/// <summary>Exposes caller-owned native memory as <see cref="Memory{T}"/> for the batch API (no copy; the caller keeps it alive).</summary>
internal sealed unsafe class UnmanagedMemory(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
