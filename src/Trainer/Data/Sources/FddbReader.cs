using System.Globalization;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Reads FDDB fold ellipse lists (FDDB-fold-XX-ellipseList.txt): an image name without extension (relative to
/// originalPics/), a face count, then one line per face "major_radius minor_radius angle centre_x centre_y 1"
/// (angle in radians, of the major axis from the x axis). Each ellipse becomes its axis-aligned bounding rectangle;
/// paths come back as "originalPics/NAME.jpg", relative to the FDDB root.
/// </summary>
public static class FddbReader
{
    public static IEnumerable<AnnotatedImage> Read(string path) => Read(File.OpenText(path), path);

    public static IEnumerable<AnnotatedImage> Read(TextReader reader, string name)
    {
        using (reader)
        {
            int lineNumber = 0;
            string? Next()
            {
                string? l;
                while ((l = reader.ReadLine()) is not null)
                {
                    lineNumber++;
                    if (l.Trim().Length > 0) return l.Trim();
                }
                return null;
            }
            string? image;
            while ((image = Next()) is not null)
            {
                string countLine = Next() ?? throw new InvalidDataException($"{name}:{lineNumber}: '{image}' has no face count line.");
                if (!int.TryParse(countLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 0)
                    throw new InvalidDataException($"{name}:{lineNumber}: face count '{countLine}' is not a non-negative integer.");
                var faces = new FaceBox[count];
                for (int i = 0; i < count; i++)
                {
                    string line = Next() ?? throw new InvalidDataException($"{name}:{lineNumber}: '{image}' lists {count} faces, the file ends after {i}.");
                    var t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (t.Length < 5) throw new InvalidDataException($"{name}:{lineNumber}: expected 'major minor angle cx cy 1', found '{line}'.");
                    var v = new float[5];
                    for (int k = 0; k < 5; k++)
                        if (!float.TryParse(t[k], NumberStyles.Float, CultureInfo.InvariantCulture, out v[k]) || !float.IsFinite(v[k]))
                            throw new InvalidDataException($"{name}:{lineNumber}: '{t[k]}' is not a number.");
                    faces[i] = EllipseBounds(v[0], v[1], v[2], v[3], v[4]);
                }
                yield return new AnnotatedImage($"originalPics/{image}.jpg", faces);
            }
        }
    }

    /// <summary>Bounding rectangle of an ellipse with semi-axes a (along <paramref name="angle"/>) and b.</summary>
    public static FaceBox EllipseBounds(float major, float minor, float angle, float cx, float cy)
    {
        float c = MathF.Cos(angle), s = MathF.Sin(angle);
        float halfW = MathF.Sqrt(major * major * c * c + minor * minor * s * s);
        float halfH = MathF.Sqrt(major * major * s * s + minor * minor * c * c);
        return new FaceBox(cx - halfW, cy - halfH, 2 * halfW, 2 * halfH);
    }

    /// <summary>The ellipse list of fold <paramref name="fold"/> (1–10) under an FDDB root.</summary>
    public static string FoldList(string fddbRoot, int fold) =>
        Path.Combine(fddbRoot, "FDDB-folds", $"FDDB-fold-{fold:D2}-ellipseList.txt");
}
