using System.CommandLine;
using MtcnnCuda.Perf.Common;

namespace MtcnnCuda.Perf.Eval;

/// <summary><c>mtcnn eval</c>: detection (WIDER FACE / FDDB) and landmark (5-point list) accuracy of a weights file.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var weights = CliOptions.Weights("Weights file (safetensors) to evaluate. Default: the engine's embedded model (see --model).");
        var model = ModelChoice.ModelOption();
        var backend = CliOptions.Backend();
        var thresholds = CliOptions.Thresholds();
        var threads = CliOptions.Threads();
        var minFace = new Option<float>("--min-face") { Description = "Minimum face size in pixels.", DefaultValueFactory = _ => 20f };
        var wider = new Option<string[]>("--wider-gt") { Description = "WIDER FACE ground-truth text file(s).", AllowMultipleArgumentsPerToken = true };
        var fddb = new Option<string[]>("--fddb") { Description = "FDDB fold ellipse list(s).", AllowMultipleArgumentsPerToken = true };
        var images = new Option<string>("--images") { Description = "Folder the WIDER/FDDB image paths are relative to." };
        var landmarks = new Option<string>("--landmarks") { Description = "5-point landmark list (path x1..x5 y1..y5), e.g. landmarks-5pt/test.txt." };
        var landmarkImages = new Option<string>("--landmark-images") { Description = "Folder the landmark paths are relative to (default: the list's folder)." };
        var mode = new Option<string>("--landmark-mode")
        {
            Description = "detector (whole cascade, best-matching detection) | onet (ONet alone on the crop) | both.",
            DefaultValueFactory = _ => "detector",
        };
        var limit = new Option<int>("--limit") { Description = "Evaluate only the first N images or crops (0 = all)." };
        var examples = new Option<int>("--examples") { Description = "Example images per category in the HTML report (0 = none, e.g. for reports committed to the repository: research images must not be).", DefaultValueFactory = _ => 4 };
        var precision = new Option<GpuPrecision>("--gpu-precision")
        {
            Description = "CUDA backend's RNet/ONet conv arithmetic: Fp32 (default) or Tf32 (tensor cores, sm_80+); run both to state TF32's accuracy cost.",
            DefaultValueFactory = _ => GpuPrecision.Fp32,
        };
        var output = new Option<string>("--out", "-o") { Description = "Output folder (default ./mtcnn-results/<date>-<machine>/eval)." };

        var command = new Command("eval", "Score a detector: WIDER FACE PR/AP, FDDB-style discrete ROC, 5-point landmark error; writes JSON, CSV, PNG and HTML.")
        {
            weights, model, backend, thresholds, threads, minFace, wider, fddb, images, landmarks, landmarkImages, mode, limit, examples, precision, output,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            var settings = new EvalSettings
            {
                Weights = parse.GetValue(weights),
                Model = parse.GetValue(model),
                OutputFolder = parse.GetValue(output) ?? MachineInfo.DefaultResultsFolder("eval"),
                Detector = CliOptions.Detector(parse.GetValue(backend)!, parse.GetValue(thresholds)!, parse.GetValue(minFace), parse.GetValue(threads))
                    with { GpuPrecision = parse.GetValue(precision) },
                WiderGroundTruth = parse.GetValue(wider) ?? [],
                FddbFolds = parse.GetValue(fddb) ?? [],
                Images = parse.GetValue(images),
                Landmarks = parse.GetValue(landmarks),
                LandmarkImages = parse.GetValue(landmarkImages),
                LandmarkModes = ParseModes(parse.GetValue(mode)!),
                Limit = parse.GetValue(limit),
                Examples = parse.GetValue(examples),
            };
            new EvalRunner(settings, Console.Out).Run();
            return 0;
        }));
        return command;
    }

    internal static IReadOnlyList<LandmarkMode> ParseModes(string value) => value.ToLowerInvariant() switch
    {
        "detector" => [LandmarkMode.Detector],
        "onet" => [LandmarkMode.ONet],
        "both" => [LandmarkMode.Detector, LandmarkMode.ONet],
        _ => throw new ArgumentException($"Unknown --landmark-mode \"{value}\"; expected detector, onet or both."),
    };
}
