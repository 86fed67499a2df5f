using System.Text.Json;

namespace MtcnnCuda.Tools.Tests;

/// <summary><c>mtcnn detect VIDEO --video</c> on clips ffmpeg makes (skips without ffmpeg), with the always-face test weights.</summary>
public sealed class VideoTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _weights;

    public VideoTests() => _weights = SyntheticWeights.WriteAlwaysFace(_dir);

    public void Dispose() => _dir.Dispose();

    private Cli.Result Detect(string video, params string[] extra) =>
        Cli.Detect([video, "--video", "--weights", _weights, "--min-face", "40", "--backend", "cpu", .. extra]);

    private static JsonElement[] Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();

    [Fact]
    public void One_json_line_per_analysed_frame_with_index_time_and_faces()
    {
        var clip = VideoClips.Make(_dir, "clip.mp4", frames: 12);
        var result = Detect(clip, "--every", "3");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var lines = Lines(result.Out);
        Assert.Equal([0L, 3, 6, 9], lines.Select(l => l.GetProperty("frame").GetInt64()));
        Assert.Equal([0.0, 0.3, 0.6, 0.9], lines.Select(l => l.GetProperty("time").GetDouble()));
        Assert.All(lines, l => Assert.True(l.GetProperty("faces").GetArrayLength() > 0));
        Assert.Contains("frames 12 (4 analysed)", result.Err);
        Assert.Matches(@"frames/s  latency p50 [0-9.]+ ms  p90 [0-9.]+ ms  p99 [0-9.]+ ms", result.Err);
    }

    [Fact]
    public void Max_frames_stops_early_and_draw_writes_an_annotated_video_of_every_frame()
    {
        var clip = VideoClips.Make(_dir, "clip.mp4", frames: 12);
        var drawn = _dir.File("out/annotated.mp4");
        var result = Detect(clip, "--max-frames", "7", "--draw", drawn);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(7, Lines(result.Out).Length);
        Assert.Equal(7, VideoClips.CountFrames(drawn));
    }

    [Fact]
    public void A_truncated_video_ends_with_a_clear_error_after_the_frames_that_decoded()
    {
        var clip = VideoClips.Make(_dir, "clip.mp4", frames: 20);
        var bytes = File.ReadAllBytes(clip);
        var cut = _dir.Write("cut.mp4", bytes[..(bytes.Length * 6 / 10)]);
        var result = Detect(cut);
        Assert.Equal(ExitCodes.ImageFailed, result.ExitCode);
        var lines = Lines(result.Out); // every line written is complete JSON
        Assert.InRange(lines.Length, 1, 19);
        Assert.Equal(Enumerable.Range(0, lines.Length).Select(i => (long)i), lines.Select(l => l.GetProperty("frame").GetInt64()));
        Assert.Contains("cut.mp4:", result.Err);
        Assert.Matches("truncated|ends inside|ffmpeg stopped", result.Err);
    }

    [Fact]
    public void A_file_that_is_not_a_video_is_reported()
    {
        VideoClips.RequireFfmpeg();
        var junk = _dir.Write("junk.mp4", [1, 2, 3, 4, 5]);
        var result = Detect(junk);
        Assert.Equal(ExitCodes.ImageFailed, result.ExitCode);
        Assert.Contains("ffprobe cannot read", result.Err);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("--every", "0")]
    [InlineData("--max-frames", "0")]
    [InlineData("--json")]
    [InlineData("--draw", "/")]
    public void Bad_video_options_are_usage_errors(params string[] extra)
    {
        var result = Detect(_dir.File("any.mp4"), extra);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
    }

    [Fact]
    public void Video_only_options_need_video_and_video_needs_one_input()
    {
        Assert.Equal(ExitCodes.UsageOrWeights, Cli.Detect("a.png", "--every", "2", "--weights", _weights).ExitCode);
        var two = Cli.Detect("a.mp4", "b.mp4", "--video", "--weights", _weights);
        Assert.Equal(ExitCodes.UsageOrWeights, two.ExitCode);
        Assert.Contains("exactly one input", two.Err);
    }
}
