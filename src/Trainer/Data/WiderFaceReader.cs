using System.Globalization;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Streams face-detection annotations. Two formats, recognised per file:
/// WIDER FACE ground truth (wider_face_train_bbx_gt.txt): an image path line, a face count line, then one line per face
/// "x y w h blur expression illumination invalid occlusion pose" (a count of 0 is followed by one line of zeros);
/// the seeds' one-line format (wider_face_train.txt): "path x1 y1 x2 y2 [x1 y1 x2 y2 …]", path without extension
/// meaning ".jpg". Faces marked invalid or smaller than <paramref name="minSide"/> pixels are dropped.
/// </summary>
public static class WiderFaceReader
{
    public static IEnumerable<AnnotatedImage> Read(string path, float minSide = 0)
    {
        using var reader = new StreamReader(path);
        foreach (var image in Read(reader, path, minSide)) yield return image;
    }

    public static IEnumerable<AnnotatedImage> Read(TextReader reader, string source, float minSide = 0)
    {
        int lineNumber = 0;
        string? Next()
        {
            string? l;
            do { l = reader.ReadLine(); lineNumber++; } while (l is not null && l.Trim().Length == 0);
            return l?.Trim();
        }
        Exception Error(string message) => new InvalidDataException($"{source}:{lineNumber}: {message}");

        string? line = Next();
        while (line is not null)
        {
            var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length > 1)
            {
                // One-line format: path then groups of four corner coordinates.
                if ((tokens.Length - 1) % 4 != 0) throw Error($"expected 'path x1 y1 x2 y2 …' but found {tokens.Length - 1} numbers.");
                var faces = new List<FaceBox>();
                for (int i = 1; i < tokens.Length; i += 4)
                {
                    float x1 = Parse(tokens[i]), y1 = Parse(tokens[i + 1]), x2 = Parse(tokens[i + 2]), y2 = Parse(tokens[i + 3]);
                    var box = new FaceBox(x1, y1, x2 - x1, y2 - y1);
                    if (box.W > 0 && box.H > 0 && MathF.Min(box.W, box.H) >= minSide) faces.Add(box);
                }
                string p = Path.HasExtension(tokens[0]) ? tokens[0] : tokens[0] + ".jpg";
                yield return new AnnotatedImage(p, faces.ToArray());
                line = Next();
                continue;
            }

            string imagePath = tokens[0];
            string countLine = Next() ?? throw Error($"'{imagePath}' has no face count line.");
            if (!int.TryParse(countLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 0)
                throw Error($"face count '{countLine}' of '{imagePath}' is not a non-negative integer.");
            var boxes = new List<FaceBox>(count);
            for (int i = 0; i < Math.Max(count, 1); i++)
            {
                string faceLine = Next() ?? throw Error($"'{imagePath}' ends after {i} of {count} faces.");
                var f = faceLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 4) throw Error($"face line '{faceLine}' needs at least 'x y w h'.");
                if (count == 0) continue; // the placeholder line of zeros
                var box = new FaceBox(Parse(f[0]), Parse(f[1]), Parse(f[2]), Parse(f[3]));
                bool invalid = f.Length >= 8 && f[7] == "1";
                if (!invalid && box.W > 0 && box.H > 0 && MathF.Min(box.W, box.H) >= minSide) boxes.Add(box);
            }
            yield return new AnnotatedImage(imagePath, boxes.ToArray());
            line = Next();
        }

        float Parse(string text) => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)
            ? v
            : throw Error($"'{text}' is not a number.");
    }

    /// <summary>Writes images and boxes in the WIDER FACE ground-truth format (used to compose synthetic sets).</summary>
    public static void Write(TextWriter writer, IEnumerable<AnnotatedImage> images)
    {
        foreach (var image in images)
        {
            writer.WriteLine(image.Path);
            writer.WriteLine(image.Faces.Length.ToString(CultureInfo.InvariantCulture));
            if (image.Faces.Length == 0) writer.WriteLine("0 0 0 0 0 0 0 0 0 0");
            foreach (var f in image.Faces)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.X:0.##} {f.Y:0.##} {f.W:0.##} {f.H:0.##} 0 0 0 0 0 0"));
        }
    }
}
