using System.Globalization;
using MtcnnCuda.Trainer.Data;
using SkiaSharp;

namespace MtcnnCuda.Trainer.Tests;

/// <summary>
/// Tiny synthetic data sets for plumbing tests: drawn faces (skin ellipse, two dark eyes, nose, mouth corners) with
/// known boxes and five points, on noisy backgrounds; written as WIDER ground truth and an 11-field landmark list.
/// </summary>
internal sealed class SyntheticFaces : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"mtcnn-synthetic-{Guid.NewGuid():N}");
    public string Annotations => Path.Combine(Root, "wider_gt.txt");
    public string LandmarkList => Path.Combine(Root, "landmarks.txt");
    public List<AnnotatedImage> Images { get; } = [];

    public SyntheticFaces(int images, int landmarkFaces, int seed = 3)
    {
        Directory.CreateDirectory(Path.Combine(Root, "images"));
        var rng = new Random(seed);
        for (int n = 0; n < images; n++)
        {
            int w = 160, h = 120;
            using var bitmap = Background(w, h, rng);
            using var canvas = new SKCanvas(bitmap);
            var faces = new List<FaceBox>();
            for (int tries = 0; faces.Count < 2 && tries < 20; tries++)
            {
                int side = rng.Next(28, 60);
                var box = new FaceBox(rng.Next(0, w - side), rng.Next(0, h - side), side, side);
                if (faces.Any(f => f.IoU(box) > 0 || (f.X < box.X2 && box.X < f.X2 && f.Y < box.Y2 && box.Y < f.Y2))) continue;
                DrawFace(canvas, box);
                faces.Add(box);
            }
            string name = $"images/img{n:D3}.png";
            Save(bitmap, Path.Combine(Root, name));
            Images.Add(new AnnotatedImage(name, faces.ToArray()));
        }
        using (var writer = new StreamWriter(Annotations)) WiderFaceReader.Write(writer, Images);

        using var list = new StreamWriter(LandmarkList);
        for (int n = 0; n < landmarkFaces; n++)
        {
            using var bitmap = Background(48, 48, rng);
            using var canvas = new SKCanvas(bitmap);
            var (xs, ys) = DrawFace(canvas, new FaceBox(0, 0, 48, 48));
            string name = $"images/face{n:D3}.png";
            Save(bitmap, Path.Combine(Root, name));
            list.WriteLine(name + " " + string.Join(" ", xs.Concat(ys).Select(v => v.ToString(CultureInfo.InvariantCulture))));
        }
    }

    private static SKBitmap Background(int w, int h, Random rng)
    {
        var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        var buffer = new byte[pixels.Length];
        byte r = (byte)rng.Next(40, 200), g = (byte)rng.Next(40, 200), b = (byte)rng.Next(40, 200);
        for (int i = 0; i < w * h; i++)
        {
            int noise = rng.Next(-40, 41);
            buffer[4 * i] = (byte)Math.Clamp(r + noise, 0, 255);
            buffer[4 * i + 1] = (byte)Math.Clamp(g + noise, 0, 255);
            buffer[4 * i + 2] = (byte)Math.Clamp(b + rng.Next(-40, 41), 0, 255);
            buffer[4 * i + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(buffer, 0, bitmap.GetPixels(), buffer.Length);
        return bitmap;
    }

    /// <summary>Draws a face filling <paramref name="box"/>; returns its five points (eyes, nose, mouth corners).</summary>
    public static (float[] Xs, float[] Ys) DrawFace(SKCanvas canvas, FaceBox box)
    {
        float s = box.W;
        float[] xs = [box.X + 0.32f * s, box.X + 0.68f * s, box.X + 0.5f * s, box.X + 0.36f * s, box.X + 0.64f * s];
        float[] ys = [box.Y + 0.38f * s, box.Y + 0.38f * s, box.Y + 0.56f * s, box.Y + 0.74f * s, box.Y + 0.74f * s];
        using var skin = new SKPaint { Color = new SKColor(230, 180, 150), IsAntialias = true };
        canvas.DrawOval(box.X + s / 2, box.Y + s / 2, s * 0.45f, s * 0.5f, skin);
        using var dark = new SKPaint { Color = new SKColor(20, 20, 40), IsAntialias = true };
        canvas.DrawCircle(xs[0], ys[0], s * 0.07f, dark);
        canvas.DrawCircle(xs[1], ys[1], s * 0.07f, dark);
        using var nose = new SKPaint { Color = new SKColor(170, 110, 90), IsAntialias = true };
        canvas.DrawCircle(xs[2], ys[2], s * 0.05f, nose);
        using var mouth = new SKPaint { Color = new SKColor(150, 30, 40), IsAntialias = true, StrokeWidth = s * 0.05f, Style = SKPaintStyle.Stroke };
        canvas.DrawLine(xs[3], ys[3], xs[4], ys[4], mouth);
        return (xs, ys);
    }

    private static void Save(SKBitmap bitmap, string path)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
