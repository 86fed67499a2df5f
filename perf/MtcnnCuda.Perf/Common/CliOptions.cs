using System.CommandLine;
using System.Globalization;

namespace MtcnnCuda.Perf.Common;

/// <summary>Options shared by <c>mtcnn eval</c> and <c>mtcnn bench</c>, and their conversion to <see cref="DetectorOptions"/>.</summary>
internal static class CliOptions
{
    public static Option<string> Weights(string description) => new("--weights", "-w") { Description = description };

    public static Option<string> Backend() => new("--backend")
    {
        Description = "auto (CUDA when a usable GPU is present, else CPU) | cpu | cuda (fails clearly without a usable GPU).",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<string> Thresholds() => new("--thresholds")
    {
        Description = "PNet,RNet,ONet face-probability thresholds.",
        DefaultValueFactory = _ => "0.6,0.7,0.7",
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "CPU backend worker threads (0 = all processors).",
    };

    public static MtcnnCuda.Backend ParseBackend(string value) => value.ToLowerInvariant() switch
    {
        "cpu" => MtcnnCuda.Backend.Cpu,
        "cuda" => MtcnnCuda.Backend.Cuda,
        "auto" => MtcnnCuda.Backend.Auto,
        _ => throw new ArgumentException($"Unknown backend \"{value}\"; expected cpu, cuda or auto."),
    };

    public static (float, float, float) ParseThresholds(string value)
    {
        var parts = value.Split(',');
        var t = new float[3];
        if (parts.Length != 3 || parts.Where((p, i) => !float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out t[i])).Any())
            throw new ArgumentException($"--thresholds expects three comma-separated numbers like 0.6,0.7,0.7; got \"{value}\".");
        return (t[0], t[1], t[2]);
    }

    public static DetectorOptions Detector(string backend, string thresholds, float minFace, int threads)
    {
        var (p, r, o) = ParseThresholds(thresholds);
        var options = new DetectorOptions
        {
            Backend = ParseBackend(backend), MinFaceSize = minFace, PNetThreshold = p, RNetThreshold = r, ONetThreshold = o, CpuThreads = threads,
        };
        options.Validate();
        return options;
    }

    /// <summary>Runs a command body, turning expected failures (bad input, missing files, no CUDA) into one clear line and exit code 2.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or NotSupportedException
            or DllNotFoundException or MtcnnCuda.Cuda.CudaException or MtcnnCuda.Cuda.NvrtcException
            or MtcnnCuda.Weights.WeightsFormatException or Eval.AnnotationFormatException or InvalidOperationException
            or MtcnnCuda.Imaging.ImageDecodeException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
