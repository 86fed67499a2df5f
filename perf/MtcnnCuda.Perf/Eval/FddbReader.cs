using System.Globalization;

namespace MtcnnCuda.Perf.Eval;

/// <summary>
/// Reads FDDB fold files (FDDB-fold-NN-ellipseList.txt): an image path without extension, a face count, then one
/// line per face <c>major_radius minor_radius angle centre_x centre_y 1</c>. Rule for ellipse → box: the
/// axis-aligned bounding box of the rotated ellipse, with the major radius along the direction at <c>angle</c>
/// radians from the x axis (as FDDB's evaluation code draws it with OpenCV, so upright faces have angles near
/// ±π/2 and get boxes 2·minor wide and 2·major tall). FDDB ellipses run from chin to above the eyebrows and
/// are therefore taller than MTCNN boxes; the discrete score at IoU ≥ 0.5 tolerates this, but it is a box
/// approximation of FDDB's ellipse-overlap protocol, not the official evaluation binary.
/// Image paths get ".jpg" appended.
/// </summary>
public static class FddbReader
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
            string imagePath = pathLine.Trim();
            if (imagePath.Length == 0) continue;
            if (WiderReader.ParseNumbers(imagePath) is not null)
                throw lines.Error($"expected an image path, got numbers \"{WiderReader.Shorten(imagePath)}\"");
            string countLine = lines.Next() ?? throw lines.Error($"file ends after image path \"{imagePath}\"; expected a face count");
            if (!int.TryParse(countLine.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
                throw lines.Error($"expected the face count of \"{imagePath}\", got \"{WiderReader.Shorten(countLine)}\"");
            var faces = new List<GtFace>(count);
            for (int i = 0; i < count; i++)
            {
                string line = lines.Next() ?? throw lines.Error($"file ends after {i} of {count} ellipses of \"{imagePath}\"");
                var v = WiderReader.ParseNumbers(line);
                if (v is null || v.Length < 5)
                    throw lines.Error($"ellipse {i + 1} of \"{imagePath}\": expected 'major minor angle cx cy [1]', got \"{WiderReader.Shorten(line)}\"");
                if (v[0] <= 0 || v[1] <= 0)
                    throw lines.Error($"ellipse {i + 1} of \"{imagePath}\" has a non-positive radius");
                faces.Add(new GtFace(EllipseToBox(v[0], v[1], v[2], v[3], v[4])));
            }
            images.Add(new ImageAnnotation(imagePath + ".jpg", faces));
        }
        return images;
    }

    /// <summary>Axis-aligned bounding box of an ellipse whose major axis lies at <paramref name="angle"/> radians from the x axis.</summary>
    public static EvalBox EllipseToBox(double major, double minor, double angle, double cx, double cy)
    {
        double s = Math.Sin(angle), c = Math.Cos(angle);
        // Major axis direction (cos a, sin a); minor axis (−sin a, cos a).
        double halfW = Math.Sqrt(major * major * c * c + minor * minor * s * s);
        double halfH = Math.Sqrt(major * major * s * s + minor * minor * c * c);
        return new EvalBox(cx - halfW, cy - halfH, 2 * halfW, 2 * halfH);
    }
}
