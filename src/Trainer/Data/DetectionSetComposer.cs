using MtcnnCuda.Imaging;
using SkiaSharp;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Composes a synthetic face-detection set from real face crops (e.g. the 80×80 crops of the five-point landmark set,
/// whose face box is the whole crop): each image is a procedurally drawn cluttered background with 1–5 crops pasted at
/// random sizes (24–160 px) and positions without overlap, written as JPEGs plus WIDER-format ground truth. A stand-in
/// for a real detection set, to exercise the whole pipeline; nets trained on it learn pasted-square faces.
/// </summary>
public static class DetectionSetComposer
{
    public sealed record Result(string Annotations, int Images, int Faces);

    public static Result Compose(string landmarkList, string? landmarkImages, string outputDirectory, int count, int seed,
        DataPreparation.Report? report = null)
    {
        if (count <= 0) throw new ArgumentException("--count must be positive.");
        string root = landmarkImages ?? Path.GetDirectoryName(Path.GetFullPath(landmarkList))!;
        var crops = File.ReadLines(landmarkList).Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(t => t.Length > 0).Select(t => t[0].Replace('\\', '/')).ToArray();
        if (crops.Length == 0) throw new InvalidDataException($"{landmarkList} lists no images.");
        string imageDir = Path.Combine(outputDirectory, "images");
        Directory.CreateDirectory(imageDir);
        var rng = new Random(seed);
        var annotated = new List<AnnotatedImage>();
        int faces = 0;
        for (int n = 0; n < count; n++)
        {
            int w = rng.Next(320, 641), h = rng.Next(240, 481);
            using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
            using (var canvas = new SKCanvas(bitmap))
            {
                DrawBackground(canvas, w, h, rng);
                var boxes = new List<FaceBox>();
                int wanted = rng.Next(1, 6);
                for (int tries = 0; boxes.Count < wanted && tries < 50; tries++)
                {
                    int side = (int)MathF.Round(24 * MathF.Pow(160f / 24f, (float)rng.NextDouble()));
                    if (side >= Math.Min(w, h)) continue;
                    var box = new FaceBox(rng.Next(0, w - side), rng.Next(0, h - side), side, side);
                    if (boxes.Any(b => b.IoU(box) > 0 || Overlaps(b, box))) continue;
                    using var face = TryDecode(Path.Combine(root, crops[rng.Next(crops.Length)]));
                    if (face is null) continue;
                    using var paint = new SKPaint { FilterQuality = SKFilterQuality.High, IsAntialias = true };
                    canvas.DrawBitmap(face, new SKRect(box.X, box.Y, box.X2, box.Y2), paint);
                    boxes.Add(box);
                }
                faces += boxes.Count;
                string name = $"images/synthetic_{n:D5}.jpg";
                annotated.Add(new AnnotatedImage(name, boxes.ToArray()));
            }
            using (var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90))
            using (var file = File.Create(Path.Combine(outputDirectory, annotated[^1].Path)))
                data.SaveTo(file);
            report?.Invoke("composing images", n + 1, count);
        }
        string annotations = Path.Combine(outputDirectory, "wider_gt.txt");
        using (var writer = new StreamWriter(annotations)) WiderFaceReader.Write(writer, annotated);
        return new Result(annotations, count, faces);
    }

    /// <summary>A face crop through the project's decoder (EXIF applied); null for an unreadable one, which is skipped.</summary>
    private static SKBitmap? TryDecode(string path)
    {
        try
        {
            return ImageDecoder.Decode(path).ToBitmap();
        }
        catch (ImageDecodeException)
        {
            return null;
        }
    }

    private static bool Overlaps(FaceBox a, FaceBox b) => a.X < b.X2 && b.X < a.X2 && a.Y < b.Y2 && b.Y < a.Y2;

    /// <summary>Gradient plus random shapes and lines: clutter with edges and colours, no faces.</summary>
    private static void DrawBackground(SKCanvas canvas, int w, int h, Random rng)
    {
        SKColor Colour() => new((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(w, h), [Colour(), Colour()], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shader })
            canvas.DrawRect(0, 0, w, h, paint);
        int shapes = rng.Next(10, 40);
        for (int i = 0; i < shapes; i++)
        {
            using var paint = new SKPaint
            {
                Color = Colour().WithAlpha((byte)rng.Next(80, 256)), IsAntialias = true,
                Style = rng.Next(3) == 0 ? SKPaintStyle.Stroke : SKPaintStyle.Fill, StrokeWidth = rng.Next(1, 8),
            };
            float x = rng.Next(w), y = rng.Next(h), a = rng.Next(5, w / 3), b = rng.Next(5, h / 3);
            switch (rng.Next(3))
            {
                case 0: canvas.DrawRect(x, y, a, b, paint); break;
                case 1: canvas.DrawOval(x, y, a / 2f, b / 2f, paint); break;
                default: canvas.DrawLine(x, y, rng.Next(w), rng.Next(h), paint); break;
            }
        }
    }
}
