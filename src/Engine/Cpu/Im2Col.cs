namespace MtcnnCuda.Cpu;

/// <summary>Layer helpers on channels-last maps (H × W × C with channel stride ldc ≥ C) beside <see cref="DirectConv"/>.</summary>
internal static class Im2Col
{
    /// <summary>Channels-last max-pool in ceil mode over channel-padded pixels (all ldc channels pooled).</summary>
    public static void MaxPool(ReadOnlySpan<float> input, int h, int w, int ldc, int k, int s, Span<float> output)
    {
        int oh = CpuOps.PoolOutputSize(h, k, s), ow = CpuOps.PoolOutputSize(w, k, s);
        int vw = System.Numerics.Vector<float>.Count;
        for (int y = 0; y < oh; y++)
        {
            int ys = y * s, ye = Math.Min(ys + k, h);
            for (int x = 0; x < ow; x++)
            {
                int xs = x * s, xe = Math.Min(xs + k, w);
                var dst = output.Slice((y * ow + x) * ldc, ldc);
                input.Slice((ys * w + xs) * ldc, ldc).CopyTo(dst);
                for (int yy = ys; yy < ye; yy++)
                {
                    for (int xx = yy == ys ? xs + 1 : xs; xx < xe; xx++)
                    {
                        var src = input.Slice((yy * w + xx) * ldc, ldc);
                        int ch = 0;
                        for (; ch + vw <= ldc; ch += vw)
                            System.Numerics.Vector.Max(new System.Numerics.Vector<float>(dst.Slice(ch)), new System.Numerics.Vector<float>(src.Slice(ch))).CopyTo(dst.Slice(ch));
                        for (; ch < ldc; ch++) dst[ch] = MathF.Max(dst[ch], src[ch]);
                    }
                }
            }
        }
    }
}
