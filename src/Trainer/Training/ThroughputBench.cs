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
    /// <summary>Wall-clock rate, and the rate per CPU-second of this process (what a dedicated core would give; load-independent).</summary>
    public sealed record Result(double SamplesPerSecond, double SamplesPerCpuSecond, double MillisecondsPerStep, int Threads);

    public static Result Run(ThroughputSettings s)
    {
        if (s.Threads > 0) set_num_threads(s.Threads);
        manual_seed(1);
        using var net = MtcnnNet.Create(s.Stage);
        var optimizer = optim.Adam(net.parameters(), 1e-3);
        var loss = new MultiTaskLoss(s.Stage);
        int n = s.BatchSize, size = net.InputSize;
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
        var watch = new Stopwatch();
        var process = Process.GetCurrentProcess();
        TimeSpan cpuStart = default;
        for (int step = 0; step < s.WarmupSteps + s.Steps; step++)
        {
            if (step == s.WarmupSteps)
            {
                process.Refresh();
                cpuStart = process.TotalProcessorTime;
                watch.Start();
            }
            using var scope = NewDisposeScope();
            var input = s.ChannelsLast ? tensor(pixels, [n, size, size, 3]).permute(0, 3, 1, 2) : tensor(pixels, [n, 3, size, size]);
            var output = net.call(input);
            var parts = loss.Compute(output.Logits.reshape(n, 2), output.Box.reshape(n, 4), output.Landmarks?.reshape(n, 10),
                tensor(labels), tensor(boxes, [n, 4]), tensor(marks, [n, 10]));
            optimizer.zero_grad();
            parts.Total.backward();
            optimizer.step();
            _ = parts.Total.item<float>();
        }
        double seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        return new Result(s.Steps * (double)n / seconds, s.Steps * (double)n / cpuSeconds, 1000 * seconds / s.Steps, get_num_threads());
    }
}
