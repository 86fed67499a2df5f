using MtcnnCuda.Backends;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

using Cuda = MtcnnCuda.Cuda.Cuda;

/// <summary>
/// One context, stream and kernel set shared by the GPU kernel tests (process lifetime). <see cref="Require"/>
/// skips the calling test, with the reason, when there is no usable GPU or NVRTC.
/// </summary>
internal sealed class GpuSession
{
    /// <summary>The xunit collection of every GPU test class: they share one stream and kernel set, so they run one at a time.</summary>
    public const string Collection = "GPU (one stream)";

    private static readonly Lazy<GpuSession> Shared = new(() => new GpuSession());

    private GpuSession()
    {
        Context = new CudaContext(0);
        Stream = new CudaStream(Context);
        Kernels = new CudaKernelSet(Context);
    }

    public CudaContext Context { get; }
    public CudaStream Stream { get; }
    public CudaKernelSet Kernels { get; }

    public static GpuSession Require()
    {
        Assert.SkipUnless(Cuda.IsSupported, $"no usable CUDA GPU: {Cuda.UnsupportedReason}");
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        var session = Shared.Value;
        session.Context.MakeCurrent();
        return session;
    }

    /// <summary>True when the "device" is the host-emulated driver of HostEmulator/run.sh, not a GPU.</summary>
    public static bool IsHostEmulator => Cuda.IsSupported && Cuda.GetDevice(0).Name.Contains("host emulator", StringComparison.Ordinal);

    public DeviceBuffer<T> Upload<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        var buffer = new DeviceBuffer<T>(Context, Math.Max(1, data.Length));
        if (data.Length > 0) buffer.CopyFrom(data);
        Context.Synchronize(); // the test stream is non-blocking: make the legacy-stream copy visible to it
        return buffer;
    }

    public DeviceBuffer<T> Zeros<T>(long count) where T : unmanaged
    {
        var buffer = new DeviceBuffer<T>(Context, Math.Max(1, count));
        buffer.Clear();
        Context.Synchronize(); // cuMemsetD8 is asynchronous to the host
        return buffer;
    }

    /// <summary>Waits for the stream and copies the buffer's first <paramref name="count"/> elements back.</summary>
    public T[] Download<T>(DeviceBuffer<T> buffer, long count) where T : unmanaged
    {
        Stream.Synchronize();
        var result = new T[count];
        buffer.CopyTo(result);
        return result;
    }
}
