using System.Globalization;

namespace MtcnnCuda.Weights;

/// <summary>
/// The parameters of PNet, RNet and ONet, validated against <see cref="NetArchitecture"/>, with the conventions
/// the file records (channel order, normalisation, flatten order). Files written by this project carry full
/// metadata; a file with the original weights' names and no metadata (the facenet-pytorch conversion of the
/// authors' Caffe release) is recognised and given that release's conventions.
/// </summary>
public sealed class MtcnnWeights
{
    private readonly Dictionary<string, Tensor> _tensors;
    private readonly Dictionary<NetKind, float[]> _firstDenseNchw = new();

    public MtcnnWeights(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata, string source = "<memory>")
    {
        Source = source;
        _tensors = new Dictionary<string, Tensor>(tensors, StringComparer.Ordinal);
        Metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        ValidateTensors();
        (ChannelOrder, PixelMean, PixelScale, Flatten) = ReadConventions();
    }

    /// <summary>File path or stream name the weights were read from.</summary>
    public string Source { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors;

    /// <summary>Tensor name → SHA-256 of its bytes, as recorded in the file and checked on load; empty when unverified.</summary>
    public IReadOnlyDictionary<string, string> Sha256 { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// True when the file recorded a SHA-256 for every tensor and all matched. Files without hashes (the original
    /// release converted from facenet-pytorch) load too, but unverified.
    /// </summary>
    public bool Verified => Sha256.Count > 0;

    /// <summary>True when the nets expect RGB input; false for BGR.</summary>
    public bool RgbInput => ChannelOrder == "RGB";
    public string ChannelOrder { get; }
    public float PixelMean { get; }
    public float PixelScale { get; }
    public FlattenOrder Flatten { get; }

    public bool HasPNetLandmarks => _tensors.ContainsKey("pnet.conv4_3.weight");
    public bool HasRNetLandmarks => _tensors.ContainsKey("rnet.dense5_3.weight");

    /// <summary>The tensor with this full name ("rnet.conv2.weight").</summary>
    public Tensor this[string fullName] => _tensors.TryGetValue(fullName, out var t)
        ? t
        : throw new KeyNotFoundException($"{Source}: no tensor '{fullName}'.");

    public Tensor Get(NetKind kind, string name) => this[$"{NetArchitecture.Prefix(kind)}.{name}"];

    /// <summary>
    /// Weights of the first dense layer (RNet dense4, ONet dense5) with columns in plain C×H×W order, whatever the
    /// file's flatten order, so backends flatten their planar feature maps directly.
    /// </summary>
    public float[] FirstDenseWeightNchw(NetKind kind)
    {
        lock (_firstDenseNchw)
        {
            if (_firstDenseNchw.TryGetValue(kind, out var cached)) return cached;
            var (name, c, h, w) = kind switch
            {
                NetKind.RNet => ("dense4.weight", 64, 3, 3),
                NetKind.ONet => ("dense5.weight", 128, 3, 3),
                _ => throw new ArgumentException("Only RNet and ONet have dense layers.", nameof(kind)),
            };
            var t = Get(kind, name);
            int outputs = t.Shape[0], inputs = t.Shape[1];
            var result = new float[t.Data.Length];
            if (Flatten == FlattenOrder.Nchw)
            {
                t.Data.CopyTo(result, 0);
            }
            else
            {
                for (int o = 0; o < outputs; o++)
                    for (int ci = 0; ci < c; ci++)
                        for (int y = 0; y < h; y++)
                            for (int x = 0; x < w; x++)
                                result[o * inputs + (ci * h + y) * w + x] = t.Data[o * inputs + (x * h + y) * c + ci];
            }
            _firstDenseNchw[kind] = result;
            return result;
        }
    }

    public static MtcnnWeights Load(string path)
    {
        var contents = SafeTensorsFile.Read(path);
        return new MtcnnWeights(contents.Tensors, contents.Metadata, path) { Sha256 = contents.Sha256 };
    }

    public static MtcnnWeights Load(Stream stream, string sourceName = "<stream>")
    {
        var contents = SafeTensorsFile.Read(stream, sourceName);
        return new MtcnnWeights(contents.Tensors, contents.Metadata, sourceName) { Sha256 = contents.Sha256 };
    }

    /// <summary>True when the engine carries its default model (<see cref="EmbeddedModels.DefaultName"/>).</summary>
    public static bool HasEmbeddedDefault => EmbeddedModels.Contains(EmbeddedModels.DefaultName);

    /// <summary>The engine's default embedded model (<see cref="EmbeddedModels.DefaultName"/>).</summary>
    /// <exception cref="InvalidOperationException">This build carries no default model.</exception>
    public static MtcnnWeights LoadEmbeddedDefault()
    {
        if (!HasEmbeddedDefault)
            throw new InvalidOperationException(
                $"This build of MtcnnCuda has no embedded default weights (models/{EmbeddedModels.DefaultName}.safetensors was absent when it was built). " +
                "Pass a weights file instead.");
        return EmbeddedModels.Load(EmbeddedModels.DefaultName);
    }

    /// <summary>Writes the weights with full metadata (conventions made explicit).</summary>
    public void Save(string path) => SafeTensorsFile.Write(path, _tensors, CompleteMetadata());

    /// <summary>The metadata with every convention key filled in, as <see cref="Save"/> writes it.</summary>
    public Dictionary<string, string> CompleteMetadata()
    {
        var m = new Dictionary<string, string>(Metadata, StringComparer.Ordinal)
        {
            [WeightsMetadata.Format] = WeightsMetadata.FormatValue,
            [WeightsMetadata.FormatVersion] = WeightsMetadata.FormatVersionValue,
            [WeightsMetadata.ChannelOrder] = ChannelOrder,
            [WeightsMetadata.PixelMean] = PixelMean.ToString("R", CultureInfo.InvariantCulture),
            [WeightsMetadata.PixelScale] = PixelScale.ToString("R", CultureInfo.InvariantCulture),
            [WeightsMetadata.Flatten] = Flatten == FlattenOrder.Nwhc ? "nwhc" : "nchw",
        };
        m.TryAdd(WeightsMetadata.Provenance, Metadata.TryGetValue("source", out var s) ? s : "unknown");
        return m;
    }

    private void ValidateTensors()
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (fullName, spec) in NetArchitecture.AllParameters())
        {
            known.Add(fullName);
            if (!_tensors.TryGetValue(fullName, out var tensor))
            {
                if (spec.Optional) continue;
                throw new WeightsFormatException(Source, "missing (every MTCNN parameter must be present).", fullName);
            }
            if (!tensor.HasShape(spec.Shape))
                throw new WeightsFormatException(Source, $"shape {tensor.ShapeText} does not match the network's [{string.Join(", ", spec.Shape)}].", fullName);
            foreach (float v in tensor.Data)
            {
                if (!float.IsFinite(v))
                    throw new WeightsFormatException(Source, $"holds a non-finite value ({v}).", fullName);
            }
        }
        foreach (var name in _tensors.Keys)
        {
            if (!known.Contains(name))
                throw new WeightsFormatException(Source, "is not a parameter of PNet, RNet or ONet.", name);
        }
        // An optional head is all-or-nothing: a weight without its bias is a broken file.
        foreach (var (fullName, spec) in NetArchitecture.AllParameters())
        {
            if (!spec.Optional || !fullName.EndsWith(".weight", StringComparison.Ordinal)) continue;
            string bias = fullName[..^".weight".Length] + ".bias";
            if (_tensors.ContainsKey(fullName) != _tensors.ContainsKey(bias))
                throw new WeightsFormatException(Source, "optional head is present without its bias/weight partner.", fullName);
        }
    }

    private (string, float, float, FlattenOrder) ReadConventions()
    {
        if (!Metadata.TryGetValue(WeightsMetadata.Format, out var format))
        {
            // No format key: the original weights as converted from facenet-pytorch (names checked above).
            // Their conventions are fixed: RGB, (x − 127.5)/128, (W, H, C) flatten.
            return ("RGB", 127.5f, 0.0078125f, FlattenOrder.Nwhc);
        }
        if (format != WeightsMetadata.FormatValue)
            throw new WeightsFormatException(Source, $"metadata format '{format}' is not '{WeightsMetadata.FormatValue}'.");
        if (Metadata.TryGetValue(WeightsMetadata.FormatVersion, out var version) && version != WeightsMetadata.FormatVersionValue)
            throw new WeightsFormatException(Source, $"format version {version} is not supported (this engine reads version {WeightsMetadata.FormatVersionValue}).");
        string order = Required(WeightsMetadata.ChannelOrder);
        if (order is not ("RGB" or "BGR"))
            throw new WeightsFormatException(Source, $"channel_order '{order}' must be RGB or BGR.");
        float mean = ParseFloat(WeightsMetadata.PixelMean);
        float scale = ParseFloat(WeightsMetadata.PixelScale);
        if (scale == 0f) throw new WeightsFormatException(Source, "pixel_scale must not be zero.");
        var flatten = Required(WeightsMetadata.Flatten) switch
        {
            "nwhc" => FlattenOrder.Nwhc,
            "nchw" => FlattenOrder.Nchw,
            var f => throw new WeightsFormatException(Source, $"flatten '{f}' must be nwhc or nchw."),
        };
        return (order, mean, scale, flatten);
    }

    private string Required(string key) => Metadata.TryGetValue(key, out var v)
        ? v
        : throw new WeightsFormatException(Source, $"metadata lacks '{key}'.");

    private float ParseFloat(string key)
    {
        string text = Required(key);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
            throw new WeightsFormatException(Source, $"metadata '{key}' = '{text}' is not a finite number.");
        return value;
    }
}
