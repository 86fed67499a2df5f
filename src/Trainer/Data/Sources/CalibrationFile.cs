using System.Text.Json;
using System.Text.Json.Serialization;

namespace MtcnnCuda.Trainer.Data;

/// <summary>How one source's box calibration was fitted, and the transform.</summary>
public sealed record SourceCalibration
{
    public required BoxCalibration Transform { get; init; }
    /// <summary>Images the reference detector ran on, annotated faces in them, and faces matched to a detection.</summary>
    public int Images { get; init; }
    public int Annotations { get; init; }
    public int MatchedPairs { get; init; }
    /// <summary>Mean IoU of the matched pairs with the raw and with the calibrated annotation boxes.</summary>
    public double MeanIoURaw { get; init; }
    public double MeanIoUCalibrated { get; init; }
    public string Subset { get; init; } = "";
}

/// <summary>
/// The per-source box calibrations (src/Trainer/Data/calibration.json), with what produced them: weights, matching
/// rule, fitting method and the command that reproduces the file.
/// </summary>
public sealed record CalibrationFile
{
    public string Weights { get; init; } = "";
    public string Detector { get; init; } = "";
    public string Matching { get; init; } = "";
    public string Method { get; init; } = "";
    public string Command { get; init; } = "";
    public Dictionary<string, SourceCalibration> Sources { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep ≥, Σ readable
    };

    public BoxCalibration For(string source) =>
        Sources.TryGetValue(source, out var s) ? s.Transform
            : throw new InvalidDataException($"The calibration file has no entry for source '{source}' (it has: {string.Join(", ", Sources.Keys)}).");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    public static CalibrationFile Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CalibrationFile>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: empty calibration file.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a calibration file ({e.Message}).", e);
        }
    }

    /// <summary>The calibration committed with the trainer, copied next to its assembly by the build.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "calibration.json");
}
