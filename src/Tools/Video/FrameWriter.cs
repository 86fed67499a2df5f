using System.Diagnostics;
using System.Globalization;

namespace MtcnnCuda.Tools.Video;

/// <summary>Annotated frames piped as raw rgb24 into a second ffmpeg that encodes the output file (codec from its extension).</summary>
internal sealed class FrameWriter : IDisposable
{
    private readonly Process _ffmpeg;
    private readonly Stream _pipe;
    private readonly StderrTail _stderr;
    private readonly string _path;

    public FrameWriter(string path, VideoInfo info)
    {
        _path = path;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        double fps = info.Fps > 0 ? info.Fps : 25;
        _ffmpeg = Ffmpeg.Start(Ffmpeg.FfmpegPath,
        [
            "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{info.Width}x{info.Height}",
            "-r", fps.ToString("0.######", CultureInfo.InvariantCulture), "-i", "pipe:0",
            // yuv420p (what players expect) needs even sides.
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p", path,
        ], redirectInput: true);
        _stderr = new StderrTail(_ffmpeg);
        _ffmpeg.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _pipe = _ffmpeg.StandardInput.BaseStream;
    }

    public void Write(ReadOnlySpan<byte> frame)
    {
        try
        {
            _pipe.Write(frame);
        }
        catch (IOException e)
        {
            _ffmpeg.WaitForExit();
            throw new VideoException($"the encoder for '{_path}' stopped: {e.Message}; ffmpeg says: {_stderr.Text}");
        }
    }

    /// <summary>Closes the pipe and waits for the encoder to finish the file.</summary>
    public void Finish()
    {
        try { _pipe.Dispose(); } catch (IOException) { }
        _ffmpeg.WaitForExit();
        if (_ffmpeg.ExitCode != 0)
            throw new VideoException($"encoding '{_path}' failed (ffmpeg exit code {_ffmpeg.ExitCode}): {_stderr.Text}");
    }

    public void Dispose()
    {
        if (!_ffmpeg.HasExited)
        {
            try { _pipe.Dispose(); } catch (IOException) { }
            if (!_ffmpeg.WaitForExit(10_000)) _ffmpeg.Kill();
        }
        _ffmpeg.Dispose();
    }
}
