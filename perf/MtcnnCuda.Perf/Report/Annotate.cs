using SkiaSharp;

namespace MtcnnCuda.Perf.Report;

/// <summary>Draws boxes and points onto a region of an image and returns a JPEG, for the report's example images.</summary>
public static class Annotate
{
    public sealed record Shape(SKRect? Box, IReadOnlyList<SKPoint>? Points, SKColor Color, float Width = 2);

    /// <summary>
    /// Crops <paramref name="region"/> (clamped to the image), scales it so its longer side is
    /// <paramref name="outputSide"/> pixels, and draws the shapes (given in image coordinates).
    /// </summary>
    public static byte[] Jpeg(SKBitmap image, SKRect region, IEnumerable<Shape> shapes, int outputSide = 320)
    {
        region.Intersect(new SKRect(0, 0, image.Width, image.Height));
        if (region.Width < 1 || region.Height < 1) region = new SKRect(0, 0, image.Width, image.Height);
        float scale = outputSide / Math.Max(region.Width, region.Height);
        int w = Math.Max(1, (int)(region.Width * scale)), h = Math.Max(1, (int)(region.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(w, h));
        var canvas = surface.Canvas;
        using (var paint = new SKPaint { FilterQuality = SKFilterQuality.Medium })
            canvas.DrawBitmap(image, region, new SKRect(0, 0, w, h), paint);
        foreach (var s in shapes)
        {
            using var pen = new SKPaint { Color = s.Color, IsStroke = true, StrokeWidth = s.Width, IsAntialias = true };
            if (s.Box is { } b)
                canvas.DrawRect(new SKRect((b.Left - region.Left) * scale, (b.Top - region.Top) * scale,
                    (b.Right - region.Left) * scale, (b.Bottom - region.Top) * scale), pen);
            if (s.Points is { } pts)
            {
                using var dot = new SKPaint { Color = s.Color, IsAntialias = true };
                foreach (var p in pts) canvas.DrawCircle((p.X - region.Left) * scale, (p.Y - region.Top) * scale, 3, dot);
            }
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
