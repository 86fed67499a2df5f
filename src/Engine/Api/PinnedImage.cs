namespace MtcnnCuda;

/// <summary>
/// An image buffer allocated by a detector (<see cref="FaceDetector.AllocatePinnedImage"/>) for the caller to fill:
/// page-locked memory on the CUDA backend, so detection uploads it by DMA without the staging copy; ordinary native
/// memory on the CPU backend (nothing to pin), so the same host code runs on both. Dispose it before the detector.
/// </summary>
public sealed unsafe class PinnedImage : IDisposable
{
    private readonly Action _free;
    private readonly Native.UnmanagedMemory _memory;
    private int _disposed;

    internal PinnedImage(IntPtr pointer, int width, int height, int stride, PixelFormat format, bool isPageLocked, Action free)
    {
        Pointer = pointer;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
        IsPageLocked = isPageLocked;
        Length = checked((int)((long)stride * height));
        _memory = new Native.UnmanagedMemory((byte*)pointer, Length);
        _free = free;
    }

    public IntPtr Pointer { get; }
    public int Width { get; }
    public int Height { get; }
    public int Stride { get; }
    public PixelFormat Format { get; }

    /// <summary>Bytes in the buffer: stride × height.</summary>
    public int Length { get; }

    /// <summary>True on the CUDA backend (page-locked, uploaded without staging); false on the CPU backend.</summary>
    public bool IsPageLocked { get; }

    /// <summary>The pixels to fill: <see cref="Height"/> rows of <see cref="Stride"/> bytes.</summary>
    public Span<byte> Pixels
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new Span<byte>((void*)Pointer, Length);
        }
    }

    /// <summary>The buffer as an <see cref="ImageData"/> (no copy), e.g. for <see cref="FaceDetector.DetectBatch"/>.</summary>
    public ImageData AsImageData()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ImageData(_memory.Memory, Width, Height, Stride, Format);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _free();
    }
}

/// <summary>
/// Caller-owned host memory registered with a detector (<see cref="FaceDetector.RegisterHostMemory"/>): on the CUDA
/// backend it is page-locked in place (cuMemHostRegister) and images inside it upload without staging; on the CPU
/// backend nothing happens. Dispose it (which unregisters) before freeing the memory, and not while a detection
/// reads from it.
/// </summary>
public sealed class HostMemoryRegistration : IDisposable
{
    private readonly Action _release;
    private int _disposed;

    internal HostMemoryRegistration(IntPtr pointer, long bytes, bool isPageLocked, Action release)
    {
        Pointer = pointer;
        Bytes = bytes;
        IsPageLocked = isPageLocked;
        _release = release;
    }

    public IntPtr Pointer { get; }
    public long Bytes { get; }

    /// <summary>True when the memory was page-locked (CUDA backend).</summary>
    public bool IsPageLocked { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _release();
    }
}
