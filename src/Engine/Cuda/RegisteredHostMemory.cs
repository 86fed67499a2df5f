namespace MtcnnCuda.Cuda;

/// <summary>
/// A caller's host memory page-locked in place (cuMemHostRegister, ManagedCuda's CudaRegisteredHostMemory): copies
/// from it run as DMA without a staging copy, and kernels can read it through <see cref="DevicePointer"/>. The
/// memory stays owned by the caller; <see cref="Dispose"/> unregisters it (with the context current) and must come
/// before the caller frees it.
/// </summary>
public sealed unsafe class RegisteredHostMemory : IDisposable
{
    private readonly CudaContext _context;
    private int _disposed;

    /// <exception cref="ArgumentException">Null pointer or a size ≤ 0.</exception>
    /// <exception cref="CudaException">The driver refused (e.g. already registered: CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED).</exception>
    public RegisteredHostMemory(CudaContext context, IntPtr pointer, long bytes)
    {
        if (pointer == IntPtr.Zero) throw new ArgumentException("Cannot register a null host pointer.", nameof(pointer));
        if (bytes <= 0) throw new ArgumentException($"Cannot register {bytes} bytes; the size must be positive.", nameof(bytes));
        _context = context;
        context.MakeCurrent();
        CudaException.Check(CudaDriver.cuMemHostRegister_v2((void*)pointer, (nuint)bytes,
            CudaDriver.MemHostRegisterPortable | CudaDriver.MemHostRegisterDeviceMap), "cuMemHostRegister_v2", $"{bytes} bytes at 0x{pointer:x}");
        Pointer = pointer;
        Bytes = bytes;
    }

    public IntPtr Pointer { get; }
    public long Bytes { get; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The device-side address of the registered memory (zero-copy access from kernels).</summary>
    public ulong DevicePointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            _context.MakeCurrent();
            CudaException.Check(CudaDriver.cuMemHostGetDevicePointer_v2(out ulong device, (void*)Pointer, 0), "cuMemHostGetDevicePointer_v2");
            return device;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _context.IsDisposed) return;
        _context.MakeCurrent();
        CudaDriver.cuMemHostUnregister((void*)Pointer);
    }
}
