namespace MtcnnCuda;

/// <summary>
/// An image already in GPU memory (a frame a hardware decoder wrote, a tensor of another library): rows of
/// <paramref name="Stride"/> bytes at the device address <paramref name="Pointer"/> (a CUdeviceptr), each starting
/// with <paramref name="Width"/> pixels of <paramref name="Format"/>. Only the CUDA backend reads it.
/// <para>Context rule: the memory must belong to the detector's device's primary context, the context the CUDA
/// runtime API (cudaMalloc, PyTorch, NVDEC through the runtime) uses; memory of another context is refused.</para>
/// <para>Stream rule: when the producer's work may still be in flight, pass its CUstream as <see cref="Stream"/>
/// (same context): the detector records an event on it and makes its own stream wait for that event, without a
/// host wait. With <see cref="Stream"/> 0 the caller guarantees the pixels are complete. The detector only reads
/// the memory, and has finished reading it when the call returns.</para>
/// </summary>
public readonly record struct DeviceImage(ulong Pointer, int Width, int Height, int Stride, PixelFormat Format)
{
    /// <summary>The producer's CUstream to wait on (0: none).</summary>
    public IntPtr Stream { get; init; }

    /// <summary>Bytes the image spans from <see cref="Pointer"/>: (height − 1) × stride + a row of pixels.</summary>
    public long SpanBytes => Format.SpanBytes(Width, Height, Stride);

    /// <summary>Shape checks that need no driver: null pointer, sizes, stride (the backend checks the memory itself).</summary>
    internal void Validate()
    {
        if (Pointer == 0) throw new ArgumentException("The device image's pointer is null.", nameof(Pointer));
        ImageData.Validate(long.MaxValue, Width, Height, Stride, Format);
    }
}
