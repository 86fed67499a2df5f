using System.Globalization;
using Spectre.Console;

namespace MtcnnCuda.Tools;

/// <summary>
/// Human-readable results: a Spectre.Console table per image on an interactive terminal, aligned plain text
/// otherwise (redirected output, CI logs, tests). Coordinates are pixels of the upright image, one decimal.
/// </summary>
internal static class TextReport
{
    private static readonly string[] LandmarkHeaders = ["left eye", "right eye", "nose", "left mouth", "right mouth"];

    /// <summary>Rich output only on a real terminal: not when redirected, not under CI, not with TERM=dumb.</summary>
    public static bool ShouldUseRich(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>Writes an image's faces; failures are reported on stderr by the caller.</summary>
    public static void WritePlain(TextWriter output, ImageResult result)
    {
        if (result.Faces is null) return;
        output.WriteLine($"{result.File}: {result.Width}x{result.Height}, {Count(result.Faces.Count)}" +
                         (result.DrawnTo is null ? "" : $", drawn to {result.DrawnTo}"));
        if (result.Faces.Count == 0) return;

        var rows = new List<string[]> { Header() };
        for (int i = 0; i < result.Faces.Count; i++) rows.Add(Row(i, result.Faces[i]));
        int[] widths = new int[rows[0].Length];
        foreach (var row in rows)
            for (int c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        foreach (var row in rows)
            output.WriteLine("  " + string.Join("  ", row.Select((cell, c) => cell.PadLeft(widths[c]))).TrimEnd());
    }

    public static void WriteRich(IAnsiConsole console, ImageResult result)
    {
        if (result.Faces is null) return;
        var file = Markup.Escape(result.File);
        var title = $"{file} ({result.Width}×{result.Height}): {Count(result.Faces.Count)}" +
                    (result.DrawnTo is null ? "" : $", drawn to {Markup.Escape(result.DrawnTo)}");
        if (result.Faces.Count == 0)
        {
            console.MarkupLine(title);
            return;
        }
        // Compact for 80-column terminals: whole pixels; --json gives full precision.
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("box x1,y1,x2,y2"));
        table.AddColumn(new TableColumn("conf").RightAligned());
        table.AddColumn(new TableColumn("landmarks: left eye, right eye, nose, left mouth, right mouth"));
        for (int i = 0; i < result.Faces.Count; i++)
        {
            var f = result.Faces[i];
            var box = $"{I(f.Box.X1)},{I(f.Box.Y1)},{I(f.Box.X2)},{I(f.Box.Y2)}";
            var marks = string.Join("  ", Enumerable.Range(0, 5).Select(k => $"{I(f.Landmarks[k].X)},{I(f.Landmarks[k].Y)}"));
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), box, f.Confidence.ToString("0.000", CultureInfo.InvariantCulture), marks);
        }
        console.Write(table);
    }

    private static string Count(int n) => n == 1 ? "1 face" : $"{n} faces";

    private static string[] Header() => ["#", "x1", "y1", "x2", "y2", "confidence", .. LandmarkHeaders];

    private static string[] Row(int index, Face face)
    {
        var cells = new List<string>
        {
            (index + 1).ToString(CultureInfo.InvariantCulture),
            F(face.Box.X1), F(face.Box.Y1), F(face.Box.X2), F(face.Box.Y2),
            face.Confidence.ToString("0.0000", CultureInfo.InvariantCulture),
        };
        for (int k = 0; k < 5; k++) cells.Add($"{F(face.Landmarks[k].X)},{F(face.Landmarks[k].Y)}");
        return [.. cells];
    }

    private static string F(float v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string I(float v) => MathF.Round(v).ToString("0", CultureInfo.InvariantCulture);
}
