using MtcnnCuda.Imaging;
using SkiaSharp;

namespace MtcnnCuda.Perf.Common;

/// <summary>
/// Images as tightly packed RGB24 for the harness: files are decoded by the project's one decoder
/// (<see cref="ImageDecoder"/>, EXIF orientation applied, as <c>mtcnn detect</c> does); resizing and encoding use SkiaSharp.
/// </summary>
public static class RgbImage
{
    /// <exception cref="ImageDecodeException">The file is missing or not a decodable image (the message names it).</exception>
    public static ImageData Load(string path) => ImageDecoder.Decode(path).ToRgb24();

    public static ImageData FromBitmap(SKBitmap bitmap)
    {
        using var rgba = bitmap.Copy(SKColorType.Rgba8888) ?? throw new InvalidDataException("Cannot convert image to RGBA.");
        int w = rgba.Width, h = rgba.Height;
        var src = rgba.GetPixelSpan();
        var rgb = new byte[w * h * 3];
        for (int i = 0, j = 0; i < w * h; i++, j += 3)
        {
            rgb[j] = src[4 * i];
            rgb[j + 1] = src[4 * i + 1];
            rgb[j + 2] = src[4 * i + 2];
        }
        return new ImageData(rgb, w, h, PixelFormat.Rgb24);
    }

    public static SKBitmap ToBitmap(ImageData image)
    {
        if (image.Format != PixelFormat.Rgb24) throw new ArgumentException("Expected an Rgb24 image.", nameof(image));
        var rgba = new byte[image.Width * image.Height * 4];
        var src = image.Pixels.Span;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                int s = y * image.Stride + 3 * x, d = 4 * (y * image.Width + x);
                rgba[d] = src[s];
                rgba[d + 1] = src[s + 1];
                rgba[d + 2] = src[s + 2];
                rgba[d + 3] = 255;
            }
        var bitmap = new SKBitmap(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }

    /// <summary>Resizes with high-quality filtering (used to make the benchmark's VGA…4K inputs).</summary>
    public static ImageData Resize(ImageData image, int width, int height)
    {
        using var source = ToBitmap(image);
        using var resized = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), SKFilterQuality.High)
            ?? throw new InvalidOperationException($"Resizing to {width}×{height} failed.");
        return FromBitmap(resized);
    }
}
