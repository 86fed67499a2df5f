using System.Globalization;
using System.Text.Json.Nodes;
using MtcnnCuda.Perf.Common;

namespace MtcnnCuda.Perf.Bench;

/// <summary>
/// <c>mtcnn bench --compare</c>: medians of several targets timed on the same cases and their ratio to the first
/// (ratio = target median / first target's median, so 2.0 means twice as slow). Writes comparison.json and .csv.
/// </summary>
public static class BenchComparison
{
    public sealed record Row(BenchCase Baseline, BenchCase Other, string OtherName)
    {
        public double Ratio => Other.EndToEnd.Median / Baseline.EndToEnd.Median;
    }

    /// <summary>One row per case of every target after the first, matched to the first target's case by size, minFace and mode.</summary>
    public static List<Row> Rows(IReadOnlyList<BenchRunner.TargetRun> runs)
    {
        if (runs.Count < 2) throw new ArgumentException("A comparison needs at least two targets.");
        var rows = new List<Row>();
        foreach (var other in runs.Skip(1))
            foreach (var c in other.Cases)
                if (runs[0].Cases.FirstOrDefault(b => b.Size.Name == c.Size.Name && b.MinFace == c.MinFace && b.Mode == c.Mode) is { } baseline)
                    rows.Add(new Row(baseline, c, other.Name));
        return rows;
    }

    public static string Describe(Row r, string baselineName) =>
        $"{r.Baseline.Size.Name,-6} minFace {r.Baseline.MinFace,3} {r.Baseline.Mode,-6}  {baselineName} {F(r.Baseline.EndToEnd.Median)} ms" +
        $" (faces {r.Baseline.Faces})  {r.OtherName} {F(r.Other.EndToEnd.Median)} ms (faces {r.Other.Faces})  ratio {r.Ratio.ToString("0.00", CultureInfo.InvariantCulture)}";

    public static List<Row> Write(string folder, IReadOnlyList<BenchRunner.TargetRun> runs, TextWriter log)
    {
        var rows = Rows(runs);
        string baseline = runs[0].Name;
        foreach (var r in rows) log.WriteLine(Describe(r, baseline));
        Directory.CreateDirectory(folder);
        Csv.Save(Path.Combine(folder, "comparison.csv"),
            ["size", "min_face", "mode", "baseline", "baseline_median_ms", "baseline_faces", "target", "target_median_ms", "target_faces", "ratio"],
            rows.Select(r => new object[]
            {
                r.Baseline.Size.Name, r.Baseline.MinFace, r.Baseline.Mode, baseline, r.Baseline.EndToEnd.Median, r.Baseline.Faces,
                r.OtherName, r.Other.EndToEnd.Median, r.Other.Faces, r.Ratio,
            }));
        Json.Save(new JsonObject
        {
            ["command"] = MachineInfo.CommandLine(),
            ["baseline"] = baseline,
            ["targets"] = new JsonArray(runs.Select(r => (JsonNode?)new JsonObject { ["key"] = r.Key, ["name"] = r.Name }).ToArray()),
            ["ratioIs"] = "target median / baseline median (end to end, ms per image); > 1 means the target is slower",
            ["rows"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
            {
                ["size"] = r.Baseline.Size.Name, ["minFace"] = r.Baseline.MinFace, ["mode"] = r.Baseline.Mode,
                ["baselineMedianMs"] = Json.Num(r.Baseline.EndToEnd.Median), ["baselineFaces"] = r.Baseline.Faces,
                ["target"] = r.OtherName, ["targetMedianMs"] = Json.Num(r.Other.EndToEnd.Median), ["targetFaces"] = r.Other.Faces,
                ["ratio"] = Json.Num(r.Ratio),
            }).ToArray()),
        }, Path.Combine(folder, "comparison.json"));
        return rows;
    }

    private static string F(double ms) => ms.ToString("0.00", CultureInfo.InvariantCulture).PadLeft(8);
}
