namespace MtcnnCuda.Tools.Video;

/// <summary>The options of <c>mtcnn detect VIDEO --video</c>.</summary>
/// <param name="Input">Any file or device URL ffmpeg reads.</param>
/// <param name="Every">Analyse frames 0, Every, 2·Every, … (1 = every frame).</param>
/// <param name="MaxFrames">Stop after this many decoded frames (null = to the end).</param>
/// <param name="DrawTo">Annotated output video (encoded by a second ffmpeg), or null.</param>
internal sealed record VideoSettings(string Input, int Every, long? MaxFrames, string? DrawTo)
{
    public static VideoSettings? Create(IReadOnlyList<string> inputs, int every, long? maxFrames, string? draw, List<string> errors)
    {
        if (inputs.Count != 1) errors.Add($"--video takes exactly one input (file or device); got {inputs.Count}.");
        if (every < 1) errors.Add($"--every must be ≥ 1; got {every}.");
        if (maxFrames is < 1) errors.Add($"--max-frames must be ≥ 1; got {maxFrames}.");
        if (draw is not null && (string.IsNullOrWhiteSpace(draw) || Directory.Exists(draw) || Path.GetExtension(draw).Length < 2))
            errors.Add($"--draw with --video needs an output video file such as out.mp4; got '{draw}'.");
        return errors.Count > 0 ? null : new VideoSettings(inputs[0], every, maxFrames, draw);
    }
}
