namespace MtcnnCuda.Cascade;

/// <summary>Converts interleaved 8-bit pixels to planar float (3×H×W, values 0..255) in the nets' channel order.</summary>
internal static class PlanarImage
{
    public static float[] FromPixels(PixelView image, bool rgbOrder)
    {
        var planar = new float[3 * image.Width * image.Height];
        FromPixels(image, rgbOrder, planar);
        return planar;
    }

    /// <summary>Into the caller's buffer (at least 3·W·H floats).</summary>
    public static void FromPixels(PixelView image, bool rgbOrder, Span<float> planar)
    {
        int w = image.Width, h = image.Height, bpp = image.Format.BytesPerPixel();
        if (planar.Length < 3 * w * h) throw new ArgumentException("Planar buffer is too small for the image.");
        // Index of the byte that feeds plane 0 and plane 2 within a pixel.
        bool swap = image.Format.IsRedFirst() != rgbOrder;
        int first = swap ? 2 : 0, last = swap ? 0 : 2;
        int plane = w * h;
        var pixels = image.Pixels;
        for (int y = 0; y < h; y++)
        {
            var row = pixels.Slice(y * image.Stride, w * bpp);
            int o = y * w;
            for (int x = 0, p = 0; x < w; x++, p += bpp)
            {
                planar[o + x] = row[p + first];
                planar[plane + o + x] = row[p + 1];
                planar[2 * plane + o + x] = row[p + last];
            }
        }
    }
}
