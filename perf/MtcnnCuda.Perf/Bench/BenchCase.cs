namespace MtcnnCuda.Perf.Bench;

/// <summary>Measurements of one (size, minFace, single|batch) case. Times are per image, in milliseconds.</summary>
public sealed record BenchCase(
    BenchSize Size,
    float MinFace,
    string Mode,
    int BatchSize,
    Stats EndToEnd,
    Stats? PNet,
    Stats? RNet,
    Stats? ONet,
    int PNetCandidates,
    int RNetCandidates,
    int Faces,
    double AllocatedBytesPerImage,
    long GcHeapPeakBytes,
    long ProcessPeakWorkingSetBytes)
{
    /// <summary>Process CPU time (all threads) per image over the timed calls; less sensitive to a loaded machine than wall time.</summary>
    public double CpuMsPerImage { get; init; } = double.NaN;

    /// <summary>Device time per stage (upload, pnet, nms, rnet, onet, download, total) from CUDA events; null unless asked for.</summary>
    public IReadOnlyDictionary<string, Stats>? GpuStages { get; init; }
}
