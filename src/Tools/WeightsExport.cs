using System.Globalization;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tools;

/// <summary>
/// What <c>mtcnn export</c> writes, without TorchSharp: a weights file combined from the trainer's per-stage
/// checkpoints (each holds its net's tensors under their file names, flattened "nwhc"), or an existing weights file
/// re-saved with every convention written out. Metadata given by the caller is added on top.
/// </summary>
internal static class WeightsExport
{
    /// <summary>Keys the engine derives from the weights themselves; a caller may not set them by hand.</summary>
    private static readonly HashSet<string> ConventionKeys =
    [
        WeightsMetadata.Format, WeightsMetadata.FormatVersion, WeightsMetadata.ChannelOrder,
        WeightsMetadata.PixelMean, WeightsMetadata.PixelScale, WeightsMetadata.Flatten,
    ];

    /// <summary>The trainer's stage checkpoints as one weights file with the trainer's input conventions.</summary>
    public static MtcnnWeights FromStages(string pnet, string rnet, string onet, IReadOnlyDictionary<string, string> extra)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (kind, path) in new[] { (NetKind.PNet, pnet), (NetKind.RNet, rnet), (NetKind.ONet, onet) })
        {
            string prefix = NetArchitecture.Prefix(kind) + ".";
            var stage = SafeTensorsFile.Read(path).Tensors.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (stage.Count == 0)
                throw new WeightsFormatException(path, $"holds no {kind} tensors ('{prefix}…'); is it the {kind} checkpoint?");
            foreach (var (name, tensor) in stage) tensors[name] = tensor;
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The trainer's nets: RGB planar input, (x − 127.5) × 0.0078125, first dense layer flattened W×H×C.
            [WeightsMetadata.ChannelOrder] = "RGB",
            [WeightsMetadata.PixelMean] = 127.5f.ToString("R", CultureInfo.InvariantCulture),
            [WeightsMetadata.PixelScale] = 0.0078125f.ToString("R", CultureInfo.InvariantCulture),
            [WeightsMetadata.Flatten] = "nwhc",
            [WeightsMetadata.Provenance] = "MtcnnCuda trainer",
            [WeightsMetadata.TrainingData] = "unspecified",
        };
        return new MtcnnWeights(tensors, Merge(metadata, extra), "<export>");
    }

    /// <summary>An existing weights file (e.g. the original release) with extra metadata; conventions are kept.</summary>
    public static MtcnnWeights FromFile(string path, IReadOnlyDictionary<string, string> extra)
    {
        var source = MtcnnWeights.Load(path);
        var metadata = source.CompleteMetadata();
        return new MtcnnWeights(source.Tensors, Merge(metadata, extra), "<export>");
    }

    /// <summary>"key=value" pairs (from --meta and the named options) into a map; convention keys are refused.</summary>
    public static Dictionary<string, string> ParsePairs(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--meta expects KEY=VALUE; got '{pair}'.");
            string key = pair[..eq].Trim();
            if (ConventionKeys.Contains(key))
                throw new ArgumentException($"--meta cannot set '{key}': it is derived from the weights (their input conventions).");
            result[key] = pair[(eq + 1)..];
        }
        return result;
    }

    private static Dictionary<string, string> Merge(Dictionary<string, string> metadata, IReadOnlyDictionary<string, string> extra)
    {
        foreach (var (key, value) in extra) metadata[key] = value;
        return metadata;
    }
}
