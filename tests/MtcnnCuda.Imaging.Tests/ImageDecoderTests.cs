using MtcnnCuda.Tools.Tests;
using SkiaSharp;
using static MtcnnCuda.Imaging.Tests.TestImageFiles;

namespace MtcnnCuda.Imaging.Tests;

public class ImageDecoderTests
{
    private static void AssertColor(SKColor expected, (byte R, byte G, byte B, byte A) actual, int tolerance, string where)
    {
        bool close = Math.Abs(expected.Red - actual.R) <= tolerance && Math.Abs(expected.Green - actual.G) <= tolerance
                     && Math.Abs(expected.Blue - actual.B) <= tolerance && Math.Abs(expected.Alpha - actual.A) <= tolerance;
        Assert.True(close, $"{where}: expected {expected}, got ({actual.R}, {actual.G}, {actual.B}, {actual.A})");
    }

    [Fact]
    public void Png_decodes_to_exact_rgba_with_its_size()
    {
        using var bitmap = Quadrants(40, 30);
        var image = ImageDecoder.Decode(Encode(bitmap, SKEncodedImageFormat.Png));
        Assert.Equal((40, 30), (image.Width, image.Height));
        Assert.Equal(SKEncodedImageFormat.Png, image.Format);
        Assert.Equal(40 * 30 * 4, image.Rgba.Length);
        AssertColor(Red, image.Pixel(0, 0), 0, "top-left");
        AssertColor(Green, image.Pixel(39, 0), 0, "top-right");
        AssertColor(Blue, image.Pixel(0, 29), 0, "bottom-left");
        AssertColor(Yellow, image.Pixel(39, 29), 0, "bottom-right");
        var data = image.ToImageData();
        Assert.Equal((PixelFormat.Rgba32, 160), (data.Format, data.Stride));
    }

    [Fact]
    public void Rgba_png_keeps_alpha_and_unpremultiplied_colour()
    {
        var info = new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        bitmap.SetPixel(0, 0, new SKColor(200, 100, 50, 128));
        bitmap.SetPixel(1, 0, new SKColor(10, 20, 30, 255));
        var png = Encode(bitmap, SKEncodedImageFormat.Png);
        using (var codec = SKCodec.Create(new SKMemoryStream(png)))
            Assert.NotEqual(SKAlphaType.Opaque, codec.Info.AlphaType); // the fixture really carries alpha

        var image = ImageDecoder.Decode(png);
        AssertColor(new SKColor(200, 100, 50, 128), image.Pixel(0, 0), 1, "half-transparent pixel");
        AssertColor(new SKColor(10, 20, 30, 255), image.Pixel(1, 0), 0, "opaque pixel");
    }

    [Fact]
    public void Grayscale_jpeg_becomes_rgb_with_equal_channels()
    {
        using var gray = new SKBitmap(new SKImageInfo(32, 16, SKColorType.Gray8, SKAlphaType.Opaque));
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 32; x++)
                gray.SetPixel(x, y, x < 16 ? new SKColor(40, 40, 40) : new SKColor(220, 220, 220));
        var jpeg = Encode(gray, SKEncodedImageFormat.Jpeg);
        using (var codec = SKCodec.Create(new SKMemoryStream(jpeg)))
            Assert.Equal(SKColorType.Gray8, codec.Info.ColorType); // one-component JPEG

        var image = ImageDecoder.Decode(jpeg);
        Assert.Equal((32, 16), (image.Width, image.Height));
        foreach (var (x, expected) in new[] { (4, 40), (28, 220) })
        {
            var p = image.Pixel(x, 8);
            Assert.Equal(p.R, p.G);
            Assert.Equal(p.R, p.B);
            Assert.Equal(255, p.A);
            Assert.InRange(p.R, expected - 3, expected + 3);
        }
    }

    [Fact]
    public void Sixteen_bit_png_is_reduced_to_eight_bits()
    {
        ushort[] samples =
        [
            0xFFFF, 0x0000, 0x8000, /**/ 0x1234, 0xABCD, 0x00FF, // row 0
            0x0100, 0xFF00, 0x7FFF, /**/ 0xC0C0, 0x4040, 0x0000, // row 1
        ];
        var image = ImageDecoder.Decode(Png16Rgb(2, 2, samples));
        Assert.Equal((2, 2), (image.Width, image.Height));
        for (int i = 0; i < 4; i++)
        {
            var p = image.Pixel(i % 2, i / 2);
            int s = i * 3;
            int[] expected = [samples[s] * 255 / 65535, samples[s + 1] * 255 / 65535, samples[s + 2] * 255 / 65535];
            Assert.InRange(p.R, expected[0] - 1, expected[0] + 1);
            Assert.InRange(p.G, expected[1] - 1, expected[1] + 1);
            Assert.InRange(p.B, expected[2] - 1, expected[2] + 1);
            Assert.Equal(255, p.A);
        }
    }

    [Fact]
    public void Cmyk_jpeg_is_converted_to_rgb()
    {
        // C, M, Y, K quadrants of a hand-written Adobe CMYK JPEG: cyan, magenta, yellow, black.
        var image = ImageDecoder.Decode(CmykJpeg.Quadrants());
        Assert.Equal((16, 16), (image.Width, image.Height));
        AssertColor(new SKColor(0, 255, 255), image.Pixel(3, 3), 3, "cyan quadrant");
        AssertColor(new SKColor(255, 0, 255), image.Pixel(12, 3), 3, "magenta quadrant");
        AssertColor(new SKColor(255, 255, 0), image.Pixel(3, 12), 3, "yellow quadrant");
        AssertColor(new SKColor(0, 0, 0), image.Pixel(12, 12), 3, "black quadrant");
    }

    [Fact]
    public void Empty_input_is_rejected_clearly()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(Array.Empty<byte>()));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Random_bytes_are_not_an_image()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes));
        Assert.Contains("not a supported image", e.Message);
        Assert.Contains("JPEG", e.Message);
    }

    [Fact]
    public void Truncated_jpeg_is_reported_as_truncated()
    {
        using var noise = Noise(64, 64, seed: 1);
        var jpeg = Encode(noise, SKEncodedImageFormat.Jpeg, 90);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg[..(jpeg.Length * 6 / 10)]));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Jpeg_cut_inside_its_header_is_rejected()
    {
        using var noise = Noise(64, 64, seed: 2);
        var jpeg = Encode(noise, SKEncodedImageFormat.Jpeg, 90);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg[..40]));
        Assert.Contains("header is truncated", e.Message);
    }

    [Fact]
    public void Zero_width_png_is_rejected()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(PngZeroWidth()));
        Assert.Matches("zero size|header", e.Message);
    }

    [Fact]
    public void Missing_file_and_directory_are_reported()
    {
        using var dir = new TempDir();
        Assert.Contains("not found", Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(dir.File("nope.jpg"))).Message);
        Assert.Contains("directory", Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(dir.Path)).Message);
    }
}
