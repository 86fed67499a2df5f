using System.Diagnostics;
using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Weights;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Training;

/// <summary>Settings of one training-throughput measurement.</summary>
public sealed record ThroughputSettings
{
    public required NetKind Stage { get; init; }
    public int BatchSize { get; init; } = 384;
    public int WarmupSteps { get; init; } = 3;
    public int Steps { get; init; } = 20;
    public int Threads { get; init; } = 1;
    /// <summary>Feed the input as an NHWC buffer viewed as NCHW (channels-last strides), which oneDNN convolutions prefer.</summary>
    public bool ChannelsLast { get; init; }
}

/// <summary>
/// Measures the training step alone (forward, multi-task loss with OHEM, backward, Adam step) on random inputs with the
/// 3:1:1:2 label mix, the way <see cref="StageTrainer"/> runs it: samples per second over <c>Steps</c> timed steps after
/// a warm-up. Data loading is excluded (it runs on its own task during training).
/// </summary>
public static class ThroughputBench
{
    /// <summary>
    /// Wall-clock rate, the rate per CPU-second of this process (what a dedicated core would give; load-independent),
    /// and the milliseconds per step spent in each <see cref="StepPhase"/>.
    /// </summary>
    public sealed record Result(double SamplesPerSecond, double SamplesPerCpuSecond, double MillisecondsPerStep, int Threads,
                                IReadOnlyDictionary<StepPhase, double> PhaseMilliseconds);

    public static Result Run(ThroughputSettings s)
    {
        if (s.Threads > 0) set_num_threads(s.Threads);
        manual_seed(1);
        using var net = MtcnnNet.Create(s.Stage);
        var optimizer = optim.Adam(net.parameters(), 1e-3);
        int n = s.BatchSize, size = net.InputSize;
        using var step = new TrainingStep(net, optimizer, new MultiTaskLoss(s.Stage), n, s.ChannelsLast);
        var random = new Random(1);
        var pixels = new float[n * 3 * size * size];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)(random.NextDouble() * 2 - 1);
        var labels = new float[n];
        for (int i = 0; i < n; i++) labels[i] = (i % 7) switch { < 3 => 0, 3 => 1, 4 => -1, _ => -2 };
        var boxes = new float[n * 4];
        var marks = new float[n * 10];
        for (int i = 0; i < boxes.Length; i++) boxes[i] = (float)(random.NextDouble() * 0.4 - 0.2);
        for (int i = 0; i < marks.Length; i++) marks[i] = (float)random.NextDouble();
        net.train();
        for (int i = 0; i < s.WarmupSteps; i++) step.Run(pixels, labels, boxes, marks);
        var warm = Enum.GetValues<StepPhase>().ToDictionary(p => p, step.Seconds);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < s.Steps; i++) step.Run(pixels, labels, boxes, marks);
        double seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        var phases = Enum.GetValues<StepPhase>().ToDictionary(p => p, p => 1000 * (step.Seconds(p) - warm[p]) / s.Steps);
        return new Result(s.Steps * (double)n / seconds, s.Steps * (double)n / cpuSeconds, 1000 * seconds / s.Steps, get_num_threads(), phases);
    }
}
