using System.Runtime.InteropServices;
using MtcnnCuda.Backends;

namespace MtcnnCuda;

/// <summary>Input paths beyond pageable host pixels, and stage times on request.</summary>
public sealed partial class FaceDetector
{
    /// <summary>
    /// Allocates an image buffer to fill and pass to <see cref="Detect(PinnedImage)"/>: page-locked on the CUDA backend
    /// (uploaded by DMA without the staging copy), ordinary native memory on the CPU backend.
    /// </summary>
    /// <param name="stride">Row length in bytes; 0 means width × bytes per pixel.</param>
    /// <exception cref="ArgumentException">Bad size, format or stride.</exception>
    public PinnedImage AllocatePinnedImage(int width, int height, PixelFormat format, int stride = 0)
    {
        ThrowIfDisposed();
        if (stride == 0 && Enum.IsDefined(format)) stride = checked(width * format.BytesPerPixel());
        ImageData.Validate(long.MaxValue, width, height, stride, format);
        long bytes = (long)stride * height;
        if (_backend is CudaBackend cuda)
        {
            var buffer = cuda.AllocatePinned(bytes);
            return new PinnedImage(buffer.Pointer, width, height, stride, format, isPageLocked: true, () => cuda.FreePinned(buffer));
        }
        unsafe
        {
            var pointer = (IntPtr)NativeMemory.AlignedAlloc((nuint)bytes, 64);
            return new PinnedImage(pointer, width, height, stride, format, isPageLocked: false, () => NativeMemory.AlignedFree((void*)pointer));
        }
    }

    /// <summary>
    /// Registers caller-owned host memory (e.g. a frame pool of a capture library): on the CUDA backend it is
    /// page-locked in place and images inside it are uploaded without the staging copy, through every Detect
    /// overload; on the CPU backend the handle does nothing. Dispose the handle before freeing the memory.
    /// </summary>
    /// <exception cref="ArgumentException">Null pointer, size ≤ 0, or a range overlapping one already registered.</exception>
    /// <exception cref="Cuda.CudaException">The driver refused to page-lock the range.</exception>
    public HostMemoryRegistration RegisterHostMemory(IntPtr pointer, long bytes)
    {
        ThrowIfDisposed();
        if (pointer == IntPtr.Zero) throw new ArgumentException("Cannot register a null host pointer.", nameof(pointer));
        if (bytes <= 0) throw new ArgumentException($"Cannot register {bytes} bytes; the size must be positive.", nameof(bytes));
        if (_backend is not CudaBackend cuda) return new HostMemoryRegistration(pointer, bytes, isPageLocked: false, () => { });
        var registered = cuda.RegisterHostMemory(pointer, bytes);
        return new HostMemoryRegistration(pointer, bytes, isPageLocked: true, () => cuda.UnregisterHostMemory(registered));
    }

    /// <summary>Detects faces in a buffer from <see cref="AllocatePinnedImage"/>.</summary>
    public IReadOnlyList<Face> Detect(PinnedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Detect(image.Pixels, image.Width, image.Height, image.Stride, image.Format);
    }

    /// <summary>
    /// Detects faces in an image already in GPU memory (CUDA backend only; see <see cref="DeviceImage"/> for the
    /// context and stream rules).
    /// </summary>
    /// <exception cref="NotSupportedException">The detector runs on the CPU backend.</exception>
    /// <exception cref="ArgumentException">Null pointer, bad shape or stride, unknown memory, memory or stream of another
    /// context, or an allocation smaller than the image.</exception>
    public IReadOnlyList<Face> DetectDevice(DeviceImage image)
    {
        ThrowIfDisposed();
        if (_backend is not CudaBackend cuda)
            throw new NotSupportedException($"The {_backend.Kind} backend cannot read GPU memory: download the frame to host memory, or create the detector with Backend.Cuda.");
        return cuda.DetectDevice(image);
    }

    /// <summary>
    /// Detects like <see cref="Detect(ImageData)"/> and reports each stage's device time from CUDA events recorded
    /// around it (CUDA backend only; the plain Detect records no events).
    /// </summary>
    /// <exception cref="NotSupportedException">The detector runs on the CPU backend.</exception>
    public IReadOnlyList<Face> DetectWithStageTimes(ImageData image, out GpuStageTimes times)
    {
        ThrowIfDisposed();
        if (_backend is not CudaBackend cuda)
            throw new NotSupportedException($"Stage times come from CUDA events; the {_backend.Kind} backend has none.");
        return cuda.DetectWithStageTimes(PixelView.From(image), out times);
    }

    /// <summary>The CUDA backend behind this detector, or null (for tests: upload path, lanes, stage events).</summary>
    internal CudaBackend? CudaBackend => _backend as CudaBackend;
}
