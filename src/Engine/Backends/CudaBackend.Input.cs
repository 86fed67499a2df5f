using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// Input paths: pageable host pixels go through the pinned staging buffer (one host memcpy, then DMA); pixels in
/// page-locked memory this detector allocated (<see cref="AllocatePinned"/>) or the caller registered
/// (<see cref="RegisterHostMemory"/>) are copied by DMA straight from there; a device image is copied device to
/// device into the workspace (after waiting on the producer's stream with an event when one is given). The copy
/// runs before the captured PNet graph, whose addresses must not change from call to call.
/// </summary>
internal sealed partial class CudaBackend
{
    private readonly HostMemoryRegistry _hostMemory;
    private CudaEvent? _producerDone;

    /// <summary>How the last call's pixels reached the device: "staged", "direct" (page-locked) or "device".</summary>
    internal string LastUploadPath { get; private set; } = "none";

    /// <summary>Page-locked memory of this detector's context for a caller to fill; uploads from it skip staging.</summary>
    public PinnedBuffer<byte> AllocatePinned(long bytes)
    {
        lock (_gate)
        {
            using var current = EnterDevice();
            var buffer = new PinnedBuffer<byte>(_context, bytes);
            _hostMemory.Add(buffer.Pointer, bytes);
            return buffer;
        }
    }

    /// <summary>Forgets a pinned buffer from <see cref="AllocatePinned"/> and frees it.</summary>
    public void FreePinned(PinnedBuffer<byte> buffer)
    {
        _hostMemory.Remove(buffer.Pointer);
        lock (_gate)
        {
            if (_disposed) return; // the context is gone; its teardown reclaims the memory
            using var current = _context.Push();
            buffer.Dispose();
        }
    }

    /// <summary>Page-locks the caller's memory in place (cuMemHostRegister) and remembers it for direct uploads.</summary>
    public RegisteredHostMemory RegisterHostMemory(IntPtr pointer, long bytes)
    {
        lock (_gate)
        {
            using var current = EnterDevice();
            _hostMemory.Add(pointer, bytes); // refuses an overlap with a clear message before the driver does
            try
            {
                return new RegisteredHostMemory(_context, pointer, bytes);
            }
            catch
            {
                _hostMemory.Remove(pointer);
                throw;
            }
        }
    }

    /// <summary>Unregisters memory from <see cref="RegisterHostMemory"/>.</summary>
    public void UnregisterHostMemory(RegisteredHostMemory memory)
    {
        _hostMemory.Remove(memory.Pointer);
        lock (_gate)
        {
            if (_disposed) return;
            using var current = _context.Push();
            memory.Dispose();
        }
    }

    /// <summary>Detects faces in an image that is already in device memory (see <see cref="DeviceImage"/> for the rules).</summary>
    /// <exception cref="ArgumentException">Null pointer, bad shape or stride, memory the driver does not know, memory of
    /// another context or an allocation smaller than the image; the message says which.</exception>
    public Face[] DetectDevice(DeviceImage image)
    {
        image.Validate();
        var lane = AcquireLane();
        try
        {
            using (lane.EnterDevice()) lane.CheckDeviceImage(image);
            return lane.DetectOnLane(CudaInput.FromDevice(image));
        }
        finally
        {
            lane._gate.Exit();
        }
    }

    private void CheckDeviceImage(DeviceImage image)
    {
        var info = CudaPointer.Query(image.Pointer) ?? throw new ArgumentException(
            $"0x{image.Pointer:x} is not memory the CUDA driver knows: a device image must be a device allocation of this process.", nameof(image));
        if (info.Context != _context.Handle)
            throw new ArgumentException($"The device image at 0x{image.Pointer:x} belongs to another CUDA context; the detector reads device " +
                $"images of the primary context of device {_context.Device.Ordinal} (the CUDA runtime's). Allocate the frame there or copy it.", nameof(image));
        if (info.MemoryType != CuMemoryType.Device && info.MemoryType != CuMemoryType.Unified)
            throw new ArgumentException($"0x{image.Pointer:x} is page-locked host memory, not device memory: pass it to Detect as host pixels " +
                "(registered or pinned memory is uploaded without staging).", nameof(image));
        long left = info.BytesFrom(image.Pointer);
        if (left >= 0 && left < image.SpanBytes)
            throw new ArgumentException($"The allocation at 0x{image.Pointer:x} holds {left} bytes from there; a {image.Width}×{image.Height} " +
                $"{image.Format} image with stride {image.Stride} needs {image.SpanBytes}.", nameof(image));
        if (image.Stream != IntPtr.Zero && CudaPointer.StreamContext(image.Stream) != _context.Handle)
            throw new ArgumentException($"The producer stream 0x{image.Stream:x} belongs to another CUDA context than the detector's.", nameof(image));
    }

    /// <summary>Enqueues the copy of the input's pixels into the workspace's raw-pixel buffer (sized by the caller).</summary>
    private unsafe void UploadInput(in CudaInput input)
    {
        var pixels = _ws.Pixels!;
        long bytes = input.Bytes;
        if (input.IsDevice)
        {
            if (input.Device.Stream != IntPtr.Zero)
            {
                var done = _producerDone ??= new CudaEvent(_context, timing: false);
                done.Record(input.Device.Stream);
                _stream.WaitEvent(done);
            }
            BeginStage(CudaStage.Upload);
            CudaException.Check(CudaDriver.cuMemcpyDtoDAsync_v2(pixels.Pointer, input.Device.Pointer, (nuint)bytes, _stream.Handle), "cuMemcpyDtoDAsync_v2");
            EndStage(CudaStage.Upload);
            LastUploadPath = "device";
            return;
        }
        var source = (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(input.Host));
        if (_hostMemory.Contains(source, bytes))
        {
            // Page-locked memory that cannot move (unmanaged): DMA from it directly; the call waits before returning.
            BeginStage(CudaStage.Upload);
            CudaException.Check(CudaDriver.cuMemcpyHtoDAsync_v2(pixels.Pointer, (void*)source, (nuint)bytes, _stream.Handle), "cuMemcpyHtoDAsync_v2");
            EndStage(CudaStage.Upload);
            LastUploadPath = "direct";
            return;
        }
        var staging = _ws.Ensure(ref _ws.PixelStaging, bytes);
        input.Host[..checked((int)bytes)].CopyTo(staging.Span);
        BeginStage(CudaStage.Upload); // after the host copy into staging: the stage times the device's part
        pixels.CopyFromAsync(staging, bytes, _stream);
        EndStage(CudaStage.Upload);
        LastUploadPath = "staged";
    }
}
