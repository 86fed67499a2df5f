namespace MtcnnCuda.Cuda;

/// <summary>
/// A device's primary context, retained for this object's lifetime (the context cuBLAS and the runtime API use
/// too, so nothing created here conflicts with them). Creating one does not change the calling thread's current
/// context. Wrap work in <see cref="Push"/> so a host's own current context (a video decoder, libtorch) is
/// restored afterwards; every owner class here also makes its context current itself before touching the driver.
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
    }

    public CudaDeviceInfo Device { get; }
    internal IntPtr Handle { get; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        CudaException.Check(CudaDriver.cuCtxSetCurrent(Handle), "cuCtxSetCurrent");
    }

    /// <summary>
    /// Makes this context current on the calling thread until the returned scope is disposed, which restores the
    /// context the thread had before (cuCtxPushCurrent / cuCtxPopCurrent).
    /// </summary>
    public ContextScope Push()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        CudaException.Check(CudaDriver.cuCtxPushCurrent_v2(Handle), "cuCtxPushCurrent_v2");
        return new ContextScope();
    }

    /// <summary>Pops the context <see cref="Push"/> pushed (errors are ignored: a pop cannot be retried).</summary>
    public readonly struct ContextScope : IDisposable
    {
        public void Dispose() => CudaDriver.cuCtxPopCurrent_v2(out _);
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
