using MtcnnCuda.Backends;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The device-resident cascade: one CUDA graph per input shape, replayed with one launch and one wait, nothing
/// allocated once warm; counts that stay on the device at every stage (empty stages included); shapes that
/// alternate or grow the workspace; more faces than the graph's inline copy. Results against the CPU oracle.
/// GPU only; the call counting needs the host emulator's counters.
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuResidentTests
{
    private static ImageData Multiface() => TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));

    private static Weights.MtcnnWeights Reference() => Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);

    [Fact]
    public void A_warm_detect_is_one_graph_launch_and_one_wait_with_nothing_allocated()
    {
        GpuSession.Require();
        Assert.SkipUnless(GpuSession.IsHostEmulator, "counts driver calls through the host emulator's counters");
        var image = Crop(Multiface(), 600, 150, 400, 300);
        var weights = Reference();
        var options = new DetectorOptions { Backend = Backend.Cuda };
        using var cpu = FaceDetector.Create(weights, options with { Backend = Backend.Cpu });
        var expected = cpu.Detect(image);
        Assert.NotEmpty(expected);
        using var backend = new CudaBackend(weights, options);
        var modes = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            backend.Detect(PixelView.From(image));
            modes.Add(backend.LastGraphMode);
        }
        Assert.Equal(["eager", "captured"], modes);
        var before = HostEmulatorHooks.Counts();
        var faces = backend.Detect(PixelView.From(image));
        var used = HostEmulatorHooks.Counts() - before;
        Assert.Equal("replayed", backend.LastGraphMode);
        // The one eager copy is the upload: it stays outside the graph so the graph does not depend on where the
        // caller's pixels are (staging, page-locked or device memory: CudaBackend.Input.cs).
        Assert.Equal(new DriverCounts(Syncs: 1, GraphLaunches: 1, EagerLaunches: 0, Captures: 0, Allocations: 0, EagerCopies: 1), used);
        FaceSetComparison.AssertSameFaces(expected, faces, options.ONetThreshold, "replayed graph vs CPU:");
    }

    [Theory]
    [InlineData("no face", 0.7f, 0.7f)]            // a blank image: PNet finds nothing
    [InlineData("nothing past RNet", 1f, 0.7f)]    // prob > 1 never holds
    [InlineData("nothing past ONet", 0.7f, 1f)]
    public void Empty_stages_give_no_faces_eagerly_captured_and_replayed(string what, float rnet, float onet)
    {
        GpuSession.Require();
        var photo = Crop(Multiface(), 600, 150, 400, 300);
        var image = what == "no face" ? new ImageData(new byte[photo.Width * photo.Height * 3], photo.Width, photo.Height, PixelFormat.Rgb24) : photo;
        var options = new DetectorOptions { Backend = Backend.Cuda, RNetThreshold = rnet, ONetThreshold = onet };
        using var cpu = FaceDetector.Create(Reference(), options with { Backend = Backend.Cpu });
        Assert.Empty(cpu.Detect(image));
        using var backend = new CudaBackend(Reference(), options);
        var modes = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            Assert.Empty(backend.Detect(PixelView.From(image)));
            modes.Add(backend.LastGraphMode);
        }
        Assert.Equal(["eager", "captured", "replayed"], modes);
        // The same graph then finds the faces of a photo of that shape: nothing of the empty run lingers.
        if (what == "no face")
            FaceSetComparison.AssertSameFaces(cpu.Detect(photo), backend.Detect(PixelView.From(photo)), options.ONetThreshold, "after empty runs:");
    }

    [Fact]
    public void Alternating_and_growing_shapes_recapture_only_what_went_stale()
    {
        GpuSession.Require();
        var source = Multiface();
        var small = Crop(source, 600, 150, 240, 160);
        var other = Crop(source, 620, 160, 200, 180);
        var large = Crop(source, 560, 120, 360, 260);   // grows the workspace: every older graph goes stale
        var weights = Reference();
        using var cpu = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cpu });
        using var backend = new CudaBackend(weights, new DetectorOptions { Backend = Backend.Cuda });
        var expected = new Dictionary<ImageData, IReadOnlyList<Face>> { [small] = cpu.Detect(small), [other] = cpu.Detect(other), [large] = cpu.Detect(large) };
        var modes = new List<string>();
        foreach (var image in new[] { small, other, small, other, small, other, large, small, small, large })
        {
            FaceSetComparison.AssertSameFaces(expected[image], backend.Detect(PixelView.From(image)), 0.7f, $"{image.Width}×{image.Height}:");
            modes.Add(backend.LastGraphMode);
        }
        Assert.Equal(["eager", "eager", "captured", "captured", "replayed", "replayed", "eager", "captured", "replayed", "captured"], modes);
        Assert.Equal(3, backend.CachedGraphs);
    }

    [Fact]
    public void More_faces_than_the_inline_copy_come_back_complete()
    {
        GpuSession.Require();
        // Every threshold 0 and NMS 1.0: every candidate survives to the end, so the result is the ONet cap.
        var options = new DetectorOptions
        {
            Backend = Backend.Cuda, MinFaceSize = 12, PNetThreshold = 0, RNetThreshold = 0, ONetThreshold = 0,
            PNetScaleNms = 1, PNetCrossScaleNms = 1, RNetNms = 1, ONetNms = 1,
            Caps = new CandidateCaps(PNetPerScale: 200, PNetAllScales: 300, RNet: 60, ONet: 40),
        };
        const int inline = 16;   // lowered from 128 to keep ONet's batch small on the host emulator
        var data = new byte[96 * 80 * 3];
        new Random(31).NextBytes(data);
        var image = new ImageData(data, 96, 80, PixelFormat.Rgb24);
        using var cpu = FaceDetector.Create(Reference(), options with { Backend = Backend.Cpu });
        var expected = cpu.Detect(image);
        Assert.True(expected.Count > inline, $"CPU found only {expected.Count} faces");
        using var backend = new CudaBackend(Reference(), options) { InlineFaces = inline };
        for (int i = 0; i < 3; i++)
        {
            var before = GpuSession.IsHostEmulator ? HostEmulatorHooks.Counts() : default;
            FaceSetComparison.AssertSameFaces(expected, backend.Detect(PixelView.From(image)), options.ONetThreshold, $"call {i}:");
            if (GpuSession.IsHostEmulator && i == 2) Assert.Equal(2, (HostEmulatorHooks.Counts() - before).Syncs);   // the graph's wait + the rest
        }
    }

    [Fact]
    public void The_graph_cache_keeps_the_most_recent_shapes()
    {
        var gpu = GpuSession.Require();
        using var cache = new CascadeGraphCache { Capacity = 2 };
        using var target = gpu.Zeros<int>(1);
        var modes = new List<string>();
        foreach (int width in new[] { 1, 1, 2, 2, 3, 3, 1, 2, 2 })
        {
            cache.Run(new ShapeKey(width, 1, 3, PixelFormat.Rgb24), 0, gpu.Stream, () => target.Clear(gpu.Stream), () => 0);
            gpu.Stream.Synchronize();   // as Detect does: an evicted graph is never destroyed while its launch is queued
            modes.Add($"{width}:{cache.LastMode}");
        }
        // Shape 3 evicted shape 1 (least recently used), 1 then evicted 2 and 2 evicted 3: each starts over.
        Assert.Equal(["1:eager", "1:captured", "2:eager", "2:captured", "3:eager", "3:captured", "1:eager", "2:eager", "2:captured"], modes);
        Assert.Equal(1, cache.GraphCount);   // shape 1 ran once since: no graph yet
    }

    private static ImageData Crop(ImageData rgb, int x0, int y0, int w, int h)
    {
        var dst = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            rgb.Pixels.Span.Slice((y0 + y) * rgb.Stride + 3 * x0, 3 * w).CopyTo(dst.AsSpan(3 * w * y, 3 * w));
        return new ImageData(dst, w, h, PixelFormat.Rgb24);
    }
}
