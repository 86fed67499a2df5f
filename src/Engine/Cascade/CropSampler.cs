namespace MtcnnCuda.Cascade;

/// <summary>
/// Cuts a crop window out of a planar image (3×H×W, raw 0..255 values), resamples it to size×size with area
/// interpolation and normalises it: out = (v − mean) × scale. Pixels of the window outside the image count as
/// zero (the MATLAB release's zero padding). The window is never materialised: each output pixel sums its
/// area-interpolation rectangle clipped to the image, so the cost is bounded by the image, not the box.
/// </summary>
internal static class CropSampler
{
    public static void Sample(ReadOnlySpan<float> image, int height, int width, CropWindow window, int size,
        float mean, float scale, Span<float> output)
    {
        int cw = window.Width, ch = window.Height;
        Span<int> x0 = stackalloc int[size], x1 = stackalloc int[size];
        for (int i = 0; i < size; i++)
        {
            x0[i] = Math.Clamp(window.X0 + AreaResample.Start(i, cw, size), 0, width);
            x1[i] = Math.Clamp(window.X0 + AreaResample.End(i, cw, size), 0, width);
        }
        for (int oy = 0; oy < size; oy++)
        {
            int ys = AreaResample.Start(oy, ch, size), ye = AreaResample.End(oy, ch, size);
            int y0 = Math.Clamp(window.Y0 + ys, 0, height), y1 = Math.Clamp(window.Y0 + ye, 0, height);
            for (int ox = 0; ox < size; ox++)
            {
                int xs = AreaResample.Start(ox, cw, size), xe = AreaResample.End(ox, cw, size);
                float inv = 1f / ((float)(ye - ys) * (xe - xs));
                for (int c = 0; c < 3; c++)
                {
                    float sum = 0f;
                    var plane = image.Slice(c * height * width, height * width);
                    for (int y = y0; y < y1; y++)
                    {
                        var row = plane.Slice(y * width, width);
                        for (int x = x0[ox]; x < x1[ox]; x++) sum += row[x];
                    }
                    output[(c * size + oy) * size + ox] = (sum * inv - mean) * scale;
                }
            }
        }
    }
}
