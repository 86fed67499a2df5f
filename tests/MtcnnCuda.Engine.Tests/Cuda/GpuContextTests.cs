using MtcnnCuda.Backends;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The detector as a guest in a host's CUDA process: it restores the caller's current context, and after a sticky
/// error it fails clearly on every call (never hangs, never returns faces) until a new detector resets the
/// context. Also checks the workspace keeps the captured PNet graph when RNet/ONet buffers grow. GPU only.
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuContextTests
{
    private static ImageData Multiface() => TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));

    [Fact]
    public void Detect_and_dispose_restore_the_hosts_current_context()
    {
        GpuSession.Require();
        var weights = Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);
        var image = Multiface();
        // A host with a context of its own (a video decoder, libtorch) made current on this thread.
        CudaException.Check(CudaDriver.cuCtxCreate_v2(out var host, 0, 0), "cuCtxCreate_v2");
        try
        {
            using (var detector = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cuda }))
            {
                AssertCurrent(host, "after creating the detector");
                Assert.NotEmpty(detector.Detect(image));
                AssertCurrent(host, "after Detect");
                detector.DetectBatch([image]);
                AssertCurrent(host, "after DetectBatch");
            }
            AssertCurrent(host, "after Dispose");
        }
        finally
        {
            CudaDriver.cuCtxDestroy_v2(host);
        }
    }

    private static void AssertCurrent(IntPtr expected, string when)
    {
        CudaException.Check(CudaDriver.cuCtxGetCurrent(out var current), "cuCtxGetCurrent");
        Assert.True(current == expected, $"{when} the current context is 0x{current:x}, not the host's 0x{expected:x}");
    }

    [Fact]
    public void A_sticky_error_fails_every_later_call_and_a_new_detector_works_again()
    {
        GpuSession.Require();
        Assert.SkipUnless(GpuSession.IsHostEmulator, "a sticky error is injected through the host emulator's hook; on a GPU it would break the test process's context");
        var weights = Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);
        var image = Multiface();
        var options = new DetectorOptions { Backend = Backend.Cuda };
        IReadOnlyList<Face> expected;
        using (var cpu = FaceDetector.Create(weights, options with { Backend = Backend.Cpu })) expected = cpu.Detect(image);

        var broken = FaceDetector.Create(weights, options);
        HostEmulatorHooks.InjectFault(launches: 5, code: (int)CuResult.IllegalAddress);
        var first = Assert.Throws<CudaException>(() => broken.Detect(image));
        Assert.Equal(CuResult.IllegalAddress, first.Code);
        var later = Assert.Throws<CudaException>(() => broken.Detect(image));
        Assert.Equal(CuResult.IllegalAddress, later.Code);
        Assert.Contains("create a new detector", later.Message, StringComparison.Ordinal);
        // While the broken detector lives, the shared primary context cannot be reset under it.
        var refused = Assert.Throws<CudaException>(() => FaceDetector.Create(weights, options));
        Assert.Contains("dispose them", refused.Message, StringComparison.Ordinal);
        broken.Dispose();

        using var fresh = FaceDetector.Create(weights, options);
        FaceSetComparison.AssertSameFaces(expected, fresh.Detect(image), options.ONetThreshold, "after the reset:");
    }

    [Fact]
    public void Growing_rnet_and_onet_buffers_keep_the_captured_pnet_graph()
    {
        GpuSession.Require();
        var weights = Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);
        var faces = Multiface();
        // Same shape, nothing to find: PNet's graph gets captured while RNet/ONet see few or no candidates.
        var blank = new ImageData(new byte[faces.Width * faces.Height * 3], faces.Width, faces.Height, PixelFormat.Rgb24);
        using var backend = new CudaBackend(weights, new DetectorOptions { Backend = Backend.Cuda, PNetThreshold = 0.3f });
        var modes = new List<string>();
        foreach (var image in new[] { blank, blank, blank, faces, blank })
        {
            backend.Detect(PixelView.From(image));
            modes.Add(backend.LastGraphMode);
        }
        // The photo's many candidates grow the RNet/ONet buffers; PNet's buffers (baked into the graph) stay.
        Assert.Equal(["eager", "captured", "replayed", "replayed", "replayed"], modes);
    }

    [Fact]
    public void The_emulator_completes_async_copies_only_at_synchronisation()
    {
        // Demonstrates the emulator's asynchronous streams: a host that reads pinned memory before synchronising
        // sees stale data, so a missing synchronisation in the engine fails a test instead of passing by luck.
        var gpu = GpuSession.Require();
        Assert.SkipUnless(GpuSession.IsHostEmulator, "reading before synchronisation is a race on a GPU; this checks the emulator only");
        using var device = gpu.Upload<int>([1, 2, 3, 4]);
        using var pinned = new PinnedBuffer<int>(gpu.Context, 4);
        pinned.Span.Fill(-7);
        device.CopyToAsync(pinned, 4, gpu.Stream);
        Assert.Equal([-7, -7, -7, -7], pinned.Span.ToArray());
        gpu.Stream.Synchronize();
        Assert.Equal([1, 2, 3, 4], pinned.Span.ToArray());
    }
}
