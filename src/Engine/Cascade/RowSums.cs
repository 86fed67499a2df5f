namespace MtcnnCuda.Cascade;

/// <summary>
/// Prefix sums along every row of each channel of an 8-bit image: S[c, y, j] = Σ_{k &lt; j} pixel[c, y, k], j = 0..W,
/// stored as ints at (c·H + y)·(W + 1) + j. Area resampling needs column-window sums Σ_{a ≤ k &lt; b} = S[b] − S[a]
/// of whole numbers: exact in ints, and equal to the left-to-right float sum the reference takes (every partial sum
/// is a whole number below 2^24 for rows up to 65,793 pixels wide), so the resampled values are bit-identical
/// while each window costs two loads instead of its width. Replaces the float planar copy of the image.
/// </summary>
internal readonly struct RowSums(int[] data, int width, int height)
{
    public int[] Data { get; } = data;
    public int Width { get; } = width;
    public int Height { get; } = height;

    public static long Length(int width, int height) => 3L * height * (width + 1);

    /// <summary>Row <paramref name="y"/> of channel <paramref name="c"/> (W + 1 prefix sums).</summary>
    public ReadOnlySpan<int> Row(int c, int y) => Data.AsSpan((c * Height + y) * (Width + 1), Width + 1);

    /// <summary>From interleaved pixels, channels in the nets' order, into <paramref name="data"/> (≥ <see cref="Length"/> ints).</summary>
    public static RowSums FromPixels(PixelView image, bool rgbOrder, int[] data)
    {
        int w = image.Width, h = image.Height, bpp = image.Format.BytesPerPixel();
        if (data.Length < Length(w, h)) throw new ArgumentException("Row-sum buffer is too small for the image.");
        bool swap = image.Format.IsRedFirst() != rgbOrder;
        int first = swap ? 2 : 0, last = swap ? 0 : 2, pitch = w + 1;
        for (int y = 0; y < h; y++)
        {
            var row = image.Pixels.Slice(y * image.Stride, w * bpp);
            var s0 = data.AsSpan(y * pitch, pitch);
            var s1 = data.AsSpan((h + y) * pitch, pitch);
            var s2 = data.AsSpan((2 * h + y) * pitch, pitch);
            int a0 = 0, a1 = 0, a2 = 0;
            s0[0] = 0; s1[0] = 0; s2[0] = 0;
            for (int x = 0, p = 0; x < w; x++, p += bpp)
            {
                a0 += row[p + first]; a1 += row[p + 1]; a2 += row[p + last];
                s0[x + 1] = a0; s1[x + 1] = a1; s2[x + 1] = a2;
            }
        }
        return new RowSums(data, w, h);
    }

    /// <summary>From a planar 3×H×W float image of whole numbers 0..255 (anything else is rejected: the sums would not be exact).</summary>
    public static RowSums FromPlanar(ReadOnlySpan<float> planar, int width, int height, int[] data)
    {
        if (planar.Length < 3L * width * height) throw new ArgumentException($"Planar image holds fewer than 3×{height}×{width} values.");
        if (data.Length < Length(width, height)) throw new ArgumentException("Row-sum buffer is too small for the image.");
        int pitch = width + 1;
        for (int r = 0; r < 3 * height; r++)
        {
            var line = planar.Slice(r * width, width);
            var sums = data.AsSpan(r * pitch, pitch);
            int acc = 0;
            sums[0] = 0;
            for (int x = 0; x < width; x++)
            {
                float v = line[x];
                if (!(v >= 0f && v <= 255f) || v != MathF.Floor(v))
                    throw new ArgumentException($"Planar image value {v} at channel {r / height}, row {r % height}, column {x} is not a whole number in 0..255.");
                acc += (int)v;
                sums[x + 1] = acc;
            }
        }
        return new RowSums(data, width, height);
    }
}
