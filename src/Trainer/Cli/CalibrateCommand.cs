using System.CommandLine;
using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Weights;
using Spectre.Console;
using static MtcnnCuda.Trainer.Cli.CliSupport;

namespace MtcnnCuda.Trainer.Cli;

/// <summary>`calibrate`: fits each training source's box calibration with the original weights (see <see cref="CalibrationFitter"/>).</summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var data = Opt<string?>("--data", "data folder laid out as ../shared/data (default ../shared/data)");
        var weights = Opt<string?>("--weights", "reference weights (default DATA/reference-weights/mtcnn-original.safetensors)");
        var perSource = Opt("--images-per-source", "detect on at most this many training images per source, evenly spaced (0 = all)", 300);
        var output = Opt("--out", "calibration file to write", "src/Trainer/Data/calibration.json");
        var threads = Opt("--threads", "CPU backend threads", 1);
        var only = Opt<string?>("--sources", "refit only these sources (comma-separated), keeping the other entries of --out");
        var command = new Command("calibrate",
            "Fit per-source box calibrations (scale and offset) mapping FDDB, face-mask and net-7876 training annotations onto the " +
            "boxes of the original MTCNN weights.")
        {
            data, weights, perSource, output, threads, only,
        };
        command.SetAction(r => Guard(() =>
        {
            var splits = new DataSplits(DataRoot(r.GetValue(data)));
            string weightsPath = r.GetValue(weights) ?? Path.Combine(splits.Root, "reference-weights", "mtcnn-original.safetensors");
            int max = r.GetValue(perSource);
            var fitter = new CalibrationFitter(MtcnnWeights.Load(weightsPath), r.GetValue(threads));
            var file = new CalibrationFile
            {
                Weights = Path.GetFileName(weightsPath),
                Detector = "engine CPU backend, default options (minFace 20, factor 0.709, thresholds 0.6/0.7/0.7)",
                Matching = $"one-to-one greedy by IoU ≥ {fitter.MatchIoU}, best pairs first; {fitter.Rounds} rounds (re-matched with the calibrated boxes)",
                Method = "least squares: scale = Σ(annotation·detection)/Σ(annotation²) per axis; offset = mean centre difference / annotation size",
                Command = $"mtcnn-train calibrate --data ../shared/data --images-per-source {max} --out src/Trainer/Data/calibration.json",
            };
            var selected = r.GetValue(only)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (selected is not null && File.Exists(r.GetValue(output)))
                foreach (var (name, kept) in CalibrationFile.Load(r.GetValue(output)!).Sources) file.Sources[name] = kept;
            foreach (var source in splits.TrainingDetection().Append(splits.LandmarkCrops()))
            {
                if (selected is not null && !selected.Contains(source.Name)) continue;
                var fitted = ConsoleProgress.Run(progress => fitter.Fit(source, max, progress.Prepare));
                file.Sources[source.Name] = fitted;
                var t = fitted.Transform;
                AnsiConsole.WriteLine($"{source.Name}: {fitted.MatchedPairs}/{fitted.Annotations} faces matched in {fitted.Images} images; " +
                                      $"scale {t.ScaleX:F3}×{t.ScaleY:F3}, offset ({t.OffsetX:F3}, {t.OffsetY:F3}); " +
                                      $"mean IoU {fitted.MeanIoURaw:F3} → {fitted.MeanIoUCalibrated:F3}");
            }
            file.Save(r.GetValue(output)!);
            AnsiConsole.WriteLine($"wrote {r.GetValue(output)}");
            return 0;
        }));
        return command;
    }
}
