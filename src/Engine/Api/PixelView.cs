namespace MtcnnCuda;

/// <summary>A validated, borrowed view of input pixels handed to a backend for one synchronous detection.</summary>
internal readonly ref struct PixelView
{
    public PixelView(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format)
    {
        ImageData.Validate(pixels.Length, width, height, stride, format);
        Pixels = pixels;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    public ReadOnlySpan<byte> Pixels { get; }
    public int Width { get; }
    public int Height { get; }
    public int Stride { get; }
    public PixelFormat Format { get; }

    public static PixelView From(in ImageData image) =>
        new(image.Pixels.Span, image.Width, image.Height, image.Stride, image.Format);
}
