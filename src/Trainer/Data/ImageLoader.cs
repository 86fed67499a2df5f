using MtcnnCuda.Imaging;
using SkiaSharp;

namespace MtcnnCuda.Trainer.Data;

/// <summary>A decoded image as planar float RGB (3×H×W, values 0..255), the layout the engine's crop sampler reads.</summary>
public sealed record PlanarRgb(float[] Data, int Width, int Height);

/// <summary>
/// Training images through the project's one decoder (<see cref="ImageDecoder"/>: EXIF orientation applied, as at
/// detection time, so annotations and pixels agree with what the detector sees), plus JPEG writing for composed sets.
/// </summary>
public static class ImageLoader
{
    /// <exception cref="ImageDecodeException">The file is missing or not a decodable image (the message names it).</exception>
    public static PlanarRgb Load(string path)
    {
        var image = ImageDecoder.Decode(path);
        int plane = image.Width * image.Height;
        var src = image.Rgba;
        var data = new float[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            data[i] = src[4 * i];
            data[plane + i] = src[4 * i + 1];
            data[2 * plane + i] = src[4 * i + 2];
        }
        return new PlanarRgb(data, image.Width, image.Height);
    }

    /// <summary>Upright width and height from the file header, without decoding the pixels.</summary>
    public static (int Width, int Height) Size(string path) => ImageDecoder.ReadSize(path);

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
