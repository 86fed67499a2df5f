using SkiaSharp;

namespace MtcnnCuda.Tools;

/// <summary>
/// An image decoded to upright, unpremultiplied RGBA (8 bits per channel, tightly packed): the EXIF orientation is
/// already applied, so <see cref="Width"/> and <see cref="Height"/> are those of the image as it is meant to be seen.
/// </summary>
internal sealed record DecodedImage(byte[] Rgba, int Width, int Height, SKEncodedOrigin Origin, SKEncodedImageFormat Format)
{
    /// <summary>A view for the detector; the engine ignores the alpha channel.</summary>
    public ImageData ToImageData() => new(Rgba, Width, Height, PixelFormat.Rgba32);

    /// <summary>The pixel at (x, y) as R, G, B, A.</summary>
    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        int i = (y * Width + x) * 4;
        return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
    }
}
