using SkiaSharp;

namespace MtcnnCuda.Trainer.Data;

/// <summary>A decoded image as planar float RGB (3×H×W, values 0..255), the layout the engine's crop sampler reads.</summary>
public sealed record PlanarRgb(float[] Data, int Width, int Height);

/// <summary>Decodes image files with SkiaSharp.</summary>
public static class ImageLoader
{
    public static PlanarRgb Load(string path)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"Cannot decode image '{path}'.");
        using var rgba = bitmap.ColorType == SKColorType.Rgba8888 ? null : bitmap.Copy(SKColorType.Rgba8888);
        var source = rgba ?? bitmap;
        int w = source.Width, h = source.Height, plane = w * h;
        var src = source.GetPixelSpan();
        var data = new float[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            data[i] = src[4 * i];
            data[plane + i] = src[4 * i + 1];
            data[2 * plane + i] = src[4 * i + 2];
        }
        return new PlanarRgb(data, w, h);
    }

    /// <summary>Width and height from the file header, without decoding the pixels.</summary>
    public static (int Width, int Height) Size(string path)
    {
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException($"Cannot read image '{path}'.");
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Writes interleaved RGB24 pixels as a JPEG (for composing synthetic sets and debugging).</summary>
    public static void SaveJpeg(string path, byte[] rgb, int width, int height, int quality = 92)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var dst = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(bitmap.GetPixelSpan()), width * height * 4);
        for (int i = 0; i < width * height; i++)
        {
            dst[4 * i] = rgb[3 * i];
            dst[4 * i + 1] = rgb[3 * i + 1];
            dst[4 * i + 2] = rgb[3 * i + 2];
            dst[4 * i + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
