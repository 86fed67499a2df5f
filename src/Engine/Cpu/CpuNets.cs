using MtcnnCuda.Weights;

namespace MtcnnCuda.Cpu;

/// <summary>PNet output on one pyramid level: face probability (H×W) and box offsets (4×H×W, planar).</summary>
internal sealed record PNetOutput(float[] Prob, float[] Reg, int Height, int Width);

/// <summary>RNet/ONet output for a batch: probability (N), box offsets (N×4) and landmarks (N×10) when the net has them.</summary>
internal sealed record StageOutput(float[] Prob, float[] Reg, float[]? Landmarks, int Count);

/// <summary>
/// Forward passes of PNet, RNet and ONet. Every conv and dense layer is a <see cref="DirectConv"/> implicit GEMM
/// on channels-last maps whose channel stride is padded to a multiple of 8, with PReLU in its epilogue; heads
/// are fused into one layer. PNet runs in horizontal bands (bounded memory, cache-sized working set, the unit of
/// parallel work); RNet/ONet run their conv layers per crop and their dense layers as one GEMM over all crops.
/// Thread-safe: working memory comes from a pool of <see cref="Scratch"/> sets, one per concurrent worker.
/// </summary>
internal sealed partial class CpuNets : ICascadeNets, IDisposable
{
    private readonly ParallelOptions _parallel;
    private readonly ScratchPool _scratch = new();
    private readonly PackedConv _p1, _p2, _p3, _pHeads;
    private readonly PackedConv _r1, _r2, _r3, _r4, _rHeads;
    private readonly PackedConv _o1, _o2, _o3, _o4, _o5, _oHeads;
    private readonly bool _rnetLandmarks;

    public CpuNets(MtcnnWeights weights, int threads = 0)
    {
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        PackedConv Conv(NetKind n, string conv, string prelu, int cout, int cin, int k) =>
            new(weights.Get(n, conv + ".weight").Data, weights.Get(n, conv + ".bias").Data, weights.Get(n, prelu + ".weight").Data, cout, cin, k);
        (float[], float[], int) Head(NetKind n, string name, int outputs) =>
            (weights.Get(n, name + ".weight").Data, weights.Get(n, name + ".bias").Data, outputs);

        _p1 = Conv(NetKind.PNet, "conv1", "prelu1", 10, 3, 3);
        _p2 = Conv(NetKind.PNet, "conv2", "prelu2", 16, 10, 3);
        _p3 = Conv(NetKind.PNet, "conv3", "prelu3", 32, 16, 3);
        _pHeads = PackedConv.Concat(32, Head(NetKind.PNet, "conv4_1", 2), Head(NetKind.PNet, "conv4_2", 4));

        _r1 = Conv(NetKind.RNet, "conv1", "prelu1", 28, 3, 3);
        _r2 = Conv(NetKind.RNet, "conv2", "prelu2", 48, 28, 3);
        _r3 = Conv(NetKind.RNet, "conv3", "prelu3", 64, 48, 2);
        _r4 = new PackedConv(DenseHwc(weights, NetKind.RNet, 64), weights.Get(NetKind.RNet, "dense4.bias").Data,
            weights.Get(NetKind.RNet, "prelu4.weight").Data, 128, 576, 1);
        _rnetLandmarks = weights.HasRNetLandmarks;
        _rHeads = _rnetLandmarks
            ? PackedConv.Concat(128, Head(NetKind.RNet, "dense5_1", 2), Head(NetKind.RNet, "dense5_2", 4), Head(NetKind.RNet, "dense5_3", 10))
            : PackedConv.Concat(128, Head(NetKind.RNet, "dense5_1", 2), Head(NetKind.RNet, "dense5_2", 4));

        _o1 = Conv(NetKind.ONet, "conv1", "prelu1", 32, 3, 3);
        _o2 = Conv(NetKind.ONet, "conv2", "prelu2", 64, 32, 3);
        _o3 = Conv(NetKind.ONet, "conv3", "prelu3", 64, 64, 3);
        _o4 = Conv(NetKind.ONet, "conv4", "prelu4", 128, 64, 2);
        _o5 = new PackedConv(DenseHwc(weights, NetKind.ONet, 128), weights.Get(NetKind.ONet, "dense5.bias").Data,
            weights.Get(NetKind.ONet, "prelu5.weight").Data, 256, 1152, 1);
        _oHeads = PackedConv.Concat(256, Head(NetKind.ONet, "dense6_1", 2), Head(NetKind.ONet, "dense6_2", 4), Head(NetKind.ONet, "dense6_3", 10));
        _rnetPlan = RNetPlan();
        _onetPlan = ONetPlan();
    }

    /// <summary>Levels run one after another, each split into bands that run on the worker threads.</summary>
    public bool ConcurrentLevels => false;

    internal ParallelOptions Parallel => _parallel;

    internal ScratchPool ScratchPool => _scratch;

    /// <summary>First dense layer's weights with columns in channels-last order of the 3×3×C feature map.</summary>
    private static float[] DenseHwc(MtcnnWeights weights, NetKind kind, int channels)
    {
        var nchw = weights.FirstDenseWeightNchw(kind);
        int inputs = 9 * channels, outputs = nchw.Length / inputs;
        var hwc = new float[nchw.Length];
        for (int o = 0; o < outputs; o++)
            for (int c = 0; c < channels; c++)
                for (int p = 0; p < 9; p++)
                    hwc[o * inputs + p * channels + c] = nchw[o * inputs + c * 9 + p];
        return hwc;
    }

    /// <summary>
    /// PNet on a 3×h×w normalised planar image (h, w ≥ 12). With <paramref name="parallel"/> its bands run on the
    /// worker threads. Allocates its result maps; the detector's own path (<see cref="PNetBand"/>) does not.
    /// </summary>
    public PNetOutput RunPNet(float[] input, int h, int w, bool parallel = true)
    {
        if (h < 12 || w < 12 || input.Length < 3 * h * w) throw new ArgumentException($"PNet needs a 3×{h}×{w} input with h, w ≥ 12.");
        var level = new float[3 * h * w];
        int plane = h * w;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < plane; i++) level[3 * i + c] = input[c * plane + i];
        var (hf, wf) = PNetOutputSize(h, w);
        var prob = new float[hf * wf];
        var reg = new float[4 * hf * wf];
        int bands = PNetBandCount(hf);
        var options = parallel ? _parallel : new ParallelOptions { MaxDegreeOfParallelism = 1 };
        System.Threading.Tasks.Parallel.For(0, bands, options, _scratch.Rent, (band, _, scratch) =>
        {
            var (j0, j1) = PNetBandRows(band, hf);
            var heads = PNetBand(level, h, w, j0, j1, scratch);
            int n8 = _pHeads.N8, plane2 = hf * wf;
            for (int i = 0; i < (j1 - j0) * wf; i++)
            {
                int o = j0 * wf + i;
                prob[o] = CpuOps.FaceProbability(heads[i * n8], heads[i * n8 + 1]);
                for (int r = 0; r < 4; r++) reg[r * plane2 + o] = heads[i * n8 + 2 + r];
            }
            return scratch;
        }, _scratch.Return);
        return new PNetOutput(prob, reg, hf, wf);
    }

    public void Dispose() => _scratch.Dispose();
}
