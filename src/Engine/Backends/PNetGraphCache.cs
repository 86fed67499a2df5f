using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>The input shape a captured graph was recorded for.</summary>
internal readonly record struct ShapeKey(int Width, int Height, int Stride, PixelFormat Format);

/// <summary>
/// Runs the PNet phase (upload → planar → pyramid → PNet on all levels → counts) as a CUDA graph when the same
/// image shape repeats, as in video: the first call with a shape runs eagerly, the next identical call captures,
/// later ones replay with a single launch. A graph bakes in buffer addresses, so a change of any buffer the PNet
/// phase uses retires it (RNet/ONet buffers may grow freely: they are not part of the graph). If capture or instantiation fails on some driver, graphs
/// are switched off for this backend and the eager path is used (never a wrong result, only a slower one).
/// </summary>
internal sealed class PNetGraphCache : IDisposable
{
    private ShapeKey? _lastKey;
    private ulong[] _lastAddresses = [];
    private CudaGraph? _graph;
    private bool _disabled;

    public bool Enabled { get; init; } = true;

    /// <summary>How the last call ran (for tests and the perf harness): "eager", "captured" or "replayed".</summary>
    public string LastMode { get; private set; } = "eager";

    /// <param name="addresses">Device and pinned addresses of every buffer <paramref name="enqueue"/> touches.</param>
    public void Run(ShapeKey key, ulong[] addresses, CudaStream stream, Action enqueue)
    {
        bool sameShape = _lastKey == key && _lastAddresses.AsSpan().SequenceEqual(addresses);
        if (_graph is not null && sameShape)
        {
            _graph.Launch(stream);
            LastMode = "replayed";
            return;
        }
        _graph?.Dispose();
        _graph = null;
        _lastKey = key;
        _lastAddresses = addresses;
        if (!Enabled || _disabled || !sameShape)
        {
            enqueue();
            LastMode = "eager";
            return;
        }
        try
        {
            stream.BeginCapture();
        }
        catch (CudaException)
        {
            _disabled = true;
            enqueue();
            LastMode = "eager";
            return;
        }
        try
        {
            enqueue();
        }
        catch (CudaException)
        {
            _disabled = true;
            try { stream.EndCapture().Dispose(); } catch (CudaException) { /* the capture was invalidated */ }
            enqueue();
            LastMode = "eager";
            return;
        }
        try
        {
            _graph = stream.EndCapture();
        }
        catch (CudaException)
        {
            _disabled = true;
            enqueue();
            LastMode = "eager";
            return;
        }
        _graph.Launch(stream);
        LastMode = "captured";
    }

    public void Dispose()
    {
        _graph?.Dispose();
        _graph = null;
    }
}
