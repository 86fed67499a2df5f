using MtcnnCuda.Backends;
using MtcnnCuda.Cascade;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// CandidateLimits on the device: the same caps, cut at the same places as the CPU, so hostile settings (every
/// threshold 0, NMS 1.0: every PNet cell a candidate, nothing suppressed) give the CPU's faces and bounded work —
/// and the device NMS never meets more boxes than a cap. GPU only (the host emulator runs them in CI).
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuCandidateLimitTests
{
    private static readonly DetectorOptions Hostile = new()
    {
        MinFaceSize = 12, PNetThreshold = 0, RNetThreshold = 0, ONetThreshold = 0,
        PNetScaleNms = 1, PNetCrossScaleNms = 1, RNetNms = 1, ONetNms = 1,
    };

    [Theory]
    [InlineData(5000, 700)]
    [InlineData(300, 300)]
    [InlineData(40, 100)]
    public void TopK_keeps_the_candidates_CandidateLimits_Top_keeps(int n, int k)
    {
        var gpu = GpuSession.Require();
        var random = new Random(n + k);
        var boxes = new Candidate[n];
        var gpuBoxes = new GpuCandidate[n];
        for (int i = 0; i < n; i++)
        {
            // Few distinct scores: the cut falls inside a run of ties, decided by the key (the CPU's index order).
            float score = random.Next(0, 40) / 40f;
            boxes[i] = new Candidate(i, i, i + 12, i + 12, score);
            gpuBoxes[i] = new GpuCandidate { X1 = i, Y1 = i, X2 = i + 12, Y2 = i + 12, Score = score, Key = i };
        }
        var expected = CandidateLimits.Top(boxes, k).Select(b => (int)b.X1).Order().ToArray();

        using var dBoxes = gpu.Upload<GpuCandidate>(gpuBoxes);
        using var dCount = gpu.Upload<int>([n, 0]);
        using var dOut = gpu.Zeros<GpuCandidate>(Math.Min(n, k));
        using var dThreshold = gpu.Zeros<ulong>(1);
        gpu.Kernels.TopK(gpu.Stream, dBoxes.Pointer, dCount.At(0), n, k, dOut.Pointer, dCount.At(1), dThreshold.Pointer);
        int kept = gpu.Download(dCount, 2)[1];
        Assert.Equal(Math.Min(n, k), kept);
        Assert.Equal(expected, gpu.Download(dOut, kept).Select(c => c.Key).Order().ToArray());
    }

    [Fact]
    public void Hostile_thresholds_with_lowered_caps_give_the_cpu_faces()
    {
        // Caps far below the candidate counts, so every one of the four cuts decides the result.
        var options = Hostile with { Caps = new CandidateCaps(PNetPerScale: 400, PNetAllScales: 600, RNet: 250, ONet: 60) };
        var image = Noise(new Random(21), 160, 120);
        var weights = Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);
        AssertGpuMatchesCpu(weights, options, image);
    }

    [Fact]
    public void A_level_above_the_old_device_nms_limit_is_capped_first()
    {
        // 1400×1200 at minFace 12: PNet's first level has 695×595 = 413,525 cells, more than one device NMS could
        // take (393,216); with threshold 0 all of them are candidates. Caps lowered to keep the emulator quick.
        var options = Hostile with { ScaleFactor = 0.5f, Caps = new CandidateCaps(PNetPerScale: 1500, PNetAllScales: 2000, RNet: 300, ONet: 50) };
        var image = Noise(new Random(22), 1400, 1200);
        AssertGpuMatchesCpu(Weights.MtcnnWeights.Load(SharedData.ReferenceWeights), options, image);
    }

    [Fact]
    public void Hostile_thresholds_on_a_4k_image_with_the_default_caps_give_the_cpu_faces()
    {
        GpuSession.Require();
        Assert.SkipWhen(GpuSession.IsHostEmulator, "a 4K image with every cell a candidate takes too long on the host emulator; runs on a real GPU");
        var image = Noise(new Random(24), 3840, 2160);
        AssertGpuMatchesCpu(Weights.MtcnnWeights.Load(SharedData.ReferenceWeights), Hostile with { MinFaceSize = 20 }, image);
    }

    private static void AssertGpuMatchesCpu(Weights.MtcnnWeights weights, DetectorOptions options, ImageData image)
    {
        GpuSession.Require();
        using var cpu = FaceDetector.Create(weights, options with { Backend = Backend.Cpu });
        using var gpu = FaceDetector.Create(weights, options with { Backend = Backend.Cuda });
        var expected = cpu.Detect(image);
        Assert.NotEmpty(expected);
        FaceSetComparison.AssertSameFaces(expected, gpu.Detect(image), options.ONetThreshold, "GPU vs CPU:");
    }

    private static ImageData Noise(Random random, int w, int h)
    {
        var data = new byte[w * h * 3];
        random.NextBytes(data);
        return new ImageData(data, w, h, PixelFormat.Rgb24);
    }
}
