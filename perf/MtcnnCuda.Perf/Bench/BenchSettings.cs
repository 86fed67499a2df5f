namespace MtcnnCuda.Perf.Bench;

/// <summary>What <c>mtcnn bench</c> measures.</summary>
public sealed record BenchSettings
{
    /// <summary>Weights file; null: the embedded <see cref="Model"/>.</summary>
    public string? Weights { get; init; }
    /// <summary>Embedded model name (null: the default); excludes <see cref="Weights"/>.</summary>
    public string? Model { get; init; }
    public string Target { get; init; } = "engine";
    public DetectorOptions Detector { get; init; } = DetectorOptions.Default;
    public IReadOnlyList<BenchSize> Sizes { get; init; } = BenchSize.Standard;
    public IReadOnlyList<float> MinFaces { get; init; } = [20f, 40f];
    /// <summary>Images per DetectBatch call; 0 skips the batched measurement.</summary>
    public int BatchSize { get; init; } = 4;
    public int Warmup { get; init; } = 10;
    public int Repeats { get; init; } = 10;
    /// <summary>After the untimed-by-events singles, <see cref="Repeats"/> more calls with CUDA-event stage times (CUDA backend only).</summary>
    public bool StageTimes { get; init; }
    /// <summary>Photo to resize (null: synthetic image).</summary>
    public string? Photo { get; init; }
    public required string OutputFolder { get; init; }
    /// <summary>Free text stored with the results (e.g. "shared machine, 5 engineers building").</summary>
    public string? Note { get; init; }
}
