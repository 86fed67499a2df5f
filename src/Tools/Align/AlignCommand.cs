using System.CommandLine;
using System.CommandLine.Invocation;

namespace MtcnnCuda.Tools.Align;

/// <summary>
/// <c>mtcnn align IMAGE... --out DIR</c>: detects faces and writes one aligned crop per face plus index.json; the
/// detections are printed as by <c>mtcnn detect</c> (which does the same with <c>--align DIR</c>).
/// </summary>
internal static class AlignCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore, Description = "Image files (as for mtcnn detect)." };
        var weights = new Option<string?>("--weights") { HelpName = "FILE", Description = "MTCNN weights (.safetensors). Default: the embedded weights, if any." };
        var minFace = new Option<float>("--min-face") { HelpName = "N", DefaultValueFactory = _ => DetectorOptions.Default.MinFaceSize, Description = "Smallest face side to look for, in pixels (≥ 12)." };
        var thresholds = new Option<string?>("--thresholds") { HelpName = "a,b,c", Description = "PNet,RNet,ONet thresholds (default 0.6,0.7,0.7)." };
        var backend = new Option<string>("--backend") { DefaultValueFactory = _ => "auto", Description = "cpu, cuda, or auto." };
        backend.AcceptOnlyFromAmong("cpu", "cuda", "auto");
        var threads = new Option<int>("--threads") { HelpName = "N", Description = "Worker threads of the CPU backend (0 = all cores)." };
        var crops = new AlignCliOptions("", "--out");
        crops.Directory.Required = true;

        var command = new Command("align", "Detect faces and write aligned face crops (PNG) with an index.json.\n\n" + ExitCodes.HelpText)
        {
            images, weights, minFace, thresholds, backend, threads,
        };
        foreach (var option in crops.All) command.Options.Add(option);
        command.Action = new AlignAction((parse, errors) =>
        {
            var backendKind = parse.GetValue(backend) switch { "cpu" => Backend.Cpu, "cuda" => Backend.Cuda, _ => Backend.Auto };
            var settings = DetectSettings.Create(parse.GetValue(images) ?? [], parse.GetValue(weights), parse.GetValue(minFace),
                parse.GetValue(thresholds), backendKind, parse.GetValue(threads), json: false, draw: null, errors);
            var align = crops.Bind(parse, errors);
            return settings is null || align is null || errors.Count > 0 ? null : settings with { Align = align };
        });
        return command;
    }

    /// <summary>Usage errors exit with <see cref="ExitCodes.UsageOrWeights"/>, as in <c>mtcnn detect</c>.</summary>
    private sealed class AlignAction(Func<ParseResult, List<string>, DetectSettings?> bind) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var errors = parse.Errors.Select(e => e.Message).ToList();
            DetectSettings? settings = null;
            if (errors.Count == 0) settings = bind(parse, errors);
            if (settings is null || errors.Count > 0)
            {
                foreach (var message in errors) error.WriteLine($"mtcnn align: {message}");
                error.WriteLine("Run 'mtcnn align --help' for usage.");
                return ExitCodes.UsageOrWeights;
            }
            return new DetectRunner(settings, output, error, rich: false).Run();
        }
    }
}
