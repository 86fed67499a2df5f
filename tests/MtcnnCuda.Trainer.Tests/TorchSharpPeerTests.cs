using MtcnnCuda.Imaging;
using MtcnnCuda.Perf.Bench;
using MtcnnCuda.Trainer.Bench;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Tests;

/// <summary>
/// The bench's TorchSharp peer runs the engine's cascade with libtorch forward passes: it must find what the engine's
/// CPU backend finds, on the original weights and on random ones.
/// </summary>
public class TorchSharpPeerTests
{
    private static readonly DetectorOptions Options = DetectorOptions.Default with { CpuThreads = 2 };

    private static void AssertSameFaces(IReadOnlyList<Face> engine, IReadOnlyList<Face> peer, float boxTolerance, float scoreTolerance)
    {
        Assert.Equal(engine.Count, peer.Count);
        for (int i = 0; i < engine.Count; i++)
        {
            var (e, p) = (engine[i], peer[i]);
            float worst = new[] { e.Box.X1 - p.Box.X1, e.Box.Y1 - p.Box.Y1, e.Box.X2 - p.Box.X2, e.Box.Y2 - p.Box.Y2 }.Max(MathF.Abs);
            Assert.True(worst <= boxTolerance, $"face {i}: engine {e.Box}, peer {p.Box} (off by {worst} px)");
            Assert.True(MathF.Abs(e.Confidence - p.Confidence) <= scoreTolerance, $"face {i}: confidence {e.Confidence} vs {p.Confidence}");
            for (int k = 0; k < 5; k++)
            {
                Assert.True(MathF.Abs(e.Landmarks[k].X - p.Landmarks[k].X) <= boxTolerance && MathF.Abs(e.Landmarks[k].Y - p.Landmarks[k].Y) <= boxTolerance,
                    $"face {i} landmark {k}: {e.Landmarks[k]} vs {p.Landmarks[k]}");
            }
        }
    }

    [Fact]
    public void Finds_the_engines_six_faces_on_multiface_with_the_original_weights()
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var image = ImageDecoder.Decode(SharedData.Multiface).ToImageData();
        using var engine = FaceDetector.Create(weights, Options);
        using var peer = new TorchSharpPeer(weights, Options);

        var expected = engine.Detect(image);
        var actual = peer.Detect(image);

        Assert.Equal(6, expected.Count);
        AssertSameFaces(expected, actual, boxTolerance: 1f, scoreTolerance: 1e-3f);
        Assert.NotNull(peer.LastStages);
        Assert.True(peer.LastStages!.PNetCandidates >= peer.LastStages.RNetCandidates && peer.LastStages.RNetCandidates >= 6);
    }

    [Fact]
    public void Matches_the_engine_with_random_weights_on_a_synthetic_image()
    {
        var weights = RandomWeights(seed: 7);
        const int width = 160, height = 120;
        var pixels = new byte[width * height * 3];
        new Random(3).NextBytes(pixels);
        var image = new ImageData(pixels, width, height, PixelFormat.Rgb24);
        // Lower thresholds so random nets let candidates through every stage; the test needs faces to compare.
        var options = Options with { MinFaceSize = 24f, PNetThreshold = 0.3f, RNetThreshold = 0.3f, ONetThreshold = 0.3f };
        using var engine = FaceDetector.Create(weights, options);
        using var peer = new TorchSharpPeer(weights, options);

        var expected = engine.Detect(image);
        var actual = peer.Detect(image);

        Assert.NotEmpty(expected);
        AssertSameFaces(expected, actual, boxTolerance: 0.05f, scoreTolerance: 1e-4f);
    }

    [Fact]
    public void Bench_target_wraps_the_peer_and_names_its_thread_count()
    {
        var factory = new TorchSharpTargetFactory();
        using var target = factory.Create(RandomWeights(seed: 8), Options with { CpuThreads = 1 });
        Assert.Equal("torchsharp-cpu-1t", target.Name);
        var image = new ImageData(new byte[64 * 48 * 3], 64, 48, PixelFormat.Rgb24);
        Assert.Equal(target.Detect(image).Count, Assert.Single(target.DetectBatch([image])).Count);
        Assert.NotNull(target.LastStages);
    }

    [Fact]
    public void Bench_compare_times_engine_and_peer_on_the_same_cases_and_saves_ratios()
    {
        lock (typeof(BenchTargets))
            if (!BenchTargets.All.Any(f => f.Key == "torchsharp")) BenchTargets.Register(new TorchSharpTargetFactory());
        string dir = Path.Combine(Path.GetTempPath(), $"mtcnn-peer-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "random.safetensors");
        RandomWeights(seed: 9).Save(path);
        var settings = new BenchSettings
        {
            Weights = path, Sizes = [BenchSize.Parse("vga")], MinFaces = [40f], BatchSize = 0, Warmup = 0, Repeats = 2,
            OutputFolder = dir, Detector = Options,
        };
        var runs = new BenchRunner(settings, TextWriter.Null).RunAll(["engine", "torchsharp"]);
        Assert.Equal(["mtcnncuda-cpu", "torchsharp-cpu-2t"], runs.Select(r => r.Name));
        var rows = BenchComparison.Write(dir, runs, TextWriter.Null);
        var row = Assert.Single(rows);
        Assert.Equal(runs[1].Cases[0].EndToEnd.Median / runs[0].Cases[0].EndToEnd.Median, row.Ratio, 1e-12);
        Assert.Equal(row.Baseline.Faces, row.Other.Faces);
        Assert.Equal(row.Baseline.PNetCandidates, row.Other.PNetCandidates);
        var csv = File.ReadAllLines(Path.Combine(dir, "comparison.csv"));
        Directory.Delete(dir, recursive: true);
        Assert.Equal(2, csv.Length);
        Assert.StartsWith("vga,40,single,mtcnncuda-cpu,", csv[1]);
    }

    /// <summary>Seeded fan-in-scaled weights with the shapes of <see cref="NetArchitecture"/> (as the engine tests make them).</summary>
    private static MtcnnWeights RandomWeights(int seed)
    {
        var random = new Random(seed);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, spec) in NetArchitecture.AllParameters())
        {
            if (spec.Optional) continue;
            int count = spec.Shape.Aggregate(1, (a, b) => a * b);
            var data = new float[count];
            bool prelu = name.Contains(".prelu", StringComparison.Ordinal);
            float scale = spec.Shape.Length > 1 ? 1f / MathF.Sqrt(count / spec.Shape[0]) : 0.1f;
            for (int i = 0; i < data.Length; i++) data[i] = prelu ? 0.25f : scale * (2f * random.NextSingle() - 1f);
            tensors[name] = new Tensor((int[])spec.Shape.Clone(), data);
        }
        return new MtcnnWeights(tensors, new Dictionary<string, string>(), $"<random seed {seed}>");
    }
}
