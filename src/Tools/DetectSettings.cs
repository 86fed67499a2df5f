using System.Globalization;

namespace MtcnnCuda.Tools;

/// <summary>The validated options of one <c>mtcnn detect</c> run.</summary>
internal sealed record DetectSettings(
    IReadOnlyList<string> Images,
    string? WeightsPath,
    DetectorOptions Detector,
    bool Json,
    DrawTargets? Draw)
{
    public const float MinMinFace = 12f;

    /// <summary>Embedded model to use when <see cref="WeightsPath"/> is null (null: the default model).</summary>
    public string? Model { get; init; }

    /// <summary>Aligned crops to write besides the detections (<c>--align DIR</c>), or null.</summary>
    public Align.AlignSettings? Align { get; init; }

    /// <summary>Set with <c>--video</c>: the single input is a video analysed frame by frame.</summary>
    public Video.VideoSettings? Video { get; init; }

    /// <summary>Checks raw option values; returns null and fills <paramref name="errors"/> when any is invalid.</summary>
    public static DetectSettings? Create(
        IReadOnlyList<string> images, string? weights, float minFace, string? thresholds, Backend backend,
        int threads, bool json, string? draw, List<string> errors)
    {
        foreach (var image in images)
            if (image.StartsWith('-') && !File.Exists(image))
                errors.Add($"Unrecognized option '{image}'.");
        if (!float.IsFinite(minFace) || minFace < MinMinFace)
            errors.Add($"--min-face must be a number ≥ {MinMinFace} (PNet's 12-pixel window); got {minFace.ToString(CultureInfo.InvariantCulture)}.");
        var t = ParseThresholds(thresholds, errors);
        if (threads < 0) errors.Add($"--threads must be ≥ 0 (0 means all cores); got {threads}.");
        if (weights is not null && string.IsNullOrWhiteSpace(weights)) errors.Add("--weights needs a file path.");
        DrawTargets? targets = null;
        if (draw is not null) targets = DrawTargets.Create(draw, images, errors);
        if (errors.Count > 0) return null;

        var options = DetectorOptions.Default with
        {
            MinFaceSize = minFace,
            PNetThreshold = t[0],
            RNetThreshold = t[1],
            ONetThreshold = t[2],
            Backend = backend,
            CpuThreads = threads,
        };
        return new DetectSettings(images, weights, options, json, targets);
    }

    /// <summary>"a,b,c": three face-probability thresholds (PNet, RNet, ONet), each in [0, 1].</summary>
    public static float[] ParseThresholds(string? text, List<string> errors)
    {
        var d = DetectorOptions.Default;
        float[] defaults = [d.PNetThreshold, d.RNetThreshold, d.ONetThreshold];
        if (text is null) return defaults;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3)
        {
            errors.Add($"--thresholds needs three comma-separated numbers (PNet,RNet,ONet), e.g. 0.6,0.7,0.7; got '{text}'.");
            return defaults;
        }
        var values = new float[3];
        for (int i = 0; i < 3; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !(values[i] >= 0f && values[i] <= 1f))
            {
                errors.Add($"--thresholds: each value must be a number in [0, 1]; got '{parts[i]}'.");
                return defaults;
            }
        }
        return values;
    }
}
