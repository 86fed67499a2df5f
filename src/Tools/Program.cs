using System.CommandLine;
using MtcnnCuda.Perf;
using MtcnnCuda.Perf.Bench;
using MtcnnCuda.Tools;
using MtcnnCuda.Tools.Peers;
using MtcnnCuda.Trainer.Cli;

BenchTargets.Register(new TorchSharpTargetFactory());

var root = new RootCommand("mtcnn — MTCNN face detection, training and benchmarking (MtcnnCuda).");
root.Subcommands.Add(DetectCommand.Create());
root.Subcommands.Add(MtcnnCuda.Tools.Align.AlignCommand.Create());
foreach (var command in TrainCommands.Create()) root.Subcommands.Add(command);
foreach (var command in PerfCommands.Create()) root.Subcommands.Add(command);
return root.Parse(args).Invoke();
