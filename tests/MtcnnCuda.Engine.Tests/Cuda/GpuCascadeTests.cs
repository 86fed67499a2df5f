using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

using Cuda = MtcnnCuda.Cuda.Cuda;

/// <summary>
/// The whole cascade on the GPU against the CPU backend, compared as a user would (<see cref="FaceSetComparison"/>):
/// the same faces by IoU ≥ 0.95 with confidences within 1e-3, never bit for bit. GPU only.
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuCascadeTests
{
    private static void RequireGpu()
    {
        Assert.SkipUnless(Cuda.IsSupported, $"no usable CUDA GPU: {Cuda.UnsupportedReason}");
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
    }

    /// <summary>The user's view (<see cref="FaceSetComparison"/>): same faces by IoU ≥ 0.95, confidence within 1e-3.</summary>
    private static void AssertSameFaces(IReadOnlyList<Face> cpu, IReadOnlyList<Face> gpu, float onetThreshold = 0.7f) =>
        FaceSetComparison.AssertSameFaces(cpu, gpu, onetThreshold, "GPU vs CPU:");

    private static ImageData Convert(ImageData rgb, PixelFormat format, int padding)
    {
        int bpp = format.BytesPerPixel(), stride = rgb.Width * bpp + padding;
        var dst = new byte[stride * rgb.Height];
        var src = rgb.Pixels.Span;
        bool swap = !format.IsRedFirst();
        for (int y = 0; y < rgb.Height; y++)
            for (int x = 0; x < rgb.Width; x++)
            {
                int s = y * rgb.Stride + 3 * x, d = y * stride + bpp * x;
                dst[d] = src[s + (swap ? 2 : 0)];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + (swap ? 0 : 2)];
                if (bpp == 4) dst[d + 3] = 255;
            }
        return new ImageData(dst, rgb.Width, rgb.Height, stride, format);
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24, EdgeMode.ZeroPad)]
    [InlineData(PixelFormat.Bgra32, EdgeMode.ZeroPad)]
    [InlineData(PixelFormat.Rgba32, EdgeMode.Clip)]
    public void Multiface_gives_the_cpu_faces(PixelFormat format, EdgeMode edge)
    {
        RequireGpu();
        var image = Convert(TestImages.LoadRgb(SharedData.Require("images/multiface.jpg")), format, padding: 7);
        var weights = Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);
        using var cpu = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cpu, EdgeMode = edge });
        using var gpu = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cuda, EdgeMode = edge });
        Assert.Equal(Backend.Cuda, gpu.ActiveBackend);
        var expected = cpu.Detect(image);
        Assert.True(expected.Count >= 6, $"CPU found {expected.Count} faces");
        AssertSameFaces(expected, gpu.Detect(image));
        // The workspace is reused: a second call must give the same answer.
        AssertSameFaces(expected, gpu.Detect(image));
    }

    [Fact]
    public void Synthetic_images_and_batches_give_the_cpu_faces()
    {
        RequireGpu();
        var source = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        var weights = Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);
        var random = new Random(8);
        var images = new List<ImageData>
        {
            Crop(source, 100, 50, 517, 333),                 // odd sizes, faces near the edges
            Downscale(source),                                // smaller faces
            Noise(random, 320, 240),                          // nothing (or little) to find
            Noise(random, 34, 640),                           // two pyramid levels, tall and thin
        };
        using var cpu = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cpu });
        using var gpu = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cuda, MinFaceSize = 20 });
        var batch = gpu.DetectBatch(images);
        for (int i = 0; i < images.Count; i++)
        {
            var expected = cpu.Detect(images[i]);
            AssertSameFaces(expected, gpu.Detect(images[i]));
            AssertSameFaces(expected, batch[i]);
        }
    }

    [Fact]
    public void Random_weights_stress_the_candidate_paths_like_the_cpu()
    {
        // Random nets pass many candidates through every stage: large NMS inputs, many crops at the edges.
        RequireGpu();
        var weights = CudaTestData.RandomWeights(9);
        var image = Noise(new Random(10), 200, 150);
        var options = new DetectorOptions { PNetThreshold = 0.55f, RNetThreshold = 0.5f, ONetThreshold = 0.5f };
        using var cpu = FaceDetector.Create(weights, options with { Backend = Backend.Cpu });
        using var gpu = FaceDetector.Create(weights, options with { Backend = Backend.Cuda });
        AssertSameFaces(cpu.Detect(image), gpu.Detect(image), options.ONetThreshold);
    }

    [Fact]
    public void Repeated_shapes_replay_the_captured_pnet_graph_with_the_same_result()
    {
        RequireGpu();
        var image = Crop(TestImages.LoadRgb(SharedData.Require("images/multiface.jpg")), 600, 150, 400, 300);
        var weights = Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);
        using var cpu = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cpu });
        var expected = cpu.Detect(image);
        Assert.NotEmpty(expected);
        using var backend = new Backends.CudaBackend(weights, new DetectorOptions { Backend = Backend.Cuda });
        var modes = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            AssertSameFaces(expected, backend.Detect(PixelView.From(image)));
            modes.Add(backend.LastGraphMode);
        }
        Assert.Equal("eager", modes[0]);
        Assert.Contains("captured", modes);
        Assert.Equal("replayed", modes[^1]);
    }

    [Fact]
    public void Concurrent_calls_are_serialised_and_correct()
    {
        RequireGpu();
        var image = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        using var gpu = FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { Backend = Backend.Cuda });
        var expected = gpu.Detect(image);
        var results = new IReadOnlyList<Face>[4];
        Parallel.For(0, results.Length, i => results[i] = gpu.Detect(image));
        foreach (var r in results) AssertSameFaces(expected, r);
    }

    private static ImageData Crop(ImageData rgb, int x0, int y0, int w, int h)
    {
        var dst = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            rgb.Pixels.Span.Slice((y0 + y) * rgb.Stride + 3 * x0, 3 * w).CopyTo(dst.AsSpan(3 * w * y, 3 * w));
        return new ImageData(dst, w, h, PixelFormat.Rgb24);
    }

    private static ImageData Downscale(ImageData rgb)
    {
        int w = rgb.Width / 2, h = rgb.Height / 2;
        var dst = new byte[w * h * 3];
        var src = rgb.Pixels.Span;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                {
                    int sum = src[2 * y * rgb.Stride + 6 * x + c] + src[2 * y * rgb.Stride + 6 * x + 3 + c]
                            + src[(2 * y + 1) * rgb.Stride + 6 * x + c] + src[(2 * y + 1) * rgb.Stride + 6 * x + 3 + c];
                    dst[3 * (y * w + x) + c] = (byte)(sum / 4);
                }
        return new ImageData(dst, w, h, PixelFormat.Rgb24);
    }

    private static ImageData Noise(Random random, int w, int h)
    {
        var data = new byte[w * h * 3];
        random.NextBytes(data);
        return new ImageData(data, w, h, PixelFormat.Rgb24);
    }
}
