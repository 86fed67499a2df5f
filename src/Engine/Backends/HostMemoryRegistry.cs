namespace MtcnnCuda.Backends;

/// <summary>
/// The page-locked host ranges a detector knows (its pinned images and the caller's registered memory): an upload
/// whose pixels lie wholly inside one is copied straight from there instead of through the staging buffer.
/// Thread-safe; a handful of entries, so a linear scan.
/// </summary>
internal sealed class HostMemoryRegistry
{
    private readonly List<(nuint Start, nuint End)> _ranges = [];
    private readonly Lock _gate = new();

    /// <exception cref="ArgumentException">The range overlaps one this detector already pinned or registered.</exception>
    public void Add(IntPtr start, long bytes)
    {
        lock (_gate)
        {
            nuint s = (nuint)start, e = s + (nuint)bytes;
            foreach (var r in _ranges)
                if (s < r.End && r.Start < e)
                    throw new ArgumentException($"Host memory 0x{s:x}..0x{e:x} overlaps a range this detector already pinned or registered (0x{r.Start:x}..0x{r.End:x}).");
            _ranges.Add((s, e));
        }
    }

    public void Remove(IntPtr start)
    {
        lock (_gate) _ranges.RemoveAll(r => r.Start == (nuint)start);
    }

    /// <summary>True when [start, start + bytes) lies inside one known range.</summary>
    public bool Contains(IntPtr start, long bytes)
    {
        lock (_gate)
        {
            nuint s = (nuint)start, e = s + (nuint)bytes;
            foreach (var r in _ranges)
                if (r.Start <= s && e <= r.End) return true;
            return false;
        }
    }
}
