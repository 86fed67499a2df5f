using SkiaSharp;

namespace MtcnnCuda.Trainer.Training;

/// <summary>Draws the per-epoch curves (losses; accuracy, recall, false-positive rate) into a PNG with SkiaSharp.</summary>
public static class MetricsPlot
{
    public static void Write(string path, string title, IReadOnlyList<EpochMetrics> epochs)
    {
        const int width = 1000, height = 420, panel = 480, margin = 45;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, margin, 18, font, text);
        Panel(canvas, font, new SKRect(margin, 30, panel - 10, height - margin), "loss", epochs,
            [("train", SKColors.SteelBlue, e => e.TrainLoss), ("validation", SKColors.OrangeRed, e => e.ValLoss)], fixedMax: null);
        Panel(canvas, font, new SKRect(panel + margin, 30, width - 10, height - margin), "validation rates", epochs,
            [("accuracy", SKColors.SeaGreen, e => e.ValAccuracy), ("recall@thr", SKColors.SteelBlue, e => e.ValRecall),
             ("fpr@thr", SKColors.OrangeRed, e => e.ValFalsePositiveRate)], fixedMax: 1);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private static void Panel(SKCanvas canvas, SKFont font, SKRect area, string name, IReadOnlyList<EpochMetrics> epochs,
        (string Label, SKColor Color, Func<EpochMetrics, double> Value)[] series, double? fixedMax)
    {
        using var axis = new SKPaint { Color = SKColors.Gray, StrokeWidth = 1, IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawRect(area, axis);
        double max = fixedMax ?? Math.Max(1e-6, epochs.SelectMany(e => series.Select(s => s.Value(e))).Where(double.IsFinite).DefaultIfEmpty(1).Max());
        int first = epochs.Count > 0 ? epochs[0].Epoch : 0, last = epochs.Count > 0 ? epochs[^1].Epoch : 1;
        float X(int epoch) => area.Left + (last == first ? area.Width / 2 : (epoch - first) * area.Width / (last - first));
        float Y(double v) => area.Bottom - (float)(Math.Clamp(v / max, 0, 1) * area.Height);
        canvas.DrawText($"{name} (max {max:G3})", area.Left + 4, area.Top + 14, font, text);
        canvas.DrawText($"epoch {first}", area.Left, area.Bottom + 16, font, text);
        canvas.DrawText($"{last}", area.Right - 20, area.Bottom + 16, font, text);
        for (int s = 0; s < series.Length; s++)
        {
            using var paint = new SKPaint { Color = series[s].Color, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
            using var path = new SKPath();
            for (int i = 0; i < epochs.Count; i++)
            {
                var p = new SKPoint(X(epochs[i].Epoch), Y(series[s].Value(epochs[i])));
                if (i == 0) path.MoveTo(p); else path.LineTo(p);
                canvas.DrawCircle(p, 2.5f, paint);
            }
            canvas.DrawPath(path, paint);
            using var label = new SKPaint { Color = series[s].Color, IsAntialias = true };
            // Losses fall (top right is free), rates rise towards 1 with the false-positive rate near 0 (the middle is free).
            float legendTop = fixedMax is null ? area.Top + 16 : area.MidY - 8 * series.Length;
            canvas.DrawText(series[s].Label, area.Right - 110, legendTop + 16 * s, font, label);
        }
    }
}
