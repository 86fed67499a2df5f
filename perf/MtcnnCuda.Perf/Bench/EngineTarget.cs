using MtcnnCuda.Cpu;

namespace MtcnnCuda.Perf.Bench;

/// <summary>Our <see cref="FaceDetector"/> on the backend given in the options.</summary>
internal sealed class EngineTargetFactory : IBenchTargetFactory
{
    public string Key => "engine";

    public string Description => "MtcnnCuda's FaceDetector on --backend (cpu | cuda | auto)";

    public IBenchTarget Create(MtcnnCuda.Weights.MtcnnWeights weights, DetectorOptions options) => new EngineTarget(FaceDetector.Create(weights, options));
}

internal sealed class EngineTarget(FaceDetector detector) : IBenchTarget
{
    public string Name => $"mtcnncuda-{detector.ActiveBackend.ToString().ToLowerInvariant()}";

    public StageTiming? LastStages { get; private set; }

    public IReadOnlyList<Face> Detect(ImageData image)
    {
        CpuBackend.LastTimes = null;
        var faces = detector.Detect(image);
        // The CPU backend leaves its stage times in a thread-static on this thread; other backends do not (yet).
        LastStages = CpuBackend.LastTimes is { } t
            ? new StageTiming(Ms(t.PNet), Ms(t.RNet), Ms(t.ONet), t.PNetCandidates, t.RNetCandidates)
            : null;
        return faces;
    }

    /// <summary>CUDA-event stage times of one call (CUDA backend only; throws NotSupportedException on the CPU).</summary>
    public GpuStageTimes DetectWithStageTimes(ImageData image)
    {
        detector.DetectWithStageTimes(image, out var times);
        return times;
    }

    public IReadOnlyList<IReadOnlyList<Face>> DetectBatch(IReadOnlyList<ImageData> images) => detector.DetectBatch(images);

    private static double Ms(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;

    public void Dispose() => detector.Dispose();
}
