using System.CommandLine;
using MtcnnCuda.Trainer.Training;
using MtcnnCuda.Weights;
using Spectre.Console;
using static MtcnnCuda.Trainer.Cli.CliSupport;

namespace MtcnnCuda.Trainer.Cli;

/// <summary>`bench-train`: a short, bounded measurement of training-step throughput (see <see cref="ThroughputBench"/>).</summary>
public static class ThroughputCommand
{
    public static Command Create()
    {
        var stages = Opt("--stages", "comma-separated stages", "pnet,rnet,onet");
        var batches = Opt("--batch", "comma-separated batch sizes to try", "256,384,1024");
        var threads = Opt("--threads", "comma-separated torch thread counts to try", "1,2");
        var steps = Opt("--steps", "timed steps per case (after 3 warm-up steps)", 20);
        var layouts = Opt("--layouts", "nchw, nhwc or both", "nchw,nhwc");
        var command = new Command("bench-train", "Measure training samples/s per stage, batch size, thread count and input layout (random data).")
        {
            stages, batches, threads, steps, layouts,
        };
        command.SetAction(r => Guard(() =>
        {
            AnsiConsole.WriteLine($"load average at start: {LoadAverage()}");
            AnsiConsole.WriteLine("stage,batch,threads,layout,samples_per_s,samples_per_cpu_s,ms_per_step,load1");
            foreach (var stage in Split(r.GetValue(stages)!))
            foreach (var batch in Split(r.GetValue(batches)!).Select(int.Parse))
            foreach (var thread in Split(r.GetValue(threads)!).Select(int.Parse))
            foreach (var layout in Split(r.GetValue(layouts)!))
            {
                var kind = stage.ToLowerInvariant() switch { "pnet" => NetKind.PNet, "rnet" => NetKind.RNet, "onet" => NetKind.ONet,
                                                             _ => throw new ArgumentException($"unknown stage '{stage}'") };
                var result = ThroughputBench.Run(new ThroughputSettings
                {
                    Stage = kind, BatchSize = batch, Threads = thread, Steps = r.GetValue(steps), ChannelsLast = layout == "nhwc",
                });
                AnsiConsole.WriteLine($"{stage},{batch},{result.Threads},{layout},{result.SamplesPerSecond:F0},{result.SamplesPerCpuSecond:F0},{result.MillisecondsPerStep:F1},{LoadAverage()}");
            }
            return 0;
        }));
        return command;
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
