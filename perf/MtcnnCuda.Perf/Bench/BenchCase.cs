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
    long ProcessPeakWorkingSetBytes);
