using System.Diagnostics;
using SkiaSharp;

namespace MtcnnCuda.Tools.Tests;

/// <summary>Short test clips made by ffmpeg from a still image shifted frame by frame; tests skip when ffmpeg is absent.</summary>
public static class VideoClips
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(tool, "-version") { RedirectStandardOutput = true, RedirectStandardError = true });
                p!.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) return $"'{tool} -version' failed";
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return $"{tool} is not installed (apt-get install ffmpeg)";
            }
        }
        return null;
    });

    public static void RequireFfmpeg() => Assert.SkipWhen(Missing.Value is not null, $"video tests need ffmpeg: {Missing.Value}");

    /// <summary>
    /// <paramref name="frames"/> frames at 10 fps of a quadrant still panned 2 px per frame, every frame a key frame
    /// (so a truncated file still decodes up to the cut), the index at the front (+faststart).
    /// </summary>
    public static string Make(TempDir dir, string name, int frames, int width = 96, int height = 72)
    {
        RequireFfmpeg();
        using var still = TestImageFiles.Quadrants(width + 2 * frames, height);
        var png = dir.Write(name + ".png", TestImageFiles.Encode(still, SKEncodedImageFormat.Png));
        var path = dir.File(name);
        Run("ffmpeg", "-v", "error", "-y", "-loop", "1", "-i", png, "-vf", $"crop={width}:{height}:x='2*n':y=0",
            "-frames:v", frames.ToString(), "-r", "10", "-c:v", "mpeg4", "-g", "1", "-q:v", "3", "-movflags", "+faststart", path);
        return path;
    }

    public static int CountFrames(string path)
    {
        var output = Run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path);
        return int.Parse(output.Trim());
    }

    private static string Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {err.Result}");
        return output;
    }
}
