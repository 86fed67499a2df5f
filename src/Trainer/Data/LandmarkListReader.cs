using System.Globalization;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Streams five-point landmark lists. Two formats, recognised per line by the number of fields:
/// 11 fields — "path x1 x2 x3 x4 x5 y1 y2 y3 y4 y5" (shared/data/landmarks-5pt: the image is the face crop, so the face
/// box is the whole image, whose size <paramref name="imageSize"/> must return);
/// 15 fields — CNN_FacePoint trainImageList.txt: "path left right top bottom x1 y1 x2 y2 … x5 y5" (box, then
/// interleaved points). Windows path separators are accepted.
/// </summary>
public static class LandmarkListReader
{
    public static IEnumerable<LandmarkFace> Read(string path, Func<string, (int Width, int Height)> imageSize)
    {
        using var reader = new StreamReader(path);
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 0) continue;
            string image = t[0].Replace('\\', '/');
            var v = new float[t.Length - 1];
            for (int i = 1; i < t.Length; i++)
            {
                if (!float.TryParse(t[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i - 1]) || !float.IsFinite(v[i - 1]))
                    throw new InvalidDataException($"{path}:{lineNumber}: '{t[i]}' is not a number.");
            }
            switch (v.Length)
            {
                case 10:
                {
                    var (w, h) = imageSize(image);
                    yield return new LandmarkFace(image, new FaceBox(0, 0, w, h), v[..5], v[5..]);
                    break;
                }
                case 14:
                {
                    var box = new FaceBox(v[0], v[2], v[1] - v[0], v[3] - v[2]);
                    var xs = new float[5];
                    var ys = new float[5];
                    for (int k = 0; k < 5; k++) { xs[k] = v[4 + 2 * k]; ys[k] = v[5 + 2 * k]; }
                    yield return new LandmarkFace(image, box, xs, ys);
                    break;
                }
                default:
                    throw new InvalidDataException(
                        $"{path}:{lineNumber}: expected 'path x1..x5 y1..y5' (11 fields) or 'path left right top bottom x1 y1 … x5 y5' (15 fields), found {t.Length}.");
            }
        }
    }
}
