namespace MtcnnCuda;

/// <summary>
/// A view of caller-owned pixels: <paramref name="Pixels"/> holds <paramref name="Height"/> rows of
/// <paramref name="Stride"/> bytes, each starting with <paramref name="Width"/> pixels of <paramref name="Format"/>.
/// No copy is made; the memory must stay unchanged while a detection runs on it.
/// </summary>
public readonly record struct ImageData(ReadOnlyMemory<byte> Pixels, int Width, int Height, int Stride, PixelFormat Format)
{
    /// <summary>Largest accepted side; larger images are rejected rather than exhausting memory.</summary>
    public const int MaxSide = 32768;

    /// <summary>Largest accepted pixel count (about 268 megapixels).</summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>Tightly packed image (stride = width × bytes per pixel).</summary>
    public ImageData(ReadOnlyMemory<byte> pixels, int width, int height, PixelFormat format)
        : this(pixels, width, height, width * format.BytesPerPixel(), format)
    {
    }

    /// <summary>Throws <see cref="ArgumentException"/> with a precise reason when the view is not usable.</summary>
    public void Validate() => Validate(Pixels.Length, Width, Height, Stride, Format);

    internal static void Validate(long length, int width, int height, int stride, PixelFormat format)
    {
        if (!Enum.IsDefined(format))
            throw new ArgumentException($"Unknown pixel format {(int)format}.", nameof(format));
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"Image size {width}×{height} is empty; width and height must be positive.");
        if (width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
            throw new ArgumentException($"Image size {width}×{height} exceeds the limit ({MaxSide} per side, {MaxPixels} pixels).");
        long rowBytes = (long)width * format.BytesPerPixel();
        if (stride < rowBytes)
            throw new ArgumentException($"Stride {stride} is smaller than a row of {width} {format} pixels ({rowBytes} bytes).");
        long needed = format.SpanBytes(width, height, stride);
        if (length < needed)
            throw new ArgumentException($"Pixel buffer holds {length} bytes; a {width}×{height} {format} image with stride {stride} needs {needed}.");
    }
}
