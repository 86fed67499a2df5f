using System.Text.Json.Nodes;
using MtcnnCuda.Perf.Common;
using MtcnnCuda.Perf.Eval;
using MtcnnCuda.Perf.Report;

namespace MtcnnCuda.Perf.Bench;

/// <summary>Writes bench.json, bench.csv, bench.png and index.html for one run.</summary>
public static class BenchReport
{
    /// <summary>The foundation goal: VGA at minFace 40, one image, median ≤ 15 ms.</summary>
    public const double VgaMinFace40GoalMs = 15;

    /// <param name="machine">Machine description taken when the run started (<see cref="MachineInfo.Describe"/>).</param>
    public static JsonObject Write(BenchSettings settings, IReadOnlyList<BenchCase> cases, string target, IReadOnlyList<string> sources, JsonObject machine)
    {
        Directory.CreateDirectory(settings.OutputFolder);
        var json = new JsonObject
        {
            ["command"] = MachineInfo.CommandLine(),
            ["machine"] = machine,
            ["note"] = settings.Note,
            ["target"] = target,
            ["weights"] = settings.Weights is null ? Common.ModelChoice.Describe(null, settings.Model) : Path.GetFullPath(settings.Weights),
            ["options"] = EvalRunner.Options(settings.Detector),
            ["warmup"] = settings.Warmup,
            ["repeats"] = settings.Repeats,
            ["images"] = new JsonArray(sources.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["timesAre"] = "milliseconds per image (batch: batch time / batch size); PNet includes pixel conversion and the pyramid",
            ["cases"] = new JsonArray(cases.Select(Case).ToArray()),
            ["goals"] = Goals(cases),
        };
        json["machine"]!["loadAverageAtEnd"] = MachineInfo.LoadAverage();
        json["machine"]!["finishedUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Json.Save(json, Path.Combine(settings.OutputFolder, "bench.json"));

        string[] header = ["size", "width", "height", "min_face", "mode", "batch", "median_ms", "p10_ms", "p90_ms", "mean_ms", "min_ms", "max_ms",
            "pnet_median_ms", "rnet_median_ms", "onet_median_ms", "pnet_candidates", "rnet_candidates", "faces",
            "allocated_bytes_per_image", "gc_heap_peak_bytes", "process_peak_working_set_bytes"];
        Csv.Save(Path.Combine(settings.OutputFolder, "bench.csv"), header, cases.Select(c => new object[]
        {
            c.Size.Name, c.Size.Width, c.Size.Height, c.MinFace, c.Mode, c.BatchSize, c.EndToEnd.Median, c.EndToEnd.P10, c.EndToEnd.P90,
            c.EndToEnd.Mean, c.EndToEnd.Min, c.EndToEnd.Max, c.PNet?.Median ?? double.NaN, c.RNet?.Median ?? double.NaN,
            c.ONet?.Median ?? double.NaN, c.PNetCandidates, c.RNetCandidates, c.Faces, c.AllocatedBytesPerImage, c.GcHeapPeakBytes,
            c.ProcessPeakWorkingSetBytes,
        }));

        var plot = new LinePlot { Title = $"{target}: median time per image", XLabel = "megapixels", YLabel = "ms per image", XMin = 0, YMin = 0 };
        foreach (var g in cases.GroupBy(c => (c.MinFace, c.Mode)))
            plot.Series.Add(new PlotSeries($"minFace {g.Key.MinFace} {g.Key.Mode}", g.Select(c => c.Size.Width * c.Size.Height / 1e6).ToArray(),
                g.Select(c => c.EndToEnd.Median).ToArray()));
        string png = Path.Combine(settings.OutputFolder, "bench.png");
        plot.SavePng(png);

        var html = new Html($"mtcnn bench — {target}")
            .Paragraph($"Command: {json["command"]}")
            .Paragraph($"Machine: {MachineInfo.CpuModel()}, {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; " +
                $"load average at start {json["machine"]!["loadAverageAtStart"]}, at end {json["machine"]!["loadAverageAtEnd"]}.")
            .Paragraph($"Images: {string.Join("; ", sources)}. Warm-up {settings.Warmup}, repeats {settings.Repeats}.");
        if (settings.Note is not null) html.Paragraph($"Note: {settings.Note}");
        html.Table(["size", "minFace", "mode", "median ms", "p10", "p90", "PNet", "RNet", "ONet", "cand. PNet→RNet", "faces", "alloc/image MB", "GC heap peak MB", "peak WS MB"],
            cases.Select(c => (IReadOnlyList<string>)
            [
                c.Size.Name, c.MinFace.ToString("0"), c.BatchSize > 1 ? $"batch×{c.BatchSize}" : "single", F(c.EndToEnd.Median), F(c.EndToEnd.P10), F(c.EndToEnd.P90),
                c.PNet is null ? "" : F(c.PNet.Median), c.RNet is null ? "" : F(c.RNet.Median), c.ONet is null ? "" : F(c.ONet.Median),
                c.PNetCandidates < 0 ? "" : $"{c.PNetCandidates}→{c.RNetCandidates}", c.Faces.ToString(),
                Mb(c.AllocatedBytesPerImage), Mb(c.GcHeapPeakBytes), Mb(c.ProcessPeakWorkingSetBytes),
            ]))
            .Image(png, "Median time per image against image size");
        foreach (var goal in json["goals"]!.AsArray())
            html.Paragraph($"Goal: {goal!["goal"]} — measured {goal["measuredMs"]} ms: {((bool)goal["met"]! ? "met" : "not met")}.");
        html.Save(Path.Combine(settings.OutputFolder, "index.html"));
        return json;
    }

    private static JsonArray Goals(IReadOnlyList<BenchCase> cases)
    {
        var goals = new JsonArray();
        if (cases.FirstOrDefault(c => c.Size.Name == "vga" && c.MinFace == 40 && c.Mode == "single") is { } vga)
            goals.Add((JsonNode)new JsonObject { ["goal"] = $"VGA, minFace 40, single image: median ≤ {VgaMinFace40GoalMs} ms",
                ["measuredMs"] = Json.Num(vga.EndToEnd.Median), ["met"] = vga.EndToEnd.Median <= VgaMinFace40GoalMs });
        return goals;
    }

    private static JsonObject Case(BenchCase c) => new()
    {
        ["size"] = c.Size.Name, ["width"] = c.Size.Width, ["height"] = c.Size.Height, ["minFace"] = c.MinFace, ["mode"] = c.Mode,
        ["batch"] = c.BatchSize, ["endToEnd"] = StatsJson(c.EndToEnd),
        ["stages"] = c.PNet is null ? null : new JsonObject { ["pnet"] = StatsJson(c.PNet), ["rnet"] = StatsJson(c.RNet!), ["onet"] = StatsJson(c.ONet!) },
        ["pnetCandidates"] = c.PNetCandidates, ["rnetCandidates"] = c.RNetCandidates, ["faces"] = c.Faces,
        ["allocatedBytesPerImage"] = Json.Num(c.AllocatedBytesPerImage), ["gcHeapPeakBytes"] = c.GcHeapPeakBytes,
        ["processPeakWorkingSetBytes"] = c.ProcessPeakWorkingSetBytes, ["cpuMsPerImage"] = Json.Num(c.CpuMsPerImage),
        ["gpuStages"] = c.GpuStages is null ? null : new JsonObject(c.GpuStages.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)StatsJson(p.Value)))),
    };

    private static JsonObject StatsJson(Stats s) => new()
    {
        ["n"] = s.Count, ["median"] = Json.Num(s.Median), ["p10"] = Json.Num(s.P10), ["p90"] = Json.Num(s.P90),
        ["mean"] = Json.Num(s.Mean), ["min"] = Json.Num(s.Min), ["max"] = Json.Num(s.Max),
    };

    private static string F(double ms) => ms.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static string Mb(double bytes) => (bytes / (1024 * 1024)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
