using System.Text;
using System.Text.Json;

namespace MtcnnCuda.Tools;

/// <summary>
/// The <c>--json</c> document: <c>{ "backend", "weights", "images": [ { "file", "width", "height", "faces": [ { "box":
/// { "x1","y1","x2","y2" }, "confidence", "landmarks": [ {"x","y"} ×5 ] } ], "error", "drawn" } ] }</c>. Landmarks are
/// in the order left eye, right eye, nose, left mouth corner, right mouth corner; coordinates are pixels of the
/// upright image. A failed image has <c>"error"</c> set, null width/height (when it could not be decoded) and no faces.
/// </summary>
internal static class JsonReport
{
    public static string Write(IReadOnlyList<ImageResult> results, string backend, string weights)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("backend", backend);
            json.WriteString("weights", weights);
            json.WriteStartArray("images");
            foreach (var result in results) WriteImage(json, result);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteImage(Utf8JsonWriter json, ImageResult result)
    {
        json.WriteStartObject();
        json.WriteString("file", result.File);
        WriteNullable(json, "width", result.Width);
        WriteNullable(json, "height", result.Height);
        json.WriteStartArray("faces");
        foreach (var face in result.Faces ?? []) WriteFace(json, face);
        json.WriteEndArray();
        if (result.Error is null) json.WriteNull("error"); else json.WriteString("error", result.Error);
        if (result.DrawnTo is not null) json.WriteString("drawn", result.DrawnTo);
        json.WriteEndObject();
    }

    internal static void WriteFace(Utf8JsonWriter json, Face face)
    {
        json.WriteStartObject();
        json.WriteStartObject("box");
        json.WriteNumber("x1", face.Box.X1);
        json.WriteNumber("y1", face.Box.Y1);
        json.WriteNumber("x2", face.Box.X2);
        json.WriteNumber("y2", face.Box.Y2);
        json.WriteEndObject();
        json.WriteNumber("confidence", face.Confidence);
        json.WriteStartArray("landmarks");
        for (int k = 0; k < 5; k++)
        {
            json.WriteStartObject();
            json.WriteNumber("x", face.Landmarks[k].X);
            json.WriteNumber("y", face.Landmarks[k].Y);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is int v) json.WriteNumber(name, v); else json.WriteNull(name);
    }
}
