using System.Buffers;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Cpu;

/// <summary>PNet output on one pyramid level: face probability (H×W) and box offsets (4×H×W, planar).</summary>
internal sealed record PNetOutput(float[] Prob, float[] Reg, int Height, int Width);

/// <summary>RNet/ONet output for a batch: probability (N), box offsets (N×4) and landmarks (N×10) when the net has them.</summary>
internal sealed record StageOutput(float[] Prob, float[] Reg, float[]? Landmarks, int Count);

/// <summary>
/// Forward passes of PNet, RNet and ONet on normalised planar input. Every conv and dense layer runs as
/// im2col + a register-blocked GEMM (<see cref="Gemm"/>) on channels-last maps whose channel stride is padded
/// to a multiple of 8; heads are fused into one GEMM. Thread-safe: scratch memory is per call.
/// PNet parallelises over output rows, RNet/ONet over crops.
/// </summary>
internal sealed class CpuNets : ICascadeNets
{
    private readonly ParallelOptions _parallel;
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
    }

    /// <summary>Levels run concurrently on the worker threads, each level's layers serially.</summary>
    public bool ConcurrentLevels => true;

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
    /// PNet on a 3×h×w normalised planar image (h, w ≥ 12). With <paramref name="parallel"/> the conv layers split
    /// their rows over the worker threads; callers that already run several levels at once pass false.
    /// </summary>
    public PNetOutput RunPNet(float[] input, int h, int w, bool parallel = true)
    {
        var x0 = ToChannelsLast(input, 3, h * w);
        int h1 = h - 2, w1 = w - 2;
        var c1 = ConvLayer(x0, h, w, 3, _p1, parallel);
        int hp = CpuOps.PoolOutputSize(h1, 2, 2), wp = CpuOps.PoolOutputSize(w1, 2, 2);
        var p1 = new float[hp * wp * _p1.N8];
        Im2Col.MaxPool(c1, h1, w1, _p1.N8, 2, 2, p1);
        var c2 = ConvLayer(p1, hp, wp, _p1.N8, _p2, parallel);
        int h2 = hp - 2, w2 = wp - 2;
        var c3 = ConvLayer(c2, h2, w2, _p2.N8, _p3, parallel);
        int h3 = h2 - 2, w3 = w2 - 2, plane = h3 * w3;
        var heads = ConvLayer(c3, h3, w3, _p3.N8, _pHeads, parallel);
        var prob = new float[plane];
        var reg = new float[4 * plane];
        int n8 = _pHeads.N8;
        for (int i = 0; i < plane; i++)
        {
            prob[i] = CpuOps.FaceProbability(heads[i * n8], heads[i * n8 + 1]);
            for (int r = 0; r < 4; r++) reg[r * plane + i] = heads[i * n8 + 2 + r];
        }
        return new PNetOutput(prob, reg, h3, w3);
    }

    /// <summary>RNet on <paramref name="count"/> normalised 3×24×24 planar crops laid out one after another.</summary>
    public StageOutput RunRNet(float[] batch, int count)
    {
        const int inSize = 3 * 24 * 24;
        var prob = new float[count];
        var reg = new float[count * 4];
        var marks = _rnetLandmarks ? new float[count * 10] : null;
        Parallel.For(0, count, _parallel, i =>
        {
            var x = ToChannelsLast(batch.AsSpan(i * inSize, inSize), 3, 24 * 24);
            var a = ConvLayer(x, 24, 24, 3, _r1, parallel: false);            // 22×22
            var b = Pool(a, 22, 22, _r1.N8, 3, 2);                            // 11×11
            a = ConvLayer(b, 11, 11, _r1.N8, _r2, parallel: false);           // 9×9
            b = Pool(a, 9, 9, _r2.N8, 3, 2);                                  // 4×4
            a = ConvLayer(b, 4, 4, _r2.N8, _r3, parallel: false);             // 3×3×64
            var d = Dense(a, _r4);
            var heads = Dense(d, _rHeads);
            prob[i] = CpuOps.FaceProbability(heads[0], heads[1]);
            heads.AsSpan(2, 4).CopyTo(reg.AsSpan(i * 4, 4));
            if (marks is not null) heads.AsSpan(6, 10).CopyTo(marks.AsSpan(i * 10, 10));
        });
        return new StageOutput(prob, reg, marks, count);
    }

    /// <summary>ONet on <paramref name="count"/> normalised 3×48×48 planar crops laid out one after another.</summary>
    public StageOutput RunONet(float[] batch, int count)
    {
        const int inSize = 3 * 48 * 48;
        var prob = new float[count];
        var reg = new float[count * 4];
        var marks = new float[count * 10];
        Parallel.For(0, count, _parallel, i =>
        {
            var x = ToChannelsLast(batch.AsSpan(i * inSize, inSize), 3, 48 * 48);
            var a = ConvLayer(x, 48, 48, 3, _o1, parallel: false);            // 46×46
            var b = Pool(a, 46, 46, _o1.N8, 3, 2);                            // 23×23
            a = ConvLayer(b, 23, 23, _o1.N8, _o2, parallel: false);           // 21×21
            b = Pool(a, 21, 21, _o2.N8, 3, 2);                                // 10×10
            a = ConvLayer(b, 10, 10, _o2.N8, _o3, parallel: false);           // 8×8
            b = Pool(a, 8, 8, _o3.N8, 2, 2);                                  // 4×4
            a = ConvLayer(b, 4, 4, _o3.N8, _o4, parallel: false);             // 3×3×128
            var d = Dense(a, _o5);
            var heads = Dense(d, _oHeads);
            prob[i] = CpuOps.FaceProbability(heads[0], heads[1]);
            heads.AsSpan(2, 4).CopyTo(reg.AsSpan(i * 4, 4));
            heads.AsSpan(6, 10).CopyTo(marks.AsSpan(i * 10, 10));
        });
        return new StageOutput(prob, reg, marks, count);
    }

    private static float[] ToChannelsLast(ReadOnlySpan<float> planar, int channels, int plane)
    {
        var result = new float[plane * channels];
        for (int c = 0; c < channels; c++)
        {
            var src = planar.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++) result[i * channels + c] = src[i];
        }
        return result;
    }

    private static float[] Pool(float[] input, int h, int w, int ldc, int k, int s)
    {
        var output = new float[CpuOps.PoolOutputSize(h, k, s) * CpuOps.PoolOutputSize(w, k, s) * ldc];
        Im2Col.MaxPool(input, h, w, ldc, k, s, output);
        return output;
    }

    /// <summary>A dense layer on a vector, or on a 3×3 channels-last map flattened in (h, w, c) order.</summary>
    private static float[] Dense(float[] input, PackedConv layer)
    {
        var flat = input;
        if (input.Length != layer.Cin)
        {
            // Drop the channel padding of a 3×3 map: (h, w, c) with stride ldc → dense (h, w, c).
            int c = layer.Cin / 9, ldc = input.Length / 9;
            flat = new float[layer.Cin];
            for (int p = 0; p < 9; p++) input.AsSpan(p * ldc, c).CopyTo(flat.AsSpan(p * c, c));
        }
        var output = new float[layer.N8];
        Gemm.Run(flat, 1, layer, output);
        return output;
    }

    /// <summary>Valid k×k convolution of a channels-last map (channel stride ldc, cin real channels) via im2col + GEMM.</summary>
    private float[] ConvLayer(float[] input, int h, int w, int ldc, PackedConv layer, bool parallel)
    {
        int k = layer.Kernel, oh = h - k + 1, ow = w - k + 1;
        var output = new float[oh * ow * layer.N8];
        // Row chunks small enough that their patch matrix stays in cache-friendly, bounded scratch.
        int rowsPerChunk = Math.Max(1, 32768 / Math.Max(1, ow * layer.K));
        int chunks = (oh + rowsPerChunk - 1) / rowsPerChunk;
        void RunChunk(int chunk)
        {
            int y0 = chunk * rowsPerChunk, y1 = Math.Min(oh, y0 + rowsPerChunk);
            int rows = (y1 - y0) * ow;
            var patches = ArrayPool<float>.Shared.Rent(rows * layer.K);
            try
            {
                Im2Col.Gather(input, w, layer.Cin, ldc, k, y0, y1, patches);
                Gemm.Run(patches.AsSpan(0, rows * layer.K), rows, layer, output.AsSpan(y0 * ow * layer.N8, rows * layer.N8));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(patches);
            }
        }
        if (parallel && chunks > 1 && _parallel.MaxDegreeOfParallelism > 1 && (long)oh * ow * layer.K * layer.N8 > 100_000)
            Parallel.For(0, chunks, _parallel, RunChunk);
        else
            for (int chunk = 0; chunk < chunks; chunk++) RunChunk(chunk);
        return output;
    }
}
