namespace MtcnnCuda.Cascade;

/// <summary>
/// Prefix sums along every row of each channel of an 8-bit image, modulo 2^16: S[c, y, j] = Σ_{k &lt; j} pixel[c, y, k]
/// mod 65536, j = 0..W, stored as ushorts at (c·H + y)·(W + 1) + j (2 bytes a sample: half the float planar copy
/// this replaces). Area resampling needs column-window sums Σ_{a ≤ k &lt; b}: (S[b] − S[a]) mod 65536 is exact for
/// windows of up to <see cref="ExactSpan"/> pixels, and wider windows add such spans (<see cref="WindowSum"/>). The
/// sums are whole numbers equal to the left-to-right float sum the reference takes (every partial sum is a whole
/// number below 2^24 for windows up to 65,793 pixels), so resampled values are bit-identical while a window costs
/// two loads per 257 pixels instead of one per pixel.
/// </summary>
internal readonly struct RowSums(ushort[] data, int width, int height)
{
    /// <summary>Widest window whose sum (≤ 257 · 255 = 65535) one modular difference gives exactly.</summary>
    public const int ExactSpan = 257;

    public ushort[] Data { get; } = data;
    public int Width { get; } = width;
    public int Height { get; } = height;

    public static long Length(int width, int height) => 3L * height * (width + 1);

    /// <summary>Row <paramref name="y"/> of channel <paramref name="c"/> (W + 1 prefix sums).</summary>
    public ReadOnlySpan<ushort> Row(int c, int y) => Data.AsSpan((c * Height + y) * (Width + 1), Width + 1);

    /// <summary>From interleaved pixels, channels in the nets' order, into <paramref name="data"/> (≥ <see cref="Length"/> ints).</summary>
    /// <summary>Σ row[start .. start + length) from a row's modular prefix sums, exactly.</summary>
    public static int WindowSum(ReadOnlySpan<ushort> row, int start, int length)
    {
        if (length <= ExactSpan) return (ushort)(row[start + length] - row[start]);
        int sum = 0;
        for (int k = 0; k < length; k += ExactSpan)
            sum += (ushort)(row[start + Math.Min(length, k + ExactSpan)] - row[start + k]);
        return sum;
    }

    public static RowSums FromPixels(PixelView image, bool rgbOrder, ushort[] data)
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
                s0[x + 1] = (ushort)a0; s1[x + 1] = (ushort)a1; s2[x + 1] = (ushort)a2;
            }
        }
        return new RowSums(data, w, h);
    }

    /// <summary>From a planar 3×H×W float image of whole numbers 0..255 (anything else is rejected: the sums would not be exact).</summary>
    public static RowSums FromPlanar(ReadOnlySpan<float> planar, int width, int height, ushort[] data)
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
                sums[x + 1] = (ushort)acc;
            }
        }
        return new RowSums(data, width, height);
    }
}
