using MtcnnCuda.Perf.Common;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Perf.Tests;

/// <summary>--model NAME or --weights FILE (detect, eval, bench): one of them, or the default embedded model.</summary>
public class ModelChoiceTests
{
    [Fact]
    public void Neither_option_gives_the_default_embedded_model()
    {
        Assert.Equal("embedded:original", ModelChoice.Load(null, null).Source);
        Assert.Equal("embedded:original", ModelChoice.Describe(null, null));
        Assert.Null(ModelChoice.Conflict(null, null));
    }

    [Fact]
    public void Both_options_are_refused_with_both_values_named()
    {
        string? conflict = ModelChoice.Conflict("w.safetensors", "original");
        Assert.NotNull(conflict);
        Assert.Contains("--model and --weights exclude each other", conflict);
        Assert.Contains("w.safetensors", conflict);
        Assert.Equal(conflict, Assert.Throws<ArgumentException>(() => ModelChoice.Load("w.safetensors", "original")).Message);
    }

    [Fact]
    public void Unknown_model_and_directory_weights_are_clear_errors()
    {
        Assert.Contains("embedded: original", Assert.Throws<ArgumentException>(() => ModelChoice.Load(null, "nope")).Message);
        using var temp = new TempFolder();
        Assert.Contains("is a directory", Assert.Throws<ArgumentException>(() => ModelChoice.Load(temp.Path, null)).Message);
        Assert.Throws<WeightsFormatException>(() => ModelChoice.Load(Path.Combine(temp.Path, "missing.safetensors"), null));
    }

    [Fact]
    public void Bench_without_weights_times_the_embedded_model()
    {
        using var temp = new TempFolder();
        var settings = new Bench.BenchSettings
        {
            Model = "original", Sizes = [Bench.BenchSize.Parse("vga")], MinFaces = [40f], BatchSize = 0, Warmup = 0, Repeats = 1,
            OutputFolder = temp.Path, Detector = DetectorOptions.Default with { Backend = Backend.Cpu, CpuThreads = 1 },
        };
        var runs = new Bench.BenchRunner(settings, TextWriter.Null).RunAll(["engine"]);
        Assert.Equal("mtcnncuda-cpu", Assert.Single(runs).Name);
        Assert.Single(runs[0].Cases);
    }
}
