using MtcnnCuda.Weights;

namespace MtcnnCuda.Backends;

/// <summary>
/// One conv layer of RNet or ONet as kernels/crop_net_conv.cu runs it (square maps: the crop size, then the pooled
/// sizes), and its shared-memory plan: the input map, a chunk of output channels' weights and conv maps, and the
/// patch offset table, all in one block's shared memory.
/// </summary>
internal sealed record CropNetLayer(NetKind Net, string Conv, string Prelu, int Cin, int Size, int Cout, int K, int PoolK, int PoolS)
{
    /// <summary>RNet's conv layers on 24×24 crops, then ONet's on 48×48 crops (the first of each reads pixels).</summary>
    public static readonly CropNetLayer[] RNet =
    [
        new(NetKind.RNet, "conv1", "prelu1", 3, 24, 28, 3, 3, 2),    // 28×22×22 → pool 11×11
        new(NetKind.RNet, "conv2", "prelu2", 28, 11, 48, 3, 3, 2),   // 48×9×9 → pool 4×4
        new(NetKind.RNet, "conv3", "prelu3", 48, 4, 64, 2, 0, 0),    // 64×3×3
    ];

    public static readonly CropNetLayer[] ONet =
    [
        new(NetKind.ONet, "conv1", "prelu1", 3, 48, 32, 3, 3, 2),    // 32×46×46 → pool 23×23
        new(NetKind.ONet, "conv2", "prelu2", 32, 23, 64, 3, 3, 2),   // 64×21×21 → pool 10×10
        new(NetKind.ONet, "conv3", "prelu3", 64, 10, 64, 3, 2, 2),   // 64×8×8 → pool 4×4
        new(NetKind.ONet, "conv4", "prelu4", 64, 4, 128, 2, 0, 0),   // 128×3×3
    ];

    public static IEnumerable<CropNetLayer> All => RNet.Concat(ONet);

    /// <summary>Output channels per chunk at most: more adds little work per barrier and costs occupancy.</summary>
    public const int MaxCoTile = 32;

    public int ConvSize => Size - K + 1;
    public int OutSize => PoolK > 0 ? Cpu.CpuOps.PoolOutputSize(ConvSize, PoolK, PoolS) : ConvSize;
    public int OutputsPerCrop => Cout * OutSize * OutSize;

    /// <summary>The patch length Cin·K·K rounded up to the tensor-core k-step of 8.</summary>
    public int KPad => (Cin * K * K + 7) / 8 * 8;

    /// <summary>Dynamic shared memory of one block with <paramref name="coTile"/> channels per chunk (crop_net_conv's layout).</summary>
    public int SharedBytes(int coTile) => ConvSharedBytes(Cin, Size, Size, K, coTile);

    /// <summary>
    /// crop_net_conv's dynamic shared memory: input map (padded to 4 floats), weights [k_pad][co_tile + 4], conv maps
    /// of the chunk, patch offsets.
    /// </summary>
    public static int ConvSharedBytes(int cin, int h, int w, int k, int coTile)
    {
        int kPad = (cin * k * k + 7) / 8 * 8, conv = (h - k + 1) * (w - k + 1);
        return 4 * ((cin * h * w + 3) / 4 * 4 + kPad * (coTile + 4) + coTile * conv + kPad);
    }

    /// <summary>
    /// The largest channel chunk (a multiple of 4; of 8, the mma tile width, for TF32) up to <see cref="MaxCoTile"/>
    /// whose shared memory fits <paramref name="limit"/> bytes.
    /// </summary>
    /// <exception cref="NotSupportedException">Not even the smallest chunk fits (a device with little shared memory).</exception>
    public int CoTile(bool tf32, int limit)
    {
        int step = tf32 ? 8 : 4, best = 0;
        for (int t = step; t <= Math.Min(MaxCoTile, (Cout + step - 1) / step * step); t += step)
            if (SharedBytes(t) <= limit) best = t;
        if (best == 0)
            throw new NotSupportedException(
                $"{Net} {Conv} needs {SharedBytes(step)} bytes of shared memory per block; this device allows {limit}.");
        return best;
    }

    /// <summary>
    /// Channel chunks per block so that <paramref name="count"/> crops make at least 4 blocks per multiprocessor
    /// (a batch of 20 ONet crops must not leave most of a 132-SM GPU idle); one block per crop once the batch does.
    /// </summary>
    public int ChunksPerBlock(int coTile, int count, int multiprocessors)
    {
        int chunks = (Cout + coTile - 1) / coTile;
        long wanted = 4L * multiprocessors;
        int slices = (int)Math.Clamp((wanted + Math.Max(count, 1) - 1) / Math.Max(count, 1), 1, chunks);
        return (chunks + slices - 1) / slices;
    }

    /// <summary>
    /// Shared memory per block crop_net_conv opts in to: 99 KiB on sm_80 and newer (the least of that family: sm_86
    /// and sm_89; sm_80 has 163 KiB, sm_90 227 KiB), else the default 48 KiB, in which ONet's whole-map layers do not
    /// fit (the device is then refused: see <see cref="CheckDevice"/>).
    /// </summary>
    public static int SharedLimit(int major) => major >= 8 ? 99 * 1024 : 48 * 1024;

    /// <summary>Throws <see cref="NotSupportedException"/> (naming the layer and the bytes) when a layer has no plan within <paramref name="limit"/>.</summary>
    public static void CheckDevice(int limit)
    {
        foreach (var layer in All) layer.CoTile(false, limit);
    }
}
