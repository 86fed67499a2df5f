namespace MtcnnCuda.Backends;

/// <summary>
/// One detection's input as the CUDA backend sees it: host pixels (pageable, or page-locked when they lie in memory
/// the detector pinned or registered) or a device image. Shape fields match <see cref="PixelView"/>, so the cascade
/// reads either the same way; only the upload differs.
/// </summary>
internal readonly ref struct CudaInput
{
    private CudaInput(ReadOnlySpan<byte> host, DeviceImage device, bool isDevice, int width, int height, int stride, PixelFormat format)
    {
        Host = host;
        Device = device;
        IsDevice = isDevice;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    public ReadOnlySpan<byte> Host { get; }
    public DeviceImage Device { get; }
    public bool IsDevice { get; }
    public int Width { get; }
    public int Height { get; }
    public int Stride { get; }
    public PixelFormat Format { get; }

    /// <summary>Bytes the upload moves: (height − 1) × stride + one row of pixels.</summary>
    public long Bytes => Format.SpanBytes(Width, Height, Stride);

    public static implicit operator CudaInput(PixelView view) =>
        new(view.Pixels, default, false, view.Width, view.Height, view.Stride, view.Format);

    public static CudaInput FromDevice(DeviceImage image) =>
        new(default, image, true, image.Width, image.Height, image.Stride, image.Format);
}
