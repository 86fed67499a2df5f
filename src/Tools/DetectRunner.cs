using MtcnnCuda.Weights;
using Spectre.Console;

namespace MtcnnCuda.Tools;

/// <summary>
/// Runs <c>mtcnn detect</c> for validated settings: loads the weights, creates the detector, then decodes, searches
/// and optionally draws each image in turn. A failing image is reported (stderr, and in the JSON document) and the
/// run goes on with the next one.
/// </summary>
internal sealed class DetectRunner(DetectSettings settings, TextWriter output, TextWriter error, bool rich)
{
    public int Run()
    {
        if (!TryLoadWeights(out var weights, out var weightsName)) return ExitCodes.UsageOrWeights;

        FaceDetector detector;
        try
        {
            detector = FaceDetector.Create(weights, settings.Detector);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"mtcnn detect: invalid detector options: {e.Message}");
            return ExitCodes.UsageOrWeights;
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException or PlatformNotSupportedException)
        {
            error.WriteLine($"mtcnn detect: the {settings.Detector.Backend.ToString().ToLowerInvariant()} backend is unavailable: {e.Message}");
            return ExitCodes.BackendUnavailable;
        }

        using (detector)
        {
            var console = rich ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }) : null;
            var results = new List<ImageResult>(settings.Images.Count);
            var crops = settings.Align is null ? null : new Align.CropWriter(settings.Align);
            foreach (var path in settings.Images)
            {
                var result = Process(detector, path, crops);
                results.Add(result);
                if (!result.Succeeded) error.WriteLine($"mtcnn detect: {path}: {result.Error}");
                if (settings.Json) continue;
                if (console is not null) TextReport.WriteRich(console, result);
                else TextReport.WritePlain(output, result);
            }
            crops?.WriteIndex();
            if (settings.Json)
                output.WriteLine(JsonReport.Write(results, detector.ActiveBackend.ToString().ToLowerInvariant(), weightsName));
            return results.TrueForAll(r => r.Succeeded) ? ExitCodes.Ok : ExitCodes.ImageFailed;
        }
    }

    internal bool TryLoadWeights(out MtcnnWeights weights, out string name)
    {
        weights = null!;
        name = Perf.Common.ModelChoice.Describe(settings.WeightsPath, settings.Model);
        try
        {
            if (settings.WeightsPath is null)
            {
                weights = EmbeddedModels.Load(settings.Model ?? EmbeddedModels.DefaultName);
                return true;
            }
            if (!File.Exists(settings.WeightsPath) && !Directory.Exists(settings.WeightsPath)) // a directory gets the loader's own message
            {
                error.WriteLine($"mtcnn detect: weights file not found: {settings.WeightsPath}");
                return false;
            }
            weights = MtcnnWeights.Load(settings.WeightsPath);
            return true;
        }
        catch (Exception e) when (e is WeightsFormatException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            error.WriteLine($"mtcnn detect: cannot load weights: {e.Message}");
            return false;
        }
    }

    private ImageResult Process(FaceDetector detector, string path, Align.CropWriter? crops)
    {
        DecodedImage image;
        try
        {
            image = ImageDecoder.Decode(path);
        }
        catch (ImageDecodeException e)
        {
            return ImageResult.Failed(path, e.Reason);
        }

        IReadOnlyList<Face> faces;
        try
        {
            faces = detector.Detect(image.ToImageData());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OutOfMemoryException)
        {
            return ImageResult.Failed(path, $"detection failed: {e.Message}", image.Width, image.Height);
        }

        var result = new ImageResult(path, image.Width, image.Height, faces, null);
        if (crops is not null && Align.CropOutput.Write(crops, detector, path, image.ToImageData(), faces) is { } alignError)
            return result with { Error = alignError };
        if (settings.Draw is null) return result;
        var target = settings.Draw.For(path);
        try
        {
            FaceDrawer.DrawAndSave(image, faces, target);
            return result with { DrawnTo = target };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return result with { Error = $"cannot write the drawing to '{target}': {DrawTargets.DescribeWriteFailure(e, target)}" };
        }
    }
}
