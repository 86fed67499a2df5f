using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// The cascade's kernels loaded into one context, with typed launchers that set the launch shape each kernel's
/// header comment documents. Compiled once per process and architecture (<see cref="KernelSources.Compiled"/>).
/// </summary>
internal sealed class CudaKernelSet : IDisposable
{
    private readonly List<CudaModule> _modules = [];
    private readonly CudaKernel _toPlanar, _pyramid, _conv, _pnetHeads, _sort, _mask, _reduce, _topKSelect, _topKCompact, _crop, _dense, _filter, _packFaces;

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
        _pyramid = Load("pyramid_area.cu", "pyramid_area");
        _conv = Load("conv_prelu_pool.cu", "conv_prelu_pool");
        _pnetHeads = Load("pnet_heads.cu", "pnet_heads");
        _sort = Load("nms.cu", "nms_rank_sort");
        _mask = Load("nms.cu", "nms_mask");
        _reduce = Load("nms.cu", "nms_reduce");
        _topKSelect = Load("top_k.cu", "top_k_select");
        _topKCompact = Load("top_k.cu", "top_k_compact");
        _crop = Load("crop_resize.cu", "crop_resize");
        _dense = Load("dense_prelu.cu", "dense_prelu");
        _filter = Load("stage_filter.cu", "stage_filter");
        _packFaces = Load("pack_faces.cu", "pack_faces");
        Target = target;
    }

    public string Target { get; }

    /// <summary>
    /// Largest candidate count one NMS launch handles: the reduce kernel's removal set (8 bytes per 64 boxes) lives
    /// in shared memory. The candidate caps keep every NMS far below it (a cap of 50,000 needs 6.1 KiB), so every
    /// launch stays inside the 48 KiB a block gets without opting in.
    /// </summary>
    public const int MaxNmsBoxes = Cascade.CandidateCaps.Max;

    /// <summary>The most dynamic shared memory each kernel is launched with (only nms_reduce uses any).</summary>
    public IEnumerable<(CudaKernel Kernel, int MaxDynamicShared)> SharedMemoryBudget =>
    [
        (_toPlanar, 0), (_pyramid, 0), (_conv, 0), (_pnetHeads, 0), (_sort, 0), (_mask, 0), (_reduce, 8 * ((MaxNmsBoxes + 63) / 64)),
        (_topKSelect, 0), (_topKCompact, 0), (_crop, 0), (_dense, 0), (_filter, 0), (_packFaces, 0),
    ];

    /// <summary>
    /// Grid cap of a launch whose live size is read on the device (sized by a candidate cap): 1024 blocks of 256
    /// threads fill an H100 (132 SMs × 2048 threads) about once, and an empty batch then costs one small grid
    /// instead of cap-many exiting blocks. The kernels loop (grid-stride) over whatever the live count needs.
    /// </summary>
    public const int LiveGridBlocks = 1024;

    /// <summary>Row blocks of a live-count dense launch (grid.y): each block loops over rows y, y + 64, ...</summary>
    public const int LiveDenseRows = 64;

    /// <summary>Tile grid side of nms_mask (≤ 32 × 32 blocks of 64 threads), whose tiles past the live count exit.</summary>
    public const int MaskGridSide = 32;

    /// <summary>A 1-D launch over <paramref name="threads"/>, its grid capped when the kernel reads its live count on the device.</summary>
    private static CudaKernel CoverLive(CudaKernel kernel, long threads, bool live) =>
        kernel.Cover(live ? Math.Min(threads, (long)LiveGridBlocks * 256) : threads);

    public void ToPlanar(CudaStream s, in ToPlanarParams p) => _toPlanar.Cover((long)p.Width * p.Height).Launch(s, p);

    public unsafe void Pyramid(CudaStream s, in PyramidParams p)
    {
        int total;
        fixed (int* offsets = p.Offset) total = offsets[p.Levels];
        _pyramid.Cover(total).Launch(s, p);
    }

    public void Conv(CudaStream s, in ConvParams p) => CoverLive(_conv, (long)p.Batch * p.Cout * p.OutH * p.OutW, p.Live != 0).Launch(s, p);

    public void PNetHeads(CudaStream s, in PNetHeadsParams p) => _pnetHeads.Cover((long)p.Height * p.Width).Launch(s, p);

    /// <summary>Sort → mask → reduce for up to <paramref name="capacity"/> boxes whose live count is on the device.</summary>
    public void Nms(CudaStream s, ulong boxes, ulong count, int capacity, ulong sorted, ulong mask,
        float threshold, bool minMode, bool plusOne, ulong output, ulong outputCount, int postOp, bool rekey)
    {
        if (capacity <= 0) return;
        if (capacity > MaxNmsBoxes) throw new NotSupportedException($"NMS over {capacity} boxes exceeds the device NMS limit of {MaxNmsBoxes}.");
        int words = (capacity + 63) / 64;
        _sort.Cover(capacity).Launch(s, new NmsSortParams { In = boxes, Out = sorted, Count = count, Capacity = capacity });
        uint side = (uint)Math.Min(words, MaskGridSide);
        _mask.GridDimensions = (side, side, 1);
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

    public void Crop(CudaStream s, in CropParams p) => CoverLive(_crop, (long)p.Count * 3 * p.Size * p.Size, p.Live != 0).Launch(s, p);

    public void Dense(CudaStream s, in DenseParams p)
    {
        if (p.Batch <= 0) return;
        // Block rows loop over the batch (grid.y is limited to 65535; a live-count launch uses a small fixed grid).
        int rows = Math.Min(p.Batch, p.Live != 0 ? LiveDenseRows : 65535);
        _dense.GridDimensions = ((uint)((p.Outputs + 7) / 8), (uint)rows, 1);
        _dense.BlockDimensions = (32, 8, 1);
        _dense.Launch(s, p);
    }

    public void Filter(CudaStream s, in FilterParams p) => CoverLive(_filter, p.Batch, p.Live != 0).Launch(s, p);

    /// <summary>Packs min(*count, capacity) final faces and their landmarks for one copy back (kernels/pack_faces.cu).</summary>
    public void PackFaces(CudaStream s, in PackFacesParams p) => _packFaces.Cover(Math.Min(p.Capacity, 256)).Launch(s, p);

    public void Dispose()
    {
        foreach (var m in _modules) m.Dispose();
        _modules.Clear();
    }
}
