namespace MtcnnCuda.Weights;

/// <summary>
/// The named models built into the engine: every <c>models/NAME.safetensors</c> of the repository is embedded at
/// build time (with its model card and licences beside it in models/). <see cref="DefaultName"/> is what
/// <see cref="FaceDetector.CreateDefault"/>, <c>mtcnn detect</c> without flags and <c>mtcnn_detector_create_default</c> use.
/// </summary>
public static class EmbeddedModels
{
    /// <summary>The original MTCNN weights (Zhang et al. 2016), until the project's own trained model matches them.</summary>
    public const string DefaultName = "original";

    private const string ResourcePrefix = "MtcnnCuda.Models.";
    private const string ResourceSuffix = ".safetensors";

    /// <summary>Names of the embedded models, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(EmbeddedModels).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^ResourceSuffix.Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static bool Contains(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Loads and validates the embedded model called <paramref name="name"/> (e.g. "original").</summary>
    /// <exception cref="ArgumentException">No embedded model has that name; the message lists those that exist.</exception>
    public static MtcnnWeights Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = Contains(name) ? typeof(EmbeddedModels).Assembly.GetManifestResourceStream(ResourcePrefix + name + ResourceSuffix) : null;
        if (stream is null)
        {
            string known = Names.Count == 0 ? "this build embeds none (models/*.safetensors was absent when it was built)" : "embedded: " + string.Join(", ", Names);
            throw new ArgumentException($"No embedded model named '{name}'; {known}.", nameof(name));
        }
        return MtcnnWeights.Load(stream, $"embedded:{name}");
    }
}
