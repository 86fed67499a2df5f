using System.Buffers;
using MtcnnCuda.Cpu;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.Cpu;

/// <summary>
/// The straightforward forward passes (planar maps, one CpuOps layer after another): the oracle for CpuNets' packed GEMM path.
/// Thread-safe: all scratch memory is per call. PNet parallelises over output rows, RNet/ONet over crops.
/// </summary>
internal sealed class ReferenceNets
{
    private readonly MtcnnWeights _w;
    private readonly ParallelOptions _parallel;
    private readonly float[] _rnetDense4, _onetDense5;

    public ReferenceNets(MtcnnWeights weights, int threads = 0)
    {
        _w = weights;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        _rnetDense4 = weights.FirstDenseWeightNchw(NetKind.RNet);
        _onetDense5 = weights.FirstDenseWeightNchw(NetKind.ONet);
    }

    private float[] P(NetKind net, string name) => _w.Get(net, name).Data;

    /// <summary>PNet on a 3×h×w normalised image (h, w ≥ 12).</summary>
    public PNetOutput RunPNet(float[] input, int h, int w)
    {
        const NetKind n = NetKind.PNet;
        int h1 = h - 2, w1 = w - 2;
        var c1 = new float[10 * h1 * w1];
        ConvParallel(input, 3, h, w, P(n, "conv1.weight"), P(n, "conv1.bias"), 10, 3, c1, P(n, "prelu1.weight"));
        int hp = CpuOps.PoolOutputSize(h1, 2, 2), wp = CpuOps.PoolOutputSize(w1, 2, 2);
        var p1 = new float[10 * hp * wp];
        CpuOps.MaxPool(c1, 10, h1, w1, 2, 2, p1);
        int h2 = hp - 2, w2 = wp - 2;
        var c2 = new float[16 * h2 * w2];
        ConvParallel(p1, 10, hp, wp, P(n, "conv2.weight"), P(n, "conv2.bias"), 16, 3, c2, P(n, "prelu2.weight"));
        int h3 = h2 - 2, w3 = w2 - 2;
        var c3 = new float[32 * h3 * w3];
        ConvParallel(c2, 16, h2, w2, P(n, "conv3.weight"), P(n, "conv3.bias"), 32, 3, c3, P(n, "prelu3.weight"));
        int plane = h3 * w3;
        var logits = new float[2 * plane];
        var reg = new float[4 * plane];
        CpuOps.Conv2d(c3, 32, h3, w3, P(n, "conv4_1.weight"), P(n, "conv4_1.bias"), 2, 1, logits);
        CpuOps.Conv2d(c3, 32, h3, w3, P(n, "conv4_2.weight"), P(n, "conv4_2.bias"), 4, 1, reg);
        var prob = new float[plane];
        for (int i = 0; i < plane; i++) prob[i] = CpuOps.FaceProbability(logits[i], logits[plane + i]);
        return new PNetOutput(prob, reg, h3, w3);
    }

    private void ConvParallel(float[] input, int cin, int h, int w, float[] weight, float[] bias, int cout, int k, float[] output, float[] alpha)
    {
        int oh = h - k + 1;
        long work = (long)oh * (w - k + 1) * cout * cin * k * k;
        if (work < 200_000 || _parallel.MaxDegreeOfParallelism == 1)
        {
            CpuOps.Conv2d(input, cin, h, w, weight, bias, cout, k, output, alpha);
            return;
        }
        int blocks = Math.Min(oh, _parallel.MaxDegreeOfParallelism * 4);
        Parallel.For(0, blocks, _parallel, b =>
        {
            int y0 = (int)((long)oh * b / blocks), y1 = (int)((long)oh * (b + 1) / blocks);
            for (int y = y0; y < y1; y++)
                CpuOps.Conv2dRow(input, cin, h, w, weight, bias, cout, k, output, alpha, y);
        });
    }

    /// <summary>RNet on <paramref name="count"/> normalised 3×24×24 crops laid out one after another.</summary>
    public StageOutput RunRNet(float[] batch, int count)
    {
        const int inSize = 3 * 24 * 24;
        bool landmarks = _w.HasRNetLandmarks;
        var prob = new float[count];
        var reg = new float[count * 4];
        var marks = landmarks ? new float[count * 10] : null;
        Parallel.For(0, count, _parallel, () => ArrayPool<float>.Shared.Rent(28 * 22 * 22 * 2), (i, _, scratch) =>
        {
            RNetOne(batch.AsSpan(i * inSize, inSize), scratch, out prob[i], reg.AsSpan(i * 4, 4), marks is null ? default : marks.AsSpan(i * 10, 10));
            return scratch;
        }, scratch => ArrayPool<float>.Shared.Return(scratch));
        return new StageOutput(prob, reg, marks, count);
    }

    private void RNetOne(ReadOnlySpan<float> input, float[] scratch, out float prob, Span<float> reg, Span<float> marks)
    {
        const NetKind n = NetKind.RNet;
        var a = scratch.AsSpan(0, 28 * 22 * 22);
        var b = scratch.AsSpan(28 * 22 * 22);
        CpuOps.Conv2d(input, 3, 24, 24, P(n, "conv1.weight"), P(n, "conv1.bias"), 28, 3, a, P(n, "prelu1.weight"));
        CpuOps.MaxPool(a, 28, 22, 22, 3, 2, b);                       // 28×11×11
        CpuOps.Conv2d(b, 28, 11, 11, P(n, "conv2.weight"), P(n, "conv2.bias"), 48, 3, a, P(n, "prelu2.weight")); // 48×9×9
        CpuOps.MaxPool(a, 48, 9, 9, 3, 2, b);                         // 48×4×4
        CpuOps.Conv2d(b, 48, 4, 4, P(n, "conv3.weight"), P(n, "conv3.bias"), 64, 2, a, P(n, "prelu3.weight"));   // 64×3×3
        Span<float> d4 = stackalloc float[128];
        CpuOps.Dense(a[..576], _rnetDense4, P(n, "dense4.bias"), d4, P(n, "prelu4.weight"));
        Heads(n, d4, "dense5_1", "dense5_2", "dense5_3", out prob, reg, marks);
    }

    /// <summary>ONet on <paramref name="count"/> normalised 3×48×48 crops laid out one after another.</summary>
    public StageOutput RunONet(float[] batch, int count)
    {
        const int inSize = 3 * 48 * 48;
        var prob = new float[count];
        var reg = new float[count * 4];
        var marks = new float[count * 10];
        Parallel.For(0, count, _parallel, () => ArrayPool<float>.Shared.Rent(32 * 46 * 46 + 32 * 23 * 23), (i, _, scratch) =>
        {
            ONetOne(batch.AsSpan(i * inSize, inSize), scratch, out prob[i], reg.AsSpan(i * 4, 4), marks.AsSpan(i * 10, 10));
            return scratch;
        }, scratch => ArrayPool<float>.Shared.Return(scratch));
        return new StageOutput(prob, reg, marks, count);
    }

    private void ONetOne(ReadOnlySpan<float> input, float[] scratch, out float prob, Span<float> reg, Span<float> marks)
    {
        const NetKind n = NetKind.ONet;
        var a = scratch.AsSpan(0, 32 * 46 * 46);
        var b = scratch.AsSpan(32 * 46 * 46);
        CpuOps.Conv2d(input, 3, 48, 48, P(n, "conv1.weight"), P(n, "conv1.bias"), 32, 3, a, P(n, "prelu1.weight")); // 32×46×46
        CpuOps.MaxPool(a, 32, 46, 46, 3, 2, b);                       // 32×23×23
        CpuOps.Conv2d(b, 32, 23, 23, P(n, "conv2.weight"), P(n, "conv2.bias"), 64, 3, a, P(n, "prelu2.weight"));    // 64×21×21
        CpuOps.MaxPool(a, 64, 21, 21, 3, 2, b);                       // 64×10×10
        CpuOps.Conv2d(b, 64, 10, 10, P(n, "conv3.weight"), P(n, "conv3.bias"), 64, 3, a, P(n, "prelu3.weight"));    // 64×8×8
        CpuOps.MaxPool(a, 64, 8, 8, 2, 2, b);                         // 64×4×4
        CpuOps.Conv2d(b, 64, 4, 4, P(n, "conv4.weight"), P(n, "conv4.bias"), 128, 2, a, P(n, "prelu4.weight"));     // 128×3×3
        Span<float> d5 = stackalloc float[256];
        CpuOps.Dense(a[..1152], _onetDense5, P(n, "dense5.bias"), d5, P(n, "prelu5.weight"));
        Heads(n, d5, "dense6_1", "dense6_2", "dense6_3", out prob, reg, marks);
    }

    private void Heads(NetKind n, ReadOnlySpan<float> features, string cls, string box, string landmarks,
        out float prob, Span<float> reg, Span<float> marks)
    {
        Span<float> logits = stackalloc float[2];
        CpuOps.Dense(features, P(n, cls + ".weight"), P(n, cls + ".bias"), logits);
        prob = CpuOps.FaceProbability(logits[0], logits[1]);
        CpuOps.Dense(features, P(n, box + ".weight"), P(n, box + ".bias"), reg);
        if (!marks.IsEmpty) CpuOps.Dense(features, P(n, landmarks + ".weight"), P(n, landmarks + ".bias"), marks);
    }
}

