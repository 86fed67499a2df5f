using MtcnnCuda.Imaging;
using MtcnnCuda.Perf.Common;
using SkiaSharp;
using static MtcnnCuda.Imaging.Tests.TestImageFiles;

namespace MtcnnCuda.Perf.Tests;

/// <summary>eval and bench decode images as <c>mtcnn detect</c> does: EXIF orientation applied, failures named.</summary>
public class HarnessImageTests
{
    [Fact]
    public void Eval_images_are_decoded_upright()
    {
        using var temp = new TempFolder();
        using var stored = Quadrants(64, 32);
        string path = Path.Combine(temp.Path, "rotated.jpg");
        File.WriteAllBytes(path, WithExifOrientation(Encode(stored, SKEncodedImageFormat.Jpeg), 6));

        var image = RgbImage.Load(path);

        Assert.Equal((PixelFormat.Rgb24, 32, 64), (image.Format, image.Width, image.Height));
        // Orientation 6 shows the stored picture turned 90° clockwise: the stored bottom-left (blue) is now top-left.
        var p = image.Pixels.Span;
        Assert.True(p[2] > 200 && p[0] < 60, $"top-left should be blue, got ({p[0]}, {p[1]}, {p[2]})");
    }

    [Fact]
    public void A_missing_image_names_the_file()
    {
        var e = Assert.Throws<ImageDecodeException>(() => RgbImage.Load("/nonexistent/x.jpg"));
        Assert.Contains("/nonexistent/x.jpg", e.Message);
    }
}
