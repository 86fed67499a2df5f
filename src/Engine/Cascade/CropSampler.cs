namespace MtcnnCuda.Cascade;

/// <summary>
/// Cuts a crop window out of a planar image (3×H×W, raw 0..255 values), zero outside the image, resamples it
/// to size×size with area interpolation and normalises it: out = (v − mean) × scale.
/// </summary>
internal static class CropSampler
{
    /// <summary>Crop windows larger than this per side are refused (a pathological box cannot exhaust memory).</summary>
    public const int MaxWindowSide = 1 << 15;

    public static void Sample(ReadOnlySpan<float> image, int height, int width, CropWindow window, int size,
        float mean, float scale, Span<float> output)
    {
        int cw = Math.Min(window.Width, MaxWindowSide), ch = Math.Min(window.Height, MaxWindowSide);
        var crop = new float[3 * ch * cw];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < ch; y++)
            {
                int sy = window.Y0 + y;
                if (sy < 0 || sy >= height) continue;
                int x0 = Math.Max(0, -window.X0), x1 = Math.Min(cw, width - window.X0);
                if (x1 <= x0) continue;
                image.Slice((c * height + sy) * width + window.X0 + x0, x1 - x0)
                    .CopyTo(crop.AsSpan((c * ch + y) * cw + x0, x1 - x0));
            }
        }
        AreaResample.Planar(crop, 3, ch, cw, output, size, size);
        for (int i = 0; i < 3 * size * size; i++) output[i] = (output[i] - mean) * scale;
    }
}
