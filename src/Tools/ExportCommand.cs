using System.CommandLine;
using MtcnnCuda.Onnx;
using MtcnnCuda.Perf.Common;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tools;

/// <summary>
/// <c>mtcnn export</c>: writes one weights file, either combined from the trainer's stage checkpoints
/// (<c>--pnet --rnet --onet</c>) or re-saved from a whole weights file (<c>--from</c>) with full metadata.
/// Needs no TorchSharp: it only reads and writes safetensors.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { HelpName = "FILE", Description = "A whole weights file to re-save with full metadata (e.g. the original release)." };
        var pnet = new Option<string?>("--pnet") { HelpName = "FILE", Description = "PNet checkpoint (a training folder's pnet.safetensors)." };
        var rnet = new Option<string?>("--rnet") { HelpName = "FILE", Description = "RNet checkpoint." };
        var onet = new Option<string?>("--onet") { HelpName = "FILE", Description = "ONet checkpoint." };
        var output = new Option<string>("--out") { HelpName = "FILE|DIR", Required = true, Description = "Weights file to write (.safetensors); with --format onnx, the folder for pnet.onnx, rnet.onnx and onet.onnx." };
        var format = new Option<string>("--format")
        {
            HelpName = "safetensors|onnx", DefaultValueFactory = _ => "safetensors",
            Description = "safetensors: the engine's weights file; onnx: the three nets as ONNX models (as 'mtcnn weights export-onnx').",
        };
        format.AcceptOnlyFromAmong("safetensors", "onnx");
        var provenance = new Option<string?>("--provenance") { Description = "Where the weights came from (metadata 'provenance')." };
        var trainingData = new Option<string?>("--training-data") { Description = "What they were trained on (metadata 'training_data')." };
        var meta = new Option<string[]>("--meta")
        {
            HelpName = "KEY=VALUE", Description = "Further metadata, repeatable (e.g. --meta licence=MIT).", AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("export", "Write one weights file: combine trained PNet/RNet/ONet checkpoints, or re-save a weights file with full metadata.")
        {
            from, pnet, rnet, onet, output, format, provenance, trainingData, meta,
        };
        command.SetAction(r => CliOptions.Guard(() =>
        {
            var extra = WeightsExport.ParsePairs(r.GetValue(meta) ?? []);
            if (r.GetValue(provenance) is { } p) extra[WeightsMetadata.Provenance] = p;
            if (r.GetValue(trainingData) is { } t) extra[WeightsMetadata.TrainingData] = t;
            string? source = r.GetValue(from);
            string?[] stages = [r.GetValue(pnet), r.GetValue(rnet), r.GetValue(onet)];
            MtcnnWeights weights;
            if (source is not null)
            {
                if (stages.Any(s => s is not null)) throw new ArgumentException("--from and --pnet/--rnet/--onet exclude each other: give a whole file or three checkpoints.");
                weights = WeightsExport.FromFile(source, extra);
            }
            else
            {
                if (stages.Any(s => s is null)) throw new ArgumentException("Give --from FILE, or all three of --pnet, --rnet and --onet.");
                weights = WeightsExport.FromStages(stages[0]!, stages[1]!, stages[2]!, extra);
            }
            string path = r.GetValue(output)!;
            if (r.GetValue(format) == "onnx")
            {
                if (WeightsCommand.OnnxFolderProblem(path) is { } problem) throw new ArgumentException(problem);
                foreach (var file in MtcnnOnnxExport.WriteAll(weights, path)) Console.WriteLine($"wrote {file}");
                return 0;
            }
            weights.Save(path);
            // Read it back as the engine will, so a bad export fails here rather than at detection time.
            MtcnnWeights.Load(path);
            Console.WriteLine($"wrote {path} ({weights.Tensors.Count} tensors)");
            return 0;
        }));
        return command;
    }
}
