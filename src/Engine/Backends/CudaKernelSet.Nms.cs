using System.Runtime.CompilerServices;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// The device NMS and candidate cut (kernels/top_k.cu, nms_sort.cu, nms_mask.cu, nms.cu): live counts stay on the
/// device, launches are sized by host-known capacities (upper bounds), outputs are appended at a device-side count.
/// </summary>
internal sealed partial class CudaKernelSet
{
    private readonly CudaKernel _topKSelect, _topKCompact, _sortTiles, _sortMerge, _mask, _greedy, _gather;

    /// <summary>Sort tile of nms_sort_tiles (NMS_SORT_TILE in common.cuh).</summary>
    private const int SortTile = 2048;

    /// <summary>
    /// Largest box count one NMS segment handles after its cut: nms_greedy's removal set (8 bytes per 64 boxes) lives
    /// in shared memory; the cap of 50,000 needs 6.1 KiB, inside the 48 KiB a block gets without opting in.
    /// </summary>
    public const int MaxNmsBoxes = Cascade.CandidateCaps.Max;

    /// <summary>Tile grid side of nms_mask: at most 32 × 32 blocks, striding over the tiles below the live count.</summary>
    private const uint MaskGridSide = 32;

    private static int GreedySharedBytes(int boxes) => 8 * ((boxes + 63) / 64);

    /// <summary>Scratch words (<see cref="Nms"/>'s <c>scratch</c>) an NMS over <paramref name="capacity"/> boxes needs.</summary>
    public static long NmsScratchWords(int capacity) => capacity <= 0 ? 1 : new NmsLayout([capacity], capacity).ScratchWords;

    /// <summary>Scratch words <see cref="NmsLevels"/> needs for these level capacities and cap (groups reuse it).</summary>
    public static long NmsLevelsScratchWords(ReadOnlySpan<int> capacities, int cap)
    {
        long words = 1;
        foreach (var group in Groups(capacities)) words = Math.Max(words, new NmsLayout(group.Capacities, cap).ScratchWords);
        return words;
    }

    /// <summary>
    /// Greedy NMS of up to <paramref name="capacity"/> boxes whose live count is on the device: survivors in the CPU's
    /// order are appended to <paramref name="output"/> at *<paramref name="outputCount"/> (advanced), after the
    /// post-op (0 none, 1 regress + square, 2 regress +1 + square); <paramref name="rekey"/> sets each key to its
    /// position in the output. <paramref name="sorted"/> holds <paramref name="capacity"/> candidates and
    /// <paramref name="scratch"/> <see cref="NmsScratchWords"/>(capacity) words.
    /// </summary>
    public void Nms(CudaStream s, ulong boxes, ulong count, int capacity, ulong sorted, ulong scratch,
        float threshold, bool minMode, bool plusOne, ulong output, ulong outputCount, int postOp, bool rekey)
    {
        if (capacity <= 0) return;
        if (capacity > MaxNmsBoxes) throw new NotSupportedException($"NMS over {capacity} boxes exceeds the device NMS limit of {MaxNmsBoxes}.");
        var p = Settings(threshold, minMode, plusOne, output, outputCount, postOp, rekey);
        RunGroup(s, ref p, [boxes], [count], [capacity], capacity, sorted, scratch);
    }

    /// <summary>
    /// Every pyramid level's NMS in the same launches (at most 32 levels per group): level l's cells start at
    /// <paramref name="cells"/> + <paramref name="cellOffset"/>[l] candidates, its live count is the int at
    /// <paramref name="counts"/> + 4l (at most <paramref name="capacities"/>[l]); each level is first cut to its
    /// <paramref name="cap"/> best (CandidateLimits.PNetPerScale). Survivors are appended level after level, as
    /// per-level <see cref="Nms"/> calls would append them. <paramref name="sorted"/> holds Σ min(capacity, cap)
    /// candidates, <paramref name="scratch"/> <see cref="NmsLevelsScratchWords"/> words.
    /// </summary>
    public void NmsLevels(CudaStream s, ulong cells, ReadOnlySpan<long> cellOffset, ulong counts, ReadOnlySpan<int> capacities, int cap,
        ulong sorted, ulong scratch, float threshold, bool minMode, bool plusOne, ulong output, ulong outputCount, int postOp, bool rekey)
    {
        if (cap is < 1 or > MaxNmsBoxes) throw new NotSupportedException($"An NMS cap of {cap} lies outside [1, {MaxNmsBoxes}].");
        foreach (var group in Groups(capacities))
        {
            var inputs = new ulong[group.Levels.Length];
            var countAt = new ulong[group.Levels.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                int l = group.Levels[i];
                inputs[i] = cells + (ulong)cellOffset[l] * (ulong)Unsafe.SizeOf<GpuCandidate>();
                countAt[i] = counts + (ulong)l * sizeof(int);
            }
            var p = Settings(threshold, minMode, plusOne, output, outputCount, postOp, rekey);
            RunGroup(s, ref p, inputs, countAt, group.Capacities, cap, sorted, scratch);
        }
    }

    /// <summary>
    /// Appends the <paramref name="k"/> candidates of <paramref name="boxes"/> (live count on the device, at most
    /// <paramref name="capacity"/>) that come first in the CPU's order to <paramref name="output"/>, in no particular
    /// order, counting them in <paramref name="outputCount"/>: CandidateLimits.Top before an NMS.
    /// <paramref name="threshold"/> is one device word for the k-th best order key.
    /// </summary>
    public unsafe void TopK(CudaStream s, ulong boxes, ulong count, int capacity, int k, ulong output, ulong outputCount, ulong threshold)
    {
        if (capacity <= 0) return;
        var p = new NmsParams { Capped = output, CappedCount = outputCount, Kth = threshold, Segments = 1, K = k, AlwaysCut = 1 };
        p.In[0] = boxes;
        p.Count[0] = count;
        p.Capacity[0] = capacity;
        p.First[0] = 0;
        Cut(s, p, capacity);
    }

    private static NmsParams Settings(float threshold, bool minMode, bool plusOne, ulong output, ulong outputCount, int postOp, bool rekey) => new()
    {
        Threshold = threshold, MinMode = minMode ? 1 : 0, PlusOne = plusOne ? 1 : 0, PostOp = postOp, Rekey = rekey ? 1 : 0,
        Out = output, OutCount = outputCount,
    };

    /// <summary>One pass of the pipeline over up to 32 segments (launch shapes: the kernels' header comments).</summary>
    private unsafe void RunGroup(CudaStream s, ref NmsParams p, ReadOnlySpan<ulong> inputs, ReadOnlySpan<ulong> counts,
        ReadOnlySpan<int> capacities, int k, ulong sorted, ulong scratch)
    {
        var layout = new NmsLayout(capacities, k);
        int segments = capacities.Length;
        p.Segments = segments;
        p.K = k;
        p.Sorted = sorted;
        for (int i = 0; i < segments; i++)
        {
            p.In[i] = inputs[i];
            p.Count[i] = counts[i];
            p.Capacity[i] = capacities[i];
        }
        layout.Place(ref p, scratch);
        if (layout.AnyCut) Cut(s, p, layout.MaxCapacity);
        uint y = (uint)segments;
        int most = Math.Max(1, layout.MaxBounded);
        uint words = (uint)((most + 63) / 64);
        _sortTiles.GridDimensions = ((uint)((most + SortTile - 1) / SortTile), y, 1);
        _sortTiles.BlockDimensions = (256, 1, 1);
        _sortTiles.Launch(s, p);
        _sortMerge.GridDimensions = ((uint)((most + 255) / 256), y, 1);
        _sortMerge.BlockDimensions = (256, 1, 1);
        _sortMerge.Launch(s, p);
        _mask.GridDimensions = (Math.Min(words, MaskGridSide), Math.Min(words, MaskGridSide), y);
        _mask.BlockDimensions = (64, 1, 1);
        _mask.Launch(s, p);
        _greedy.GridDimensions = (y, 1, 1);
        _greedy.BlockDimensions = (32, 1, 1);
        _greedy.DynamicSharedMemory = (uint)GreedySharedBytes(most);
        _greedy.Launch(s, p);
        _gather.GridDimensions = ((uint)((most + 255) / 256), y, 1);
        _gather.BlockDimensions = (256, 1, 1);
        _gather.Launch(s, p);
    }

    /// <summary>top_k_select + top_k_compact over the segments of <paramref name="p"/> whose capacity exceeds k.</summary>
    private void Cut(CudaStream s, in NmsParams p, int maxCapacity)
    {
        _topKSelect.GridDimensions = (1, (uint)p.Segments, 1);
        _topKSelect.BlockDimensions = (256, 1, 1);
        _topKSelect.Launch(s, p);
        _topKCompact.GridDimensions = ((uint)Math.Clamp((maxCapacity + 255) / 256, 1, 4096), (uint)p.Segments, 1);
        _topKCompact.BlockDimensions = (256, 1, 1);
        _topKCompact.Launch(s, p);
    }

    /// <summary>The non-empty levels, in order, in groups of at most <see cref="NmsParams.MaxSegments"/>.</summary>
    private static List<(int[] Levels, int[] Capacities)> Groups(ReadOnlySpan<int> capacities)
    {
        var levels = new List<int>();
        for (int l = 0; l < capacities.Length; l++)
            if (capacities[l] > 0) levels.Add(l);
        var groups = new List<(int[], int[])>();
        for (int first = 0; first < levels.Count; first += NmsParams.MaxSegments)
        {
            var chunk = levels.Skip(first).Take(NmsParams.MaxSegments).ToArray();
            var caps = new int[chunk.Length];
            for (int i = 0; i < chunk.Length; i++) caps[i] = capacities[chunk[i]];
            groups.Add((chunk, caps));
        }
        return groups;
    }
}
