using System.CommandLine;
using MtcnnCuda.Perf;
using MtcnnCuda.Perf.Bench;
using MtcnnCuda.Trainer.Bench;
using MtcnnCuda.Trainer.Cli;

// Before libtorch loads: idle OpenMP workers sleep instead of spinning on shared cores.
MtcnnCuda.Trainer.Training.OpenMpWaitPolicy.PreferPassive();

// The TorchSharp peer joins the bench's targets here, where libtorch is available anyway.
BenchTargets.Register(new TorchSharpTargetFactory());

var root = new RootCommand("mtcnn-train — train MTCNN with TorchSharp (prepare samples, train each net, or the whole cascade), " +
    "and bench the TorchSharp peer (bench --compare torchsharp). Inference, eval and export: mtcnn.");
foreach (var command in TrainCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(PerfCommands.Bench());
return root.Parse(args).Invoke();
