namespace MtcnnCuda.Tests.Api;

/// <summary>
/// Behaviour of the public API that holds for any weights: these run everywhere with random weights and
/// permissive thresholds so that every stage sees candidates.
/// </summary>
public class DetectorBehaviourTests
{
    private static readonly DetectorOptions Permissive = new()
    {
        PNetThreshold = 0.3f, RNetThreshold = 0.3f, ONetThreshold = 0.3f, MinFaceSize = 24,
    };

    private static byte[] NoiseRgb(int w, int h, int seed)
    {
        var r = new Random(seed);
        var pixels = new byte[w * h * 3];
        // Smooth blobs rather than white noise, so crops differ in content at every scale.
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    pixels[(y * w + x) * 3 + c] = (byte)(127 + 60 * MathF.Sin(x * 0.05f * (c + 1) + seed) * MathF.Cos(y * 0.07f) + r.Next(-20, 20));
        return pixels;
    }

    private static ImageData Convert(byte[] rgb, int w, int h, PixelFormat format, int padding)
    {
        int bpp = format.BytesPerPixel(), stride = w * bpp + padding;
        var data = new byte[stride * h];
        bool swap = !format.IsRedFirst();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int s = (y * w + x) * 3, d = y * stride + x * bpp;
                data[d] = rgb[s + (swap ? 2 : 0)];
                data[d + 1] = rgb[s + 1];
                data[d + 2] = rgb[s + (swap ? 0 : 2)];
                if (bpp == 4) data[d + 3] = 200;
            }
        return new ImageData(data, w, h, stride, format);
    }

    [Fact]
    public void Random_weights_exercise_every_stage()
    {
        using var detector = FaceDetector.Create(TestWeights.Random(2), Permissive);
        var faces = detector.Detect(new ImageData(NoiseRgb(160, 120, 1), 160, 120, PixelFormat.Rgb24));
        Assert.NotEmpty(faces);
        Assert.All(faces, f => Assert.True(float.IsFinite(f.Box.X1) && f.Confidence > 0.3f));
    }

    [Fact]
    public void Every_pixel_format_and_stride_gives_identical_faces()
    {
        var rgb = NoiseRgb(150, 110, 3);
        using var detector = FaceDetector.Create(TestWeights.Random(2), Permissive);
        var expected = detector.Detect(new ImageData(rgb, 150, 110, PixelFormat.Rgb24));
        Assert.NotEmpty(expected);
        foreach (var format in Enum.GetValues<PixelFormat>())
            foreach (int padding in new[] { 0, 13 })
                Assert.Equal(expected, detector.Detect(Convert(rgb, 150, 110, format, padding)));
    }

    [Fact]
    public void Detection_is_deterministic_and_batch_equals_single()
    {
        var images = Enumerable.Range(0, 3).Select(i => new ImageData(NoiseRgb(100 + 20 * i, 90, i), 100 + 20 * i, 90, PixelFormat.Rgb24)).ToArray();
        using var detector = FaceDetector.Create(TestWeights.Random(4), Permissive);
        var batch = detector.DetectBatch(images);
        Assert.Contains(batch, faces => faces.Count > 0);
        Assert.Equal(images.Length, batch.Count);
        for (int i = 0; i < images.Length; i++)
        {
            Assert.Equal(detector.Detect(images[i]), batch[i]);
            Assert.Equal(batch[i], detector.Detect(images[i]));
        }
    }

    [Fact]
    public void Concurrent_detections_equal_serial_ones()
    {
        var images = Enumerable.Range(0, 3).Select(i => new ImageData(NoiseRgb(100 + 20 * i, 90, i), 100 + 20 * i, 90, PixelFormat.Rgb24)).ToArray();
        using var detector = FaceDetector.Create(TestWeights.Random(4), Permissive);
        var serial = images.Select(i => detector.Detect(i)).ToArray();
        Assert.Contains(serial, faces => faces.Count > 0);
        var parallel = new IReadOnlyList<Face>[images.Length * 2];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = detector.Detect(images[i % images.Length]));
        for (int i = 0; i < parallel.Length; i++) Assert.Equal(serial[i % images.Length], parallel[i]);
    }

    [Theory]
    [InlineData(11, 11)]
    [InlineData(1, 1)]
    [InlineData(5000, 3)]
    public void Images_smaller_than_the_smallest_face_give_no_faces(int w, int h)
    {
        using var detector = FaceDetector.Create(TestWeights.Random(2), Permissive);
        Assert.Empty(detector.Detect(new byte[w * h * 3], w, h, w * 3, PixelFormat.Rgb24));
    }

}
