namespace MtcnnCuda.Cuda;

/// <summary>
/// A device's primary context, retained for this object's lifetime (the context cuBLAS and the runtime API use
/// too, so nothing created here conflicts with them). Call <see cref="MakeCurrent"/> on each thread before
/// using CUDA objects; every owner class here does so itself before touching the driver.
/// </summary>
public sealed class CudaContext : IDisposable
{
    private int _disposed;

    public CudaContext(int ordinal = 0)
    {
        Cuda.EnsureSupported();
        Device = Cuda.GetDevice(ordinal);
        CudaException.Check(CudaDriver.cuDevicePrimaryCtxRetain(out var handle, Device.Handle), "cuDevicePrimaryCtxRetain",
            $"device {ordinal} ({Device.Name})");
        Handle = handle;
        MakeCurrent();
    }

    public CudaDeviceInfo Device { get; }
    internal IntPtr Handle { get; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        CudaException.Check(CudaDriver.cuCtxSetCurrent(Handle), "cuCtxSetCurrent");
    }

    public void Synchronize()
    {
        MakeCurrent();
        CudaException.Check(CudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /// <summary>Loads a compiled kernel image (CUBIN or PTX) as a module of this context.</summary>
    public CudaModule LoadModule(CompiledKernel compiled) => new(this, compiled);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        CudaDriver.cuDevicePrimaryCtxRelease_v2(Device.Handle);
    }
}
