using System.Runtime.CompilerServices;

namespace MtcnnCuda.Cuda;

/// <summary>
/// A typed device allocation (ManagedCuda's CudaDeviceVariable&lt;T&gt;). Freed in <see cref="Dispose"/> with its
/// context made current; the finalizer never calls CUDA (it cannot know the finalizer thread's state) — a leaked
/// buffer is reclaimed when the context goes away.
/// </summary>
public sealed unsafe class DeviceBuffer<T> : IDisposable where T : unmanaged
{
    private readonly CudaContext _context;
    private int _disposed;

    public DeviceBuffer(CudaContext context, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _context = context;
        Count = count;
        context.MakeCurrent();
        CudaException.Check(CudaDriver.cuMemAlloc_v2(out ulong pointer, (nuint)SizeInBytes), "cuMemAlloc_v2",
            $"{SizeInBytes} bytes on {context.Device.Name}");
        Pointer = pointer;
    }

    public long Count { get; }
    public long SizeInBytes => Count * Unsafe.SizeOf<T>();

    /// <summary>The CUdeviceptr.</summary>
    public ulong Pointer { get; }

    /// <summary>Device address of element <paramref name="index"/> (for kernel arguments into sub-ranges).</summary>
    public ulong At(long index)
    {
        if ((ulong)index > (ulong)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return Pointer + (ulong)(index * Unsafe.SizeOf<T>());
    }

    public void CopyFrom(ReadOnlySpan<T> source, long offset = 0)
    {
        CheckRange(offset, source.Length);
        _context.MakeCurrent();
        fixed (T* p = source)
            CudaException.Check(CudaDriver.cuMemcpyHtoD_v2(At(offset), p, (nuint)(source.Length * Unsafe.SizeOf<T>())), "cuMemcpyHtoD_v2");
    }

    public void CopyTo(Span<T> destination, long offset = 0)
    {
        CheckRange(offset, destination.Length);
        _context.MakeCurrent();
        fixed (T* p = destination)
            CudaException.Check(CudaDriver.cuMemcpyDtoH_v2(p, At(offset), (nuint)(destination.Length * Unsafe.SizeOf<T>())), "cuMemcpyDtoH_v2");
    }

    public T[] ToArray()
    {
        var result = new T[checked((int)Count)];
        CopyTo(result);
        return result;
    }

    /// <summary>Asynchronous upload; <paramref name="source"/> must be pinned for the copy to overlap.</summary>
    public void CopyFromAsync(PinnedBuffer<T> source, long count, CudaStream stream, long offset = 0)
    {
        CheckRange(offset, count);
        if (count > source.Count) throw new ArgumentOutOfRangeException(nameof(count));
        CudaException.Check(CudaDriver.cuMemcpyHtoDAsync_v2(At(offset), (void*)source.Pointer, (nuint)(count * Unsafe.SizeOf<T>()), stream.Handle),
            "cuMemcpyHtoDAsync_v2");
    }

    public void CopyToAsync(PinnedBuffer<T> destination, long count, CudaStream stream, long offset = 0)
    {
        CheckRange(offset, count);
        if (count > destination.Count) throw new ArgumentOutOfRangeException(nameof(count));
        CudaException.Check(CudaDriver.cuMemcpyDtoHAsync_v2((void*)destination.Pointer, At(offset), (nuint)(count * Unsafe.SizeOf<T>()), stream.Handle),
            "cuMemcpyDtoHAsync_v2");
    }

    public void CopyFromDevice(DeviceBuffer<T> source, long count, CudaStream? stream = null)
    {
        CheckRange(0, count);
        if (count > source.Count) throw new ArgumentOutOfRangeException(nameof(count));
        var bytes = (nuint)(count * Unsafe.SizeOf<T>());
        if (stream is null) CudaException.Check(CudaDriver.cuMemcpyDtoD_v2(Pointer, source.Pointer, bytes), "cuMemcpyDtoD_v2");
        else CudaException.Check(CudaDriver.cuMemcpyDtoDAsync_v2(Pointer, source.Pointer, bytes, stream.Handle), "cuMemcpyDtoDAsync_v2");
    }

    /// <summary>
    /// Zeroes the buffer: on <paramref name="stream"/> when given (a stream operation, legal in a graph capture; the
    /// caller has the context current, as for the async copies), otherwise on the legacy default stream.
    /// </summary>
    public void Clear(CudaStream? stream = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (stream is not null)
        {
            CudaException.Check(CudaDriver.cuMemsetD8Async(Pointer, 0, (nuint)SizeInBytes, stream.Handle), "cuMemsetD8Async");
            return;
        }
        _context.MakeCurrent();
        CudaException.Check(CudaDriver.cuMemsetD8_v2(Pointer, 0, (nuint)SizeInBytes), "cuMemsetD8_v2");
    }

    private void CheckRange(long offset, long count)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (offset < 0 || count < 0 || offset + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"Range [{offset}, {offset + count}) exceeds the buffer of {Count} elements.");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_context.IsDisposed) return; // the context's teardown released the memory
        _context.MakeCurrent();
        CudaDriver.cuMemFree_v2(Pointer);
    }
}
