using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// The cascade's kernels loaded into one context, with typed launchers that set the launch shape each kernel's
/// header comment documents. Compiled once per process and architecture (<see cref="KernelSources.Compiled"/>).
/// </summary>
internal sealed class CudaKernelSet : IDisposable
{
    private readonly List<CudaModule> _modules = [];
    private readonly CudaKernel _toPlanar, _rowSums, _pnetFused, _conv, _sort, _mask, _reduce, _topKSelect, _topKCompact, _crop, _dense, _filter;

    public CudaKernelSet(CudaContext context)
    {
        var (target, _) = Nvrtc.TargetFor(context.Device.Major, context.Device.Minor);
        CudaKernel Load(string file, string name)
        {
            var module = _modules.FirstOrDefault(m => m.Compiled.Name == file);
            if (module is null)
            {
                module = context.LoadModule(KernelSources.Compiled(file, target));
                _modules.Add(module);
            }
            return module.GetKernel(name);
        }
        _toPlanar = Load("to_planar.cu", "to_planar");
        _rowSums = Load("row_sums.cu", "row_sums");
        _pnetFused = Load("pnet_fused.cu", "pnet_fused");
        _conv = Load("conv_prelu_pool.cu", "conv_prelu_pool");
        _sort = Load("nms.cu", "nms_rank_sort");
        _mask = Load("nms.cu", "nms_mask");
        _reduce = Load("nms.cu", "nms_reduce");
        _topKSelect = Load("top_k.cu", "top_k_select");
        _topKCompact = Load("top_k.cu", "top_k_compact");
        _crop = Load("crop_resize.cu", "crop_resize");
        _dense = Load("dense_prelu.cu", "dense_prelu");
        _filter = Load("stage_filter.cu", "stage_filter");
        Target = target;
    }

    public string Target { get; }

    /// <summary>
    /// Largest candidate count one NMS launch handles: the reduce kernel's removal set (8 bytes per 64 boxes) lives
    /// in shared memory. The candidate caps keep every NMS far below it (a cap of 50,000 needs 6.1 KiB), so every
    /// launch stays inside the 48 KiB a block gets without opting in.
    /// </summary>
    public const int MaxNmsBoxes = Cascade.CandidateCaps.Max;

    /// <summary>
    /// The most dynamic shared memory each kernel is launched with (only nms_reduce uses any; pnet_fused's 48,440
    /// bytes are static).
    /// </summary>
    public IEnumerable<(CudaKernel Kernel, int MaxDynamicShared)> SharedMemoryBudget =>
    [
        (_toPlanar, 0), (_rowSums, 0), (_pnetFused, 0), (_conv, 0), (_sort, 0), (_mask, 0), (_reduce, 8 * ((MaxNmsBoxes + 63) / 64)),
        (_topKSelect, 0), (_topKCompact, 0), (_crop, 0), (_dense, 0), (_filter, 0),
    ];

    public void ToPlanar(CudaStream s, in ToPlanarParams p) => _toPlanar.Cover((long)p.Width * p.Height).Launch(s, p);

    /// <summary>The image's row prefix sums for pnet_fused's loader: one block of 128 threads per row.</summary>
    public void RowSums(CudaStream s, in RowSumsParams p)
    {
        _rowSums.GridDimensions = ((uint)p.Height, 1, 1);
        _rowSums.BlockDimensions = (128, 1, 1);
        _rowSums.Launch(s, p);
    }

    /// <summary>Blocks of one pnet_fused launch at most: each loops over tiles, so it loads the weights once.</summary>
    public const int PNetMaxBlocks = 1024;

    /// <summary>PNet on every level of the table in <paramref name="p"/> (<see cref="PNetLevelTable"/>), one launch.</summary>
    public unsafe void PNetFused(CudaStream s, in PNetFusedParams p)
    {
        int tiles;
        fixed (int* start = p.TileStart) tiles = start[p.Levels];
        _pnetFused.GridDimensions = ((uint)Math.Clamp(tiles, 1, PNetMaxBlocks), 1, 1);
        _pnetFused.BlockDimensions = (PNetLevelTable.TileWidth * PNetLevelTable.TileHeight, 1, 1);
        _pnetFused.Launch(s, p);
    }

    public void Conv(CudaStream s, in ConvParams p) => _conv.Cover((long)p.Batch * p.Cout * p.OutH * p.OutW).Launch(s, p);

    /// <summary>Sort → mask → reduce for up to <paramref name="capacity"/> boxes whose live count is on the device.</summary>
    public void Nms(CudaStream s, ulong boxes, ulong count, int capacity, ulong sorted, ulong mask,
        float threshold, bool minMode, bool plusOne, ulong output, ulong outputCount, int postOp, bool rekey)
    {
        if (capacity <= 0) return;
        if (capacity > MaxNmsBoxes) throw new NotSupportedException($"NMS over {capacity} boxes exceeds the device NMS limit of {MaxNmsBoxes}.");
        int words = (capacity + 63) / 64;
        _sort.Cover(capacity).Launch(s, new NmsSortParams { In = boxes, Out = sorted, Count = count, Capacity = capacity });
        _mask.GridDimensions = ((uint)words, (uint)words, 1);
        _mask.BlockDimensions = (64, 1, 1);
        _mask.Launch(s, new NmsMaskParams
        {
            Boxes = sorted, Mask = mask, Count = count, Capacity = capacity, Words = words,
            Threshold = threshold, MinMode = minMode ? 1 : 0, PlusOne = plusOne ? 1 : 0,
        });
        _reduce.GridDimensions = (1, 1, 1);
        _reduce.BlockDimensions = (256, 1, 1);
        _reduce.DynamicSharedMemory = (uint)(8 * words);
        _reduce.Launch(s, new NmsReduceParams
        {
            Sorted = sorted, Mask = mask, Count = count, Out = output, OutCount = outputCount,
            Capacity = capacity, Words = words, PostOp = postOp, Rekey = rekey ? 1 : 0,
        });
    }

    /// <summary>
    /// Appends the <paramref name="k"/> candidates of <paramref name="boxes"/> (live count on the device, at most
    /// <paramref name="capacity"/>) that come first in the CPU's order to <paramref name="output"/>, counting them
    /// in <paramref name="outputCount"/> (which must start at 0): CandidateLimits.Top before an NMS.
    /// </summary>
    public void TopK(CudaStream s, ulong boxes, ulong count, int capacity, int k, ulong output, ulong outputCount, ulong threshold)
    {
        var p = new TopKParams { In = boxes, Count = count, Out = output, OutCount = outputCount, Threshold = threshold, Capacity = capacity, K = k };
        _topKSelect.GridDimensions = (1, 1, 1);
        _topKSelect.BlockDimensions = (256, 1, 1);
        _topKSelect.Launch(s, p);
        _topKCompact.Cover(capacity).Launch(s, p);
    }

    public void Crop(CudaStream s, in CropParams p) => _crop.Cover((long)p.Count * 3 * p.Size * p.Size).Launch(s, p);

    public void Dense(CudaStream s, in DenseParams p)
    {
        // grid.y is limited to 65535: larger batches go in slices.
        const int maxRows = 65535;
        for (int first = 0; first < p.Batch; first += maxRows)
        {
            var slice = p;
            slice.Batch = Math.Min(maxRows, p.Batch - first);
            slice.In = p.In + (ulong)first * (ulong)p.Inputs * sizeof(float);
            slice.Out = p.Out + (ulong)first * (ulong)p.Outputs * sizeof(float);
            _dense.GridDimensions = ((uint)((p.Outputs + 7) / 8), (uint)slice.Batch, 1);
            _dense.BlockDimensions = (32, 8, 1);
            _dense.Launch(s, slice);
        }
    }

    public void Filter(CudaStream s, in FilterParams p) => _filter.Cover(p.Batch).Launch(s, p);

    public void Dispose()
    {
        foreach (var m in _modules) m.Dispose();
        _modules.Clear();
    }
}
