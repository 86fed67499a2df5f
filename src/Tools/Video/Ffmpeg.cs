using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MtcnnCuda.Tools.Video;

/// <summary>ffmpeg and ffprobe as subprocesses (no native bindings): found on PATH, or via MTCNN_FFMPEG / MTCNN_FFPROBE.</summary>
internal static class Ffmpeg
{
    public static string FfmpegPath => Environment.GetEnvironmentVariable("MTCNN_FFMPEG") is { Length: > 0 } p ? p : "ffmpeg";
    public static string FfprobePath => Environment.GetEnvironmentVariable("MTCNN_FFPROBE") is { Length: > 0 } p ? p : "ffprobe";

    /// <summary>Starts a tool with redirected streams; a missing executable becomes a <see cref="VideoException"/> that says what to install.</summary>
    public static Process Start(string tool, IEnumerable<string> args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            return Process.Start(info) ?? throw new VideoException($"could not start {tool}");
        }
        catch (Win32Exception e)
        {
            throw new VideoException($"cannot run '{tool}' ({e.Message}): video needs ffmpeg and ffprobe on PATH " +
                "(Debian/Ubuntu: apt-get install ffmpeg) or MTCNN_FFMPEG/MTCNN_FFPROBE set to their paths");
        }
    }

    /// <summary>Size, frame rate and (when the container says) frame count of the first video stream.</summary>
    public static VideoInfo Probe(string input)
    {
        using var probe = Start(FfprobePath, ["-v", "error", "-select_streams", "v:0", "-show_entries",
            "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames", "-of", "json", input]);
        var stderr = probe.StandardError.ReadToEndAsync();
        string json = probe.StandardOutput.ReadToEnd();
        probe.WaitForExit();
        string problem = stderr.Result.Trim();
        if (probe.ExitCode != 0)
            throw new VideoException($"ffprobe cannot read '{input}': {(problem.Length > 0 ? problem : $"exit code {probe.ExitCode}")}");
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
            throw new VideoException($"'{input}' has no video stream");
        var s = streams[0];
        int width = s.TryGetProperty("width", out var w) ? w.GetInt32() : 0, height = s.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        if (width <= 0 || height <= 0) throw new VideoException($"ffprobe reports no frame size for '{input}'");
        double fps = Rate(s, "avg_frame_rate") ?? Rate(s, "r_frame_rate") ?? 0;
        long? frames = s.TryGetProperty("nb_frames", out var n) && long.TryParse(n.GetString(), CultureInfo.InvariantCulture, out var count) && count > 0 ? count : null;
        return new VideoInfo(width, height, fps, frames);
    }

    private static double? Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value) || value.GetString() is not { } text) return null;
        var parts = text.Split('/');
        if (parts.Length != 2 || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out var num) ||
            !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var den) || num <= 0 || den <= 0) return null;
        return num / den;
    }
}

/// <summary>What ffprobe says about a video stream; <see cref="Fps"/> 0 when unknown.</summary>
internal sealed record VideoInfo(int Width, int Height, double Fps, long? Frames);

/// <summary>A video could not be probed, decoded or encoded; the message is fit for the user.</summary>
internal sealed class VideoException(string message) : Exception(message);
