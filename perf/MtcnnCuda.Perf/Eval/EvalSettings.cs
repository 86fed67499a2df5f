namespace MtcnnCuda.Perf.Eval;

/// <summary>Everything <c>mtcnn eval</c> was asked to do.</summary>
public sealed record EvalSettings
{
    /// <summary>Weights file; null: the embedded <see cref="Model"/>.</summary>
    public string? Weights { get; init; }
    /// <summary>Embedded model name (null: the default); excludes <see cref="Weights"/>.</summary>
    public string? Model { get; init; }
    public required string OutputFolder { get; init; }
    public DetectorOptions Detector { get; init; } = DetectorOptions.Default;
    public IReadOnlyList<string> WiderGroundTruth { get; init; } = [];
    public IReadOnlyList<string> FddbFolds { get; init; } = [];
    /// <summary>Folder the WIDER/FDDB image paths are relative to.</summary>
    public string? Images { get; init; }
    public string? Landmarks { get; init; }
    /// <summary>Folder the landmark list's paths are relative to (default: the list's folder).</summary>
    public string? LandmarkImages { get; init; }
    public IReadOnlyList<LandmarkMode> LandmarkModes { get; init; } = [LandmarkMode.Detector];
    /// <summary>Evaluate only the first N images / crops (0 = all).</summary>
    public int Limit { get; init; }
    public int Examples { get; init; } = 4;
}
