using SkiaSharp;

namespace MtcnnCuda.Imaging;

/// <summary>
/// An image decoded to upright, unpremultiplied RGBA (8 bits per channel, tightly packed): the EXIF orientation is
/// already applied, so <see cref="Width"/> and <see cref="Height"/> are those of the image as it is meant to be seen.
/// </summary>
public sealed record DecodedImage(byte[] Rgba, int Width, int Height, SKEncodedOrigin Origin, SKEncodedImageFormat Format)
{
    /// <summary>A view for the detector; the engine ignores the alpha channel.</summary>
    public ImageData ToImageData() => new(Rgba, Width, Height, PixelFormat.Rgba32);

    /// <summary>A tightly packed RGB24 copy (alpha dropped), for code that works on three channels.</summary>
    public ImageData ToRgb24()
    {
        var rgb = new byte[Width * Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = Rgba[i];
            rgb[j + 1] = Rgba[i + 1];
            rgb[j + 2] = Rgba[i + 2];
        }
        return new ImageData(rgb, Width, Height, PixelFormat.Rgb24);
    }

    /// <summary>A SkiaSharp bitmap of the upright pixels (unpremultiplied RGBA), for drawing or compositing.</summary>
    public SKBitmap ToBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(Rgba, 0, bitmap.GetPixels(), Rgba.Length);
        return bitmap;
    }

    /// <summary>The pixel at (x, y) as R, G, B, A.</summary>
    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        int i = (y * Width + x) * 4;
        return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
    }
}
