namespace MtcnnCuda.Tests.Api;

public class ImageDataTests
{
    [Theory]
    [InlineData(0, 10, 30, 3, "empty")]
    [InlineData(10, -1, 30, 3, "empty")]
    [InlineData(40000, 1, 120000, 3, "exceeds")]
    [InlineData(10, 10, 29, 300, "Stride 29")]
    [InlineData(10, 10, 30, 299, "needs 300")]
    public void Invalid_views_are_rejected_with_the_reason(int w, int h, int stride, int length, string expected)
    {
        var image = new ImageData(new byte[length], w, h, stride, PixelFormat.Rgb24);
        var e = Assert.Throws<ArgumentException>(image.Validate);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Last_row_may_be_shorter_than_the_stride()
    {
        // 2 rows of 4 RGBA pixels with 20-byte stride: 20 + 16 bytes suffice.
        new ImageData(new byte[36], 4, 2, 20, PixelFormat.Rgba32).Validate();
    }

    [Fact]
    public void Unknown_pixel_format_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new ImageData(new byte[300], 10, 10, 30, (PixelFormat)42).Validate());
        Assert.Contains("Unknown pixel format", e.Message);
    }

    [Fact]
    public void Detector_rejects_bad_buffers_before_any_work()
    {
        using var detector = FaceDetector.Create(TestWeights.Random());
        Assert.Throws<ArgumentException>(() => detector.Detect(new byte[10], 10, 10, 30, PixelFormat.Rgb24));
        Assert.Throws<ArgumentException>(() => detector.DetectBatch([new ImageData(new byte[3], 0, 1, PixelFormat.Rgb24)]));
    }

    [Theory]
    [InlineData(nameof(DetectorOptions.MinFaceSize), 11f)]
    [InlineData(nameof(DetectorOptions.ScaleFactor), 1f)]
    [InlineData(nameof(DetectorOptions.PNetThreshold), 1.5f)]
    [InlineData(nameof(DetectorOptions.ONetNms), float.NaN)]
    public void Invalid_options_are_rejected(string property, float value)
    {
        var options = property switch
        {
            nameof(DetectorOptions.MinFaceSize) => new DetectorOptions { MinFaceSize = value },
            nameof(DetectorOptions.ScaleFactor) => new DetectorOptions { ScaleFactor = value },
            nameof(DetectorOptions.PNetThreshold) => new DetectorOptions { PNetThreshold = value },
            _ => new DetectorOptions { ONetNms = value },
        };
        var e = Assert.Throws<ArgumentException>(() => FaceDetector.Create(TestWeights.Random(), options));
        Assert.Contains(property, e.Message);
    }

    [Fact]
    public void Disposed_detector_refuses_work()
    {
        var detector = FaceDetector.Create(TestWeights.Random());
        detector.Dispose();
        detector.Dispose();
        Assert.Throws<ObjectDisposedException>(() => detector.Detect(new byte[300], 10, 10, 30, PixelFormat.Rgb24));
    }
}
