using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Training;

/// <summary>Hyper-parameters and folders of one stage's training run.</summary>
public sealed record TrainSettings
{
    public required NetKind Stage { get; init; }
    /// <summary>Folder holding the stage's shards and index.json.</summary>
    public required string DataDirectory { get; init; }
    /// <summary>Folder for checkpoints, metrics CSV and plot.</summary>
    public required string OutputDirectory { get; init; }
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 384;
    public string Optimizer { get; init; } = "adam";
    public double LearningRate { get; init; } = 1e-3;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>Epochs after which the learning rate is multiplied by <see cref="LearningRateGamma"/>.</summary>
    public int[] LearningRateSteps { get; init; } = [6, 9];
    public double LearningRateGamma { get; init; } = 0.1;
    public double ValidationFraction { get; init; } = 0.05;
    /// <summary>Cap on steps per epoch (0 = one pass over the training samples).</summary>
    public int MaxStepsPerEpoch { get; init; }
    public bool Resume { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>Torch intra-op threads (0 = leave the default).</summary>
    public int Threads { get; init; }
    /// <summary>Feed batches in channels-last (NHWC) layout; see perf/results/training-throughput.md for when it pays.</summary>
    public bool ChannelsLast { get; init; }
    /// <summary>Share of training samples degraded to look like small faces (<see cref="Data.LowResolutionAugment"/>); 0 = off.</summary>
    public double LowResolutionProbability { get; init; }

    /// <summary>The detection threshold of the stage, at which validation recall is measured.</summary>
    public float StageThreshold => Stage switch { NetKind.PNet => 0.6f, NetKind.RNet => 0.7f, _ => 0.7f };

    public double LearningRateAt(int epoch) =>
        LearningRate * Math.Pow(LearningRateGamma, LearningRateSteps.Count(step => epoch > step));
}
