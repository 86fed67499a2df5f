using System.Diagnostics;

namespace MtcnnCuda.Tools.Video;

/// <summary>
/// Decoded frames from ffmpeg writing raw rgb24 to a pipe, one fixed-size frame at a time into the caller's buffer.
/// The end of the stream is checked: a partial last frame, a non-zero ffmpeg exit, or fewer frames than the
/// container announced all end in a <see cref="VideoException"/> (after the frames that did decode).
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly Process _ffmpeg;
    private readonly Stream _pipe;
    private readonly StderrTail _stderr;
    private readonly long? _expected;

    public FrameReader(string input, VideoInfo info, long? maxFrames)
    {
        Info = info;
        FrameBytes = checked(info.Width * info.Height * 3);
        // -noautorotate: frames come as stored, at the size ffprobe reported (rotation metadata is not applied).
        List<string> args = ["-nostdin", "-v", "error", "-noautorotate", "-i", input, "-map", "0:v:0", "-an", "-sn"];
        if (maxFrames is long max) args.AddRange(["-frames:v", max.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.AddRange(["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        _ffmpeg = Ffmpeg.Start(Ffmpeg.FfmpegPath, args);
        _stderr = new StderrTail(_ffmpeg);
        _pipe = _ffmpeg.StandardOutput.BaseStream;
        _expected = info.Frames is long n ? Math.Min(n, maxFrames ?? long.MaxValue) : null;
    }

    public VideoInfo Info { get; }
    public int FrameBytes { get; }
    public long FramesRead { get; private set; }

    /// <summary>Fills <paramref name="frame"/> (H×W×3 RGB) with the next frame; false at a clean end of the video.</summary>
    public bool Read(Span<byte> frame)
    {
        frame = frame[..FrameBytes];
        int filled = 0;
        while (filled < frame.Length)
        {
            int n = _pipe.Read(frame[filled..]);
            if (n == 0) break;
            filled += n;
        }
        if (filled == frame.Length)
        {
            FramesRead++;
            return true;
        }
        _ffmpeg.WaitForExit();
        string detail = _stderr.Text;
        if (filled > 0)
            throw new VideoException($"the video ends inside frame {FramesRead} ({filled} of {FrameBytes} bytes){Suffix(detail)}");
        if (_ffmpeg.ExitCode != 0)
            throw new VideoException($"ffmpeg stopped with exit code {_ffmpeg.ExitCode} after {FramesRead} frames{Suffix(detail)}");
        if (_expected is long expected && FramesRead < expected)
            throw new VideoException($"the video is truncated or corrupt: {FramesRead} of {expected} frames decoded{Suffix(detail)}");
        return false;
    }

    private static string Suffix(string detail) => detail.Length > 0 ? $"; ffmpeg says: {detail}" : "";

    public void Dispose()
    {
        if (!_ffmpeg.HasExited)
        {
            try { _ffmpeg.Kill(); } catch (InvalidOperationException) { }
            _ffmpeg.WaitForExit();
        }
        _ffmpeg.Dispose();
    }
}

/// <summary>The last lines a subprocess wrote to stderr (read asynchronously so the pipe never fills up).</summary>
internal sealed class StderrTail
{
    private const int MaxLines = 8;
    private readonly Queue<string> _lines = new();

    public StderrTail(Process process)
    {
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lock (_lines)
            {
                _lines.Enqueue(e.Data.Trim());
                if (_lines.Count > MaxLines) _lines.Dequeue();
            }
        };
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (_lines) return string.Join(" | ", _lines);
        }
    }
}
