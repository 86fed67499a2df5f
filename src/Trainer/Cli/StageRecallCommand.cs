using System.CommandLine;
using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Evaluation;
using MtcnnCuda.Weights;
using static MtcnnCuda.Trainer.Cli.CliSupport;

namespace MtcnnCuda.Trainer.Cli;

/// <summary>`stage-recall`: per-stage recall on FDDB folds 07–08 for one or more weights files (see <see cref="StageRecall"/>).</summary>
public static class StageRecallCommand
{
    public static Command Create()
    {
        var data = Opt<string?>("--data", "data folder laid out as ../shared/data (default ../shared/data)");
        var weights = Opt<string[]>("--weights", "weights files to compare (default: the original weights)");
        weights.AllowMultipleArgumentsPerToken = true;
        var maxImages = Opt("--max-images", "evaluate at most this many images, evenly spaced (0 = all of folds 07–08)", 0);
        var iou = Opt("--iou", "IoU with the calibrated face box that counts as found", 0.5f);
        var threads = Opt("--threads", "CPU backend threads", 1);
        var thresholds = Opt("--thresholds", "PNet,RNet,ONet face-probability thresholds", "0.6,0.7,0.7");
        var pnet = Opt<string?>("--pnet", "a trained PNet checkpoint that replaces each weights file's PNet (measures a PNet before RNet/ONet exist)");
        var rnet = Opt<string?>("--rnet", "a trained RNet checkpoint that replaces each weights file's RNet (measures an RNet before ONet exists)");
        var command = new Command("stage-recall",
            "Recall after PNet, RNet and ONet on FDDB folds 07–08 (boxes calibrated to the original weights' convention), per weights file.")
        {
            data, weights, maxImages, iou, threads, thresholds, pnet, rnet,
        };
        command.SetAction(r => Guard(() =>
        {
            var splits = new DataSplits(DataRoot(r.GetValue(data)));
            var calibration = CalibrationFile.Load(CalibrationFile.DefaultPath).For(DataSplits.Fddb);
            var source = splits.FddbFolds(DataSplits.FddbEvalFolds).Calibrated(calibration);
            var images = CalibrationFitter.EvenlySpaced(source.Images, r.GetValue(maxImages));
            var files = r.GetValue(weights) is { Length: > 0 } w ? w : [Path.Combine(splits.Root, "reference-weights", "mtcnn-original.safetensors")];
            var t = r.GetValue(thresholds)!.Split(',').Select(v => float.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out float f) ? f
                : throw new ArgumentException($"--thresholds: '{v}' is not a number.")).ToArray();
            if (t.Length != 3) throw new ArgumentException("--thresholds takes three numbers: PNet,RNet,ONet.");
            var options = DetectorOptions.Default with { CpuThreads = r.GetValue(threads), PNetThreshold = t[0], RNetThreshold = t[1], ONetThreshold = t[2] };
            options.Validate();
            // Plain console lines: the table must not be wrapped at the terminal width.
            Console.WriteLine($"FDDB folds 07-08 (this copy), {images.Count} images, faces ≥ 20 px, IoU ≥ {r.GetValue(iou)}, thresholds {r.GetValue(thresholds)}");
            Console.WriteLine("| weights | faces | recall PNet | RNet | ONet | candidates/image PNet | RNet | ONet |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var file in files)
            {
                var loaded = MtcnnWeights.Load(file);
                if (r.GetValue(pnet) is { } p) loaded = WithStage(loaded, p, NetKind.PNet);
                if (r.GetValue(rnet) is { } q) loaded = WithStage(loaded, q, NetKind.RNet);
                var result = ConsoleProgress.Run(progress =>
                    new StageRecall(loaded, options) { MatchIoU = r.GetValue(iou) }.Run(source.Root, images, progress.Prepare));
                string name = Path.GetFileName(file) + (r.GetValue(pnet) is { } c ? $" with PNet {c}" : "") + (r.GetValue(rnet) is { } d ? $" with RNet {d}" : "");
                Console.WriteLine($"| {name} | {result.Faces} | {result.Recall(0):F3} | {result.Recall(1):F3} | {result.Recall(2):F3} | " +
                                      $"{result.CandidatesPerImage(0):F1} | {result.CandidatesPerImage(1):F1} | {result.CandidatesPerImage(2):F1} |");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The weights with one net's tensors replaced by a trained checkpoint's. The trainer writes the original weights'
    /// conventions (RGB, 127.5/0.0078125, nwhc flatten), so the tensors drop in unchanged; other conventions are refused.
    /// </summary>
    private static MtcnnWeights WithStage(MtcnnWeights weights, string checkpoint, NetKind stage)
    {
        if (weights.Flatten != FlattenOrder.Nwhc)
            throw new ArgumentException($"{weights.Source} flattens in {weights.Flatten} order; a trained stage drops only into nwhc weights.");
        var trained = stage == NetKind.PNet
            ? Training.Checkpoint.Compose(checkpoint, null, null, "stage-recall", "stage-recall")
            : Training.Checkpoint.Compose(null, checkpoint, null, "stage-recall", "stage-recall");
        string prefix = NetArchitecture.Prefix(stage) + ".";
        var tensors = weights.Tensors.Where(t => !t.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Concat(trained.Tensors.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)))
            .ToDictionary(t => t.Key, t => t.Value);
        return new MtcnnWeights(tensors, weights.Metadata, $"{weights.Source} + {stage} {checkpoint}");
    }
}
