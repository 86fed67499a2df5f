using System.Runtime.ExceptionServices;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// Lanes: the detector itself is lane 0; siblings (created on first need, at most
/// <see cref="DetectorOptions.CudaStreams"/> − 1) share its context, compiled kernels, device weights and pinned
/// registry, and own a stream, a workspace, a graph cache and stage events. A call takes a free lane (or waits for
/// lane 0), so calls from several threads run on several streams at once. <see cref="DetectBatch"/> gives each lane a
/// host thread that takes the next image: while one lane's host waits for a candidate count, another lane's upload
/// and kernels run, so the upload of image i + 1 overlaps the detection of image i. Launches are not shared across
/// images (each image runs its own cascade).
/// </summary>
internal sealed partial class CudaBackend
{
    private readonly CudaBackend? _parent;
    private readonly List<CudaBackend> _siblings = [];
    private readonly Lock _siblingsGate = new();

    /// <summary>A sibling lane of <paramref name="parent"/>: shares everything but the stream and the per-call state.</summary>
    private CudaBackend(CudaBackend parent)
    {
        _parent = parent;
        _weights = parent._weights;
        _options = parent._options;
        _context = parent._context;
        _kernels = parent._kernels;
        _params = parent._params;
        _hostMemory = parent._hostMemory;
        using var current = _context.Push();
        _stream = new CudaStream(_context);
        _ws = new CudaWorkspace(_context, _stream);
    }

    /// <summary>Lanes created so far, this one included (for tests and the perf harness).</summary>
    internal int LaneCount
    {
        get
        {
            lock (_siblingsGate) return 1 + _siblings.Count;
        }
    }

    /// <summary>Returns a lane with its gate held: a free one, a new one while under the limit, else lane 0 once free.</summary>
    private CudaBackend AcquireLane()
    {
        if (_gate.TryEnter()) return this;
        CudaBackend? created = null;
        lock (_siblingsGate)
        {
            foreach (var lane in _siblings)
                if (lane._gate.TryEnter()) return lane;
            if (!_disposed && 1 + _siblings.Count < _options.CudaStreams)
            {
                created = new CudaBackend(this);
                created._gate.Enter();
                _siblings.Add(created);
            }
        }
        if (created is not null) return created;
        _gate.Enter();
        return this;
    }

    /// <summary>The first <paramref name="count"/> lanes (lane 0 first), creating siblings as needed.</summary>
    private CudaBackend[] Lanes(int count)
    {
        lock (_siblingsGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (1 + _siblings.Count < count) _siblings.Add(new CudaBackend(this));
            return [this, .. _siblings.Take(count - 1)];
        }
    }

    public Face[][] DetectBatch(IReadOnlyList<ImageData> images)
    {
        var results = new Face[images.Count][];
        int laneCount = Math.Min(images.Count, _options.CudaStreams);
        if (laneCount <= 1)
        {
            for (int i = 0; i < images.Count; i++) results[i] = Detect(PixelView.From(images[i]));
            return results;
        }
        var lanes = Lanes(laneCount);
        int next = -1;
        void Drain(CudaBackend lane)
        {
            lane._gate.Enter();
            try
            {
                for (int i = Interlocked.Increment(ref next); i < images.Count; i = Interlocked.Increment(ref next))
                    results[i] = lane.DetectOnLane(PixelView.From(images[i]));
            }
            finally
            {
                lane._gate.Exit();
            }
        }
        // Lane 0 drains on the calling thread, the others on pool threads; a lane that starts late finds less work.
        var others = lanes.Skip(1).Select(lane => Task.Run(() => Drain(lane))).ToArray();
        Exception? first = null;
        try
        {
            Drain(lanes[0]);
        }
        catch (Exception e)
        {
            first = e;
            Volatile.Write(ref next, images.Count); // stop the other lanes early
        }
        foreach (var task in others)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        if (first is not null) ExceptionDispatchInfo.Throw(first);
        return results;
    }

    private void DisposeSiblings()
    {
        CudaBackend[] siblings;
        lock (_siblingsGate)
        {
            siblings = [.. _siblings];
            _siblings.Clear();
        }
        foreach (var lane in siblings) lane.Dispose();
    }

    /// <summary>A sibling's teardown: only what it owns; the parent releases the shared context, kernels and weights.</summary>
    private void DisposeLane()
    {
        using (_context.Push())
        {
            try
            {
                _stream.Synchronize();
            }
            catch (CudaException)
            {
                // A failed context still gets the lane's resources released below.
            }
            _stageEvents?.Dispose();
            _producerDone?.Dispose();
            _graphs.Dispose();
            _ws.Dispose();
            _stream.Dispose();
        }
    }
}
