namespace MtcnnCuda;

/// <summary>Byte layout of one pixel in an input buffer (8 bits per channel).</summary>
public enum PixelFormat
{
    Rgb24,
    Bgr24,
    Rgba32,
    Bgra32,
}

public static class PixelFormatExtensions
{
    public static int BytesPerPixel(this PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => 3,
        PixelFormat.Rgba32 or PixelFormat.Bgra32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
    };

    /// <summary>Bytes an image spans from its first pixel: (height − 1) × stride + one row of pixels (the last row needs no padding).</summary>
    internal static long SpanBytes(this PixelFormat format, int width, int height, int stride) =>
        (long)(height - 1) * stride + (long)width * format.BytesPerPixel();

    /// <summary>True when the red channel comes first in memory.</summary>
    public static bool IsRedFirst(this PixelFormat format) => format is PixelFormat.Rgb24 or PixelFormat.Rgba32;
}
