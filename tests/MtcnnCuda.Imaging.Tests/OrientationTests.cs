using SkiaSharp;
using static MtcnnCuda.Imaging.Tests.TestImageFiles;

namespace MtcnnCuda.Imaging.Tests;

public class OrientationTests
{
    // The stored picture is 64×32 with quadrants TL red, TR green, BL blue, BR yellow. Expected upright quadrants
    // (TL, TR, BL, BR) follow the EXIF definitions, worked out by hand: e.g. 6 = "rotate 90° clockwise to view",
    // so the stored top-left (red) ends top-right and the stored bottom-left (blue) ends top-left.
    public static TheoryData<int, string> Cases => new()
    {
        { 1, "RGBY" }, { 2, "GRYB" }, { 3, "YBGR" }, { 4, "BYRG" },
        { 5, "RBGY" }, { 6, "BRYG" }, { 7, "YGBR" }, { 8, "GYRB" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exif_orientation_gives_the_upright_picture(int orientation, string quadrants)
    {
        using var stored = Quadrants(64, 32);
        var jpeg = WithExifOrientation(Encode(stored, SKEncodedImageFormat.Jpeg), orientation);
        var image = ImageDecoder.Decode(jpeg);

        Assert.Equal((int)(SKEncodedOrigin)orientation, (int)image.Origin);
        var expectedSize = orientation >= 5 ? (32, 64) : (64, 32);
        Assert.Equal(expectedSize, (image.Width, image.Height));
        int w = image.Width, h = image.Height;
        (int X, int Y)[] centres = [(w / 4, h / 4), (3 * w / 4, h / 4), (w / 4, 3 * h / 4), (3 * w / 4, 3 * h / 4)];
        for (int q = 0; q < 4; q++)
        {
            var expected = quadrants[q] switch { 'R' => Red, 'G' => Green, 'B' => Blue, _ => Yellow };
            var p = image.Pixel(centres[q].X, centres[q].Y);
            Assert.True(Math.Abs(p.R - expected.Red) <= 12 && Math.Abs(p.G - expected.Green) <= 12 && Math.Abs(p.B - expected.Blue) <= 12,
                $"orientation {orientation}, quadrant {q}: expected {expected}, got ({p.R}, {p.G}, {p.B})");
        }
    }

    [Fact]
    public void Without_exif_the_stored_picture_is_used()
    {
        using var stored = Quadrants(64, 32);
        var image = ImageDecoder.Decode(Encode(stored, SKEncodedImageFormat.Jpeg));
        Assert.Equal(SKEncodedOrigin.TopLeft, image.Origin);
        Assert.Equal((64, 32), (image.Width, image.Height));
    }
}
