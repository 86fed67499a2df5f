namespace MtcnnCuda.Cascade;

/// <summary>
/// One pyramid level as PNet's first layer reads it: area-resampled, normalised ((v − mean) × scale) and
/// channels-last (lh × lw × 3), written a band of output rows at a time so levels can be loaded in parallel.
/// Bit-identical to <see cref="AreaResample.Planar"/> followed by normalisation: column-window sums are exact
/// (<see cref="RowSums"/>), then each mean is divided, summed over rows in the same order and multiplied by the
/// same reciprocal window height.
/// </summary>
internal static class LevelLoader
{
    /// <summary>Floats of row-sum scratch <see cref="Rows"/> needs for a level of width lw.</summary>
    public static int RowScratchLength(int lw) => 6 * lw;

    /// <summary>Column windows of a level: <paramref name="windows"/> holds lw starts then lw lengths; divisors lw floats.</summary>
    public static void ColumnWindows(int w, int lw, Span<int> windows, Span<float> divisors) =>
        AreaRow.Windows(w, lw, 0, w, 0, windows.Slice(0, lw), windows.Slice(lw, lw), divisors.Slice(0, lw));

    /// <summary>
    /// Output rows [oy0, oy1) of the level from the image's <see cref="RowSums"/>, with windows from
    /// <see cref="ColumnWindows"/> and <paramref name="rowSums"/> of <see cref="RowScratchLength"/> floats.
    /// </summary>
    public static void Rows(RowSums image, ReadOnlySpan<int> windows, ReadOnlySpan<float> divisors, int lh, int lw,
        float mean, float scale, int oy0, int oy1, Span<float> level, Span<float> rowSums)
    {
        int h = image.Height;
        var start = windows.Slice(0, lw);
        var length = windows.Slice(lw, lw);
        var div = divisors.Slice(0, lw);
        var acc = rowSums.Slice(0, 3 * lw);
        // Column means of the last input row read, per channel: adjacent output rows share their boundary row.
        var means = rowSums.Slice(3 * lw, 3 * lw);
        int meansRow = -1;
        for (int oy = oy0; oy < oy1; oy++)
        {
            int y0 = AreaResample.Start(oy, h, lh), y1 = AreaResample.End(oy, h, lh);
            float inv = 1f / (y1 - y0);
            acc.Clear();
            for (int y = y0; y < y1; y++)
            {
                for (int c = 0; c < 3; c++)
                {
                    var m = means.Slice(c * lw, lw);
                    if (y != meansRow) AreaRow.Means(image.Row(c, y), start, length, div, m);
                    AreaRow.AddInto(acc.Slice(c * lw, lw), m);
                }
                meansRow = y;
            }
            // Channel planes of the accumulator → channels-last, normalised.
            var output = level.Slice(oy * lw * 3, lw * 3);
            for (int c = 0; c < 3; c++)
            {
                var sums = acc.Slice(c * lw, lw);
                for (int i = 0; i < lw; i++) output[3 * i + c] = (sums[i] * inv - mean) * scale;
            }
        }
    }
}
