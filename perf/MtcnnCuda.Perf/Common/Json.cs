using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MtcnnCuda.Perf.Common;

internal static class Json
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A number node, or null for NaN/∞ (JSON has no such numbers).</summary>
    public static JsonNode? Num(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;

    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(Num).ToArray());

    public static void Save(JsonNode node, string path) => File.WriteAllText(path, node.ToJsonString(Indented) + "\n");
}

/// <summary>Writes small CSV files with invariant number formatting.</summary>
internal static class Csv
{
    public static void Save(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<object>> rows)
    {
        var sb = new StringBuilder().AppendJoin(',', header).Append('\n');
        foreach (var row in rows) sb.AppendJoin(',', row.Select(Format)).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        string s => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s,
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
