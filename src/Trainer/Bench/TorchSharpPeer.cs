using System.Diagnostics;
using MtcnnCuda.Cpu;
using MtcnnCuda.Weights;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Bench;

/// <summary>Wall times of the three stages of one <see cref="TorchSharpPeer.Detect"/> call (ms) and the candidates entering RNet and ONet.</summary>
public sealed record PeerStageTimes(double PNetMs, double RNetMs, double ONetMs, int PNetCandidates, int RNetCandidates);

/// <summary>
/// A comparison peer: the engine's own CPU cascade (<see cref="CpuBackend"/>: planar conversion, pyramid, area
/// resampling, thresholds, NMS, regression, squaring, crop sampling, candidate limits) with only the three
/// forward passes in TorchSharp (<see cref="TorchCascadeNets"/>). Not thread-safe (the bench calls it from one
/// thread). The bench target wrapping it is <see cref="TorchSharpTargetFactory"/>.
/// </summary>
public sealed class TorchSharpPeer : IDisposable
{
    private readonly TorchCascadeNets _nets;
    private readonly CpuBackend _cascade;

    public TorchSharpPeer(MtcnnWeights weights, DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Threads = options.CpuThreads > 0 ? options.CpuThreads : Environment.ProcessorCount;
        set_num_threads(Threads);
        _nets = new TorchCascadeNets(weights);
        _cascade = new CpuBackend(weights, options with { CpuThreads = Threads }, _nets);
    }

    /// <summary>libtorch intra-op threads (= --threads, or all processors for 0); also the crop workers.</summary>
    public int Threads { get; }

    public PeerStageTimes? LastStages { get; private set; }

    public IReadOnlyList<Face> Detect(ImageData image)
    {
        var faces = _cascade.Detect(PixelView.From(image));
        if (CpuBackend.LastTimes is { } t)
            LastStages = new PeerStageTimes(Ms(t.PNet), Ms(t.RNet), Ms(t.ONet), t.PNetCandidates, t.RNetCandidates);
        return faces;
    }

    public IReadOnlyList<IReadOnlyList<Face>> DetectBatch(IReadOnlyList<ImageData> images) => images.Select(Detect).ToArray();

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public void Dispose()
    {
        _cascade.Dispose();
        _nets.Dispose();
    }
}
