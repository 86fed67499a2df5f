using System.Globalization;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace MtcnnCuda.Tools;

/// <summary>
/// Draws detections onto the upright image and writes it: a green box per face, its confidence above the box,
/// and the five landmarks as dots (left eye red, right eye blue, nose yellow, left mouth magenta, right mouth cyan).
/// </summary>
internal static class FaceDrawer
{
    public static readonly SKColor BoxColor = new(0, 255, 0);

    public static readonly SKColor[] LandmarkColors =
    [
        new(255, 0, 0), new(0, 64, 255), new(255, 255, 0), new(255, 0, 255), new(0, 255, 255),
    ];

    /// <summary>The encoder for an output path, from its extension; null when the extension is not supported.</summary>
    public static SKEncodedImageFormat? FormatFor(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => SKEncodedImageFormat.Png,
        ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
        _ => null,
    };

    public static void DrawAndSave(DecodedImage image, IReadOnlyList<Face> faces, string outputPath)
    {
        var format = FormatFor(outputPath)
            ?? throw new ArgumentException($"Cannot tell the image format of '{outputPath}'; use .png, .jpg or .jpeg.");
        using var bitmap = Render(image, faces);
        using var encoded = bitmap.Encode(format, 92)
            ?? throw new IOException($"SkiaSharp could not encode {format} for '{outputPath}'.");
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var file = File.Create(outputPath);
        encoded.SaveTo(file);
    }

    public static SKBitmap Render(DecodedImage image, IReadOnlyList<Face> faces)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        Marshal.Copy(image.Rgba, 0, bitmap.GetPixels(), image.Rgba.Length);

        float stroke = MathF.Max(2f, MathF.Round(MathF.Min(image.Width, image.Height) / 250f));
        using var canvas = new SKCanvas(bitmap);
        using var boxPaint = new SKPaint { Color = BoxColor, Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = true };
        using var dotPaint = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var labelBack = new SKPaint { Color = new SKColor(0, 0, 0, 200), Style = SKPaintStyle.Fill };
        using var labelText = new SKPaint { Color = BoxColor, Style = SKPaintStyle.Fill };

        foreach (var face in faces)
        {
            var box = face.Box;
            canvas.DrawRect(box.X1, box.Y1, box.Width, box.Height, boxPaint);
            for (int k = 0; k < 5; k++)
            {
                dotPaint.Color = LandmarkColors[k];
                canvas.DrawCircle(face.Landmarks[k].X, face.Landmarks[k].Y, stroke * 1.5f + 1f, dotPaint);
            }
            DrawScore(canvas, face, stroke, labelBack, labelText);
        }
        canvas.Flush();
        return bitmap;
    }

    private static void DrawScore(SKCanvas canvas, Face face, float scale, SKPaint back, SKPaint text)
    {
        var label = face.Confidence.ToString("0.00", CultureInfo.InvariantCulture);
        float width = (DigitFont.Measure(label) + 2) * scale;
        float height = (DigitFont.GlyphHeight + 2) * scale;
        float x = face.Box.X1 - scale / 2f;
        // Above the box, or inside its top edge when the box touches the image top.
        float y = face.Box.Y1 - scale / 2f - height >= 0 ? face.Box.Y1 - scale / 2f - height : face.Box.Y1 + scale / 2f;
        canvas.DrawRect(x, y, width, height, back);
        DigitFont.Draw(canvas, label, x + scale, y + scale, scale, text);
    }
}
