using System.Globalization;
using System.Text.Json;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tools;

/// <summary>
/// What <c>mtcnn weights info FILE</c> reports: the metadata, every tensor (name, shape, dtype, bytes, SHA-256),
/// the provenance, whether the file is verified (every tensor matched a recorded SHA-256) and whether the engine
/// accepts it as MTCNN weights (with its conventions) or why not.
/// </summary>
internal sealed record WeightsInfo(
    string File,
    long FileBytes,
    bool Verified,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<WeightsInfo.TensorInfo> Tensors,
    MtcnnWeights? Weights,
    string? NotMtcnnReason)
{
    internal sealed record TensorInfo(string Name, int[] Shape, string Dtype, long Bytes, string Sha256);

    /// <summary>Reads the file; throws <see cref="WeightsFormatException"/> when it is not readable safetensors (or a hash fails).</summary>
    public static WeightsInfo Read(string path)
    {
        var contents = SafeTensorsFile.Read(path);
        var tensors = contents.Tensors
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TensorInfo(t.Key, t.Value.Shape, "F32", t.Value.Data.Length * 4L,
                contents.Sha256.TryGetValue(t.Key, out var h) ? h : TensorHashes.Compute(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Value.Data.AsSpan()))))
            .ToList();
        MtcnnWeights? weights = null;
        string? reason = null;
        try
        {
            weights = new MtcnnWeights(contents.Tensors, contents.Metadata, path) { Sha256 = contents.Sha256 };
        }
        catch (WeightsFormatException e)
        {
            reason = e.Message;
        }
        return new WeightsInfo(path, new FileInfo(path).Length, contents.Verified, contents.Metadata, tensors, weights, reason);
    }

    public string Provenance => Metadata.TryGetValue(WeightsMetadata.Provenance, out var p) ? p
        : Metadata.TryGetValue("source", out var s) ? s
        : Weights is not null && !Metadata.ContainsKey(WeightsMetadata.Format) ? "not recorded (original MTCNN release layout, as converted from facenet-pytorch)"
        : "not recorded";

    public string VerifiedText => Verified
        ? "yes: every tensor matched the SHA-256 recorded in the file"
        : "no: the file records no SHA-256 hashes (written before hashes were recorded, e.g. the original release); the hashes below are computed, not checked";

    public void WriteText(TextWriter o)
    {
        o.WriteLine($"File:        {File} ({FileBytes:N0} bytes)");
        o.WriteLine($"Verified:    {VerifiedText}");
        o.WriteLine($"Provenance:  {Provenance}");
        if (Weights is { } w)
        {
            o.WriteLine($"MTCNN:       valid ({(w.HasPNetLandmarks ? "PNet landmark head present" : "no PNet landmark head")}, " +
                $"{(w.HasRNetLandmarks ? "RNet landmark head present" : "no RNet landmark head")})");
            o.WriteLine($"Conventions: {w.ChannelOrder} input, x' = (x − {F(w.PixelMean)}) × {F(w.PixelScale)}, flatten {FlattenName(w.Flatten)}");
        }
        else
        {
            o.WriteLine($"MTCNN:       not loadable as MTCNN weights: {NotMtcnnReason}");
        }
        o.WriteLine($"Metadata ({Metadata.Count}):");
        foreach (var (key, value) in Metadata.OrderBy(k => k.Key, StringComparer.Ordinal)) o.WriteLine($"  {key} = {value}");
        long total = Tensors.Sum(t => t.Bytes);
        o.WriteLine($"Tensors ({Tensors.Count}, {total:N0} bytes):");
        int nameWidth = Tensors.Count == 0 ? 4 : Tensors.Max(t => t.Name.Length);
        int shapeWidth = Tensors.Count == 0 ? 5 : Tensors.Max(t => ShapeText(t.Shape).Length);
        o.WriteLine($"  {"name".PadRight(nameWidth)}  {"shape".PadRight(shapeWidth)}  dtype  {"bytes",9}  sha256");
        foreach (var t in Tensors)
            o.WriteLine($"  {t.Name.PadRight(nameWidth)}  {ShapeText(t.Shape).PadRight(shapeWidth)}  {t.Dtype,-5}  {t.Bytes,9}  {t.Sha256}");
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteString("file", File);
            j.WriteNumber("file_bytes", FileBytes);
            j.WriteBoolean("verified", Verified);
            j.WriteString("provenance", Provenance);
            j.WriteBoolean("mtcnn_valid", Weights is not null);
            if (NotMtcnnReason is not null) j.WriteString("mtcnn_error", NotMtcnnReason);
            if (Weights is { } w)
            {
                j.WriteStartObject("conventions");
                j.WriteString("channel_order", w.ChannelOrder);
                j.WriteNumber("pixel_mean", w.PixelMean);
                j.WriteNumber("pixel_scale", w.PixelScale);
                j.WriteString("flatten", FlattenName(w.Flatten));
                j.WriteEndObject();
            }
            j.WriteStartObject("metadata");
            foreach (var (key, value) in Metadata.OrderBy(k => k.Key, StringComparer.Ordinal)) j.WriteString(key, value);
            j.WriteEndObject();
            j.WriteStartArray("tensors");
            foreach (var t in Tensors)
            {
                j.WriteStartObject();
                j.WriteString("name", t.Name);
                j.WriteStartArray("shape");
                foreach (int d in t.Shape) j.WriteNumberValue(d);
                j.WriteEndArray();
                j.WriteString("dtype", t.Dtype);
                j.WriteNumber("bytes", t.Bytes);
                j.WriteString("sha256", t.Sha256);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string FlattenName(FlattenOrder f) => f == FlattenOrder.Nwhc ? "nwhc" : "nchw";

    private static string ShapeText(int[] shape) => "[" + string.Join(", ", shape) + "]";
}
