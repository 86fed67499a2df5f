using SkiaSharp;

namespace MtcnnCuda.Tests;

/// <summary>Decodes test images into tightly packed RGB24 buffers.</summary>
public static class TestImages
{
    public static ImageData LoadRgb(string path)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"cannot decode {path}");
        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
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
}
