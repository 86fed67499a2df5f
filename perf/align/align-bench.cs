#:project ../../src/Engine/MtcnnCuda.Engine.csproj
#:property PublishAot=false
// Alignment cost per face on the CPU (and on CUDA when one is present): `dotnet run perf/align/align-bench.cs --
// WEIGHTS IMAGE.rgb WIDTH HEIGHT [ITERATIONS]`. IMAGE.rgb is raw RGB24 (e.g. ffmpeg -i photo.jpg -f rawvideo
// -pix_fmt rgb24 photo.rgb). Detects once, then times FaceAligner / FaceDetector.Align over all faces of the image
// for each template and output; prints a Markdown table (min, median and p90 per face over the iterations; min is the
// least disturbed by other load on a shared machine).
using System.Diagnostics;
using MtcnnCuda;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: align-bench.cs WEIGHTS IMAGE.rgb WIDTH HEIGHT [ITERATIONS]");
    return 2;
}
int width = int.Parse(args[2]), height = int.Parse(args[3]), iterations = args.Length > 4 ? int.Parse(args[4]) : 200;
var image = new ImageData(File.ReadAllBytes(args[1]), width, height, PixelFormat.Rgb24);
var backends = new List<Backend> { Backend.Cpu };
if (args.Contains("--cuda")) backends.Add(Backend.Cuda);
AlignOptions[] cases =
[
    AlignOptions.ArcFace,
    AlignOptions.ArcFace with { Output = AlignOutput.FloatRgbChw },
    AlignOptions.ArcFace with { Template = AlignTemplate.ArcFace96x112 },
    AlignOptions.Facenet(160, 32),
    AlignOptions.Facenet(160, 32) with { Output = AlignOutput.FloatRgbChw },
];
Console.WriteLine($"image {width}×{height}, {iterations} timed calls after 20 warm-up calls, {Environment.ProcessorCount} logical cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine();
Console.WriteLine("| backend | template | output | crop | faces | min µs / face | median µs / face | p90 µs / face | detect ms (median) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var backend in backends)
{
    using var detector = FaceDetector.Create(args[0], new DetectorOptions { Backend = backend });
    var detectTimes = Time(() => detector.Detect(image), 5, Math.Max(5, iterations / 20));
    var faces = detector.Detect(image);
    foreach (var options in cases)
    {
        var times = Time(() => detector.Align(image, faces, options), 20, iterations);
        Console.WriteLine($"| {backend} | {options.Template} | {options.Output} | {options.OutputWidth}×{options.OutputHeight} | {faces.Count} | " +
            $"{times[0] * 1000 / faces.Count:0.0} | {Percentile(times, 50) * 1000 / faces.Count:0.0} | {Percentile(times, 90) * 1000 / faces.Count:0.0} | {Percentile(detectTimes, 50):0.0} |");
    }
}
return 0;

static double[] Time(Action action, int warmup, int count)
{
    for (int i = 0; i < warmup; i++) action();
    var ms = new double[count];
    var watch = new Stopwatch();
    for (int i = 0; i < count; i++)
    {
        watch.Restart();
        action();
        ms[i] = watch.Elapsed.TotalMilliseconds;
    }
    Array.Sort(ms);
    return ms;
}

static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
