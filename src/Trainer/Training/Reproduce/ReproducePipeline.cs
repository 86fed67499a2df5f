using System.Text.Json;
using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// Reproduces the project's own model from ../shared/data: writes the data manifest and options, then stage by stage
/// (PNet → mine → RNet → mine → ONet) prepares samples from the calibrated training sources (<see cref="DataSplits"/>),
/// trains, and publishes the finished stage. Every step resumes: prepared sample sets and finished stages are kept
/// in the work folder, interrupted training continues from its last epoch checkpoint, and a stage published by an
/// earlier session (PublishDirectory/{stage}.safetensors) is taken as finished when the work folder lacks it.
/// </summary>
public static class ReproducePipeline
{
    public static string WeightsFileName => "mtcnn-own.safetensors";

    public static MtcnnWeights? Run(ReproduceSettings s, TrainPipeline.Reporters? reporters = null)
    {
        var log = reporters?.Log ?? (_ => { });
        Directory.CreateDirectory(s.WorkDirectory);
        var splits = new DataSplits(s.DataRoot);
        var calibration = CalibrationFile.Load(s.CalibrationFile);
        WriteOptions(s);
        log("hashing the data manifest");
        var manifest = DataManifest.Build(splits, s.CalibrationFile);
        manifest.Save(Path.Combine(s.WorkDirectory, "manifest.json"));
        if (s.PublishDirectory is not null)
        {
            Directory.CreateDirectory(s.PublishDirectory);
            manifest.Save(Path.Combine(s.PublishDirectory, "manifest.json"));
            File.Copy(Path.Combine(s.WorkDirectory, "options.json"), Path.Combine(s.PublishDirectory, "options.json"), overwrite: true);
        }
        var sources = splits.TrainingDetection().Select(src => src.Calibrated(calibration.For(src.Name)).Take(s.MaxImagesPerSource)).ToList();
        log($"training sources: {string.Join(", ", sources.Select(src => $"{src.Name} {src.Images.Count} images"))}");

        var finished = new Dictionary<NetKind, string>();
        foreach (var stage in Enum.GetValues<NetKind>())
        {
            if (stage > s.Until) break;
            finished[stage] = RunStage(s, splits, calibration, sources, stage, finished, reporters);
        }
        if (s.Until != NetKind.ONet) return null;
        var weights = Checkpoint.Compose(finished[NetKind.PNet], finished[NetKind.RNet], finished[NetKind.ONet],
            $"MtcnnCuda trainer (mtcnn-train reproduce, seed {s.Seed})",
            "FDDB folds 01-06, face-mask (Kaggle andrewmvd, CC0), net-7876 train, landmarks-5pt train (CNN_FacePoint)", s.Seed);
        string output = Path.Combine(s.WorkDirectory, WeightsFileName);
        weights.Save(output);
        MtcnnWeights.Load(output);
        if (s.PublishDirectory is not null) File.Copy(output, Path.Combine(s.PublishDirectory, WeightsFileName), overwrite: true);
        log($"wrote {output}");
        return weights;
    }

    private static string RunStage(ReproduceSettings s, DataSplits splits, CalibrationFile calibration, IReadOnlyList<DetectionSource> sources, NetKind stage,
        IReadOnlyDictionary<NetKind, string> earlier, TrainPipeline.Reporters? reporters)
    {
        var log = reporters?.Log ?? (_ => { });
        string name = NetArchitecture.Prefix(stage);
        string data = Path.Combine(s.WorkDirectory, $"{name}-data");
        string output = Path.Combine(s.WorkDirectory, name);
        string checkpoint = Checkpoint.NetPath(output, stage);
        string? published = s.PublishDirectory is null ? null : Path.Combine(s.PublishDirectory, $"{name}.safetensors");
        if (File.Exists(checkpoint) && Checkpoint.Load(checkpoint, stage).Epoch >= s.EpochsOf(stage))
        {
            log($"{stage}: finished in {output}");
            Publish(s, stage, output);
            return checkpoint;
        }
        if (!File.Exists(checkpoint) && published is not null && File.Exists(published) && Checkpoint.Load(published, stage).Epoch >= s.EpochsOf(stage))
        {
            log($"{stage}: taking the published stage {published}");
            return published;
        }
        if (!File.Exists(Path.Combine(data, ShardFormat.IndexFile)))
        {
            log($"{stage}: preparing samples in {data}");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var mining = stage == NetKind.PNet ? null
                : Checkpoint.Compose(earlier[NetKind.PNet], earlier.GetValueOrDefault(NetKind.RNet), null, "mining", "mining", s.Seed);
            // Prepare into a scratch folder and rename, so an interrupted preparation is redone rather than trusted.
            string scratch = data + ".partial";
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            var index = DataPreparation.Prepare(new PrepareSettings
            {
                Stage = stage, OutputDirectory = scratch, Seed = s.Seed, DetectionSources = sources,
                LandmarkList = splits.LandmarkTrainList, LandmarkImages = splits.LandmarkRoot, MaxLandmarkFaces = s.MaxLandmarkFaces,
                MiningWeights = mining, MiningOptions = PipelineSettings.DefaultMiningOptions,
                Augmenter = s.Augment ? new SampleAugmenter() : SampleAugmenter.None, LandmarkRotationDegrees = s.MaxRotationDegrees,
                LandmarkCalibration = calibration.For(DataSplits.Landmarks),
            }, reporters?.Prepare);
            Directory.Move(scratch, data);
            log($"{stage}: {index.Total} samples ({string.Join(", ", index.Counts.Select(c => $"{c.Key} {c.Value}"))}) in {watch.Elapsed.TotalSeconds:F0} s");
        }
        log($"{stage}: training in {output}");
        var history = new StageTrainer(new TrainSettings
        {
            Stage = stage, DataDirectory = data, OutputDirectory = output, Epochs = s.EpochsOf(stage), BatchSize = s.BatchOf(stage),
            LearningRate = s.LearningRate, LearningRateSteps = s.LearningRateSteps, MaxStepsPerEpoch = s.MaxStepsPerEpoch,
            Threads = s.Threads, Seed = s.Seed, Resume = true, ChannelsLast = s.ChannelsLast[(int)stage],
        }).Train(reporters?.Train);
        var last = history[^1];
        log($"{stage}: epoch {last.Epoch} accuracy {last.ValAccuracy:P1}, recall {last.ValRecall:P1}, fpr {last.ValFalsePositiveRate:P1}, " +
            $"{last.SamplesPerSecond:F0} samples/s");
        Publish(s, stage, output);
        return checkpoint;
    }

    /// <summary>Copies a finished stage's weights, metrics and sample counts into the publish folder (small files, committed).</summary>
    private static void Publish(ReproduceSettings s, NetKind stage, string output)
    {
        if (s.PublishDirectory is null) return;
        string name = NetArchitecture.Prefix(stage);
        Directory.CreateDirectory(s.PublishDirectory);
        foreach (var file in new[] { $"{name}.safetensors", $"{name}-metrics.csv", $"{name}-metrics.png" })
            if (File.Exists(Path.Combine(output, file))) File.Copy(Path.Combine(output, file), Path.Combine(s.PublishDirectory, file), overwrite: true);
        string index = Path.Combine(s.WorkDirectory, $"{name}-data", ShardFormat.IndexFile);
        if (File.Exists(index)) File.Copy(index, Path.Combine(s.PublishDirectory, $"{name}-samples.json"), overwrite: true);
    }

    /// <summary>Writes options.json; a resumed run with different options would mix two recipes, so it is refused.</summary>
    private static void WriteOptions(ReproduceSettings s)
    {
        string path = Path.Combine(s.WorkDirectory, "options.json");
        var recipe = s with { DataRoot = "", WorkDirectory = "", PublishDirectory = null, CalibrationFile = "", Until = NetKind.ONet };
        string json = JsonSerializer.Serialize(recipe, new JsonSerializerOptions { WriteIndented = true });
        if (File.Exists(path) && File.ReadAllText(path) != json)
            throw new InvalidOperationException($"{s.WorkDirectory} holds a run with other options ({path}); use a new --work folder or the same options.");
        File.WriteAllText(path, json);
    }
}
