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

    /// <summary>True when the red channel comes first in memory.</summary>
    public static bool IsRedFirst(this PixelFormat format) => format is PixelFormat.Rgb24 or PixelFormat.Rgba32;
}
