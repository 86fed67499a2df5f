using System.Globalization;
using System.Text.Json.Nodes;

namespace MtcnnCuda.Perf.Eval;

/// <summary>
/// The figures a user runs <c>mtcnn eval</c> for, printed as plain text tables from the summary: AP per subset and
/// the discrete-ROC rates for detection, mean error and failure rate per mode for landmarks.
/// </summary>
public static class EvalHeadline
{
    public static void Write(JsonObject summary, TextWriter output)
    {
        if (summary["detection"] is JsonObject detection)
        {
            output.WriteLine($"Detection: {detection["images"]} images, {detection["detections"]} detections ({detection["protocol"]})");
            var rows = new List<string[]> { new[] { "subset", "faces", "AP", "AP (official sampling)", "max recall" } };
            if (detection["subsets"] is JsonObject subsets)
                foreach (var (name, s) in subsets)
                    rows.Add([name, Text(s?["faces"]), Number(s?["apExact"]), Number(s?["apOfficialSampling"]), Number(s?["maxRecall"])]);
            Table(output, rows);
            if (detection["roc"] is JsonObject roc)
                output.WriteLine($"  Discrete ROC ({roc["faces"]} faces): true-positive rate {Number(roc["tprAt50Fp"])} at 50 false positives, " +
                    $"{Number(roc["tprAt100Fp"])} at 100, {Number(roc["tprAt500Fp"])} at 500, {Number(roc["tprAt1000Fp"])} at 1000");
        }
        if (summary["landmarks"] is JsonObject landmarks)
        {
            output.WriteLine($"Landmarks: {landmarks["crops"]} crops, error = mean point distance / inter-ocular distance");
            var rows = new List<string[]> { new[] { "mode", "scored", "mean error", "failure rate (>10%)", "detection rate" } };
            foreach (var (name, m) in landmarks)
            {
                if (m is not JsonObject mode) continue;
                rows.Add([name, Text(mode["scored"]), Number(mode["meanError"]), Number(mode["failureRate"]), Number(mode["detectionRate"])]);
            }
            Table(output, rows);
        }
    }

    private static string Text(JsonNode? node) => node?.ToString() ?? "-";

    private static string Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out double d) ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    /// <summary>Left-aligned first column, right-aligned numbers, two spaces between columns, indented by two.</summary>
    private static void Table(TextWriter output, List<string[]> rows)
    {
        int columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            output.WriteLine("  " + string.Join("  ", cells).TrimEnd());
        }
    }
}
