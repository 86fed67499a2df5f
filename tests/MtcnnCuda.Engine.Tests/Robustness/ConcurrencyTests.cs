namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// One detector used from many threads at once gives exactly the serial results (the CPU backend promises
/// bit-for-bit determinism and thread safety). Random weights run everywhere; the reference weights when present.
/// </summary>
public class ConcurrencyTests
{
    private static void AssertConcurrentEqualsSerial(FaceDetector detector, IReadOnlyList<ImageData> images, int rounds)
    {
        var serial = images.Select(image => detector.Detect(image)).ToArray();
        Assert.Contains(serial, faces => faces.Count > 0); // otherwise equality would be vacuous
        var work = Enumerable.Range(0, rounds * images.Count).Select(i => i % images.Count).ToArray();
        new Random(Budget.Seed).Shuffle(work);
        var results = new IReadOnlyList<Face>[work.Length];
        Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = detector.Detect(images[work[i]]));
        for (int i = 0; i < work.Length; i++)
            Assert.True(serial[work[i]].SequenceEqual(results[i]), $"image {work[i]}, run {i}: concurrent result differs from serial");
        // Batches concurrently with single detections.
        var batches = new IReadOnlyList<IReadOnlyList<Face>>[2];
        Parallel.For(0, batches.Length, i => batches[i] = detector.DetectBatch(images));
        foreach (var batch in batches)
            for (int k = 0; k < images.Count; k++) Assert.True(serial[k].SequenceEqual(batch[k]), $"batch image {k} differs");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{work.Length} concurrent detections; faces per image: {string.Join(", ", serial.Select(s => s.Count))}");
    }

    private static List<ImageData> NoiseImages() =>
    [
        new(RandomWeights.NoiseImage(10, 64, 48), 64, 48, PixelFormat.Rgb24),
        new(RandomWeights.NoiseImage(11, 50, 70), 50, 70, PixelFormat.Rgb24),
        new(RandomWeights.NoiseImage(12, 36, 36), 36, 36, PixelFormat.Rgb24),
        new(RandomWeights.NoiseImage(13, 80, 30), 80, 30, PixelFormat.Rgb24),
    ];

    [Fact]
    public void Random_weights_concurrent_detections_equal_serial()
    {
        // Low thresholds so random nets yield faces whose equality means something.
        using var detector = FaceDetector.Create(RandomWeights.Create(21), DetectorOptions.Default with
        {
            PNetThreshold = 0.4f, RNetThreshold = 0.4f, ONetThreshold = 0.3f, MinFaceSize = 16f, CpuThreads = 2,
            PNetScaleNms = 0.3f, PNetCrossScaleNms = 0.3f, RNetNms = 0.3f,
        });
        AssertConcurrentEqualsSerial(detector, NoiseImages(), rounds: Budget.Scale(4));
    }

    [Fact]
    public void Reference_weights_concurrent_detections_equal_serial()
    {
        var image = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        using var detector = FaceDetector.Create(SharedData.ReferenceWeights, DetectorOptions.Default with { MinFaceSize = 40f });
        // Two crops of the photo, each with faces (different pyramids and candidates).
        var pixels = image.Pixels;
        var crops = new List<ImageData>();
        foreach (var (x, y, w, h) in new[] { (0, 0, 560, 380), (560, 200, 640, 430) })
            crops.Add(new ImageData(pixels[(y * image.Stride + x * 3)..], w, h, image.Stride, PixelFormat.Rgb24));
        AssertConcurrentEqualsSerial(detector, crops, rounds: Budget.Scale(3));
    }
}
