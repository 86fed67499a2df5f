using System.Runtime.InteropServices;
using SkiaSharp;

namespace MtcnnCuda.Tools;

/// <summary>
/// Decodes image files with SkiaSharp into upright RGBA: any format Skia reads (JPEG incl. grayscale and CMYK, PNG
/// incl. 16-bit and alpha, WebP, GIF first frame, BMP, ICO), EXIF orientation applied. Embedded colour profiles
/// are not applied (pixel values are used as stored, as most MTCNN ports do). Every failure is an
/// <see cref="ImageDecodeException"/> with a message fit for the user.
/// </summary>
internal static class ImageDecoder
{
    public static DecodedImage Decode(string path)
    {
        if (Directory.Exists(path)) throw new ImageDecodeException("is a directory, not an image file");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageDecodeException("file not found");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ImageDecodeException("permission denied");
        }
        catch (IOException e)
        {
            throw new ImageDecodeException($"cannot read the file: {e.Message}");
        }
        return Decode(bytes);
    }

    public static DecodedImage Decode(byte[] bytes)
    {
        if (bytes.Length == 0) throw new ImageDecodeException("the file is empty (0 bytes)");

        using var codec = SKCodec.Create(new MemoryStream(bytes, writable: false), out var createResult);
        if (codec is null)
        {
            throw new ImageDecodeException(createResult switch
            {
                // Skia answers Unimplemented when no decoder recognises the data.
                SKCodecResult.Unimplemented => "not a supported image (JPEG, PNG, WebP, GIF, BMP, ICO) or an unsupported variant of one",
                SKCodecResult.IncompleteInput => "the image header is truncated or invalid",
                _ => $"the image header is corrupt ({createResult})",
            });
        }

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

        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                throw new ImageDecodeException($"the file is truncated: the {codec.EncodedFormat} data ends before the whole {width}×{height} image");
            case SKCodecResult.ErrorInInput:
                throw new ImageDecodeException($"the {codec.EncodedFormat} data is corrupt");
            default:
                throw new ImageDecodeException($"decoding the {codec.EncodedFormat} image failed ({result})");
        }

        var origin = codec.EncodedOrigin;
        if (!Enum.IsDefined(origin)) origin = SKEncodedOrigin.TopLeft;
        var upright = Orientation.ToUpright(stored, width, height, origin, out int w, out int h);
        return new DecodedImage(upright, w, h, origin, codec.EncodedFormat);
    }
}
