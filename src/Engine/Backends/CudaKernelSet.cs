using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// The cascade's kernels loaded into one context, with typed launchers that set the launch shape each kernel's
/// header comment documents. Compiled once per process and architecture (<see cref="KernelSources.Compiled"/>).
/// </summary>
internal sealed partial class CudaKernelSet : IDisposable
{
    private readonly List<CudaModule> _modules = [];
    private readonly CudaKernel _toPlanar, _pyramid, _conv, _pnetHeads, _crop, _dense, _filter;

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
        _topKSelect = Load("top_k.cu", "top_k_select");
        _topKCompact = Load("top_k.cu", "top_k_compact");
        _sortTiles = Load("nms_sort.cu", "nms_sort_tiles");
        _sortMerge = Load("nms_sort.cu", "nms_sort_merge");
        _mask = Load("nms_mask.cu", "nms_mask");
        _greedy = Load("nms.cu", "nms_greedy");
        _gather = Load("nms.cu", "nms_gather");
        _crop = Load("crop_resize.cu", "crop_resize");
        _dense = Load("dense_prelu.cu", "dense_prelu");
        _filter = Load("stage_filter.cu", "stage_filter");
        Target = target;
    }

    public string Target { get; }

    /// <summary>The most dynamic shared memory each kernel is launched with (only nms_greedy uses any).</summary>
    public IEnumerable<(CudaKernel Kernel, int MaxDynamicShared)> SharedMemoryBudget =>
    [
        (_toPlanar, 0), (_pyramid, 0), (_conv, 0), (_pnetHeads, 0), (_topKSelect, 0), (_topKCompact, 0), (_sortTiles, 0),
        (_sortMerge, 0), (_mask, 0), (_greedy, GreedySharedBytes(MaxNmsBoxes)), (_gather, 0), (_crop, 0), (_dense, 0), (_filter, 0),
    ];

    public void ToPlanar(CudaStream s, in ToPlanarParams p) => _toPlanar.Cover((long)p.Width * p.Height).Launch(s, p);

    public unsafe void Pyramid(CudaStream s, in PyramidParams p)
    {
        int total;
        fixed (int* offsets = p.Offset) total = offsets[p.Levels];
        _pyramid.Cover(total).Launch(s, p);
    }

    public void Conv(CudaStream s, in ConvParams p) => _conv.Cover((long)p.Batch * p.Cout * p.OutH * p.OutW).Launch(s, p);

    public void PNetHeads(CudaStream s, in PNetHeadsParams p) => _pnetHeads.Cover((long)p.Height * p.Width).Launch(s, p);

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
