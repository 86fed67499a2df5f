using System.Globalization;
using System.Xml.Linq;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Reads PASCAL VOC annotation files (one xml per image: filename, objects with a bndbox of xmin/ymin/xmax/ymax).
/// Every object counts as a face whatever its class name (face-mask labels mask wearing, not face/non-face).
/// Boxes are taken as [xmin, xmax) × [ymin, ymax); the per-source calibration absorbs the VOC +1 convention.
/// </summary>
public static class VocReader
{
    /// <summary>All annotation files of a folder in name order; image paths are "<paramref name="imageFolder"/>/filename".</summary>
    public static IEnumerable<AnnotatedImage> ReadFolder(string annotationFolder, string imageFolder = "images")
    {
        if (!Directory.Exists(annotationFolder)) throw new DirectoryNotFoundException($"VOC annotation folder '{annotationFolder}' does not exist.");
        foreach (var file in Directory.GetFiles(annotationFolder, "*.xml").Order(StringComparer.Ordinal))
            yield return Read(XDocument.Load(file), file, imageFolder);
    }

    public static AnnotatedImage Read(XDocument document, string name, string imageFolder = "images")
    {
        var root = document.Root ?? throw new InvalidDataException($"{name}: empty xml.");
        string file = root.Element("filename")?.Value.Trim() is { Length: > 0 } f ? f
            : throw new InvalidDataException($"{name}: no <filename>.");
        var faces = new List<FaceBox>();
        foreach (var obj in root.Elements("object"))
        {
            var box = obj.Element("bndbox") ?? throw new InvalidDataException($"{name}: an <object> has no <bndbox>.");
            float Coord(string tag)
            {
                string text = box.Element(tag)?.Value.Trim() ?? throw new InvalidDataException($"{name}: a <bndbox> has no <{tag}>.");
                return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v) ? v
                    : throw new InvalidDataException($"{name}: <{tag}> '{text}' is not a number.");
            }
            float x1 = Coord("xmin"), y1 = Coord("ymin"), x2 = Coord("xmax"), y2 = Coord("ymax");
            if (x2 <= x1 || y2 <= y1) throw new InvalidDataException($"{name}: empty box ({x1}, {y1}, {x2}, {y2}).");
            faces.Add(new FaceBox(x1, y1, x2 - x1, y2 - y1));
        }
        return new AnnotatedImage($"{imageFolder}/{file}", faces.ToArray());
    }
}
