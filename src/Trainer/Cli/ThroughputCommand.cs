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
        var ceiling = Opt("--ceiling", "first measure the machine's GFLOP/s (matrix product, ONet's largest convolution) per thread count", false);
        var layers = Opt("--layers", "also time each layer's forward and backward (first batch size and layout)", false);
        var command = new Command("bench-train", "Measure training samples/s per stage, batch size, thread count and input layout (random data).")
        {
            stages, batches, threads, steps, layouts, ceiling, layers,
        };
        command.SetAction(r => Guard(() =>
        {
            AnsiConsole.WriteLine($"load average at start: {LoadAverage()}");
            if (r.GetValue(ceiling))
            {
                AnsiConsole.WriteLine("ceiling,threads,gflops_wall,gflops_per_cpu_s,load1");
                foreach (var thread in Split(r.GetValue(threads)!).Select(int.Parse))
                foreach (var rate in ComputeCeiling.Measure(thread))
                    AnsiConsole.WriteLine($"{rate.Name},{thread},{rate.GflopsWall:F1},{rate.GflopsPerCpuSecond:F1},{LoadAverage()}");
            }
            if (r.GetValue(layers))
            {
                AnsiConsole.WriteLine("stage,layer,output,ms_forward,ms_backward");
                int batch = Split(r.GetValue(batches)!).Select(int.Parse).First();
                bool nhwc = Split(r.GetValue(layouts)!).First() == "nhwc";
                foreach (var stage in Split(r.GetValue(stages)!))
                {
                    using var net = Nets.MtcnnNet.Create(ParseStage(stage));
                    foreach (var layer in LayerProfile.Measure(net, batch, nhwc))
                        AnsiConsole.WriteLine($"{stage},{layer.Name},{layer.OutputShape},{layer.ForwardMs:F2},{layer.BackwardMs:F2}");
                }
            }
            var phaseNames = string.Join(",", Enum.GetNames<StepPhase>().Select(p => $"ms_{p.ToLowerInvariant()}"));
            AnsiConsole.WriteLine($"stage,batch,threads,layout,samples_per_s,samples_per_cpu_s,ms_per_step,{phaseNames},load1");
            foreach (var stage in Split(r.GetValue(stages)!))
            foreach (var batch in Split(r.GetValue(batches)!).Select(int.Parse))
            foreach (var thread in Split(r.GetValue(threads)!).Select(int.Parse))
            foreach (var layout in Split(r.GetValue(layouts)!))
            {
                var kind = ParseStage(stage);
                var result = ThroughputBench.Run(new ThroughputSettings
                {
                    Stage = kind, BatchSize = batch, Threads = thread, Steps = r.GetValue(steps), ChannelsLast = layout == "nhwc",
                });
                AnsiConsole.WriteLine($"{stage},{batch},{result.Threads},{layout},{result.SamplesPerSecond:F0},{result.SamplesPerCpuSecond:F0},{result.MillisecondsPerStep:F1},{string.Join(",", result.PhaseMilliseconds.Values.Select(v => v.ToString("F1")))},{LoadAverage()}");
            }
            return 0;
        }));
        return command;
    }

    private static NetKind ParseStage(string stage) => stage.ToLowerInvariant() switch
    {
        "pnet" => NetKind.PNet, "rnet" => NetKind.RNet, "onet" => NetKind.ONet,
        _ => throw new ArgumentException($"unknown stage '{stage}'"),
    };

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
