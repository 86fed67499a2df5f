using MtcnnCuda.Cascade;
using MtcnnCuda.Cuda;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Backends;

/// <summary>
/// The cascade on one CUDA device, semantically identical to <see cref="Cpu.CpuBackend"/>: one stream, device
/// copies of the weights, a workspace reused across calls, pinned staging. Work stays on the device from the
/// upload of the raw pixels to the packed final faces: candidate counts never come back to the host, every launch
/// is sized by the shape and the candidate caps, and the whole cascade of a repeated shape is one CUDA graph
/// launch followed by one wait (see CudaBackend.Stages.cs). Each call runs on a lane, this object or one of up to
/// <see cref="DetectorOptions.CudaStreams"/> − 1 siblings that share its context, kernels and weights but own a stream,
/// a workspace and a graph cache (CudaBackend.Lanes.cs): concurrent calls and <see cref="DetectBatch"/> run on
/// separate streams at once.
/// Every call pushes the primary context and pops it on return, so the caller's current context survives. A
/// sticky error (illegal address, launch failure) breaks the context: that call and every later one throw a
/// <see cref="CudaException"/>; a new detector resets the context once no other detector uses it.
/// </summary>
internal sealed partial class CudaBackend : IDetectorBackend
{
    private readonly MtcnnWeights _weights;
    private readonly DetectorOptions _options;
    private readonly CudaContext _context;
    private readonly CudaStream _stream;
    private readonly CudaKernelSet _kernels;
    private readonly CudaNetWeights _params;
    private readonly CudaWorkspace _ws;
    private readonly CascadeGraphCache _graphs = new();
    private readonly Lock _gate = new();
    private bool _disposed;
    private CudaException? _broken;

    /// <summary>True when both the driver (with a device) and NVRTC can be used: what Backend.Auto asks.</summary>
    public static bool IsAvailable => Cuda.Cuda.IsSupported && Nvrtc.IsSupported;

    /// <exception cref="NativeLibraryNotFoundException">No CUDA driver or NVRTC library; lists the names tried.</exception>
    /// <exception cref="NotSupportedException">The driver loaded but reports no usable device.</exception>
    public CudaBackend(MtcnnWeights weights, DetectorOptions options)
    {
        Cuda.Cuda.EnsureSupported();
        Nvrtc.EnsureSupported();
        _weights = weights;
        _options = options;
        _hostMemory = new HostMemoryRegistry();
        PrimaryContextHealth.Attach(options.CudaDevice);
        try
        {
            _context = new CudaContext(options.CudaDevice);
        }
        catch
        {
            PrimaryContextHealth.Detach(options.CudaDevice);
            throw;
        }
        using var current = _context.Push();
        try
        {
            _stream = new CudaStream(_context);
            _kernels = new CudaKernelSet(_context);
            CheckPrecision(options, _kernels);
            _params = new CudaNetWeights(_context, weights);
            // Synchronous copies from pageable memory may still be in flight, and our non-blocking stream does not
            // order itself after the legacy stream: wait once here.
            _context.Synchronize();
            _ws = new CudaWorkspace(_context, _stream);
        }
        catch
        {
            _params?.Dispose();
            _kernels?.Dispose();
            _stream?.Dispose();
            _context.Dispose();
            PrimaryContextHealth.Detach(options.CudaDevice);
            throw;
        }
    }

    public Backend Kind => Backend.Cuda;

    public CudaDeviceInfo Device => _context.Device;

    /// <summary>How the cascade of the last call ran: eager, captured (into a CUDA graph) or replayed.</summary>
    internal string LastGraphMode => _graphs.LastMode;

    /// <summary>Captured cascade graphs held (one per recent input shape, at most <see cref="CascadeGraphCache.Capacity"/>).</summary>
    internal int CachedGraphs => _graphs.GraphCount;

    /// <summary>Faces copied back by the graph itself; more cost a second copy and wait (lowered by tests only).</summary>
    internal int InlineFaces { get; init; } = CascadeSizes.DefaultInlineFaces;

    public Face[] Detect(PixelView image)
    {
        var lane = AcquireLane();
        try
        {
            return lane.DetectOnLane(image);
        }
        finally
        {
            lane._gate.Exit();
        }
    }

    /// <summary>With this lane's gate held: pushes the context, runs the cascade, marks the detector broken on a sticky error.</summary>
    private Face[] DetectOnLane(CudaInput image)
    {
        using var current = EnterDevice();
        try
        {
            return DetectLocked(image);
        }
        catch (CudaException e) when (e.IsSticky)
        {
            MarkBroken(e);
            throw;
        }
    }

    /// <summary>Under the lock: refuses a disposed or broken detector, then pushes the context until the scope ends.</summary>
    private CudaContext.ContextScope EnterDevice()
    {
        ObjectDisposedException.ThrowIf(_disposed || (_parent?._disposed ?? false), this);
        var broken = _parent?._broken ?? _broken;
        if (broken is not null)
            throw new CudaException(broken.Call, broken.Code,
                "An earlier call of this detector broke its CUDA context; it cannot detect again. Dispose it and create a new detector.");
        return _context.Push();
    }

    /// <summary>A sticky error broke the context: this detector refuses every later call.</summary>
    private void MarkBroken(CudaException error)
    {
        _broken = error;
        if (_parent is not null) _parent._broken ??= error;
        PrimaryContextHealth.MarkBroken(_options.CudaDevice, error);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_parent is not null)
            {
                DisposeLane();
                return;
            }
            DisposeSiblings();
            using (_context.Push())
            {
                try
                {
                    _stream.Synchronize();
                }
                catch (CudaException)
                {
                    // A failed context still gets its resources released below.
                }
                _aligner?.Dispose();
                _stageEvents?.Dispose();
                _producerDone?.Dispose();
                _graphs.Dispose();
                _ws.Dispose();
                _params.Dispose();
                _kernels.Dispose();
                _stream.Dispose();
            }
            _context.Dispose();
            PrimaryContextHealth.Detach(_options.CudaDevice);
        }
    }
}
