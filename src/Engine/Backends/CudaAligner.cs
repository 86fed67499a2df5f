using MtcnnCuda.Align;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// Aligned face crops on the GPU: kernels/align_warp.cu over all faces of an image in one launch, reading raw
/// pixels already on the device. Same maps and sampling as the CPU <see cref="FaceAligner"/> (the host computes
/// the crop→image maps; the kernel only samples). Buffers grow ×1.5 and are kept, so steady use allocates nothing.
/// Not thread-safe: the owner serialises calls on its stream.
/// </summary>
internal sealed class CudaAligner : IDisposable
{
    private readonly CudaContext _context;
    private readonly CudaModule _module;
    private readonly CudaKernel _warp;
    private DeviceBuffer<float>? _transforms;
    private DeviceBuffer<byte>? _output;
    private DeviceBuffer<byte>? _pixels;
    private PinnedBuffer<float>? _transformStaging;
    private PinnedBuffer<byte>? _outputStaging;
    private PinnedBuffer<byte>? _pixelStaging;

    public CudaAligner(CudaContext context)
    {
        _context = context;
        var (target, _) = Nvrtc.TargetFor(context.Device.Major, context.Device.Minor);
        _module = context.LoadModule(KernelSources.Compiled("align_warp.cu", target));
        _warp = _module.GetKernel("align_warp");
    }

    /// <summary>Uploads the image itself, then aligns (for faces not detected in the image the device holds).</summary>
    public void Align(CudaStream stream, PixelView image, IReadOnlyList<Face> faces, AlignOptions options, Span<byte> output)
    {
        var packed = FaceAligner.Prepare(faces, image.Width, image.Height, options, output.Length);
        if (faces.Count == 0) return;
        long bytes = image.Format.SpanBytes(image.Width, image.Height, image.Stride);
        var staging = Ensure(ref _pixelStaging, bytes, n => new PinnedBuffer<byte>(_context, n));
        var device = Ensure(ref _pixels, bytes, n => new DeviceBuffer<byte>(_context, n));
        image.Pixels[..(int)bytes].CopyTo(staging.Span);
        device.CopyFromAsync(staging, bytes, stream);
        Warp(stream, device.Pointer, image.Width, image.Height, image.Stride, image.Format, packed, options, output);
    }

    /// <summary>Aligns from raw pixels at <paramref name="devicePixels"/> (rows of <paramref name="stride"/> bytes) into <paramref name="output"/>; waits for the stream.</summary>
    public void Warp(CudaStream stream, ulong devicePixels, int width, int height, int stride, PixelFormat format,
        float[] packed, AlignOptions options, Span<byte> output)
    {
        int count = packed.Length / 6;
        if (count == 0) return;
        long outBytes = options.BytesPerFace * count;
        var tStaging = Ensure(ref _transformStaging, packed.Length, n => new PinnedBuffer<float>(_context, n));
        var transforms = Ensure(ref _transforms, packed.Length, n => new DeviceBuffer<float>(_context, n));
        var deviceOut = Ensure(ref _output, outBytes, n => new DeviceBuffer<byte>(_context, n));
        var oStaging = Ensure(ref _outputStaging, outBytes, n => new PinnedBuffer<byte>(_context, n));
        packed.CopyTo(tStaging.Span);
        transforms.CopyFromAsync(tStaging, packed.Length, stream);
        var (c0, c1, c2) = AffineWarp.ChannelOffsets(format, options.Output);
        _warp.Cover((long)count * options.OutputWidth * options.OutputHeight).Launch(stream, new AlignWarpParams
        {
            Pixels = devicePixels, Transforms = transforms.Pointer, Out = deviceOut.Pointer,
            Count = count, Width = width, Height = height, Stride = stride, Bpp = format.BytesPerPixel(),
            C0 = c0, C1 = c1, C2 = c2, OutWidth = options.OutputWidth, OutHeight = options.OutputHeight,
            IsFloat = options.IsFloat ? 1 : 0, Replicate = options.Border == AlignBorder.Replicate ? 1 : 0,
            Border = options.BorderValue, Mean = options.Mean, Scale = options.Scale,
        });
        deviceOut.CopyToAsync(oStaging, outBytes, stream);
        stream.Synchronize();
        oStaging.Span[..(int)outBytes].CopyTo(output);
    }

    private TBuffer Ensure<TBuffer>(ref TBuffer? buffer, long count, Func<long, TBuffer> create) where TBuffer : class, IDisposable
    {
        long capacity = buffer switch
        {
            DeviceBuffer<float> d => d.Count,
            DeviceBuffer<byte> d => d.Count,
            PinnedBuffer<float> p => p.Count,
            PinnedBuffer<byte> p => p.Count,
            _ => 0,
        };
        if (buffer is not null && capacity >= count) return buffer;
        buffer?.Dispose(); // callers synchronise the stream at the end of every call, so nothing still uses it
        buffer = create(Math.Max(1, count + count / 2));
        return buffer;
    }

    public void Dispose()
    {
        _transforms?.Dispose();
        _output?.Dispose();
        _pixels?.Dispose();
        _transformStaging?.Dispose();
        _outputStaging?.Dispose();
        _pixelStaging?.Dispose();
        _module.Dispose();
    }
}
