using System.Globalization;

namespace MtcnnCuda.Perf.Eval;

/// <summary>One face crop with its five reference points (left eye, right eye, nose, left and right mouth corner).</summary>
public sealed record LandmarkSample(string Path, PointF[] Points);

/// <summary>
/// Reads 5-point landmark lists: <c>path x1 x2 x3 x4 x5 y1 y2 y3 y4 y5</c> per line, pixels of the image
/// (the format of shared/data/landmarks-5pt/{train,test}.txt). Blank lines are skipped.
/// </summary>
public static class LandmarkReader
{
    public static IReadOnlyList<LandmarkSample> Read(string path)
    {
        using var reader = File.OpenText(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<LandmarkSample> Read(TextReader reader, string sourceName)
    {
        var samples = new List<LandmarkSample>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            if (parts.Length != 11)
                throw new AnnotationFormatException($"{sourceName}:{lineNumber}: expected 'path x1..x5 y1..y5' (11 fields), got {parts.Length} fields");
            var v = new double[10];
            for (int i = 0; i < 10; i++)
                if (!double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                    throw new AnnotationFormatException($"{sourceName}:{lineNumber}: field {i + 2} \"{WiderReader.Shorten(parts[i + 1])}\" is not a finite number");
            var points = new PointF[5];
            for (int k = 0; k < 5; k++) points[k] = new PointF((float)v[k], (float)v[5 + k]);
            samples.Add(new LandmarkSample(parts[0], points));
        }
        return samples;
    }
}
