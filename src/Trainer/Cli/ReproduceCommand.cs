using System.CommandLine;
using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Training;
using MtcnnCuda.Weights;
using Spectre.Console;
using static MtcnnCuda.Trainer.Cli.CliSupport;

namespace MtcnnCuda.Trainer.Cli;

/// <summary>`reproduce`: the whole recipe of the project's own model from ../shared/data (see <see cref="ReproducePipeline"/>).</summary>
public static class ReproduceCommand
{
    public static Command Create()
    {
        var data = Opt<string?>("--data", "data folder laid out as ../shared/data (default ../shared/data)");
        var work = Opt<string?>("--work", "work folder for samples and checkpoints, outside the work tree (default $MTCNN_TRAIN_DIR or /work/train-run)");
        var publish = Opt<string?>("--publish", "folder receiving each finished stage's weights and metrics, to commit (e.g. models/own)");
        var calibration = Opt<string?>("--calibration", "box calibration file (default: the one built with the trainer, from 'calibrate')");
        var until = Opt("--until", "last stage to run: pnet, rnet or onet", "onet");
        var epochs = Opt("--epochs", "epochs of PNet,RNet,ONet", "10,10,10");
        var steps = Opt("--lr-steps", "epochs after which the learning rate drops ×0.1", "6,9");
        var batches = Opt("--batch", "batch sizes of PNet,RNet,ONet", "384,384,256");
        var maxSteps = Opt("--max-steps", "cap on steps per epoch (0 = a full pass)", 0);
        var maxImages = Opt("--max-images", "detection images per source (0 = all; for trial runs)", 0);
        var maxFaces = Opt("--max-landmark-faces", "landmark faces (0 = all; for trial runs)", 0);
        var seed = Opt("--seed", "random seed", 1);
        var threads = Opt("--threads", "torch threads (1 suits a shared machine; 0 = libtorch's default)", 1);
        var noAugment = Opt("--no-augment", "switch off mirror/colour/blur augmentation (the seeds' baseline)", false);
        var command = new Command("reproduce",
            "Train the project's own model from the data folder with a fixed seed: manifest, calibrated sources, PNet → mine → RNet → " +
            "mine → ONet, resumable from the work folder; finished stages are published for committing.")
        {
            data, work, publish, calibration, until, epochs, steps, batches, maxSteps, maxImages, maxFaces, seed, threads, noAugment,
        };
        command.SetAction(r => Guard(() =>
        {
            string workDir = r.GetValue(work) ?? (Environment.GetEnvironmentVariable("MTCNN_TRAIN_DIR") is { Length: > 0 } env ? env : "/work/train-run");
            string calibrationPath = r.GetValue(calibration) ?? CalibrationFile.DefaultPath;
            if (!File.Exists(calibrationPath)) throw new FileNotFoundException($"Calibration file '{calibrationPath}' is missing (run 'calibrate').");
            var settings = new ReproduceSettings
            {
                DataRoot = DataRoot(r.GetValue(data)), WorkDirectory = Path.GetFullPath(workDir),
                PublishDirectory = r.GetValue(publish) is { } p ? Path.GetFullPath(p) : null, CalibrationFile = calibrationPath,
                Until = ParseStage(r.GetValue(until)!), Epochs = Triple(r.GetValue(epochs)!, "--epochs"), BatchSizes = Triple(r.GetValue(batches)!, "--batch"),
                LearningRateSteps = Numbers(r.GetValue(steps)!, "--lr-steps"), MaxStepsPerEpoch = r.GetValue(maxSteps),
                MaxImagesPerSource = r.GetValue(maxImages), MaxLandmarkFaces = r.GetValue(maxFaces), Seed = r.GetValue(seed),
                Threads = r.GetValue(threads), Augment = !r.GetValue(noAugment),
            };
            var weights = ConsoleProgress.Run(progress =>
                ReproducePipeline.Run(settings, new TrainPipeline.Reporters(progress.Prepare, progress.Train, progress.Log)));
            AnsiConsole.WriteLine(weights is null ? $"stopped after {settings.Until}; run again with a later --until to go on"
                : $"weights: {Path.Combine(settings.WorkDirectory, ReproducePipeline.WeightsFileName)}");
            return 0;
        }));
        return command;
    }

    private static NetKind ParseStage(string text) => text.ToLowerInvariant() switch
    {
        "pnet" => NetKind.PNet,
        "rnet" => NetKind.RNet,
        "onet" => NetKind.ONet,
        _ => throw new ArgumentException($"--until must be pnet, rnet or onet, not '{text}'."),
    };

    private static int[] Numbers(string text, string option) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, out int v) && v > 0 ? v : throw new ArgumentException($"{option}: '{t}' is not a positive number."))
            .ToArray();

    private static int[] Triple(string text, string option)
    {
        var values = Numbers(text, option);
        return values.Length == 1 ? [values[0], values[0], values[0]]
            : values.Length == 3 ? values : throw new ArgumentException($"{option}: give one value or three (PNet,RNet,ONet), not '{text}'.");
    }
}
