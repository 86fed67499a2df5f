using MtcnnCuda.Perf.Bench;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Bench;

/// <summary>
/// <c>mtcnn-train bench --target torchsharp</c> (or <c>--compare torchsharp</c>): the trainer's TorchSharp nets (libtorch, CPU)
/// inside the engine's own host-side cascade (<see cref="TorchSharpPeer"/>). Registered by mtcnn-train (src/Trainer/App);
/// it lives on the trainer side so that Perf and the mtcnn tool stay free of TorchSharp.
/// </summary>
public sealed class TorchSharpTargetFactory : IBenchTargetFactory
{
    public string Key => "torchsharp";

    public string Description => "libtorch via TorchSharp (CPU, torch threads = --threads) running PNet/RNet/ONet inside the engine's CPU cascade";

    public IBenchTarget Create(MtcnnWeights weights, DetectorOptions options) => new TorchSharpTarget(new TorchSharpPeer(weights, options));
}

internal sealed class TorchSharpTarget(TorchSharpPeer peer) : IBenchTarget
{
    public string Name => $"torchsharp-cpu-{peer.Threads}t";

    public StageTiming? LastStages =>
        peer.LastStages is { } t ? new StageTiming(t.PNetMs, t.RNetMs, t.ONetMs, t.PNetCandidates, t.RNetCandidates) : null;

    public IReadOnlyList<Face> Detect(ImageData image) => peer.Detect(image);

    public IReadOnlyList<IReadOnlyList<Face>> DetectBatch(IReadOnlyList<ImageData> images) => peer.DetectBatch(images);

    public void Dispose() => peer.Dispose();
}
