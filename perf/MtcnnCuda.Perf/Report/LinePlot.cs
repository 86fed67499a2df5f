using SkiaSharp;

namespace MtcnnCuda.Perf.Report;

/// <summary>One named curve of a <see cref="LinePlot"/>.</summary>
public sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>
/// A minimal line chart drawn with SkiaSharp: axes with ticks, labelled curves, optional logarithmic x axis.
/// Text uses DejaVu Sans when the system has it (Debian's fonts-dejavu-core), otherwise Skia's default typeface.
/// </summary>
public sealed class LinePlot
{
    private static readonly SKColor[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xd6, 0x27, 0x28), new(0x2c, 0xa0, 0x2c), new(0xff, 0x7f, 0x0e),
        new(0x94, 0x67, 0xbd), new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f),
    ];

    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public List<PlotSeries> Series { get; } = [];
    public double? XMin { get; init; }
    public double? XMax { get; init; }
    public double? YMin { get; init; }
    public double? YMax { get; init; }
    public bool LogX { get; init; }
    public int Width { get; init; } = 720;
    public int Height { get; init; } = 480;

    public void SavePng(string path)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        Draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private void Draw(SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        using var typeface = Fonts.Default();
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true, TextSize = 14, Typeface = typeface };
        using var small = new SKPaint { Color = SKColors.DimGray, IsAntialias = true, TextSize = 12, Typeface = typeface };
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1, IsStroke = true };
        using var grid = new SKPaint { Color = new SKColor(0xe6, 0xe6, 0xe6), StrokeWidth = 1, IsStroke = true };

        const float left = 70, top = 40, right = 20, bottom = 55;
        var area = new SKRect(left, top, Width - right, Height - bottom);
        var (x0, x1) = Range(Series.SelectMany(s => s.X), XMin, XMax, LogX);
        var (y0, y1) = Range(Series.SelectMany(s => s.Y), YMin, YMax, false);
        float Px(double x) => area.Left + (float)((Tx(x) - Tx(x0)) / (Tx(x1) - Tx(x0))) * area.Width;
        float Py(double y) => area.Bottom - (float)((y - y0) / (y1 - y0)) * area.Height;

        foreach (double t in Ticks(x0, x1, LogX))
        {
            canvas.DrawLine(Px(t), area.Top, Px(t), area.Bottom, grid);
            string label = FormatTick(t);
            canvas.DrawText(label, Px(t) - small.MeasureText(label) / 2, area.Bottom + 16, small);
        }
        foreach (double t in Ticks(y0, y1, false))
        {
            canvas.DrawLine(area.Left, Py(t), area.Right, Py(t), grid);
            string label = FormatTick(t);
            canvas.DrawText(label, area.Left - 6 - small.MeasureText(label), Py(t) + 4, small);
        }
        canvas.DrawRect(area, axis);
        canvas.DrawText(Title, (Width - text.MeasureText(Title)) / 2, 24, text);
        canvas.DrawText(XLabel, area.MidX - text.MeasureText(XLabel) / 2, Height - 14, text);
        canvas.Save();
        canvas.RotateDegrees(-90);
        canvas.DrawText(YLabel, -area.MidY - text.MeasureText(YLabel) / 2, 18, text);
        canvas.Restore();

        canvas.Save();
        canvas.ClipRect(area);
        for (int s = 0; s < Series.Count; s++)
        {
            var series = Series[s];
            using var pen = new SKPaint { Color = Palette[s % Palette.Length], StrokeWidth = 2, IsStroke = true, IsAntialias = true };
            using var path = new SKPath();
            bool started = false;
            for (int i = 0; i < Math.Min(series.X.Count, series.Y.Count); i++)
            {
                if (!double.IsFinite(series.X[i]) || !double.IsFinite(series.Y[i]) || (LogX && series.X[i] <= 0)) continue;
                if (!started) path.MoveTo(Px(series.X[i]), Py(series.Y[i]));
                else path.LineTo(Px(series.X[i]), Py(series.Y[i]));
                started = true;
            }
            if (series.X.Count == 1) canvas.DrawCircle(Px(series.X[0]), Py(series.Y[0]), 3, pen);
            canvas.DrawPath(path, pen);
        }
        canvas.Restore();

        // Legend in the lower right corner of the plot area.
        float ly = area.Bottom - 10 - 18 * (Series.Count - 1);
        for (int s = 0; s < Series.Count; s++, ly += 18)
        {
            using var swatch = new SKPaint { Color = Palette[s % Palette.Length], StrokeWidth = 3 };
            float lx = area.Right - 12 - small.MeasureText(Series[s].Name) - 26;
            canvas.DrawLine(lx, ly - 4, lx + 20, ly - 4, swatch);
            canvas.DrawText(Series[s].Name, lx + 26, ly, small);
        }
    }

    private double Tx(double x) => LogX ? Math.Log10(x) : x;

    private static (double, double) Range(IEnumerable<double> values, double? min, double? max, bool log)
    {
        var finite = values.Where(v => double.IsFinite(v) && (!log || v > 0)).ToArray();
        double lo = min ?? (finite.Length > 0 ? finite.Min() : 0);
        double hi = max ?? (finite.Length > 0 ? finite.Max() : 1);
        if (log && lo <= 0) lo = hi > 1 ? 1 : hi / 10;
        if (!(hi > lo)) hi = lo + (log ? lo * 9 + 1 : Math.Abs(lo) * 0.1 + 1);
        return (lo, hi);
    }

    private static IEnumerable<double> Ticks(double lo, double hi, bool log)
    {
        if (log)
        {
            for (double t = Math.Pow(10, Math.Ceiling(Math.Log10(lo))); t <= hi * 1.0001; t *= 10) yield return t;
            yield break;
        }
        double raw = (hi - lo) / 5, mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw / mag >= 5 ? 5 * mag : raw / mag >= 2 ? 2 * mag : mag;
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + step * 1e-9; t += step) yield return t;
    }

    private static string FormatTick(double t) =>
        Math.Abs(t) >= 10000 ? t.ToString("0.#e0", System.Globalization.CultureInfo.InvariantCulture)
        : t.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Typeface lookup that works with SkiaSharp's NoDependencies native build (no fontconfig).</summary>
internal static class Fonts
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ];

    public static SKTypeface Default()
    {
        foreach (var path in Candidates)
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } face) return face;
        return SKTypeface.FromFamilyName(null) ?? SKTypeface.Default;
    }
}
