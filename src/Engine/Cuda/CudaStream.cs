namespace MtcnnCuda.Cuda;

/// <summary>A non-blocking stream (no implicit sync with the legacy default stream).</summary>
public sealed class CudaStream : IDisposable
{
    private readonly CudaContext _context;
    private int _disposed;

    public CudaStream(CudaContext context)
    {
        _context = context;
        context.MakeCurrent();
        CudaException.Check(CudaDriver.cuStreamCreate(out var handle, CudaDriver.StreamNonBlocking), "cuStreamCreate");
        Handle = handle;
    }

    internal IntPtr Handle { get; }

    public void Synchronize() => CudaException.Check(CudaDriver.cuStreamSynchronize(Handle), "cuStreamSynchronize");

    /// <summary>Makes work issued to this stream from now on wait until <paramref name="evt"/> completes (no host wait).</summary>
    public void WaitEvent(CudaEvent evt) => CudaException.Check(CudaDriver.cuStreamWaitEvent(Handle, evt.Handle, 0), "cuStreamWaitEvent");

    /// <summary>Starts recording the work issued to this stream into a graph instead of running it.</summary>
    public void BeginCapture() =>
        CudaException.Check(CudaDriver.cuStreamBeginCapture_v2(Handle, CuStreamCaptureMode.ThreadLocal), "cuStreamBeginCapture_v2");

    /// <summary>Ends the capture and instantiates the recorded work as a launchable graph.</summary>
    public CudaGraph EndCapture()
    {
        CudaException.Check(CudaDriver.cuStreamEndCapture(Handle, out var graph), "cuStreamEndCapture");
        return new CudaGraph(_context, graph);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _context.IsDisposed) return;
        _context.MakeCurrent();
        CudaDriver.cuStreamDestroy_v2(Handle);
    }
}

/// <summary>A CUDA event; with timing enabled, <see cref="ElapsedMilliseconds"/> measures GPU time between two events.</summary>
public sealed class CudaEvent : IDisposable
{
    private readonly CudaContext _context;
    private int _disposed;

    public CudaEvent(CudaContext context, bool timing = true)
    {
        _context = context;
        context.MakeCurrent();
        CudaException.Check(CudaDriver.cuEventCreate(out var handle, timing ? CudaDriver.EventDefault : CudaDriver.EventDisableTiming), "cuEventCreate");
        Handle = handle;
    }

    internal IntPtr Handle { get; }

    public void Record(CudaStream stream) => Record(stream.Handle);

    /// <summary>Records on a stream the engine does not own (a host's decode stream, by its CUstream handle).</summary>
    internal void Record(IntPtr stream) => CudaException.Check(CudaDriver.cuEventRecord(Handle, stream), "cuEventRecord");
    public void Synchronize() => CudaException.Check(CudaDriver.cuEventSynchronize(Handle), "cuEventSynchronize");

    public static float ElapsedMilliseconds(CudaEvent start, CudaEvent end)
    {
        CudaException.Check(CudaDriver.cuEventElapsedTime(out float ms, start.Handle, end.Handle), "cuEventElapsedTime");
        return ms;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _context.IsDisposed) return;
        _context.MakeCurrent();
        CudaDriver.cuEventDestroy_v2(Handle);
    }
}

/// <summary>A captured, instantiated graph: replays the recorded kernels and copies with one launch.</summary>
public sealed class CudaGraph : IDisposable
{
    private readonly CudaContext _context;
    private readonly IntPtr _graph;
    private int _disposed;

    internal CudaGraph(CudaContext context, IntPtr graph)
    {
        _context = context;
        _graph = graph;
        var r = CudaDriver.cuGraphInstantiateWithFlags(out var exec, graph, 0);
        if (r != CuResult.Success)
        {
            CudaDriver.cuGraphDestroy(graph);
            throw new CudaException("cuGraphInstantiateWithFlags", r);
        }
        Exec = exec;
    }

    internal IntPtr Exec { get; }

    public void Launch(CudaStream stream) => CudaException.Check(CudaDriver.cuGraphLaunch(Exec, stream.Handle), "cuGraphLaunch");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _context.IsDisposed) return;
        _context.MakeCurrent();
        CudaDriver.cuGraphExecDestroy(Exec);
        CudaDriver.cuGraphDestroy(_graph);
    }
}
