using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// Options and weights that push the cascade to its limits must neither exhaust memory nor run away: every
/// threshold at 0 (every PNet cell a candidate) and box-regression heads that throw boxes far outside the image.
/// Bounds are on allocated bytes and candidate counts, never on time.
/// </summary>
public class HostileDetectionTests
{
    private static long Allocated() => GC.GetTotalAllocatedBytes(precise: true);

    [Fact]
    public void Huge_regressed_boxes_do_not_allocate_huge_crops()
    {
        // Regression heads ×10⁴ push RNet/ONet boxes far past the image (once an int overflow, then gigabyte crops).
        using var detector = FaceDetector.Create(RandomWeights.Create(5, regressionScale: 1e4f),
            DetectorOptions.Default with { PNetThreshold = 0f, RNetThreshold = 0f, ONetThreshold = 0f, MinFaceSize = 40f });
        var pixels = RandomWeights.NoiseImage(1, 160, 120);
        long before = Allocated();
        var faces = detector.Detect(pixels, 160, 120, 480, PixelFormat.Rgb24);
        long allocated = Allocated() - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"{faces.Count} faces, {allocated / 1e6:F1} MB allocated");
        Assert.True(allocated < 256L << 20, $"one 160×120 detection allocated {allocated / 1e6:F0} MB");
        Assert.All(faces, f => Assert.True(float.IsFinite(f.Confidence) && !float.IsNaN(f.Box.X1) && !float.IsNaN(f.Box.Y2)));
    }

    [Fact]
    public void Crop_sampler_equals_resampling_a_zero_padded_copy()
    {
        // The sampler reads only the in-image part of a window; the reference builds the padded crop explicitly.
        var random = new Random(Budget.Seed);
        const int w = 37, h = 29;
        var image = new float[3 * w * h];
        for (int i = 0; i < image.Length; i++) image[i] = random.Next(256);
        for (int trial = 0; trial < 300; trial++)
        {
            int x0 = random.Next(-60, 60), y0 = random.Next(-60, 60);
            var window = new CropWindow(x0, y0, x0 + random.Next(1, 90), y0 + random.Next(1, 90));
            int size = trial % 2 == 0 ? 24 : 48;
            var actual = new float[3 * size * size];
            CropSampler.Sample(image, h, w, window, size, 127.5f, 0.0078125f, actual);

            var crop = new float[3 * window.Height * window.Width];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < window.Height; y++)
                    for (int x = 0; x < window.Width; x++)
                    {
                        int sx = window.X0 + x, sy = window.Y0 + y;
                        if (sx >= 0 && sx < w && sy >= 0 && sy < h)
                            crop[(c * window.Height + y) * window.Width + x] = image[(c * h + sy) * w + sx];
                    }
            var expected = new float[3 * size * size];
            AreaResample.Planar(crop, 3, window.Height, window.Width, expected, size, size);
            for (int i = 0; i < expected.Length; i++) expected[i] = (expected[i] - 127.5f) * 0.0078125f;
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"window {window}, size {size}: sampler differs from the padded reference");
        }
    }

    [Fact]
    public void Windows_of_absurd_boxes_stay_in_int_range()
    {
        var boxes = new[]
        {
            new Candidate(float.NaN, 0, 10, 10, 1f), new Candidate(-3e38f, -3e38f, 3e38f, 3e38f, 1f),
            new Candidate(float.NegativeInfinity, 5, float.PositiveInfinity, 6, 1f), new Candidate(2e9f, 2e9f, 2.1e9f, 2.1e9f, 1f),
        };
        foreach (var b in boxes)
        {
            foreach (var mode in new[] { EdgeMode.ZeroPad, EdgeMode.Clip })
            {
                var window = BoxOps.Window(b, 100, 80, mode);
                Assert.True(window.Width >= 0 || window.IsEmpty, $"{window}");
                Assert.True(Math.Abs((long)window.X0) <= (1L << 29) + 1 && Math.Abs((long)window.X1) <= 1L << 29, $"{window}");
                if (!window.IsEmpty)
                {
                    var output = new float[3 * 24 * 24];
                    CropSampler.Sample(new float[3 * 100 * 80], 80, 100, window, 24, 127.5f, 0.0078125f, output);
                }
            }
        }
    }

    [Fact]
    public void Candidate_limit_keeps_the_best_scores_and_is_a_no_op_below_it()
    {
        var random = new Random(Budget.Seed);
        var boxes = new Candidate[1000];
        for (int i = 0; i < boxes.Length; i++) boxes[i] = new Candidate(i, i, i + 12, i + 12, random.Next(50) / 50f);
        Assert.Same(boxes, CandidateLimits.Top(boxes, 1000));
        var top = CandidateLimits.Top(boxes, 100);
        Assert.Equal(100, top.Length);
        float cut = top[^1].Score;
        Assert.All(boxes, b => Assert.True(b.Score <= cut || top.Any(t => t.X1 == b.X1), $"box {b.X1} (score {b.Score}) was dropped above the cut {cut}"));
        for (int i = 1; i < top.Length; i++)
            Assert.True(top[i - 1].Score > top[i].Score || (top[i - 1].Score == top[i].Score && top[i - 1].X1 < top[i].X1));
    }

    [Fact]
    public void Zero_thresholds_on_a_large_image_stay_bounded()
    {
        // Every PNet cell passes and no NMS suppresses anything: without the candidate limits this ran for
        // minutes over hundreds of thousands of boxes and then failed allocating the ONet batch.
        Assert.SkipUnless(Budget.Long, "slow (about a minute of CPU): runs with MTCNN_ROBUSTNESS_LONG=1");
        using var detector = FaceDetector.Create(RandomWeights.Create(6), DetectorOptions.Default with
        {
            PNetThreshold = 0f, RNetThreshold = 0f, ONetThreshold = 0f, MinFaceSize = 12f,
            PNetScaleNms = 1f, PNetCrossScaleNms = 1f, RNetNms = 1f, ONetNms = 1f,
            Backend = Backend.Cpu, // LastTimes below is the CPU backend's
        });
        const int w = 640, h = 480;
        var pixels = RandomWeights.NoiseImage(2, w, h);
        long before = Allocated();
        var faces = detector.Detect(pixels, w, h, 3 * w, PixelFormat.Rgb24);
        long allocated = Allocated() - before;
        var times = CpuBackend.LastTimes!;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{times.PNetCandidates} PNet, {times.RNetCandidates} RNet candidates, {faces.Count} faces, {allocated / 1e6:F1} MB allocated");
        Assert.True(times.PNetCandidates <= CandidateLimits.PNetAllScales);
        Assert.True(faces.Count <= CandidateLimits.ONet);
        Assert.True(allocated < 2L << 30, $"allocated {allocated / 1e6:F0} MB");
    }
}
