namespace MtcnnCuda.Cascade;

/// <summary>
/// Area resampling as PyTorch's interpolate(mode="area") / adaptive_avg_pool2d computes it: output pixel (y, x)
/// is the mean of input rows [⌊y·H/h⌋, ⌈(y+1)·H/h⌉) × columns [⌊x·W/w⌋, ⌈(x+1)·W/w⌉). Separable: columns first, then rows.
/// </summary>
internal static class AreaResample
{
    public static int Start(int index, int input, int output) => (int)((long)index * input / output);
    public static int End(int index, int input, int output) => (int)(((long)(index + 1) * input + output - 1) / output);

    /// <summary>Resamples each of <paramref name="channels"/> planes of src (h×w) into dst (oh×ow).</summary>
    public static void Planar(ReadOnlySpan<float> src, int channels, int h, int w, Span<float> dst, int oh, int ow)
    {
        // Column windows are the same for every row: compute them once, not per row.
        var x0 = new int[ow];
        var x1 = new int[ow];
        for (int i = 0; i < ow; i++)
        {
            x0[i] = Start(i, w, ow);
            x1[i] = End(i, w, ow);
        }
        var rows = new float[h * ow];
        for (int c = 0; c < channels; c++)
        {
            var plane = src.Slice(c * h * w, h * w);
            for (int y = 0; y < h; y++)
            {
                var line = plane.Slice(y * w, w);
                var outLine = rows.AsSpan(y * ow, ow);
                for (int i = 0; i < ow; i++)
                {
                    float sum = 0f;
                    for (int j = x0[i]; j < x1[i]; j++) sum += line[j];
                    outLine[i] = sum / (x1[i] - x0[i]);
                }
            }
            var outPlane = dst.Slice(c * oh * ow, oh * ow);
            for (int oy = 0; oy < oh; oy++)
            {
                int y0 = Start(oy, h, oh), y1 = End(oy, h, oh);
                float inv = 1f / (y1 - y0);
                var outRow = outPlane.Slice(oy * ow, ow);
                outRow.Clear();
                for (int y = y0; y < y1; y++)
                {
                    var r = rows.AsSpan(y * ow, ow);
                    for (int x = 0; x < ow; x++) outRow[x] += r[x];
                }
                for (int x = 0; x < ow; x++) outRow[x] *= inv;
            }
        }
    }
}
