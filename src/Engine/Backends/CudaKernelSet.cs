using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// The cascade's kernels loaded into one context, with typed launchers that set the launch shape each kernel's
/// header comment documents. Compiled once per process and architecture (<see cref="KernelSources.Compiled"/>).
/// </summary>
internal sealed partial class CudaKernelSet : IDisposable
{
    private readonly List<CudaModule> _modules = [];
    private readonly CudaKernel _rowSums, _pnetFused, _cropConv, _cropDense, _cropHeads, _packFaces;

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
        _rowSums = Load("row_sums.cu", "row_sums");
        _pnetFused = Load("pnet_fused.cu", "pnet_fused");
        _topKSelect = Load("top_k.cu", "top_k_select");
        _topKCompact = Load("top_k.cu", "top_k_compact");
        _sortTiles = Load("nms_sort.cu", "nms_sort_tiles");
        _sortMerge = Load("nms_sort.cu", "nms_sort_merge");
        _mask = Load("nms_mask.cu", "nms_mask");
        _greedy = Load("nms.cu", "nms_greedy");
        _gather = Load("nms.cu", "nms_gather");
        _cropConv = Load("crop_net_conv.cu", "crop_net_conv");
        _cropDense = Load("crop_net_dense.cu", "crop_net_dense");
        _cropHeads = Load("crop_net_heads.cu", "crop_net_heads");
        _packFaces = Load("pack_faces.cu", "pack_faces");
        Target = target;
        CropConvSharedLimit = CropNetLayer.SharedLimit(context.Device.Major);
        if (CropConvSharedLimit > CudaKernel.DefaultSharedMemoryLimit) _cropConv.AllowDynamicSharedMemory(CropConvSharedLimit);
        SupportsTf32 = context.Device.Major >= 8;
        Multiprocessors = Math.Max(1, context.Device.MultiprocessorCount);
    }

    public string Target { get; }

    /// <summary>Dynamic shared memory crop_net_conv may use per block on this device (opted in where over 48 KiB).</summary>
    public int CropConvSharedLimit { get; }

    /// <summary>Streaming multiprocessors of the device: crop_net_conv splits channels across blocks to fill them.</summary>
    public int Multiprocessors { get; }

    /// <summary>True when the device has TF32 tensor cores (sm_80+): crop_net_conv's mma.sync path is compiled in.</summary>
    public bool SupportsTf32 { get; }

    /// <summary>
    /// The most dynamic shared memory each kernel is launched with, for the kernels that stay within 48 KiB
    /// (pnet_fused's 48,440 bytes are static).
    /// </summary>
    public IEnumerable<(CudaKernel Kernel, int MaxDynamicShared)> SharedMemoryBudget =>
    [
        (_rowSums, 0), (_pnetFused, 0), (_topKSelect, 0), (_topKCompact, 0), (_sortTiles, 0),
        (_sortMerge, 0), (_mask, 0), (_greedy, GreedySharedBytes(MaxNmsBoxes)), (_gather, 0), (_cropDense, 0), (_cropHeads, 0), (_packFaces, 0),
    ];

    /// <summary>
    /// Kernels that opt in to more than 48 KiB of shared memory: the most dynamic shared memory they are launched
    /// with (every RNet/ONet layer's plan in both precisions) and the limit they opted in to.
    /// </summary>
    public IEnumerable<(CudaKernel Kernel, int MaxDynamicShared, int Limit)> OptInSharedMemoryBudget =>
    [
        (_cropConv, CropNetLayer.All.Max(l => Math.Max(l.SharedBytes(l.CoTile(false, CropConvSharedLimit)),
            SupportsTf32 ? l.SharedBytes(l.CoTile(true, CropConvSharedLimit)) : 0)), CropConvSharedLimit),
    ];

    /// <summary>
    /// Grid cap of a launch whose live size is read on the device (sized by a candidate cap): 1024 blocks of 256
    /// threads fill an H100 (132 SMs × 2048 threads) about once, and an empty batch then costs one small grid
    /// instead of cap-many exiting blocks. The kernels loop (grid-stride) over whatever the live count needs.
    /// </summary>
    public const int LiveGridBlocks = 1024;

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

    /// <summary>One RNet/ONet conv layer: a block per crop, shared memory as the kernel's header lays it out.</summary>
    public void CropConv(CudaStream s, in CropConvParams p)
    {
        if (p.Count <= 0) return;
        if (p.CoTile <= 0 || p.CoTile % (p.Tf32 != 0 ? 8 : 4) != 0 || p.KPad != (p.Cin * p.K * p.K + 7) / 8 * 8)
            throw new ArgumentException($"crop_net_conv: channel chunk {p.CoTile} must be a positive multiple of 4 (8 with TF32) and KPad {p.KPad} the patch length rounded up to 8.");
        long bytes = CropNetLayer.ConvSharedBytes(p.Cin, p.H, p.W, p.K, p.CoTile);
        if (bytes > CropConvSharedLimit)
            throw new NotSupportedException($"crop_net_conv needs {bytes} bytes of shared memory per block; this device allows {CropConvSharedLimit}.");
        if (p.Tf32 != 0 && !SupportsTf32) throw new NotSupportedException("TF32 tensor cores need a GPU of compute capability 8.0 or newer.");
        int chunks = (p.Cout + p.CoTile - 1) / p.CoTile;
        if (p.ChunksPerBlock <= 0) throw new ArgumentException($"crop_net_conv: ChunksPerBlock must be positive; got {p.ChunksPerBlock}.");
        _cropConv.GridDimensions = ((uint)Math.Min(p.Count, LiveGridBlocks), (uint)((chunks + p.ChunksPerBlock - 1) / p.ChunksPerBlock), 1);
        _cropConv.BlockDimensions = (256, 1, 1);
        _cropConv.DynamicSharedMemory = (uint)bytes;
        _cropConv.Launch(s, p);
    }

    /// <summary>The first dense layer as one GEMM: 64×64 output tiles.</summary>
    public void CropDense(CudaStream s, in CropDenseParams p)
    {
        if (p.Batch <= 0) return;
        _cropDense.GridDimensions = ((uint)((p.Outputs + 63) / 64), (uint)((p.Batch + 63) / 64), 1);
        _cropDense.BlockDimensions = (256, 1, 1);
        _cropDense.Launch(s, p);
    }

    /// <summary>Heads + threshold + compaction, one thread per crop.</summary>
    public void CropHeads(CudaStream s, in CropHeadsParams p)
    {
        if (p.Batch <= 0) return;
        if (p.FeaturesPerCrop > 256) throw new ArgumentOutOfRangeException(nameof(p), "crop_net_heads stages at most 256 features per head row.");
        _cropHeads.Cover(p.Batch, 128).Launch(s, p);
    }

    /// <summary>Packs min(*count, capacity) final faces and their landmarks for one copy back (kernels/pack_faces.cu).</summary>
    public void PackFaces(CudaStream s, in PackFacesParams p) => _packFaces.Cover(Math.Min(p.Capacity, 256)).Launch(s, p);

    public void Dispose()
    {
        foreach (var m in _modules) m.Dispose();
        _modules.Clear();
    }
}
