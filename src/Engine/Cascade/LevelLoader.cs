namespace MtcnnCuda.Cascade;

/// <summary>
/// One pyramid level as PNet's first layer reads it: area-resampled, normalised ((v − mean) × scale) and
/// channels-last (lh × lw × 3), written a band of output rows at a time so levels can be loaded in parallel.
/// Bit-identical to <see cref="AreaResample.Planar"/> followed by normalisation: every mean is summed in the
/// same order (columns first, then rows, then one multiply by the reciprocal window height).
/// </summary>
internal static class LevelLoader
{
    /// <summary>Column windows of a level: start and end (exclusive) per output column, in <paramref name="windows"/> (2·lw ints).</summary>
    public static void ColumnWindows(int w, int lw, Span<int> windows)
    {
        for (int i = 0; i < lw; i++)
        {
            windows[2 * i] = AreaResample.Start(i, w, lw);
            windows[2 * i + 1] = AreaResample.End(i, w, lw);
        }
    }

    /// <summary>
    /// Output rows [oy0, oy1) of the level from a planar 3×h×w image. <paramref name="rowSums"/> needs 3·lw floats;
    /// <paramref name="windows"/> comes from <see cref="ColumnWindows"/>.
    /// </summary>
    public static void Rows(ReadOnlySpan<float> planar, int h, int w, ReadOnlySpan<int> windows, int lh, int lw,
        float mean, float scale, int oy0, int oy1, Span<float> level, Span<float> rowSums)
    {
        int plane = h * w;
        for (int oy = oy0; oy < oy1; oy++)
        {
            int y0 = AreaResample.Start(oy, h, lh), y1 = AreaResample.End(oy, h, lh);
            float inv = 1f / (y1 - y0);
            var acc = rowSums.Slice(0, 3 * lw);
            acc.Clear();
            for (int y = y0; y < y1; y++)
            {
                for (int c = 0; c < 3; c++)
                {
                    var line = planar.Slice(c * plane + y * w, w);
                    for (int i = 0; i < lw; i++)
                    {
                        int a = windows[2 * i], b = windows[2 * i + 1];
                        float sum = 0f;
                        for (int j = a; j < b; j++) sum += line[j];
                        acc[3 * i + c] += sum / (b - a);
                    }
                }
            }
            var output = level.Slice(oy * lw * 3, lw * 3);
            for (int i = 0; i < 3 * lw; i++) output[i] = (acc[i] * inv - mean) * scale;
        }
    }
}
