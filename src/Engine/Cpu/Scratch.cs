using System.Collections.Concurrent;

namespace MtcnnCuda.Cpu;

/// <summary>
/// Working memory of one worker at a time: numbered float and int buffers that grow on demand and are reused by
/// later calls, so a warm detector allocates (almost) nothing per call. Buffers larger than
/// <see cref="RetainLimit"/> floats are handed out but not kept: a single huge photo must not pin its
/// working memory to the detector for ever.
/// </summary>
internal sealed class Scratch
{
    /// <summary>Buffers up to this many elements stay with the detector between calls.</summary>
    public const int RetainLimit = 16 << 20;

    // (Elements, not bytes: 64 MiB of floats or ints, 32 MiB of ushorts.)

    private readonly float[]?[] _floats = new float[]?[24];
    private readonly int[]?[] _ints = new int[]?[8];
    private readonly ushort[]?[] _ushorts = new ushort[]?[2];

    /// <summary>Buffer <paramref name="slot"/> with at least <paramref name="length"/> floats (contents undefined).</summary>
    public float[] Floats(int slot, int length) => Get(_floats, slot, length);

    /// <summary>Buffer <paramref name="slot"/> with at least <paramref name="length"/> ints (contents undefined).</summary>
    public int[] Ints(int slot, int length) => Get(_ints, slot, length);

    /// <summary>Buffer <paramref name="slot"/> with at least <paramref name="length"/> ushorts (contents undefined).</summary>
    public ushort[] UShorts(int slot, int length) => Get(_ushorts, slot, length);

    private static T[] Get<T>(T[]?[] slots, int slot, int length)
    {
        var current = slots[slot];
        if (current is not null && current.Length >= length) return current;
        // Grow by half again so a slowly increasing size does not reallocate on every call.
        long grown = Math.Max(length, (long)(current?.Length ?? 0) * 3 / 2);
        var array = GC.AllocateUninitializedArray<T>((int)Math.Min(grown, Array.MaxLength));
        slots[slot] = array.Length <= RetainLimit ? array : current;
        return array;
    }
}

/// <summary>Scratch sets of one detector, one per concurrent worker; <see cref="Dispose"/> lets them go.</summary>
internal sealed class ScratchPool : IDisposable
{
    private readonly ConcurrentBag<Scratch> _free = new();

    public Scratch Rent() => _free.TryTake(out var s) ? s : new Scratch();

    public void Return(Scratch scratch) => _free.Add(scratch);

    public void Dispose() => _free.Clear();
}
