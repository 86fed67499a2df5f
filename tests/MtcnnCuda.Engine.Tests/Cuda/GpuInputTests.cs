using System.Runtime.InteropServices;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The CUDA backend's input paths against its own staged path (which the cascade tests hold to the CPU oracle):
/// pinned images and registered host memory upload without staging, device images copy device to device, and bad
/// device images fail with a message that names the problem. Also CUDA-event stage times and lanes. GPU only.
/// </summary>
[Collection(GpuSession.Collection)]
public sealed unsafe class GpuInputTests
{
    private static ImageData Photo() => Crop(TestImages.LoadRgb(SharedData.Require("images/multiface.jpg")), 600, 150, 400, 300);

    private static FaceDetector Gpu(int streams = 2) =>
        FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { Backend = Backend.Cuda, MinFaceSize = 40, CudaStreams = streams });

    private static void AssertSame(IReadOnlyList<Face> expected, IReadOnlyList<Face> actual, string what) =>
        FaceSetComparison.AssertSameFaces(expected, actual, 0.7f, what);

    [Fact]
    public void Pinned_images_upload_directly_and_give_the_staged_faces()
    {
        GpuSession.Require();
        var photo = Photo();
        using var gpu = Gpu();
        var expected = gpu.Detect(photo);
        Assert.NotEmpty(expected);
        Assert.Equal("staged", gpu.CudaBackend!.LastUploadPath);
        using var pinned = gpu.AllocatePinnedImage(photo.Width, photo.Height, PixelFormat.Rgb24, stride: photo.Stride + 5);
        Assert.True(pinned.IsPageLocked);
        for (int y = 0; y < photo.Height; y++)
            photo.Pixels.Span.Slice(y * photo.Stride, photo.Stride).CopyTo(pinned.Pixels[(y * pinned.Stride)..]);
        AssertSame(expected, gpu.Detect(pinned), "pinned vs staged:");
        Assert.Equal("direct", gpu.CudaBackend.LastUploadPath);
        AssertSame(expected, gpu.DetectBatch([pinned.AsImageData()])[0], "pinned batch vs staged:");
    }

    [Fact]
    public void Registered_host_memory_uploads_directly_until_it_is_unregistered()
    {
        GpuSession.Require();
        var photo = Photo();
        using var gpu = Gpu();
        var expected = gpu.Detect(photo);
        int bytes = photo.Pixels.Length;
        var memory = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 4096);
        try
        {
            photo.Pixels.Span.CopyTo(new Span<byte>(memory, bytes));
            var view = new ReadOnlySpan<byte>(memory, bytes);
            using (var registration = gpu.RegisterHostMemory((IntPtr)memory, bytes))
            {
                Assert.True(registration.IsPageLocked);
                AssertSame(expected, gpu.Detect(view, photo.Width, photo.Height, photo.Stride, photo.Format), "registered vs staged:");
                Assert.Equal("direct", gpu.CudaBackend!.LastUploadPath);
                var overlap = Assert.Throws<ArgumentException>(() => gpu.RegisterHostMemory((IntPtr)(memory + 64), 128));
                Assert.Contains("overlaps", overlap.Message);
            }
            AssertSame(expected, gpu.Detect(view, photo.Width, photo.Height, photo.Stride, photo.Format), "after unregistering:");
            Assert.Equal("staged", gpu.CudaBackend!.LastUploadPath);
            // Unregistering really released the range: registering it again succeeds.
            gpu.RegisterHostMemory((IntPtr)memory, bytes).Dispose();
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    [Fact]
    public void The_driver_refuses_a_second_registration_and_maps_the_memory_for_kernels()
    {
        var session = GpuSession.Require();
        var memory = NativeMemory.AlignedAlloc(8192, 4096);
        try
        {
            using var registered = new RegisteredHostMemory(session.Context, (IntPtr)memory, 8192);
            Assert.NotEqual(0UL, registered.DevicePointer);
            var twice = Assert.Throws<CudaException>(() => new RegisteredHostMemory(session.Context, (IntPtr)memory, 8192));
            Assert.Equal(CuResult.HostMemoryAlreadyRegistered, twice.Code);
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    [Fact]
    public void Device_images_give_the_host_faces_with_and_without_a_producer_stream()
    {
        var session = GpuSession.Require();
        var photo = Photo();
        using var gpu = Gpu();
        var expected = gpu.Detect(photo);
        int stride = photo.Stride + 64; // a pitched allocation, as decoders make them
        using var pinned = new PinnedBuffer<byte>(session.Context, (long)stride * photo.Height);
        for (int y = 0; y < photo.Height; y++)
            photo.Pixels.Span.Slice(y * photo.Stride, photo.Stride).CopyTo(pinned.Span[(y * stride)..]);
        using var frame = new DeviceBuffer<byte>(session.Context, pinned.Count);
        // The producer's copy is still queued on its stream: the detector must wait for it through the event.
        using var producer = new CudaStream(session.Context);
        frame.CopyFromAsync(pinned, pinned.Count, producer);
        var image = new DeviceImage(frame.Pointer, photo.Width, photo.Height, stride, PixelFormat.Rgb24) { Stream = producer.Handle };
        AssertSame(expected, gpu.DetectDevice(image), "device (producer stream) vs host:");
        Assert.Equal("device", gpu.CudaBackend!.LastUploadPath);
        AssertSame(expected, gpu.DetectDevice(image with { Stream = IntPtr.Zero }), "device vs host:");
    }

    [Fact]
    public void Bad_device_images_fail_with_the_reason()
    {
        var session = GpuSession.Require();
        using var gpu = Gpu();
        using var small = new DeviceBuffer<byte>(session.Context, 100);
        string Fails(DeviceImage image) => Assert.Throws<ArgumentException>(() => gpu.DetectDevice(image)).Message;

        Assert.Contains("null", Fails(new DeviceImage(0, 64, 64, 192, PixelFormat.Rgb24)));
        Assert.Contains("Stride 100 is smaller", Fails(new DeviceImage(small.Pointer, 64, 64, 100, PixelFormat.Rgb24)));
        Assert.Contains("holds 100 bytes", Fails(new DeviceImage(small.Pointer, 64, 64, 192, PixelFormat.Rgb24)));
        var host = NativeMemory.Alloc(64 * 64 * 3);
        try
        {
            Assert.Contains("not memory the CUDA driver knows", Fails(new DeviceImage((ulong)host, 64, 64, 192, PixelFormat.Rgb24)));
        }
        finally
        {
            NativeMemory.Free(host);
        }
        using (var pinned = new PinnedBuffer<byte>(session.Context, 64 * 64 * 3))
            Assert.Contains("page-locked host memory", Fails(new DeviceImage((ulong)pinned.Pointer, 64, 64, 192, PixelFormat.Rgb24)));

        // A host with a context of its own: its memory and its streams are refused, and its context stays current.
        CudaException.Check(CudaDriver.cuCtxCreate_v2(out var other, 0, 0), "cuCtxCreate_v2");
        try
        {
            CudaException.Check(CudaDriver.cuMemAlloc_v2(out ulong foreign, 64 * 64 * 3), "cuMemAlloc_v2");
            CudaException.Check(CudaDriver.cuStreamCreate(out var foreignStream, CudaDriver.StreamNonBlocking), "cuStreamCreate");
            try
            {
                Assert.Contains("another CUDA context", Fails(new DeviceImage(foreign, 64, 64, 192, PixelFormat.Rgb24)));
                using var frame = new DeviceBuffer<byte>(session.Context, 64 * 64 * 3);
                CudaDriver.cuCtxSetCurrent(other);
                Assert.Contains("another CUDA context than the detector's",
                    Fails(new DeviceImage(frame.Pointer, 64, 64, 192, PixelFormat.Rgb24) { Stream = foreignStream }));
                CudaException.Check(CudaDriver.cuCtxGetCurrent(out var current), "cuCtxGetCurrent");
                Assert.Equal(other, current);
            }
            finally
            {
                CudaDriver.cuCtxSetCurrent(other);
                CudaDriver.cuStreamDestroy_v2(foreignStream);
                CudaDriver.cuMemFree_v2(foreign);
            }
        }
        finally
        {
            CudaDriver.cuCtxDestroy_v2(other);
            session.Context.MakeCurrent();
        }
    }

    [Fact]
    public void Stage_times_come_only_on_request_and_cover_every_stage()
    {
        GpuSession.Require();
        var photo = Photo();
        using var gpu = Gpu();
        var expected = gpu.Detect(photo);
        gpu.Detect(photo);
        Assert.False(gpu.CudaBackend!.HasStageEvents, "a plain Detect created stage events");
        var faces = gpu.DetectWithStageTimes(photo, out var times);
        AssertSame(expected, faces, "timed vs plain:");
        double?[] stages = [times.UploadMs, times.PNetMs, times.NmsMs, times.RNetMs, times.ONetMs, times.DownloadMs];
        Assert.All(stages, s => Assert.True(s is >= 0, $"stage time {s}"));
        Assert.True(stages.Sum(s => s!.Value) <= times.TotalMs + 1e-3, $"stages sum past the total {times.TotalMs}");
        Assert.True(times.PNetMs > 0, "PNet took no time");

        // The cascade is device-resident: a noise image with no candidate still runs every stage (on zero live
        // boxes, without asking the host), so every stage is timed.
        var noise = new byte[64 * 48 * 3];
        Assert.Empty(gpu.DetectWithStageTimes(new ImageData(noise, 64, 48, PixelFormat.Rgb24), out var empty));
        double?[] emptyStages = [empty.UploadMs, empty.PNetMs, empty.NmsMs, empty.RNetMs, empty.ONetMs, empty.DownloadMs];
        Assert.All(emptyStages, s => Assert.True(s is >= 0, $"stage time {s} of an image without faces"));
    }

    [Fact]
    public void Batches_spread_over_the_configured_lanes_and_match_single_calls()
    {
        GpuSession.Require();
        var photo = Photo();
        var images = new[] { photo, Crop(photo, 0, 0, 300, 200), Crop(photo, 50, 40, 350, 260) };
        using var two = Gpu(streams: 2);
        using var one = Gpu(streams: 1);
        var expected = images.Select(i => one.Detect(i)).ToArray();
        var batch = two.DetectBatch(images);
        Assert.Equal(2, two.CudaBackend!.LaneCount);
        for (int i = 0; i < images.Length; i++) AssertSame(expected[i], batch[i], $"batch image {i}:");
        var blank = new ImageData(new byte[48 * 48 * 3], 48, 48, PixelFormat.Rgb24);
        one.DetectBatch([blank, blank, blank]);
        Assert.Equal(1, one.CudaBackend!.LaneCount);
    }

    [Fact]
    public void Event_timing_needs_timing_events()
    {
        var session = GpuSession.Require();
        using var start = new CudaEvent(session.Context);
        using var end = new CudaEvent(session.Context);
        using var untimed = new CudaEvent(session.Context, timing: false);
        start.Record(session.Stream);
        untimed.Record(session.Stream);
        end.Record(session.Stream);
        session.Stream.WaitEvent(untimed);
        end.Synchronize();
        Assert.True(CudaEvent.ElapsedMilliseconds(start, end) >= 0);
        Assert.Throws<CudaException>(() => CudaEvent.ElapsedMilliseconds(start, untimed));
    }

    private static ImageData Crop(ImageData rgb, int x0, int y0, int w, int h)
    {
        var dst = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            rgb.Pixels.Span.Slice((y0 + y) * rgb.Stride + 3 * x0, 3 * w).CopyTo(dst.AsSpan(3 * w * y, 3 * w));
        return new ImageData(dst, w, h, PixelFormat.Rgb24);
    }
}
