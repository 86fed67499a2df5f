namespace MtcnnCuda.Backends;

/// <summary>
/// Where one segmented NMS (kernels/nms.cu) keeps its work arrays inside one scratch buffer of 64-bit words, for
/// segments of the given capacities (upper bounds of their live counts) cut to <c>k</c> boxes each. Segment s
/// owns min(capacity, k) slots of every per-box array from <see cref="First"/>[s], and min(capacity, k) ×
/// ceil(min(capacity, k) / 64) words of the bit mask from <see cref="MaskFirst"/>[s].
/// Scratch, in words: kth (32) | capped counts, kept counts, base (ints) | keys | positions + keep (ints) |
/// capped candidates (5 words each) | masks.
/// </summary>
internal sealed class NmsLayout
{
    private const int HeaderWords = NmsParams.MaxSegments + NmsParams.MaxSegments + 1;   // 32 kth + 65 ints, rounded up
    private const int CandidateWords = 5;                                                   // sizeof(Candidate) / 8

    public NmsLayout(ReadOnlySpan<int> capacities, int k)
    {
        if (capacities.Length is < 1 or > NmsParams.MaxSegments)
            throw new ArgumentOutOfRangeException(nameof(capacities), $"An NMS launch takes 1 to {NmsParams.MaxSegments} segments; got {capacities.Length}.");
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"The NMS cap must be positive; got {k}.");
        First = new int[capacities.Length];
        MaskFirst = new long[capacities.Length];
        long total = 0, mask = 0;
        for (int s = 0; s < capacities.Length; s++)
        {
            if (capacities[s] < 0) throw new ArgumentOutOfRangeException(nameof(capacities), $"Segment {s} has a negative capacity.");
            int bounded = Math.Min(capacities[s], k);
            First[s] = checked((int)total);
            MaskFirst[s] = mask;
            total += bounded;
            mask += (long)bounded * ((bounded + 63) / 64);
            MaxBounded = Math.Max(MaxBounded, bounded);
            MaxCapacity = Math.Max(MaxCapacity, capacities[s]);
            AnyCut |= capacities[s] > k;
        }
        Total = checked((int)total);
        MaskWords = mask;
    }

    public int[] First { get; }
    public long[] MaskFirst { get; }

    /// <summary>Boxes of all segments after the cut: the length of the sorted array.</summary>
    public int Total { get; }

    public int MaxBounded { get; }
    public int MaxCapacity { get; }

    /// <summary>Some segment can hold more than k boxes, so the top_k cut must run first.</summary>
    public bool AnyCut { get; }

    public long MaskWords { get; }

    public long ScratchWords => HeaderWords + (long)Total * (1 + 1 + CandidateWords) + MaskWords;

    /// <summary>Points the work-array fields of <paramref name="p"/> into <paramref name="scratch"/> (a device address).</summary>
    public unsafe void Place(ref NmsParams p, ulong scratch)
    {
        ulong word = scratch;
        p.Kth = word;
        p.CappedCount = word + 8 * NmsParams.MaxSegments;
        p.KeptCount = p.CappedCount + 4 * NmsParams.MaxSegments;
        p.Base = p.KeptCount + 4 * NmsParams.MaxSegments;
        word += 8 * HeaderWords;
        p.Keys = word;
        word += 8UL * (ulong)Total;
        p.Positions = word;
        p.Keep = word + 4UL * (ulong)Total;
        word += 8UL * (ulong)Total;
        p.Capped = word;
        word += 8UL * CandidateWords * (ulong)Total;
        p.Mask = word;
        for (int s = 0; s < First.Length; s++)
        {
            p.First[s] = First[s];
            p.MaskFirst[s] = MaskFirst[s];
        }
    }
}
