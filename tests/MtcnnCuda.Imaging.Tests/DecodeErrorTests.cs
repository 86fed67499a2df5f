using MtcnnCuda.Tools.Tests;
using SkiaSharp;
using static MtcnnCuda.Imaging.Tests.TestImageFiles;

namespace MtcnnCuda.Imaging.Tests;

/// <summary>Failures name the file and say what is wrong in words; the RGB/size helpers used by eval and the trainer.</summary>
public class DecodeErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_cut_of_a_jpeg_says_truncated_or_corrupt_and_names_the_file()
    {
        using var noise = Noise(48, 40, seed: 3);
        var jpeg = Encode(noise, SKEncodedImageFormat.Jpeg, 90);
        // Cuts inside the markers, the tables and the scan data: Skia answers differently for each (e.g. InvalidInput).
        for (int length = 3; length < jpeg.Length; length += Math.Max(1, jpeg.Length / 97))
        {
            var path = _dir.Write("cut.jpg", jpeg[..length]);
            var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(path));
            Assert.Equal(path, e.FileName);
            Assert.StartsWith(path + ": ", e.Message);
            Assert.True(e.Reason.Contains("truncated") || e.Reason.Contains("corrupt"), $"cut at {length} of {jpeg.Length}: '{e.Reason}'");
            Assert.DoesNotContain("InvalidInput", e.Message);
        }
    }

    [Fact]
    public void Decoding_bytes_gives_a_reason_without_a_file_name()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(new byte[] { 0xFF, 0xD8, 0xFF }));
        Assert.Null(e.FileName);
        Assert.Equal(e.Reason, e.Message);
    }

    [Fact]
    public void ReadSize_gives_the_upright_size_without_decoding()
    {
        using var stored = Quadrants(64, 32);
        var plain = _dir.Write("plain.jpg", Encode(stored, SKEncodedImageFormat.Jpeg));
        var rotated = _dir.Write("rotated.jpg", WithExifOrientation(Encode(stored, SKEncodedImageFormat.Jpeg), 6));
        Assert.Equal((64, 32), ImageDecoder.ReadSize(plain));
        Assert.Equal((32, 64), ImageDecoder.ReadSize(rotated));
        Assert.Contains("file not found", Assert.Throws<ImageDecodeException>(() => ImageDecoder.ReadSize(_dir.File("none.jpg"))).Message);
    }

    [Fact]
    public void ToBitmap_holds_the_upright_pixels()
    {
        using var stored = Quadrants(64, 32);
        var decoded = ImageDecoder.Decode(WithExifOrientation(Encode(stored, SKEncodedImageFormat.Jpeg), 6));
        using var bitmap = decoded.ToBitmap();
        Assert.Equal((32, 64), (bitmap.Width, bitmap.Height));
        for (int y = 0; y < 64; y += 9)
            for (int x = 0; x < 32; x += 5)
            {
                var p = decoded.Pixel(x, y);
                var c = bitmap.GetPixel(x, y);
                Assert.Equal((p.R, p.G, p.B), (c.Red, c.Green, c.Blue));
            }
    }

    [Fact]
    public void ToRgb24_drops_alpha_and_keeps_the_upright_pixels()
    {
        using var stored = Quadrants(64, 32);
        var decoded = ImageDecoder.Decode(Encode(stored, SKEncodedImageFormat.Png));
        var rgb = decoded.ToRgb24();
        Assert.Equal((PixelFormat.Rgb24, 64, 32, 64 * 3), (rgb.Format, rgb.Width, rgb.Height, rgb.Stride));
        var span = rgb.Pixels.Span;
        for (int y = 0; y < 32; y += 7)
            for (int x = 0; x < 64; x += 5)
            {
                var p = decoded.Pixel(x, y);
                int i = y * rgb.Stride + 3 * x;
                Assert.Equal((p.R, p.G, p.B), (span[i], span[i + 1], span[i + 2]));
            }
    }
}
