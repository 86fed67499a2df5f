using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MtcnnCuda.Trainer.Data;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// What a reproduction run read: SHA-256 of every list and annotation file, and per image folder a SHA-256 over the
/// sorted (relative path, byte length) pairs plus the file count — a cheap fingerprint that catches missing, added or
/// re-encoded images without hashing gigabytes.
/// </summary>
public sealed record DataManifest
{
    public Dictionary<string, string> Files { get; init; } = [];
    public Dictionary<string, string> ImageFolders { get; init; } = [];
    public Dictionary<string, int> ImageCounts { get; init; } = [];

    public static DataManifest Build(DataSplits splits, string? calibrationPath)
    {
        var manifest = new DataManifest();
        var files = new List<string>();
        files.AddRange(DataSplits.FddbTrainFolds.Concat(DataSplits.FddbEvalFolds).Select(f => FddbReader.FoldList(splits.FddbRoot, f)));
        files.Add(Path.Combine(splits.Net7876Root, "train.txt"));
        files.Add(Path.Combine(splits.Net7876Root, "test.txt"));
        files.Add(splits.LandmarkTrainList);
        files.Add(splits.LandmarkTestList);
        files.AddRange(Directory.GetFiles(Path.Combine(splits.FaceMaskRoot, "annotations"), "*.xml").Order(StringComparer.Ordinal));
        foreach (var file in files) manifest.Files[Path.GetRelativePath(splits.Root, file)] = Sha256(File.ReadAllBytes(file));
        if (calibrationPath is not null) manifest.Files["calibration.json"] = Sha256(File.ReadAllBytes(calibrationPath));
        foreach (var folder in new[] { Path.Combine(splits.FddbRoot, "originalPics"), Path.Combine(splits.FaceMaskRoot, "images"),
                                       Path.Combine(splits.Net7876Root, "images"), Path.Combine(splits.LandmarkRoot, "lfw_5590"),
                                       Path.Combine(splits.LandmarkRoot, "net_7876"), Path.Combine(splits.LandmarkRoot, "AFLW") })
        {
            string key = Path.GetRelativePath(splits.Root, folder);
            var entries = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => $"{Path.GetRelativePath(folder, f)}\t{new FileInfo(f).Length}").Order(StringComparer.Ordinal).ToList();
            manifest.ImageFolders[key] = Sha256(Encoding.UTF8.GetBytes(string.Join("\n", entries)));
            manifest.ImageCounts[key] = entries.Count;
        }
        return manifest;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }) + "\n");

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
