using SkiaSharp;

namespace MtcnnCuda.Imaging;

/// <summary>
/// Applies an EXIF orientation (where the stored first row and first column belong in the upright picture) to an
/// RGBA buffer, giving the upright picture. Exact pixel moves, no resampling.
/// </summary>
public static class Orientation
{
    /// <summary>True when the upright picture's width is the stored height (orientations 5–8).</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    public static byte[] ToUpright(byte[] stored, int width, int height, SKEncodedOrigin origin, out int uprightWidth, out int uprightHeight)
    {
        bool swap = SwapsAxes(origin);
        uprightWidth = swap ? height : width;
        uprightHeight = swap ? width : height;
        if (origin == SKEncodedOrigin.TopLeft) return stored;

        var upright = new byte[stored.Length];
        var src = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(stored.AsSpan());
        var dst = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(upright.AsSpan());
        int uw = uprightWidth, uh = uprightHeight;
        for (int y = 0; y < uh; y++)
        {
            for (int x = 0; x < uw; x++)
            {
                var (sx, sy) = StoredPosition(origin, x, y, width, height);
                dst[y * uw + x] = src[sy * width + sx];
            }
        }
        return upright;
    }

    /// <summary>The stored pixel shown at upright position (x, y); <paramref name="width"/>×<paramref name="height"/> is the stored size.</summary>
    public static (int X, int Y) StoredPosition(SKEncodedOrigin origin, int x, int y, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopLeft => (x, y),
        SKEncodedOrigin.TopRight => (width - 1 - x, y),                 // mirrored left-right
        SKEncodedOrigin.BottomRight => (width - 1 - x, height - 1 - y), // rotated 180°
        SKEncodedOrigin.BottomLeft => (x, height - 1 - y),              // mirrored top-bottom
        SKEncodedOrigin.LeftTop => (y, x),                              // transposed
        SKEncodedOrigin.RightTop => (y, height - 1 - x),                // shown rotated 90° clockwise
        SKEncodedOrigin.RightBottom => (width - 1 - y, height - 1 - x), // transverse
        SKEncodedOrigin.LeftBottom => (width - 1 - y, x),               // shown rotated 90° counter-clockwise
        _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "Unknown EXIF orientation."),
    };
}
