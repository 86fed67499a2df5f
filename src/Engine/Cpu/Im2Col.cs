namespace MtcnnCuda.Cpu;

/// <summary>
/// Patch gathering for <see cref="Gemm"/> on channels-last maps (H × W × C with channel stride ldc ≥ C):
/// row (y·ow + x) of the patch matrix holds, for each (ky, kx), the C channels of pixel (y + ky, x + kx).
/// </summary>
internal static class Im2Col
{
    /// <summary>Patches of output rows [y0, y1) of a valid k×k convolution.</summary>
    public static void Gather(ReadOnlySpan<float> input, int w, int c, int ldc, int k, int y0, int y1, Span<float> patches)
    {
        int ow = w - k + 1, kdim = k * k * c;
        for (int y = y0; y < y1; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                var row = patches.Slice(((y - y0) * ow + x) * kdim, kdim);
                int o = 0;
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        input.Slice(((y + ky) * w + x + kx) * ldc, c).CopyTo(row.Slice(o, c));
                        o += c;
                    }
                }
            }
        }
    }

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
