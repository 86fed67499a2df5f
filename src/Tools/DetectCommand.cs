using System.CommandLine;
using System.CommandLine.Invocation;

namespace MtcnnCuda.Tools;

/// <summary>`mtcnn detect IMAGE...`: faces per image as a table or JSON, optionally drawn onto copies of the images.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("IMAGE")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Image files (JPEG incl. grayscale/CMYK, PNG incl. 16-bit/alpha, WebP, GIF, BMP); EXIF orientation is applied.",
        };
        var weights = new Option<string?>("--weights")
        {
            HelpName = "FILE",
            Description = "MTCNN weights file (.safetensors). Default: the embedded model (see --model).",
        };
        var model = Perf.Common.ModelChoice.ModelOption();
        var minFace = new Option<float>("--min-face")
        {
            HelpName = "N",
            DefaultValueFactory = _ => DetectorOptions.Default.MinFaceSize,
            Description = "Smallest face side to look for, in pixels (≥ 12).",
        };
        var thresholds = new Option<string?>("--thresholds")
        {
            HelpName = "a,b,c",
            Description = "PNet,RNet,ONet face-probability thresholds, each in [0,1] (default 0.6,0.7,0.7).",
        };
        var backend = new Option<string>("--backend")
        {
            DefaultValueFactory = _ => "auto",
            Description = "cpu, cuda, or auto (CUDA when a usable GPU is present, else CPU).",
        };
        backend.AcceptOnlyFromAmong("cpu", "cuda", "auto");
        var json = new Option<bool>("--json") { Description = "Print one JSON document with the results of every image." };
        var draw = new Option<string?>("--draw")
        {
            HelpName = "OUT",
            Description = "Draw boxes, scores and landmarks: OUT is a .png/.jpg file for one image, a directory for several " +
                "(created if missing; its parent folder must exist).",
        };
        var threads = new Option<int>("--threads")
        {
            HelpName = "N",
            DefaultValueFactory = _ => 0,
            Description = "Worker threads of the CPU backend (0 = all cores).",
        };

        var command = new Command("detect", "Detect faces in images and print boxes, confidences and five landmarks per face.")
        {
            images, weights, model, minFace, thresholds, backend, json, draw, threads,
        };
        HelpEpilog.Set(command, ExitCodes.HelpText);
        var align = new Align.AlignCliOptions("align-", "--align");
        foreach (var option in align.All) command.Options.Add(option);
        var video = new Video.VideoCliOptions();
        foreach (var option in video.All) command.Options.Add(option);
        command.Action = new DetectAction(parseResult =>
        {
            var errors = new List<string>();
            bool isVideo = parseResult.GetValue(video.Video);
            var settings = DetectSettings.Create(
                parseResult.GetValue(images) ?? [], parseResult.GetValue(weights), parseResult.GetValue(minFace),
                parseResult.GetValue(thresholds), ParseBackend(parseResult.GetValue(backend)), parseResult.GetValue(threads),
                parseResult.GetValue(json), isVideo ? null : parseResult.GetValue(draw), errors);
            if (Perf.Common.ModelChoice.Conflict(parseResult.GetValue(weights), parseResult.GetValue(model)) is { } conflict) errors.Add(conflict);
            if (settings is not null) settings = settings with { Model = parseResult.GetValue(model) };
            if (isVideo) return (video.Bind(parseResult, settings, parseResult.GetValue(draw), errors), errors);
            video.CheckUnused(parseResult, errors);
            var crops = align.Bind(parseResult, errors);
            return (settings is null || crops is null ? settings : settings with { Align = crops }, errors);
        });
        return command;
    }

    private static Backend ParseBackend(string? name) => name switch
    {
        "cpu" => Backend.Cpu,
        "cuda" => Backend.Cuda,
        _ => Backend.Auto,
    };

    /// <summary>
    /// Handles its own parse errors so that every usage error exits with <see cref="ExitCodes.UsageOrWeights"/>
    /// (System.CommandLine's default handler exits with 1, which here means "an image failed").
    /// </summary>
    private sealed class DetectAction(Func<ParseResult, (DetectSettings? Settings, List<string> Errors)> bind) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var errors = parseResult.Errors.Select(e => e.Message).ToList();
            DetectSettings? settings = null;
            if (errors.Count == 0) (settings, errors) = bind(parseResult);
            if (settings is null || errors.Count > 0)
            {
                foreach (var message in errors) error.WriteLine($"mtcnn detect: {message}");
                error.WriteLine("Run 'mtcnn detect --help' for usage.");
                return ExitCodes.UsageOrWeights;
            }
            if (settings.Video is not null) return new Video.VideoRunner(settings, settings.Video, output, error).Run();
            return new DetectRunner(settings, output, error, TextReport.ShouldUseRich(output)).Run();
        }
    }
}
