using System.CommandLine;
using System.Globalization;
using MtcnnCuda.Perf.Common;

namespace MtcnnCuda.Perf.Bench;

/// <summary><c>mtcnn bench</c>: latency per stage and end to end, memory, over image sizes and minimum face sizes.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var weights = CliOptions.Weights("Weights file (safetensors). Default: the engine's embedded model (see --model).");
        var model = ModelChoice.ModelOption();
        var backend = CliOptions.Backend();
        var thresholds = CliOptions.Thresholds();
        var threads = CliOptions.Threads();
        var target = new Option<string>("--target")
        {
            Description = "What to time: engine (our FaceDetector on --backend) or a registered peer.", DefaultValueFactory = _ => "engine",
        };
        var compare = new Option<string>("--compare")
        {
            Description = "Comma-separated registered targets (e.g. torchsharp) timed on the same cases, interleaved with --target; " +
                "each goes to <out>/<key>/ and the ratios of medians vs --target to <out>/comparison.csv and .json.",
        };
        var sizes = new Option<string>("--sizes") { Description = "Comma-separated: vga, 720p, 1080p, 4k.", DefaultValueFactory = _ => "vga,720p,1080p,4k" };
        var minFaces = new Option<string>("--min-faces") { Description = "Comma-separated minimum face sizes.", DefaultValueFactory = _ => "20,40" };
        var batch = new Option<int>("--batch") { Description = "Images per DetectBatch call (0 = skip batched runs).", DefaultValueFactory = _ => 4 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed calls before measuring (enough for the JIT to reach optimised code).", DefaultValueFactory = _ => 10 };
        var repeats = new Option<int>("--repeats") { Description = "Timed calls per case.", DefaultValueFactory = _ => 10 };
        var image = new Option<string>("--image")
        {
            Description = "Photo resized to each size (default: ../shared/data/images/multiface.jpg when present, else a synthetic image).",
        };
        var synthetic = new Option<bool>("--synthetic") { Description = "Use the synthetic image even when a photo is available." };
        var stageTimes = new Option<bool>("--stage-times")
        {
            Description = "CUDA backend: after each single-image case, --repeats more calls timed per stage with CUDA events " +
                "(upload, PNet, NMS, RNet, ONet, download); the end-to-end times are measured without events.",
        };
        var note = new Option<string>("--note") { Description = "Free text stored with the results (e.g. machine load)." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder (default ./mtcnn-results/<date>-<machine>/bench)." };

        var command = new Command("bench", "Time the cascade per stage and end to end (median, p10, p90) with memory use; writes JSON, CSV, PNG and HTML.")
        {
            weights, model, backend, thresholds, threads, target, compare, sizes, minFaces, batch, warmup, repeats, image, synthetic, stageTimes, note, output,
        };
        command.SetAction(parse => CliOptions.Guard(() =>
        {
            string? photo = parse.GetValue(synthetic) ? null : parse.GetValue(image) ?? FindSharedPhoto();
            var settings = new BenchSettings
            {
                Weights = parse.GetValue(weights),
                Model = parse.GetValue(model),
                Target = parse.GetValue(target)!,
                Detector = CliOptions.Detector(parse.GetValue(backend)!, parse.GetValue(thresholds)!, 20f, parse.GetValue(threads)),
                Sizes = Split(parse.GetValue(sizes)!).Select(BenchSize.Parse).ToArray(),
                MinFaces = Split(parse.GetValue(minFaces)!).Select(ParseMinFace).ToArray(),
                BatchSize = parse.GetValue(batch),
                Warmup = parse.GetValue(warmup),
                Repeats = parse.GetValue(repeats),
                StageTimes = parse.GetValue(stageTimes),
                Photo = photo,
                Note = parse.GetValue(note),
                OutputFolder = parse.GetValue(output) ?? MachineInfo.DefaultResultsFolder("bench"),
            };
            var machine = MachineInfo.Describe();
            var others = Split(parse.GetValue(compare) ?? "");
            if (others.Length == 0)
            {
                var (cases, name, sources) = new BenchRunner(settings, Console.Out).Run();
                BenchReport.Write(settings, cases, name, sources, machine);
                Console.WriteLine($"Wrote {settings.OutputFolder}/bench.json, bench.csv, bench.png, index.html.");
                return 0;
            }
            var runs = new BenchRunner(settings, Console.Out).RunAll([settings.Target, .. others]);
            BenchReport.Write(settings, runs[0].Cases, runs[0].Name, runs[0].Sources, machine.DeepClone().AsObject());
            foreach (var run in runs.Skip(1))
                BenchReport.Write(settings with { OutputFolder = Path.Combine(settings.OutputFolder, run.Key) }, run.Cases, run.Name, run.Sources,
                    machine.DeepClone().AsObject());
            BenchComparison.Write(settings.OutputFolder, runs, Console.Out);
            Console.WriteLine($"Wrote {settings.OutputFolder}/bench.* ({runs[0].Name}), " +
                string.Join(", ", runs.Skip(1).Select(r => $"{r.Key}/bench.* ({r.Name})")) + ", comparison.csv, comparison.json.");
            return 0;
        }));
        return command;
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static float ParseMinFace(string s) =>
        float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && v >= 12
            ? v : throw new ArgumentException($"--min-faces: \"{s}\" is not a number ≥ 12.");

    /// <summary>../shared/data/images/multiface.jpg next to the repository (or MTCNN_SHARED_DATA), if present.</summary>
    private static string? FindSharedPhoto()
    {
        var env = Environment.GetEnvironmentVariable("MTCNN_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "images", "multiface.jpg"))) return Path.Combine(env, "images", "multiface.jpg");
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "images", "multiface.jpg");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
