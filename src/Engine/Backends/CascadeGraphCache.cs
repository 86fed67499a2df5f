using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>The input shape a captured graph was recorded for (a backend's options are fixed, so they need no key).</summary>
internal readonly record struct ShapeKey(int Width, int Height, int Stride, PixelFormat Format);

/// <summary>
/// The whole cascade (upload → PNet → NMS → RNet → ONet → packed faces → copy to pinned memory) as one CUDA graph
/// per input shape, for the most recently used <see cref="Capacity"/> shapes. Every launch of the cascade is sized
/// by the shape and the candidate caps, never by a count, so one graph serves every image of its shape.
/// The first call with a shape runs eagerly (it may grow the workspace; capture cannot allocate), the next one
/// captures and launches, later ones replay with one launch. A graph bakes in buffer addresses: the workspace's
/// generation (bumped by every reallocation) is recorded with it, and a graph of an older generation is
/// re-captured (buffers only grow, so after one eager run a shape always fits and re-capture allocates nothing).
/// If capture or instantiation fails on some driver, graphs are switched off for this backend and the eager path
/// is used (never a wrong result, only a slower one).
/// </summary>
internal sealed class CascadeGraphCache : IDisposable
{
    private readonly LinkedList<Entry> _recent = new();   // most recently used first
    private bool _disabled;

    private sealed class Entry(ShapeKey key)
    {
        public ShapeKey Key { get; } = key;
        public CudaGraph? Graph;
        public long Generation;
    }

    /// <summary>Shapes kept (each holds one instantiated graph: a few hundred nodes of device-side bookkeeping).</summary>
    public int Capacity { get; init; } = 8;

    public bool Enabled { get; init; } = true;

    /// <summary>How the last call ran (for tests and the perf harness): "eager", "captured" or "replayed".</summary>
    public string LastMode { get; private set; } = "eager";

    /// <summary>Captured graphs currently held.</summary>
    public int GraphCount => _recent.Count(e => e.Graph is not null);

    /// <param name="generation">The workspace generation now; <paramref name="enqueue"/> must not change it once
    /// this shape has run eagerly (it only enqueues stream work on already-sized buffers then).</param>
    /// <param name="currentGeneration">Reads the workspace generation after a capture, to reject a graph whose
    /// buffers moved while it was recorded.</param>
    public void Run(ShapeKey key, long generation, CudaStream stream, Action enqueue, Func<long> currentGeneration)
    {
        var entry = Touch(key, out bool seen);
        if (entry.Graph is not null && entry.Generation == generation)
        {
            entry.Graph.Launch(stream);
            LastMode = "replayed";
            return;
        }
        entry.Graph?.Dispose();
        entry.Graph = null;
        if (!Enabled || _disabled || !seen)
        {
            enqueue();
            LastMode = "eager";
            return;
        }
        var graph = Capture(stream, enqueue);
        if (graph is null || currentGeneration() != generation)
        {
            graph?.Dispose();
            if (graph is not null) enqueue();   // a failed capture already ran the work eagerly
            LastMode = "eager";
            return;
        }
        entry.Graph = graph;
        entry.Generation = generation;
        graph.Launch(stream);
        LastMode = "captured";
    }

    /// <summary>Records <paramref name="enqueue"/>; on a driver refusal switches graphs off and runs it eagerly instead.</summary>
    private CudaGraph? Capture(CudaStream stream, Action enqueue)
    {
        try
        {
            stream.BeginCapture();
        }
        catch (CudaException)
        {
            return Disable(enqueue);
        }
        try
        {
            enqueue();
        }
        catch (CudaException)
        {
            try { stream.EndCapture().Dispose(); } catch (CudaException) { /* the capture was invalidated */ }
            return Disable(enqueue);
        }
        try
        {
            return stream.EndCapture();
        }
        catch (CudaException)
        {
            return Disable(enqueue);
        }
    }

    private CudaGraph? Disable(Action enqueue)
    {
        _disabled = true;
        enqueue();
        return null;
    }

    /// <summary>The entry of <paramref name="key"/>, moved to the front; a new one evicts the least recently used.</summary>
    private Entry Touch(ShapeKey key, out bool seen)
    {
        for (var node = _recent.First; node is not null; node = node.Next)
        {
            if (node.Value.Key != key) continue;
            _recent.Remove(node);
            _recent.AddFirst(node);
            seen = true;
            return node.Value;
        }
        seen = false;
        var entry = new Entry(key);
        _recent.AddFirst(entry);
        while (_recent.Count > Math.Max(1, Capacity))
        {
            _recent.Last!.Value.Graph?.Dispose();
            _recent.RemoveLast();
        }
        return entry;
    }

    public void Dispose()
    {
        foreach (var e in _recent) e.Graph?.Dispose();
        _recent.Clear();
    }
}
