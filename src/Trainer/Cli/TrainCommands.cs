using System.CommandLine;
using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Training;
using MtcnnCuda.Weights;
using Spectre.Console;

namespace MtcnnCuda.Trainer.Cli;

/// <summary>
/// The commands of <c>mtcnn-train</c> (training with TorchSharp: prepare samples, train each net, or run the whole
/// cascade). Combining stage checkpoints into one weights file is <c>mtcnn export</c>, which needs no TorchSharp.
/// </summary>
public static class TrainCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return PrepareCommand();
        foreach (var kind in Enum.GetValues<NetKind>()) yield return StageCommand(kind);
        yield return AllCommand();
        yield return ComposeCommand();
        yield return CalibrateCommand.Create();
        yield return ReproduceCommand.Create();
        yield return ThroughputCommand.Create();
        yield return StageRecallCommand.Create();
    }

    private static Option<T> Opt<T>(string name, string description, T? defaultValue = default, bool required = false)
    {
        var option = new Option<T>(name) { Description = description, Required = required };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>Runs a command body, turning expected failures into a one-line error and exit code 1.</summary>
    private static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or WeightsFormatException or UnauthorizedAccessException
            or MtcnnCuda.Imaging.ImageDecodeException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }

    private static NetKind ParseStage(string text) => text.ToLowerInvariant() switch
    {
        "pnet" => NetKind.PNet,
        "rnet" => NetKind.RNet,
        "onet" => NetKind.ONet,
        _ => throw new ArgumentException($"--stage must be pnet, rnet or onet, not '{text}'."),
    };

    private static Command PrepareCommand()
    {
        var stage = Opt<string>("--stage", "pnet, rnet or onet", required: true);
        var annotations = Opt<string?>("--annotations", "WIDER FACE ground truth (or the seeds' one-line list)");
        var images = Opt<string?>("--images", "folder the annotation paths are relative to (default: the annotation file's folder)");
        var landmarks = Opt<string?>("--landmarks", "five-point landmark list (path x1..x5 y1..y5, or CNN_FacePoint's format)");
        var landmarkImages = Opt<string?>("--landmark-images", "folder the landmark paths are relative to");
        var output = Opt<string>("--out", "output folder for shards and index.json", required: true);
        var weights = Opt<string?>("--weights", "weights file whose earlier stages mine RNet/ONet samples");
        var pnet = Opt<string?>("--pnet", "PNet checkpoint for mining (instead of --weights)");
        var rnet = Opt<string?>("--rnet", "RNet checkpoint for mining ONet samples (instead of --weights)");
        var seed = Opt("--seed", "random seed", 1);
        var maxImages = Opt("--max-images", "use at most this many detection images (0 = all)", 0);
        var maxFaces = Opt("--max-landmark-faces", "use at most this many landmark faces (0 = all)", 0);
        var command = new Command("prepare", "Generate a stage's training samples into binary shards.")
        {
            stage, annotations, images, landmarks, landmarkImages, output, weights, pnet, rnet, seed, maxImages, maxFaces,
        };
        command.SetAction(r => Guard(() =>
        {
            var kind = ParseStage(r.GetValue(stage)!);
            MtcnnWeights? mining = r.GetValue(weights) is { } w ? MtcnnWeights.Load(w)
                : r.GetValue(pnet) is { } p ? Checkpoint.Compose(p, r.GetValue(rnet), null, "mining", "mining")
                : null;
            var index = ConsoleProgress.Run(progress => DataPreparation.Prepare(new PrepareSettings
            {
                Stage = kind, OutputDirectory = r.GetValue(output)!, DetectionAnnotations = r.GetValue(annotations),
                DetectionImages = r.GetValue(images), LandmarkList = r.GetValue(landmarks), LandmarkImages = r.GetValue(landmarkImages),
                MiningWeights = mining, Seed = r.GetValue(seed), MaxImages = r.GetValue(maxImages), MaxLandmarkFaces = r.GetValue(maxFaces),
                MiningOptions = PipelineSettings.DefaultMiningOptions,
            }, progress.Prepare));
            AnsiConsole.WriteLine($"{index.Total} samples in {index.Shards.Count} shard(s): " +
                string.Join(", ", index.Counts.Select(c => $"{c.Key} {c.Value}")));
            return 0;
        }));
        return command;
    }

    private static double Probability(double value, string option) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentException($"{option}: {value} is not a probability (0..1).");

    private static Command StageCommand(NetKind kind)
    {
        string name = NetArchitecture.Prefix(kind);
        var data = Opt<string>("--data", "sample folder made by 'mtcnn-train prepare'", required: true);
        var output = Opt<string>("--out", "folder for checkpoints, metrics CSV and plot", required: true);
        var epochs = Opt("--epochs", "epochs", 10);
        var batch = Opt("--batch", "batch size", kind == NetKind.ONet ? 256 : 384);
        var lr = Opt("--lr", "initial learning rate", 1e-3);
        var optimizer = Opt("--optimizer", "adam or sgd (momentum 0.9)", "adam");
        var steps = Opt("--lr-steps", "comma-separated epochs after which the learning rate drops ×0.1", "6,9");
        var maxSteps = Opt("--max-steps", "cap on steps per epoch (0 = a full pass)", 0);
        var resume = Opt("--resume", "continue from the checkpoint in --out", false);
        var seed = Opt("--seed", "random seed", 1);
        var threads = Opt("--threads", "torch threads (0 = libtorch's default; 1 is far faster on a shared, oversubscribed machine)", 0);
        var lowRes = Opt("--low-res", "share of training samples degraded to look like small faces (downsampled to 40-80 % and back; 0 = off)", 0.0);
        var command = new Command(name, $"Train {kind} on its prepared samples.")
        {
            data, output, epochs, batch, lr, optimizer, steps, maxSteps, resume, seed, threads, lowRes,
        };
        command.SetAction(r => Guard(() =>
        {
            var settings = new TrainSettings
            {
                Stage = kind, DataDirectory = r.GetValue(data)!, OutputDirectory = r.GetValue(output)!, Epochs = r.GetValue(epochs),
                BatchSize = r.GetValue(batch), LearningRate = r.GetValue(lr), Optimizer = r.GetValue(optimizer)!,
                LearningRateSteps = ParseSteps(r.GetValue(steps)!), MaxStepsPerEpoch = r.GetValue(maxSteps), Resume = r.GetValue(resume),
                Seed = r.GetValue(seed), Threads = r.GetValue(threads),
                LowResolutionProbability = Probability(r.GetValue(lowRes), "--low-res"),
            };
            var trainer = new StageTrainer(settings);
            var history = ConsoleProgress.Run(progress => trainer.Train(progress.Train));
            foreach (var m in history)
                AnsiConsole.WriteLine($"epoch {m.Epoch}: loss {m.TrainLoss:F4} / val {m.ValLoss:F4}, accuracy {m.ValAccuracy:P1}, " +
                                      $"recall {m.ValRecall:P1}, {m.SamplesPerSecond:F0} samples/s");
            AnsiConsole.WriteLine($"checkpoint {Checkpoint.NetPath(settings.OutputDirectory, kind)}; metrics {trainer.MetricsCsvPath}, {trainer.PlotPath}");
            return 0;
        }));
        return command;
    }

    private static int[] ParseSteps(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, out int v) && v > 0 ? v : throw new ArgumentException($"--lr-steps: '{t}' is not a positive epoch number."))
            .ToArray();

    private static Command AllCommand()
    {
        var annotations = Opt<string>("--annotations", "WIDER FACE ground truth (or the seeds' one-line list)", required: true);
        var images = Opt<string?>("--images", "folder the annotation paths are relative to");
        var landmarks = Opt<string?>("--landmarks", "five-point landmark list");
        var landmarkImages = Opt<string?>("--landmark-images", "folder the landmark paths are relative to");
        var work = Opt<string>("--work", "working folder (samples, checkpoints, metrics, final weights)", required: true);
        var epochs = Opt("--epochs", "epochs per stage", 10);
        var steps = Opt("--lr-steps", "comma-separated epochs after which the learning rate drops ×0.1", "6,9");
        var maxSteps = Opt("--max-steps", "cap on steps per epoch (0 = a full pass)", 0);
        var maxImages = Opt("--max-images", "use at most this many detection images (0 = all)", 0);
        var maxFaces = Opt("--max-landmark-faces", "use at most this many landmark faces (0 = all)", 0);
        var resume = Opt("--resume", "skip finished stages and continue interrupted ones", false);
        var seed = Opt("--seed", "random seed", 1);
        var threads = Opt("--threads", "torch threads (0 = libtorch's default; 1 is far faster on a shared, oversubscribed machine)", 0);
        var command = new Command("all", "Prepare, train and mine stage by stage (PNet → RNet → ONet), then export the weights file.")
        {
            annotations, images, landmarks, landmarkImages, work, epochs, steps, maxSteps, maxImages, maxFaces, resume, seed, threads,
        };
        command.SetAction(r => Guard(() =>
        {
            var settings = new PipelineSettings
            {
                WorkDirectory = r.GetValue(work)!, DetectionAnnotations = r.GetValue(annotations)!, DetectionImages = r.GetValue(images),
                LandmarkList = r.GetValue(landmarks), LandmarkImages = r.GetValue(landmarkImages), Epochs = r.GetValue(epochs),
                LearningRateSteps = ParseSteps(r.GetValue(steps)!), MaxStepsPerEpoch = r.GetValue(maxSteps), MaxImages = r.GetValue(maxImages),
                MaxLandmarkFaces = r.GetValue(maxFaces), Resume = r.GetValue(resume), Seed = r.GetValue(seed), Threads = r.GetValue(threads),
            };
            ConsoleProgress.Run(progress => TrainPipeline.Run(settings, new TrainPipeline.Reporters(progress.Prepare, progress.Train, progress.Log)));
            AnsiConsole.WriteLine($"weights: {settings.OutputWeights}");
            return 0;
        }));
        return command;
    }

    private static Command ComposeCommand()
    {
        var landmarks = Opt<string>("--landmarks", "five-point landmark list whose face crops are pasted", required: true);
        var landmarkImages = Opt<string?>("--landmark-images", "folder the landmark paths are relative to");
        var output = Opt<string>("--out", "output folder (images/ and wider_gt.txt)", required: true);
        var count = Opt("--count", "number of images", 300);
        var seed = Opt("--seed", "random seed", 1);
        var command = new Command("compose",
            "Compose a synthetic detection set (WIDER-format ground truth) by pasting real face crops onto larger backgrounds; " +
            "for trying the pipeline until a real detection set is available.")
        {
            landmarks, landmarkImages, output, count, seed,
        };
        command.SetAction(r => Guard(() =>
        {
            var result = ConsoleProgress.Run(progress => DetectionSetComposer.Compose(r.GetValue(landmarks)!, r.GetValue(landmarkImages),
                r.GetValue(output)!, r.GetValue(count), r.GetValue(seed), progress.Prepare));
            AnsiConsole.WriteLine($"{result.Images} images with {result.Faces} faces: {result.Annotations}");
            return 0;
        }));
        return command;
    }
}
