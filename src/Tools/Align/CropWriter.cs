using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SkiaSharp;

namespace MtcnnCuda.Tools.Align;

/// <summary>
/// Writes aligned crops as PNG files, <c>&lt;image stem&gt;_&lt;face&gt;.png</c> (stems made unique across inputs), and at
/// the end <c>index.json</c>: <c>{ "template", "width", "height", "margin", "crops": [ { "file", "image", "face",
/// "box", "confidence", "landmarks" } ] }</c> with the face's detection in image pixels.
/// </summary>
internal sealed class CropWriter(AlignSettings settings)
{
    public const string IndexName = "index.json";

    private readonly List<(string File, string Image, int Face, Face Detection)> _entries = [];
    private readonly HashSet<string> _stems = new(StringComparer.Ordinal);

    public int Written => _entries.Count;

    /// <summary>Aligns <paramref name="faces"/> on the detector's backend and writes one PNG per face.</summary>
    /// <exception cref="IOException">A file could not be written.</exception>
    public void Write(FaceDetector detector, string imagePath, ImageData image, IReadOnlyList<Face> faces)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var crops = detector.Align(image, faces, settings.Options with { Output = AlignOutput.Rgb24 });
        string stem = UniqueStem(Path.GetFileNameWithoutExtension(imagePath));
        for (int i = 0; i < crops.Count; i++)
        {
            string name = $"{stem}_{i}.png";
            WritePng(Path.Combine(settings.OutputDirectory, name), crops.Crop(i), crops.Width, crops.Height);
            _entries.Add((name, imagePath, i, faces[i]));
        }
    }

    public void WriteIndex()
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("template", settings.TemplateName);
            json.WriteNumber("width", settings.Options.OutputWidth);
            json.WriteNumber("height", settings.Options.OutputHeight);
            json.WriteNumber("margin", settings.Options.Margin);
            json.WriteStartArray("crops");
            foreach (var (file, image, face, detection) in _entries)
            {
                json.WriteStartObject();
                json.WriteString("file", file);
                json.WriteString("image", image);
                json.WriteNumber("face", face);
                json.WritePropertyName("detection");
                JsonReport.WriteFace(json, detection);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        File.WriteAllText(Path.Combine(settings.OutputDirectory, IndexName), Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }

    /// <summary>Encodes tightly packed RGB24 as PNG.</summary>
    public static void WritePng(string path, ReadOnlySpan<byte> rgb, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var rgba = bitmap.GetPixelSpan();
        var dst = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(rgba), rgba.Length);
        for (int i = 0; i < width * height; i++)
        {
            dst[4 * i] = rgb[3 * i];
            dst[4 * i + 1] = rgb[3 * i + 1];
            dst[4 * i + 2] = rgb[3 * i + 2];
            dst[4 * i + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100) ?? throw new IOException($"SkiaSharp could not encode PNG for '{path}'.");
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private string UniqueStem(string stem)
    {
        string candidate = stem;
        for (int k = 2; !_stems.Add(candidate); k++) candidate = $"{stem}-{k}";
        return candidate;
    }
}

/// <summary>The detect runner's hook: writes a file's crops, turning failures into the file's error message.</summary>
internal static class CropOutput
{
    public static string? Write(CropWriter writer, FaceDetector detector, string path, ImageData image, IReadOnlyList<Face> faces)
    {
        try
        {
            writer.Write(detector, path, image, faces);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"cannot write aligned crops: {e.Message}";
        }
    }
}
