namespace MtcnnCuda.Cascade;

/// <summary>
/// Cuts a crop window out of a planar image (3×H×W, raw 0..255 values), zero outside the image, resamples it
/// to size×size with area interpolation and normalises it: out = (v − mean) × scale.
/// The crop is never materialised: pixels outside the image are zero and add nothing to the area sums, so only
/// the part of the window inside the image is read (same sums, same order, bit-identical to resampling a
/// zero-padded copy), and memory stays O(rows × size) however far a regressed box reaches past the image.
/// </summary>
internal static class CropSampler
{
    /// <summary>Crop windows larger than this per side are cut to it (a pathological box cannot run away).</summary>
    public const int MaxWindowSide = 1 << 15;

    public static void Sample(ReadOnlySpan<float> image, int height, int width, CropWindow window, int size,
        float mean, float scale, Span<float> output) =>
        Sample(image, height, width, window, size, mean, scale, output, new float[RowBufferLength(height, window, size)]);

    /// <summary>Floats of the row buffer <see cref="Sample(ReadOnlySpan{float}, int, int, CropWindow, int, float, float, Span{float}, Span{float})"/> needs.</summary>
    public static int RowBufferLength(int height, CropWindow window, int size)
    {
        int ch = Math.Min(window.Height, MaxWindowSide);
        int rowLo = (int)Math.Clamp(-(long)window.Y0, 0, ch), rowHi = (int)Math.Clamp((long)height - window.Y0, rowLo, ch);
        return (rowHi - rowLo) * size;
    }

    /// <summary>As above, with the caller's row buffer (at least <see cref="RowBufferLength"/> floats) so nothing is allocated.</summary>
    public static void Sample(ReadOnlySpan<float> image, int height, int width, CropWindow window, int size,
        float mean, float scale, Span<float> output, Span<float> rows) =>
        Sample(new Source(image, default, height, width), window, size, mean, scale, output, rows);

    /// <summary>The same crop from the image's <see cref="RowSums"/> (bit-identical; each column window costs two loads).</summary>
    public static void Sample(RowSums image, CropWindow window, int size, float mean, float scale, Span<float> output, Span<float> rows) =>
        Sample(new Source(default, image, image.Height, image.Width), window, size, mean, scale, output, rows);

    /// <summary>Either a planar float image or its row sums.</summary>
    private readonly ref struct Source(ReadOnlySpan<float> planar, RowSums sums, int height, int width)
    {
        public readonly ReadOnlySpan<float> Planar = planar;
        public readonly RowSums Sums = sums;
        public readonly int Height = height, Width = width;
    }

    private static void Sample(Source image, CropWindow window, int size, float mean, float scale, Span<float> output, Span<float> rows)
    {
        int height = image.Height, width = image.Width;
        int cw = Math.Min(window.Width, MaxWindowSide), ch = Math.Min(window.Height, MaxWindowSide);
        // Crop rows [rowLo, rowHi) and columns [colLo, colHi) lie inside the image.
        int rowLo = (int)Math.Clamp(-(long)window.Y0, 0, ch), rowHi = (int)Math.Clamp((long)height - window.Y0, rowLo, ch);
        int colLo = (int)Math.Clamp(-(long)window.X0, 0, cw), colHi = (int)Math.Clamp((long)width - window.X0, colLo, cw);
        if (rows.Length < (rowHi - rowLo) * size) throw new ArgumentException("Crop row buffer is too small.");
        // Column windows are the same for every row and channel: compute them once, clipped to the image.
        Span<int> start = size <= 256 ? stackalloc int[size] : new int[size];
        Span<int> length = size <= 256 ? stackalloc int[size] : new int[size];
        Span<float> divisor = size <= 256 ? stackalloc float[size] : new float[size];
        AreaRow.Windows(cw, size, colLo, colHi, window.X0, start, length, divisor);
        bool sums = image.Sums.Data is not null;
        for (int c = 0; c < 3; c++)
        {
            // Columns first: each crop row inside the image → size area means (zeros outside are skipped).
            for (int y = rowLo; y < rowHi; y++)
            {
                var dst = rows.Slice((y - rowLo) * size, size);
                if (sums) AreaRow.Means(image.Sums.Row(c, window.Y0 + y), start, length, divisor, dst);
                else AreaRow.Means(image.Planar.Slice((c * height + window.Y0 + y) * width, width), start, length, divisor, dst);
            }
            // Then rows: all-zero rows outside the image are skipped likewise.
            var plane = output.Slice(c * size * size, size * size);
            for (int oy = 0; oy < size; oy++)
            {
                int y0 = AreaResample.Start(oy, ch, size), y1 = AreaResample.End(oy, ch, size);
                float inv = 1f / (y1 - y0);
                var outRow = plane.Slice(oy * size, size);
                outRow.Clear();
                for (int y = Math.Max(y0, rowLo), end = Math.Min(y1, rowHi); y < end; y++)
                    AreaRow.AddInto(outRow, rows.Slice((y - rowLo) * size, size));
                for (int x = 0; x < size; x++) outRow[x] = (outRow[x] * inv - mean) * scale;
            }
        }
    }
}
