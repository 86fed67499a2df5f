namespace MtcnnCuda.Tests.Align;

/// <summary>Synthetic images and faces for the aligner tests.</summary>
internal static class AlignTestData
{
    /// <summary>A smooth colour pattern with noise, in any format, rows padded by <paramref name="padding"/> bytes.</summary>
    public static ImageData Image(int width, int height, PixelFormat format, int padding = 0, int seed = 1)
    {
        var random = new Random(seed);
        int bpp = format.BytesPerPixel(), stride = width * bpp + padding;
        var pixels = new byte[stride * height];
        random.NextBytes(pixels); // padding and alpha hold garbage the aligner must ignore
        bool redFirst = format.IsRedFirst();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int o = y * stride + x * bpp;
                byte r = (byte)Math.Clamp(128 + 100 * Math.Sin(x * 0.07) + random.Next(-20, 21), 0, 255);
                byte g = (byte)Math.Clamp(128 + 100 * Math.Cos(y * 0.05) + random.Next(-20, 21), 0, 255);
                byte b = (byte)((x * 3 + y * 5) & 255);
                pixels[o] = redFirst ? r : b;
                pixels[o + 1] = g;
                pixels[o + 2] = redFirst ? b : r;
            }
        return new ImageData(pixels, width, height, stride, format);
    }

    /// <summary>A face whose landmarks are exactly the 112×112 template mapped by scale, rotation and shift.</summary>
    public static Face ExactFace(double scale, double degrees, double cx, double cy)
    {
        double t = degrees * Math.PI / 180, c = Math.Cos(t) * scale, s = Math.Sin(t) * scale;
        var points = AlignTemplates.ArcFace112
            .Select(p => (X: p.X - 56.0, Y: p.Y - 56.0))
            .Select(p => new PointF((float)(c * p.X - s * p.Y + cx), (float)(s * p.X + c * p.Y + cy)))
            .ToArray();
        float half = (float)(56 * scale);
        var box = new BoundingBox((float)cx - half, (float)cy - half, (float)cx + half, (float)cy + half);
        return new Face(box, 0.99f, new FaceLandmarks(points[0], points[1], points[2], points[3], points[4]));
    }

    public static Face[] SeveralFaces(int width, int height) =>
    [
        ExactFace(0.8, 0, width * 0.3, height * 0.4),
        ExactFace(1.4, 17, width * 0.6, height * 0.5),
        ExactFace(0.55, -30, width * 0.75, height * 0.25),
        ExactFace(1.0, 5, 20, 15), // near the top-left corner: part of the crop lies outside the image
    ];
}
