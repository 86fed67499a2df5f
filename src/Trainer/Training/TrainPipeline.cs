using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Training;

/// <summary>Inputs of a whole-cascade run: data, working folder and per-stage training settings.</summary>
public sealed record PipelineSettings
{
    public required string WorkDirectory { get; init; }
    public required string DetectionAnnotations { get; init; }
    public string? DetectionImages { get; init; }
    public string? LandmarkList { get; init; }
    public string? LandmarkImages { get; init; }
    public int MaxImages { get; init; }
    public int MaxLandmarkFaces { get; init; }
    public int Seed { get; init; } = 1;
    public int Epochs { get; init; } = 10;
    public int[] LearningRateSteps { get; init; } = [6, 9];
    public int MaxStepsPerEpoch { get; init; }
    public int Threads { get; init; }
    public bool Resume { get; init; }
    /// <summary>Thresholds of the earlier stages while mining (lower than at detection, as the seeds do: more hard negatives).</summary>
    public DetectorOptions MiningOptions { get; init; } = DefaultMiningOptions;
    public static DetectorOptions DefaultMiningOptions { get; } = DetectorOptions.Default with { PNetThreshold = 0.3f, RNetThreshold = 0.1f };
    /// <summary>Cap on candidates per image that mining passes between stages (see <see cref="HardExampleMiner.MaxCandidates"/>).</summary>
    public int MiningMaxCandidates { get; init; } = 300;
    public string OutputWeights => Path.Combine(WorkDirectory, "mtcnn-trained.safetensors");
}

/// <summary>
/// The seeds' pipeline in one call: PNet samples → train PNet → mine RNet samples with PNet → train RNet → mine ONet
/// samples with PNet+RNet → train ONet → export the weights file the engine loads. Each stage's samples live in
/// work/{stage}-data, its checkpoints and metrics in work/{stage}; a stage whose checkpoint has reached the requested
/// epochs is skipped when resuming.
/// </summary>
public static class TrainPipeline
{
    public sealed record Reporters(DataPreparation.Report? Prepare, StageTrainer.Report? Train, Action<string>? Log);

    public static MtcnnWeights Run(PipelineSettings s, Reporters? reporters = null)
    {
        string? pnet = null, rnet = null, onet = null;
        foreach (var stage in Enum.GetValues<NetKind>())
        {
            string data = Path.Combine(s.WorkDirectory, $"{NetArchitecture.Prefix(stage)}-data");
            string output = Path.Combine(s.WorkDirectory, NetArchitecture.Prefix(stage));
            string checkpoint = Checkpoint.NetPath(output, stage);
            bool done = s.Resume && File.Exists(checkpoint) && Checkpoint.Load(checkpoint, stage).Epoch >= s.Epochs;
            if (!done)
            {
                if (!(s.Resume && File.Exists(Path.Combine(data, ShardFormat.IndexFile))))
                {
                    reporters?.Log?.Invoke($"preparing {stage} samples in {data}");
                    var prepareWatch = System.Diagnostics.Stopwatch.StartNew();
                    var index = DataPreparation.Prepare(new PrepareSettings
                    {
                        Stage = stage, OutputDirectory = data, Seed = s.Seed,
                        DetectionAnnotations = s.DetectionAnnotations, DetectionImages = s.DetectionImages,
                        LandmarkList = s.LandmarkList, LandmarkImages = s.LandmarkImages,
                        MaxImages = s.MaxImages, MaxLandmarkFaces = s.MaxLandmarkFaces,
                        MiningWeights = stage == NetKind.PNet ? null : Checkpoint.Compose(pnet, rnet, null, "mining", "mining", s.Seed),
                        MiningOptions = s.MiningOptions, MiningMaxCandidates = s.MiningMaxCandidates,
                    }, reporters?.Prepare);
                    reporters?.Log?.Invoke($"prepared {index.Total} {stage} samples ({string.Join(", ", index.Counts.Select(c => $"{c.Key} {c.Value}"))}) in {prepareWatch.Elapsed.TotalSeconds:F0} s");
                }
                reporters?.Log?.Invoke($"training {stage} in {output}");
                var trainWatch = System.Diagnostics.Stopwatch.StartNew();
                var history = new StageTrainer(new TrainSettings
                {
                    Stage = stage, DataDirectory = data, OutputDirectory = output, Epochs = s.Epochs, Seed = s.Seed,
                    LearningRateSteps = s.LearningRateSteps, MaxStepsPerEpoch = s.MaxStepsPerEpoch, Threads = s.Threads, Resume = s.Resume,
                }).Train(reporters?.Train);
                var last = history[^1];
                reporters?.Log?.Invoke($"trained {stage} in {trainWatch.Elapsed.TotalSeconds:F0} s: epoch {last.Epoch} accuracy {last.ValAccuracy:P1}, " +
                                       $"recall {last.ValRecall:P1}, fpr {last.ValFalsePositiveRate:P1}, {last.SamplesPerSecond:F0} samples/s");
            }
            switch (stage)
            {
                case NetKind.PNet: pnet = checkpoint; break;
                case NetKind.RNet: rnet = checkpoint; break;
                default: onet = checkpoint; break;
            }
        }
        var weights = Checkpoint.Compose(pnet, rnet, onet, $"MtcnnCuda trainer, {DateTime.UtcNow:yyyy-MM-dd}",
            $"detection: {Path.GetFileName(s.DetectionAnnotations)}; landmarks: {(s.LandmarkList is null ? "none" : Path.GetFileName(s.LandmarkList))}");
        weights.Save(s.OutputWeights);
        reporters?.Log?.Invoke($"wrote {s.OutputWeights}");
        return weights;
    }
}
