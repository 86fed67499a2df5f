using System.CommandLine;

namespace MtcnnCuda.Tools.Video;

/// <summary><c>mtcnn detect</c>'s video options: --video, --every N, --max-frames N (and --draw OUT.mp4 reinterpreted).</summary>
internal sealed class VideoCliOptions
{
    public Option<bool> Video { get; } = new("--video")
    {
        Description = "Treat the input as a video (any file or device ffmpeg reads; needs ffmpeg and ffprobe): JSON Lines " +
            "on stdout, one line per analysed frame {frame, time, faces}, a progress line on stderr; --draw OUT.mp4 writes an annotated video.",
    };

    public Option<int> Every { get; } = new("--every")
    {
        HelpName = "N",
        DefaultValueFactory = _ => 1,
        Description = "With --video: analyse every Nth frame (others are copied to --draw with the latest faces).",
    };

    public Option<long?> MaxFrames { get; } = new("--max-frames")
    {
        HelpName = "N",
        Description = "With --video: stop after N decoded frames.",
    };

    public IEnumerable<Option> All => [Video, Every, MaxFrames];

    /// <summary>The detect settings with <see cref="DetectSettings.Video"/> set, or null with errors.</summary>
    public DetectSettings? Bind(ParseResult parse, DetectSettings? settings, string? draw, List<string> errors)
    {
        if (parse.GetValue<bool>("--json")) errors.Add("--video always writes JSON Lines; drop --json.");
        if (parse.GetValue<string?>("--align") is not null) errors.Add("--align is for images; it cannot be combined with --video.");
        var video = VideoSettings.Create(parse.GetValue<string[]>("IMAGE") ?? [], parse.GetValue(Every), parse.GetValue(MaxFrames), draw, errors);
        return settings is null || video is null || errors.Count > 0 ? null : settings with { Video = video };
    }

    /// <summary>Errors for video-only options given without --video.</summary>
    public void CheckUnused(ParseResult parse, List<string> errors)
    {
        if (parse.GetResult(Every) is { Implicit: false } || parse.GetResult(MaxFrames) is { Implicit: false })
            errors.Add("--every and --max-frames need --video.");
    }
}
