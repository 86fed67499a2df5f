using System.Text.Json;
using System.Text.Json.Serialization;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Binary sample shards. Each shard file: 16-byte header ("MTCNNSH1", int32 input size, int32 sample count), then
/// fixed-size records: int8 label, 3 bytes padding, float32[4] box offsets, float32[10] landmarks, uint8[3·S·S] planar
/// RGB pixels; all little-endian. A set of shards is described by index.json (<see cref="ShardIndex"/>).
/// </summary>
public static class ShardFormat
{
    public static ReadOnlySpan<byte> Magic => "MTCNNSH1"u8;
    public const int HeaderBytes = 16;
    public const int MetaBytes = 4 + 4 * 4 + 10 * 4;
    public const string IndexFile = "index.json";

    public static int RecordBytes(int inputSize) => MetaBytes + 3 * inputSize * inputSize;
}

/// <summary>index.json of a sample set: which shards, how many samples of each label, how it was made.</summary>
public sealed class ShardIndex
{
    public string Stage { get; set; } = "";
    public int InputSize { get; set; }
    public List<ShardEntry> Shards { get; set; } = [];
    public Dictionary<string, long> Counts { get; set; } = [];
    public int Seed { get; set; }
    public string Source { get; set; } = "";

    [JsonIgnore] public long Total => Shards.Sum(s => (long)s.Count);

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public void Save(string directory) =>
        File.WriteAllText(Path.Combine(directory, ShardFormat.IndexFile), JsonSerializer.Serialize(this, Options));

    public static ShardIndex Load(string directory)
    {
        string path = Path.Combine(directory, ShardFormat.IndexFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No sample set at '{directory}' ({ShardFormat.IndexFile} is missing; run 'mtcnn-train prepare').", path);
        return JsonSerializer.Deserialize<ShardIndex>(File.ReadAllText(path), Options)
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}

public sealed class ShardEntry
{
    public string File { get; set; } = "";
    public int Count { get; set; }
}
