using System.Text.Json.Nodes;
using MtcnnCuda.Perf.Bench;

namespace MtcnnCuda.Perf.Tests;

/// <summary>The bench measures process-wide allocation, so this class runs alone (no other class allocating beside it).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "allocation measurement (runs alone)";
}

[Collection(AllocationMeasurement.Name)]
public class BenchTests
{
    [Fact]
    public void Runner_measures_single_and_batched_cases_and_writes_the_report()
    {
        using var temp = new TempFolder();
        var settings = new BenchSettings
        {
            Weights = TestWeights.SaveRejectingWeights(temp.Path),
            Sizes = [BenchSize.Parse("vga")],
            MinFaces = [40f],
            BatchSize = 2,
            Warmup = 1,
            Repeats = 3,
            OutputFolder = Path.Combine(temp.Path, "out"),
            Detector = new DetectorOptions { CpuThreads = 1 },
        };
        var machine = Common.MachineInfo.Describe();
        var (cases, target, sources) = new BenchRunner(settings, TextWriter.Null).Run();
        Assert.Equal("mtcnncuda-cpu", target);
        Assert.StartsWith("synthetic 640×480", Assert.Single(sources));
        Assert.Equal(2, cases.Count);
        var single = cases[0];
        Assert.Equal(("single", 3), (single.Mode, single.EndToEnd.Count));
        Assert.NotNull(single.PNet);
        Assert.True(single.PNet!.Median > 0 && single.PNet.Median <= single.EndToEnd.Max);
        Assert.Equal(0, single.PNetCandidates);   // the rejecting PNet lets nothing through
        Assert.Equal(0, single.Faces);
        // Measured (every call allocates a little: its result and stage times) and small: the CPU backend reuses its working memory.
        Assert.InRange(single.AllocatedBytesPerImage, 1, 1 << 20);
        var batch = cases[1];
        Assert.Equal(("batch", 2), (batch.Mode, batch.BatchSize));
        Assert.Null(batch.PNet);

        var json = BenchReport.Write(settings, cases, target, sources, machine);
        foreach (var file in new[] { "bench.json", "bench.csv", "bench.png", "index.html" })
            Assert.True(File.Exists(Path.Combine(settings.OutputFolder, file)), file);
        var goal = Assert.Single(json["goals"]!.AsArray())!;
        Assert.Equal(single.EndToEnd.Median <= BenchReport.VgaMinFace40GoalMs, (bool)goal["met"]!);
        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(settings.OutputFolder, "bench.json")))!;
        Assert.Equal(2, saved["cases"]!.AsArray().Count);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(settings.OutputFolder, "bench.csv")).Length);
    }

    [Fact]
    public void Stage_times_are_asked_only_of_the_cuda_backend()
    {
        // --stage-times on the CPU backend: no CUDA events to read, so no gpuStages (and no NotSupportedException).
        using var temp = new TempFolder();
        var settings = new BenchSettings
        {
            Weights = TestWeights.SaveRejectingWeights(temp.Path),
            Sizes = [BenchSize.Parse("vga")],
            MinFaces = [40f],
            BatchSize = 0,
            Warmup = 0,
            Repeats = 1,
            StageTimes = true,
            OutputFolder = Path.Combine(temp.Path, "out"),
            Detector = new DetectorOptions { Backend = Backend.Cpu, CpuThreads = 1 },
        };
        var (cases, target, sources) = new BenchRunner(settings, TextWriter.Null).Run();
        var single = Assert.Single(cases);
        Assert.Null(single.GpuStages);
        var json = BenchReport.Write(settings, cases, target, sources, Common.MachineInfo.Describe());
        Assert.Null(json["cases"]![0]!["gpuStages"]);
    }

    [Fact]
    public void Synthetic_image_is_deterministic()
    {
        var a = BenchImages.Synthetic(64, 48, 3);
        var b = BenchImages.Synthetic(64, 48, 3);
        var c = BenchImages.Synthetic(64, 48, 4);
        Assert.True(a.Pixels.Span.SequenceEqual(b.Pixels.Span));
        Assert.False(a.Pixels.Span.SequenceEqual(c.Pixels.Span));
    }

    [Fact]
    public void Unknown_size_and_target_are_reported_with_the_choices()
    {
        Assert.Contains("vga, 720p, 1080p, 4k", Assert.Throws<ArgumentException>(() => BenchSize.Parse("8k")).Message);
        Assert.Contains("engine", Assert.Throws<ArgumentException>(() => BenchTargets.Find("nope")).Message);
        Assert.Throws<ArgumentException>(() => BenchTargets.Register(new DuplicateFactory()));
    }

    [Fact]
    public void Cuda_backend_fails_clearly_when_absent()
    {
        using var temp = new TempFolder();
        var weights = MtcnnCuda.Weights.MtcnnWeights.Load(TestWeights.SaveRejectingWeights(temp.Path));
        var factory = BenchTargets.Find("engine");
        Assert.SkipWhen(MtcnnCuda.Cuda.Cuda.IsSupported, "this machine has a usable CUDA GPU");
        // No driver: the library probe says which names it tried; a driver without a device: NotSupportedException.
        var e = Assert.ThrowsAny<Exception>(() => factory.Create(weights, new DetectorOptions { Backend = Backend.Cuda }));
        Assert.True(e is DllNotFoundException or NotSupportedException, $"unexpected {e.GetType()}: {e.Message}");
        Assert.Contains("CUDA", e.Message);
    }

    private sealed class DuplicateFactory : IBenchTargetFactory
    {
        public string Key => "ENGINE";
        public string Description => "duplicate";
        public IBenchTarget Create(MtcnnCuda.Weights.MtcnnWeights weights, DetectorOptions options) => throw new NotSupportedException();
    }
}
