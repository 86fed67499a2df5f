using System.CommandLine;
using MtcnnCuda.Onnx;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tools;

/// <summary>
/// <c>mtcnn weights info FILE [--json]</c> inspects a weights file; <c>mtcnn weights export-onnx FILE --out DIR</c>
/// writes pnet.onnx, rnet.onnx and onet.onnx for ONNX Runtime / TensorRT. Both exit 0 on success, 2 when the file
/// is not valid MTCNN weights or an option is wrong.
/// </summary>
internal static class WeightsCommand
{
    public const int Ok = 0;
    public const int Invalid = 2;

    public static Command Create()
    {
        var command = new Command("weights", "Inspect MTCNN weights files and export them to other formats.");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(ExportOnnx());
        return command;
    }

    /// <summary>Why <paramref name="dir"/> cannot take the ONNX models (a file, or a folder whose parent is missing), or null.</summary>
    internal static string? OnnxFolderProblem(string dir)
    {
        if (File.Exists(dir)) return $"--out '{dir}' is a file; give a folder.";
        string? parent = Path.GetDirectoryName(Path.GetFullPath(dir));
        return parent is not null && !Directory.Exists(parent) ? $"the folder '{parent}' does not exist; create it first." : null;
    }

    private static Argument<string> FileArgument() => new("FILE") { Description = "MTCNN weights file (.safetensors)." };

    private static Command Info()
    {
        var file = FileArgument();
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of text." };
        var command = new Command("info",
            "Show a weights file's metadata, tensors (name, shape, dtype, bytes, SHA-256), provenance, and whether it is verified " +
            "(every tensor matched a SHA-256 recorded in the file; files without hashes, like the original release, load unverified).")
        {
            file, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            WeightsInfo info;
            try
            {
                info = WeightsInfo.Read(parse.GetValue(file)!);
            }
            catch (WeightsFormatException e)
            {
                error.WriteLine($"mtcnn weights info: {e.Message}");
                return Invalid;
            }
            if (parse.GetValue(json)) output.WriteLine(info.ToJson());
            else info.WriteText(output);
            return info.Weights is null ? Invalid : Ok;
        });
        return command;
    }

    private static Command ExportOnnx()
    {
        var file = FileArgument();
        var outDir = new Option<string>("--out")
        {
            HelpName = "DIR",
            Required = true,
            Description = "Folder for pnet.onnx, rnet.onnx and onet.onnx (created if its parent exists; existing files are replaced).",
        };
        var command = new Command("export-onnx",
            "Export PNet (fully convolutional, any input size), RNet and ONet as ONNX models (opset 13). Inputs are normalised " +
            "NCHW float32 crops; channel order, normalisation, outputs and box/landmark conventions are in each model's metadata_props (mtcnn.*).")
        {
            file, outDir,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string dir = parse.GetValue(outDir)!;
            if (OnnxFolderProblem(dir) is { } problem)
            {
                error.WriteLine($"mtcnn weights export-onnx: {problem}");
                return Invalid;
            }
            MtcnnWeights weights;
            try
            {
                weights = MtcnnWeights.Load(parse.GetValue(file)!);
            }
            catch (WeightsFormatException e)
            {
                error.WriteLine($"mtcnn weights export-onnx: {e.Message}");
                return Invalid;
            }
            try
            {
                foreach (var path in MtcnnOnnxExport.WriteAll(weights, dir)) output.WriteLine($"Wrote {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"mtcnn weights export-onnx: cannot write to '{dir}': {e.Message}");
                return Invalid;
            }
            if (!weights.Verified)
                error.WriteLine($"mtcnn weights export-onnx: note: {weights.Source} records no SHA-256 hashes, so its integrity was not verified.");
            return Ok;
        });
        return command;
    }
}
