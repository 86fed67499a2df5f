using System.Runtime.InteropServices;
using SkiaSharp;

namespace MtcnnCuda.Imaging;

/// <summary>
/// The project's one image decoder (SkiaSharp) into upright RGBA: any format Skia reads (JPEG incl. grayscale and
/// CMYK, PNG incl. 16-bit and alpha, WebP, GIF first frame, BMP, ICO), EXIF orientation applied. Embedded colour
/// profiles are not applied (pixel values are used as stored, as most MTCNN ports do). Every failure is an
/// <see cref="ImageDecodeException"/> with a message fit for the user (naming the file when decoding a file).
/// </summary>
public static class ImageDecoder
{
    public static DecodedImage Decode(string path)
    {
        try
        {
            return Decode(ReadFile(path));
        }
        catch (ImageDecodeException e) when (e.FileName is null)
        {
            throw new ImageDecodeException(e.Reason, path);
        }
    }

    /// <summary>Upright width and height (EXIF orientation applied) from the header, without decoding the pixels.</summary>
    public static (int Width, int Height) ReadSize(string path)
    {
        var bytes = ReadFile(path);
        using var codec = OpenCodec(bytes, path);
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        return Orientation.SwapsAxes(UsableOrigin(codec)) ? (h, w) : (w, h);
    }

    public static DecodedImage Decode(byte[] bytes)
    {
        using var codec = OpenCodec(bytes, null);
        int width = codec.Info.Width, height = codec.Info.Height;
        if (width <= 0 || height <= 0) throw new ImageDecodeException($"the image has zero size ({width}×{height})");
        if (width > ImageData.MaxSide || height > ImageData.MaxSide || (long)width * height > ImageData.MaxPixels)
            throw new ImageDecodeException($"the image is too large ({width}×{height}; limit {ImageData.MaxSide} per side, {ImageData.MaxPixels} pixels)");

        // Unpremultiplied so that colour values under partial transparency stay as stored.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var stored = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(stored, GCHandleType.Pinned);
        SKCodecResult result;
        try
        {
            result = codec.GetPixels(info, handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }

        var format = codec.EncodedFormat;
        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                throw new ImageDecodeException($"the file is truncated: the {format} data ends before the whole {width}×{height} image");
            case SKCodecResult.ErrorInInput or SKCodecResult.InvalidInput:
                throw new ImageDecodeException($"the {format} data is corrupt or truncated");
            default:
                throw new ImageDecodeException($"decoding the {format} image failed ({result})");
        }

        var origin = UsableOrigin(codec);
        var upright = Orientation.ToUpright(stored, width, height, origin, out int w, out int h);
        return new DecodedImage(upright, w, h, origin, format);
    }

    private static byte[] ReadFile(string path)
    {
        if (Directory.Exists(path)) throw new ImageDecodeException("is a directory, not an image file", path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageDecodeException("file not found", path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new ImageDecodeException("permission denied", path);
        }
        catch (IOException e)
        {
            throw new ImageDecodeException($"cannot read the file: {e.Message}", path);
        }
    }

    private static SKCodec OpenCodec(byte[] bytes, string? path)
    {
        if (bytes.Length == 0) throw new ImageDecodeException("the file is empty (0 bytes)", path);
        var codec = SKCodec.Create(new MemoryStream(bytes, writable: false), out var createResult);
        if (codec is not null) return codec;
        string kind = SniffFormat(bytes) is { } f ? $"{f} " : "";
        throw new ImageDecodeException(createResult switch
        {
            // Skia answers Unimplemented when no decoder recognises the data.
            SKCodecResult.Unimplemented => "not a supported image (JPEG, PNG, WebP, GIF, BMP, ICO) or an unsupported variant of one",
            SKCodecResult.IncompleteInput => $"the {kind}image header is truncated or invalid",
            // A JPEG cut or damaged inside its header comes back as InvalidInput/ErrorInInput.
            _ => $"the {kind}file is truncated or corrupt: its header cannot be read",
        }, path);
    }

    private static SKEncodedOrigin UsableOrigin(SKCodec codec) =>
        Enum.IsDefined(codec.EncodedOrigin) ? codec.EncodedOrigin : SKEncodedOrigin.TopLeft;

    /// <summary>The format the leading bytes announce, for messages about files Skia could not open.</summary>
    private static string? SniffFormat(ReadOnlySpan<byte> b) => b switch
    {
        [0xFF, 0xD8, ..] => "JPEG",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "PNG",
        [(byte)'G', (byte)'I', (byte)'F', ..] => "GIF",
        [(byte)'B', (byte)'M', ..] => "BMP",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "WebP",
        _ => null,
    };
}
