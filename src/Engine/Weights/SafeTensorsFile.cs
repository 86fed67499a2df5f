using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace MtcnnCuda.Weights;

/// <summary>
/// Reads and writes the safetensors layout: an 8-byte little-endian header length, a JSON header mapping
/// tensor names to dtype/shape/data_offsets (plus an optional "__metadata__" string map), then the raw
/// little-endian data. Only float32 tensors are accepted; every offset and size is checked before use.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Headers larger than this are refused (ours are a few KB).</summary>
    public const int MaxHeaderBytes = 1 << 20;

    /// <summary>Files larger than this are refused (MTCNN weights are about 2 MB).</summary>
    public const long MaxDataBytes = 256L << 20;

    /// <summary>
    /// The tensors and the metadata of a file. The per-tensor SHA-256 entries are not part of <see cref="Metadata"/>:
    /// they are in <see cref="Sha256"/>, already checked against the data (empty for a file that records none).
    /// </summary>
    public sealed record Contents(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
    {
        public IReadOnlyDictionary<string, string> Sha256 { get; init; } = new Dictionary<string, string>();

        /// <summary>True when every tensor's bytes matched a SHA-256 recorded in the file.</summary>
        public bool Verified => Sha256.Count > 0;
    }

    public static Contents Read(string path)
    {
        if (Directory.Exists(path))
            throw new WeightsFormatException(path, "is a directory, not a weights file; pass the .safetensors file itself.");
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WeightsFormatException(path, $"cannot open weights file: {e.Message}");
        }
        using (stream) return Read(stream, path);
    }

    public static Contents Read(Stream stream, string source)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (ReadFully(stream, lengthBytes) != 8)
            throw new WeightsFormatException(source, "file is shorter than the 8-byte safetensors header length.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
        {
            var head = new byte[ForeignFormat.SniffBytes];
            lengthBytes.CopyTo(head);
            int got = 8 + ReadFully(stream, head.AsSpan(8));
            if (ForeignFormat.Describe(head.AsSpan(0, got), source) is { } foreign)
                throw new WeightsFormatException(source, foreign);
            throw new WeightsFormatException(source, $"header length {headerLength} is not plausible (2..{MaxHeaderBytes} bytes); not a safetensors file?");
        }
        var header = new byte[headerLength];
        if (ReadFully(stream, header) != header.Length)
            throw new WeightsFormatException(source, $"file ends inside the {headerLength}-byte JSON header (truncated).");

        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var recordedHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new WeightsFormatException(source, "JSON header is not an object.");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object)
                        throw new WeightsFormatException(source, "__metadata__ is not an object of strings.");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                            throw new WeightsFormatException(source, $"metadata '{m.Name}' is not a string.");
                        if (TensorHashes.IsHashKey(m.Name)) recordedHashes[m.Name[TensorHashes.KeyPrefix.Length..]] = m.Value.GetString()!;
                        else metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                entries.Add(ParseEntry(source, prop));
            }
        }
        catch (JsonException e)
        {
            throw new WeightsFormatException(source, $"JSON header is malformed: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // JsonElement.GetString/Name throw this for escapes that are not valid UTF-16 (a lone "\uD800").
            throw new WeightsFormatException(source, $"JSON header holds an invalid string: {e.Message}");
        }

        CheckLayout(source, entries);
        long dataLength = 0;
        foreach (var e in entries) dataLength = Math.Max(dataLength, e.End);
        if (dataLength > MaxDataBytes)
            throw new WeightsFormatException(source, $"tensor data of {dataLength} bytes exceeds the {MaxDataBytes}-byte limit.");
        var data = ReadData(stream, dataLength, source);
        var hashes = TensorHashes.Verify(source, recordedHashes,
            entries.Select(e => (e.Name, (ReadOnlyMemory<byte>)data.AsMemory((int)e.Begin, (int)(e.End - e.Begin)))));

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, shape, begin, end) in entries)
        {
            var values = new float[(end - begin) / 4];
            var bytes = data.AsSpan((int)begin, (int)(end - begin));
            for (int i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
            tensors.Add(name, new Tensor(shape, values));
        }
        return new Contents(tensors, metadata) { Sha256 = hashes };
    }

    /// <summary>
    /// Names must be unique and byte ranges must not overlap (as the safetensors format requires): otherwise a
    /// small header could make the reader copy the same megabytes into thousands of tensors.
    /// </summary>
    private static void CheckLayout(string source, List<(string Name, int[] Shape, long Begin, long End)> entries)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!names.Add(e.Name)) throw new WeightsFormatException(source, "appears more than once in the header.", e.Name);
        }
        var byBegin = entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ToList();
        for (int i = 1; i < byBegin.Count; i++)
        {
            if (byBegin[i].Begin < byBegin[i - 1].End)
                throw new WeightsFormatException(source, $"data_offsets overlap those of '{byBegin[i - 1].Name}'.", byBegin[i].Name);
        }
    }

    /// <summary>
    /// Reads the data section, allocating no more than the stream really holds: a header may claim up to
    /// <see cref="MaxDataBytes"/>, so a seekable stream is checked first and others are read in growing chunks.
    /// </summary>
    private static byte[] ReadData(Stream stream, long dataLength, string source)
    {
        if (stream.CanSeek)
        {
            long available = Math.Max(0, stream.Length - stream.Position);
            if (available < dataLength)
                throw new WeightsFormatException(source, $"data section is truncated: {available} of {dataLength} bytes present.");
        }
        var data = new byte[Math.Min(dataLength, 1L << 20)];
        long got = 0;
        while (true)
        {
            got += ReadFully(stream, data.AsSpan((int)got));
            if (got < data.Length || data.Length == dataLength) break;
            Array.Resize(ref data, (int)Math.Min(dataLength, 2L * data.Length));
        }
        if (got != dataLength)
            throw new WeightsFormatException(source, $"data section is truncated: {got} of {dataLength} bytes present.");
        return data;
    }

    private static (string, int[], long, long) ParseEntry(string source, JsonProperty prop)
    {
        string name = prop.Name;
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object)
            throw new WeightsFormatException(source, "header entry is not an object.", name);
        if (!v.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new WeightsFormatException(source, "missing dtype.", name);
        if (dtype.GetString() != "F32")
            throw new WeightsFormatException(source, $"dtype {dtype.GetString()} is not supported; weights must be F32.", name);
        if (!v.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array || shapeEl.GetArrayLength() > 8)
            throw new WeightsFormatException(source, "missing or invalid shape.", name);
        var shape = new int[shapeEl.GetArrayLength()];
        long count = 1;
        int i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0 || dim > 1 << 24)
                throw new WeightsFormatException(source, "shape has an invalid dimension.", name);
            shape[i++] = dim;
            count *= dim;
            if (count > MaxDataBytes) throw new WeightsFormatException(source, "shape is too large.", name);
        }
        if (!v.TryGetProperty("data_offsets", out var offs) || offs.ValueKind != JsonValueKind.Array || offs.GetArrayLength() != 2)
            throw new WeightsFormatException(source, "missing data_offsets.", name);
        if (!offs[0].TryGetInt64(out long begin) || !offs[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw new WeightsFormatException(source, "data_offsets are invalid.", name);
        if (end - begin != count * 4)
            throw new WeightsFormatException(source, $"data_offsets span {end - begin} bytes but shape [{string.Join(", ", shape)}] needs {count * 4}.", name);
        if (end > MaxDataBytes)
            throw new WeightsFormatException(source, "data_offsets lie beyond the size limit.", name);
        return (name, shape, begin, end);
    }

    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        // Write to a temporary file and move it into place so a failed export never leaves a half-written file.
        string temp = path + ".tmp-" + Environment.ProcessId;
        using (var stream = File.Create(temp)) Write(stream, tensors, metadata);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes the tensors (float32, sorted by name) with the metadata plus a SHA-256 of every tensor's bytes.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string> userMetadata)
    {
        var list = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var metadata = userMetadata.Where(kv => !TensorHashes.IsHashKey(kv.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var (name, tensor) in list) metadata[TensorHashes.Key(name)] = TensorHashes.Compute(LittleEndianBytes(tensor.Data));
        using var headerBuffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerBuffer))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var kv in metadata.OrderBy(k => k.Key, StringComparer.Ordinal)) json.WriteString(kv.Key, kv.Value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in list)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Data.Length * 4L;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // Pad the header with spaces to a multiple of 8 so the data section is aligned.
        int pad = (int)((8 - headerBuffer.Length % 8) % 8);
        for (int i = 0; i < pad; i++) headerBuffer.WriteByte((byte)' ');
        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)headerBuffer.Length);
        stream.Write(lengthBytes);
        headerBuffer.Position = 0;
        headerBuffer.CopyTo(stream);
        foreach (var (_, tensor) in list) stream.Write(LittleEndianBytes(tensor.Data));
    }

    /// <summary>The float32 values as the file stores them (little-endian), without a copy on little-endian hosts.</summary>
    private static ReadOnlySpan<byte> LittleEndianBytes(float[] values)
    {
        if (BitConverter.IsLittleEndian) return System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
