using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// The backend's device and pinned memory, kept across calls and grown (×1.5) only when an image shape needs more:
/// every size derives from the shape and the candidate caps (never from a candidate count), so a repeated shape
/// allocates nothing. Each role has its own buffer: a buffer can then grow mid-call without moving data another
/// role still needs. <see cref="Generation"/> counts reallocations, so captured graphs (which bake in addresses)
/// know when they are stale.
/// </summary>
internal sealed class CudaWorkspace : IDisposable
{
    private readonly CudaContext _context;
    private readonly CudaStream _stream;
    private readonly List<IDisposable> _owned = [];

    public CudaWorkspace(CudaContext context, CudaStream stream)
    {
        _context = context;
        _stream = stream;
    }

    public DeviceBuffer<byte>? Pixels;
    // StageA/StageB: RNet's and ONet's activations, which grow with the candidate count (PNet keeps its own in
    // shared memory: pnet_fused).
    public DeviceBuffer<float>? StageA, StageB, Dense, Marks, Packed;
    public DeviceBuffer<GpuCandidate>? LevelCandidates, All, Sorted, StageIn, Filtered, Final, TopKOut;
    public DeviceBuffer<ulong>? Mask, TopKThreshold;
    public DeviceBuffer<ushort>? RowSums;
    public DeviceBuffer<int>? Counters, TopKCounts;
    public PinnedBuffer<byte>? PixelStaging;
    public PinnedBuffer<float>? PackedStaging;

    /// <summary>Bumped by every (re)allocation: a graph captured at an older generation may hold freed addresses.</summary>
    public long Generation { get; private set; }

    /// <summary>Makes <paramref name="buffer"/> hold at least <paramref name="count"/> elements (contents are not kept).</summary>
    public DeviceBuffer<T> Ensure<T>(ref DeviceBuffer<T>? buffer, long count) where T : unmanaged =>
        Grow(ref buffer, count, b => b.Count, n => new DeviceBuffer<T>(_context, n));

    public PinnedBuffer<T> Ensure<T>(ref PinnedBuffer<T>? buffer, long count) where T : unmanaged =>
        Grow(ref buffer, count, b => b.Count, n => new PinnedBuffer<T>(_context, n));

    /// <summary>Replaces a too-small buffer by one 1.5× the requested size, so steady state allocates nothing.</summary>
    private TBuffer Grow<TBuffer>(ref TBuffer? buffer, long count, Func<TBuffer, long> capacity, Func<long, TBuffer> create)
        where TBuffer : class, IDisposable
    {
        count = Math.Max(count, 1);
        if (buffer is not null && capacity(buffer) >= count) return buffer;
        if (buffer is not null)
        {
            _stream.Synchronize(); // queued work may still use the old buffer
            _owned.Remove(buffer);
            buffer.Dispose();
            buffer = null;
        }
        buffer = create(count + count / 2);
        _owned.Add(buffer);
        Generation++;
        return buffer;
    }

    public void Dispose()
    {
        foreach (var b in _owned) b.Dispose();
        _owned.Clear();
    }
}
