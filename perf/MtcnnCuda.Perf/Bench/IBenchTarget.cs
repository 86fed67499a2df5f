namespace MtcnnCuda.Perf.Bench;

/// <summary>Per-stage wall times of one detection, in milliseconds, and the candidates that entered RNet and ONet.</summary>
public sealed record StageTiming(double PNetMs, double RNetMs, double ONetMs, int PNetCandidates, int RNetCandidates);

/// <summary>
/// Something the benchmark can time: our engine on one backend, or later a peer implementation (e.g. the trainer's
/// TorchSharp nets) for comparison. Implementations run synchronously on the calling thread.
/// </summary>
public interface IBenchTarget : IDisposable
{
    /// <summary>Name in reports, e.g. "mtcnncuda-cpu".</summary>
    string Name { get; }

    IReadOnlyList<Face> Detect(ImageData image);

    IReadOnlyList<IReadOnlyList<Face>> DetectBatch(IReadOnlyList<ImageData> images);

    /// <summary>Stage times of the last <see cref="Detect"/> call on this thread, or null when the target cannot tell.</summary>
    StageTiming? LastStages { get; }
}

/// <summary>Creates a target for loaded weights and cascade options; registered in <see cref="BenchTargets"/>.</summary>
public interface IBenchTargetFactory
{
    /// <summary>The value of <c>mtcnn bench --target</c> that selects this factory.</summary>
    string Key { get; }

    string Description { get; }

    /// <exception cref="NotSupportedException">The target cannot run here (e.g. no GPU); the message says why.</exception>
    IBenchTarget Create(MtcnnCuda.Weights.MtcnnWeights weights, DetectorOptions options);
}
