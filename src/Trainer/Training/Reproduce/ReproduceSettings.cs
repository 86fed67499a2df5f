using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Training;

/// <summary>Everything that determines a reproduction run (written to options.json in the work folder).</summary>
public sealed record ReproduceSettings
{
    public required string DataRoot { get; init; }
    /// <summary>Samples, checkpoints, logs: outside the work tree so a lost checkout loses nothing.</summary>
    public required string WorkDirectory { get; init; }
    /// <summary>Folder that receives each finished stage's weights and metrics (committed, e.g. models/own); null = none.</summary>
    public string? PublishDirectory { get; init; }
    public required string CalibrationFile { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>Stop after this stage (PNet, RNet or ONet).</summary>
    public NetKind Until { get; init; } = NetKind.ONet;
    public int[] Epochs { get; init; } = [10, 10, 10];
    public int[] LearningRateSteps { get; init; } = [6, 9];
    public int[] BatchSizes { get; init; } = [384, 384, 256];
    /// <summary>Channels-last input per stage: faster for RNet and ONet, no gain for PNet (perf/results/training-throughput.md).</summary>
    public bool[] ChannelsLast { get; init; } = [false, true, true];
    public double LearningRate { get; init; } = 1e-3;
    public int MaxStepsPerEpoch { get; init; }
    /// <summary>Detection images per source and landmark faces (0 = all); for short trial runs.</summary>
    public int MaxImagesPerSource { get; init; }
    public int MaxLandmarkFaces { get; init; }
    public int Threads { get; init; } = 1;
    /// <summary>Mirror, colour and blur augmentation of every sample (scale jitter and landmark rotation are always on).</summary>
    public bool Augment { get; init; } = true;
    public float MaxRotationDegrees { get; init; } = 15;

    public int EpochsOf(NetKind kind) => Epochs[(int)kind];
    public int BatchOf(NetKind kind) => BatchSizes[(int)kind];
}
