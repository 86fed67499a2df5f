using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MtcnnCuda.Tools.Video;

/// <summary>
/// <c>mtcnn detect VIDEO --video</c>: frames from ffmpeg, one JSON line per analysed frame on stdout
/// (<c>{"frame","time","faces"}</c>, flushed per line so nothing written is lost if the video breaks), a live
/// progress line on stderr (frames/s, detection latency p50/p90/p99 over the last 1000 frames), optionally an
/// annotated copy encoded by a second ffmpeg. One frame buffer serves the whole video.
/// </summary>
internal sealed class VideoRunner(DetectSettings settings, VideoSettings video, TextWriter output, TextWriter error)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public int Run()
    {
        if (!new DetectRunner(settings, output, error, rich: false).TryLoadWeights(out var weights, out _)) return ExitCodes.UsageOrWeights;
        FaceDetector detector;
        try
        {
            detector = FaceDetector.Create(weights, settings.Detector);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException or PlatformNotSupportedException)
        {
            error.WriteLine($"mtcnn detect: the {settings.Detector.Backend.ToString().ToLowerInvariant()} backend is unavailable: {e.Message}");
            return ExitCodes.BackendUnavailable;
        }
        using (detector)
        {
            try
            {
                Process(detector);
                return ExitCodes.Ok;
            }
            catch (VideoException e)
            {
                error.WriteLine();
                error.WriteLine($"mtcnn detect: {video.Input}: {e.Message}");
                return ExitCodes.ImageFailed;
            }
        }
    }

    private void Process(FaceDetector detector)
    {
        var info = Ffmpeg.Probe(video.Input);
        using var reader = new FrameReader(video.Input, info, video.MaxFrames);
        using var writer = video.DrawTo is null ? null : new FrameWriter(video.DrawTo, info);
        var frame = new byte[reader.FrameBytes];
        var latencies = new LatencyWindow();
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        var timer = new Stopwatch();
        IReadOnlyList<Face> faces = [];
        long analysed = 0;
        using var line = new MemoryStream();
        while (reader.Read(frame))
        {
            long index = reader.FramesRead - 1;
            if (index % video.Every == 0)
            {
                timer.Restart();
                faces = detector.Detect(new ImageData(frame, info.Width, info.Height, PixelFormat.Rgb24));
                latencies.Add(timer.Elapsed.TotalMilliseconds);
                analysed++;
                WriteLine(line, index, info.Fps, faces);
            }
            if (writer is not null)
            {
                FrameAnnotator.Draw(frame, info.Width, info.Height, faces);
                writer.Write(frame);
            }
            if (clock.Elapsed - lastProgress >= ProgressInterval)
            {
                lastProgress = clock.Elapsed;
                Progress(reader.FramesRead, analysed, clock.Elapsed, latencies, final: false);
            }
        }
        writer?.Finish();
        Progress(reader.FramesRead, analysed, clock.Elapsed, latencies, final: true);
    }

    private void WriteLine(MemoryStream buffer, long index, double fps, IReadOnlyList<Face> faces)
    {
        buffer.SetLength(0);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("frame", index);
            if (fps > 0) json.WriteNumber("time", Math.Round(index / fps, 6)); else json.WriteNull("time");
            json.WriteStartArray("faces");
            foreach (var face in faces) JsonReport.WriteFace(json, face);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Flush();
    }

    private void Progress(long decoded, long analysed, TimeSpan elapsed, LatencyWindow latencies, bool final)
    {
        var (p50, p90, p99) = latencies.Percentiles();
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\rframes {decoded} ({analysed} analysed)  {decoded / seconds:0.0} frames/s  latency p50 {p50:0.0} ms  p90 {p90:0.0} ms  p99 {p99:0.0} ms   "));
        if (final) error.WriteLine();
        error.Flush();
    }
}
