using System.Globalization;

namespace MtcnnCuda.Perf.Eval;

/// <summary>
/// Reads WIDER FACE ground truth text (wider_face_train_bbx_gt.txt / wider_face_val_bbx_gt.txt): an image path,
/// a face count, then one line per face <c>x y w h blur expression illumination invalid occlusion pose</c>.
/// A count of 0 is followed by one line of zeros (as the official files have), which is skipped.
/// Boxes with a non-positive width or height are kept but marked invalid (they exist in the official files).
/// </summary>
public static class WiderReader
{
    public static IReadOnlyList<ImageAnnotation> Read(string path)
    {
        using var reader = File.OpenText(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<ImageAnnotation> Read(TextReader reader, string sourceName)
    {
        var lines = new LineSource(reader, sourceName);
        var images = new List<ImageAnnotation>();
        while (lines.Next() is { } pathLine)
        {
            if (pathLine.Length == 0) continue;
            string imagePath = pathLine.Trim();
            if (!LooksLikePath(imagePath))
                throw lines.Error($"expected an image path, got \"{Shorten(imagePath)}\"");
            string? countLine = lines.Next() ?? throw lines.Error($"file ends after image path \"{imagePath}\"; expected a face count");
            if (!int.TryParse(countLine.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
                throw lines.Error($"expected the face count of \"{imagePath}\", got \"{Shorten(countLine)}\"");
            var faces = new List<GtFace>(count);
            if (count == 0)
            {
                // The official files follow a zero count with "0 0 0 0 0 0 0 0 0 0"; tolerate its absence.
                if (lines.Peek() is { } zeros && ParseNumbers(zeros) is { Length: 10 }) lines.Next();
            }
            for (int i = 0; i < count; i++)
            {
                string faceLine = lines.Next() ?? throw lines.Error($"file ends after {i} of {count} faces of \"{imagePath}\"");
                var v = ParseNumbers(faceLine);
                if (v is null || v.Length < 4)
                    throw lines.Error($"face {i + 1} of \"{imagePath}\": expected 'x y w h blur expression illumination invalid occlusion pose', got \"{Shorten(faceLine)}\"");
                int Attr(int k) => v.Length > k ? (int)v[k] : 0;
                var box = new EvalBox(v[0], v[1], v[2], v[3]);
                bool invalid = Attr(7) == 1 || box.W <= 0 || box.H <= 0;
                faces.Add(new GtFace(box, Attr(4), Attr(5), Attr(6), invalid, Attr(8), Attr(9)));
            }
            images.Add(new ImageAnnotation(imagePath, faces));
        }
        return images;
    }

    private static bool LooksLikePath(string s) => s.Contains('.') || s.Contains('/') || s.Contains('\\');

    internal static double[]? ParseNumbers(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                return null;
        return values;
    }

    internal static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}

/// <summary>Numbered line reading with one line of look-ahead, for readers that report file:line errors.</summary>
internal sealed class LineSource(TextReader reader, string sourceName)
{
    private string? _peeked;
    private bool _hasPeeked;

    public int LineNumber { get; private set; }

    public string? Peek()
    {
        if (!_hasPeeked)
        {
            _peeked = reader.ReadLine();
            _hasPeeked = true;
        }
        return _peeked;
    }

    public string? Next()
    {
        string? line = Peek();
        _hasPeeked = false;
        if (line is not null) LineNumber++;
        return line;
    }

    public AnnotationFormatException Error(string message) => new($"{sourceName}:{LineNumber}: {message}");
}
