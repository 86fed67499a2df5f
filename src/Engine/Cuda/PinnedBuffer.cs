using System.Runtime.CompilerServices;

namespace MtcnnCuda.Cuda;

/// <summary>Page-locked host memory (cuMemHostAlloc): the staging area that makes async copies really async.</summary>
public sealed unsafe class PinnedBuffer<T> : IDisposable where T : unmanaged
{
    private readonly CudaContext _context;
    private int _disposed;

    public PinnedBuffer(CudaContext context, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _context = context;
        Count = count;
        context.MakeCurrent();
        CudaException.Check(CudaDriver.cuMemHostAlloc(out var pointer, (nuint)(count * Unsafe.SizeOf<T>()), CudaDriver.MemHostAllocPortable),
            "cuMemHostAlloc", $"{count * Unsafe.SizeOf<T>()} bytes");
        Pointer = pointer;
    }

    public long Count { get; }
    public IntPtr Pointer { get; }

    /// <summary>The memory as a span; valid until Dispose and only while no async copy into it is in flight.</summary>
    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new Span<T>((void*)Pointer, checked((int)Count));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_context.IsDisposed) return;
        _context.MakeCurrent();
        CudaDriver.cuMemFreeHost(Pointer);
    }
}
