using System.Text.Json;
using SkiaSharp;

namespace MtcnnCuda.Tools.Tests;

/// <summary>End-to-end `mtcnn detect` with the original MTCNN weights on multiface.jpg (skips without ../shared/data).</summary>
public class ReferenceWeightsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed record Box(float X1, float Y1, float X2, float Y2, float Confidence);

    private static (int Width, int Height, List<Box> Faces) Single(Cli.Result result)
    {
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var image = Assert.Single(doc.RootElement.GetProperty("images").EnumerateArray());
        var faces = image.GetProperty("faces").EnumerateArray().Select(f =>
        {
            var b = f.GetProperty("box");
            return new Box(b.GetProperty("x1").GetSingle(), b.GetProperty("y1").GetSingle(), b.GetProperty("x2").GetSingle(),
                b.GetProperty("y2").GetSingle(), f.GetProperty("confidence").GetSingle());
        }).ToList();
        return (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32(), faces);
    }

    private static float Iou(Box a, Box b)
    {
        float iw = MathF.Max(0, MathF.Min(a.X2, b.X2) - MathF.Max(a.X1, b.X1));
        float ih = MathF.Max(0, MathF.Min(a.Y2, b.Y2) - MathF.Max(a.Y1, b.Y1));
        float inter = iw * ih;
        return inter / ((a.X2 - a.X1) * (a.Y2 - a.Y1) + (b.X2 - b.X1) * (b.Y2 - b.Y1) - inter);
    }

    [Fact]
    public void Multiface_has_six_faces_and_draws_them()
    {
        var output = Environment.GetEnvironmentVariable("MTCNN_TEST_DRAW_OUT") ?? _dir.File("multiface-drawn.png");
        var result = Cli.Detect(SharedData.Multiface, "--weights", SharedData.ReferenceWeights, "--json", "--draw", output);
        var (width, height, faces) = Single(result);
        Assert.Equal((1200, 630), (width, height));
        Assert.Equal(6, faces.Count);
        Assert.All(faces, f => Assert.True(f.Confidence > 0.99f, $"{f} has a low confidence"));

        var drawn = ImageDecoder.Decode(output);
        Assert.Equal((1200, 630), (drawn.Width, drawn.Height));
        foreach (var f in faces)
        {
            // The box outline is drawn on the box edges: the middle of the left edge is box green.
            var p = drawn.Pixel((int)MathF.Round(f.X1), (int)((f.Y1 + f.Y2) / 2));
            Assert.Equal((0, 255, 0), (p.R, p.G, p.B));
        }
    }

    [Fact]
    public void Exif_rotated_multiface_gives_the_same_faces_in_upright_coordinates()
    {
        var weights = SharedData.ReferenceWeights;
        var original = SharedData.Multiface;

        // Store the picture rotated 90° counter-clockwise and tag it with orientation 6 ("rotate 90° clockwise
        // to view"): a viewer, and the decoder, must show the original upright picture again.
        using var upright = SKBitmap.Decode(original);
        using var stored = new SKBitmap(new SKImageInfo(upright.Height, upright.Width, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(stored))
        {
            canvas.Translate(0, upright.Width);
            canvas.RotateDegrees(-90);
            canvas.DrawBitmap(upright, 0, 0);
        }
        var rotated = _dir.Write("multiface-exif6.jpg", TestImageFiles.WithExifOrientation(TestImageFiles.Encode(stored, SKEncodedImageFormat.Jpeg), 6));

        // Reference: the file's stored pixels (SKBitmap.Decode ignores EXIF), turned upright by Skia's canvas, not
        // by our decoder, and searched through the library API.
        using var storedDecoded = SKBitmap.Decode(rotated);
        Assert.Equal((630, 1200), (storedDecoded.Width, storedDecoded.Height));
        using var turned = new SKBitmap(new SKImageInfo(1200, 630, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(turned))
        {
            canvas.Translate(1200, 0);
            canvas.RotateDegrees(90);
            canvas.DrawBitmap(storedDecoded, 0, 0);
        }
        using var detector = FaceDetector.Create(weights);
        var reference = detector.Detect(new ImageData(turned.Bytes, 1200, 630, PixelFormat.Rgba32));

        var (width, height, actual) = Single(Cli.Detect(rotated, "--weights", weights, "--json"));
        Assert.Equal((1200, 630), (width, height));
        Assert.Equal(reference.Select(f => new Box(f.Box.X1, f.Box.Y1, f.Box.X2, f.Box.Y2, f.Confidence)), actual);

        // And they are the six faces of the original file; re-encoding the JPEG moves boxes by a few pixels.
        var expected = Single(Cli.Detect(original, "--weights", weights, "--json")).Faces;
        Assert.Equal(6, actual.Count);
        foreach (var face in expected)
        {
            float best = actual.Max(f => Iou(f, face));
            Assert.True(best > 0.75f, $"face {face} has no counterpart in the EXIF-rotated image (best IoU {best:F3})");
        }
    }
}
