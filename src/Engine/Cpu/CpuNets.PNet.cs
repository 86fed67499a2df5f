namespace MtcnnCuda.Cpu;

/// <summary>
/// PNet in bands of output rows. PNet is fully convolutional with a 12-row receptive field and stride 2, so output
/// rows [j0, j1) depend only on input rows [2·j0, 2·j1 + 10): a band runs the whole net on that slice and gets
/// exactly the rows the full map would have (the 2×2 pool stays aligned because 2·j0 is even; the last band
/// runs to the bottom of the level, where the ceil-mode pool sees the same partial window). Bands bound the
/// working memory whatever the image size and keep each band's maps cache-sized; conv1 and conv2 recompute the
/// few rows bands overlap by.
/// </summary>
internal sealed partial class CpuNets
{
    /// <summary>PNet output rows per band.</summary>
    public const int PNetBandHeight = 16;

    /// <summary>Floats per output cell of <see cref="PNetBand"/>: logits 0–1, box offsets 2–5, padding.</summary>
    public int PNetHeadStride => _pHeads.N8;

    public static (int Height, int Width) PNetOutputSize(int h, int w)
    {
        int hp = CpuOps.PoolOutputSize(h - 2, 2, 2), wp = CpuOps.PoolOutputSize(w - 2, 2, 2);
        return (hp - 4, wp - 4);
    }

    public static int PNetBandCount(int outputHeight) => (outputHeight + PNetBandHeight - 1) / PNetBandHeight;

    public static (int J0, int J1) PNetBandRows(int band, int outputHeight) =>
        (band * PNetBandHeight, Math.Min(outputHeight, (band + 1) * PNetBandHeight));

    /// <summary>
    /// Head outputs for PNet rows [j0, j1) of a channels-last, normalised h×w×3 level: (j1 − j0) × outputWidth cells
    /// of <see cref="PNetHeadStride"/> floats, in <paramref name="scratch"/> (valid until its next PNet band).
    /// </summary>
    public ReadOnlySpan<float> PNetBand(ReadOnlySpan<float> level, int h, int w, int j0, int j1, Scratch scratch)
    {
        var (hf, wf) = PNetOutputSize(h, w);
        if (level.Length < 3 * h * w || j0 < 0 || j1 > hf || j0 >= j1) throw new ArgumentException($"Bad PNet band [{j0}, {j1}) of {hf} rows.");
        int r0 = 2 * j0, rows = j1 == hf ? h - r0 : 2 * (j1 - j0) + 10;
        var input = level.Slice(r0 * w * 3, rows * w * 3);

        int h1 = rows - 2, w1 = w - 2, n1 = _p1.N8;
        var c1 = scratch.Floats(ScratchSlots.PNetConv1, h1 * w1 * n1);
        var offsets = scratch.Ints(ScratchSlots.PNetOffsets1, _p1.K);
        DirectConv.PatchOffsets(3, 3, 3, w * 3, offsets);
        for (int y = 0; y < h1; y++) DirectConv.Run(input, y * w * 3, 3, offsets, w1, _p1, c1, y * w1 * n1, n1);

        int hp = CpuOps.PoolOutputSize(h1, 2, 2), wp = CpuOps.PoolOutputSize(w1, 2, 2);
        var p1 = scratch.Floats(ScratchSlots.PNetPool1, hp * wp * n1);
        Im2Col.MaxPool(c1.AsSpan(0, h1 * w1 * n1), h1, w1, n1, 2, 2, p1);

        int h2 = hp - 2, w2 = wp - 2, n2 = _p2.N8;
        var c2 = scratch.Floats(ScratchSlots.PNetConv2, h2 * w2 * n2);
        offsets = scratch.Ints(ScratchSlots.PNetOffsets2, _p2.K);
        DirectConv.PatchOffsets(3, _p2.Cin, n1, wp * n1, offsets);
        for (int y = 0; y < h2; y++) DirectConv.Run(p1, y * wp * n1, n1, offsets, w2, _p2, c2, y * w2 * n2, n2);

        int h3 = h2 - 2, w3 = w2 - 2, n3 = _p3.N8;
        var c3 = scratch.Floats(ScratchSlots.PNetConv3, h3 * w3 * n3);
        offsets = scratch.Ints(ScratchSlots.PNetOffsets3, _p3.K);
        DirectConv.PatchOffsets(3, _p3.Cin, n2, w2 * n2, offsets);
        for (int y = 0; y < h3; y++) DirectConv.Run(c2, y * w2 * n2, n2, offsets, w3, _p3, c3, y * w3 * n3, n3);

        // 1×1 heads over every cell of the band at once (cells are contiguous, channel stride n3).
        var heads = scratch.Floats(ScratchSlots.PNetHeads, h3 * w3 * _pHeads.N8);
        DirectConv.Run(c3, 0, n3, _denseOffsets.AsSpan(0, _pHeads.K), h3 * w3, _pHeads, heads, 0, _pHeads.N8);
        if (h3 != j1 - j0 || w3 != wf) throw new InvalidOperationException($"PNet band produced {h3}×{w3}, expected {j1 - j0}×{wf}.");
        return heads.AsSpan(0, h3 * w3 * _pHeads.N8);
    }
}
