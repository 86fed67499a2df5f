using System.CommandLine;
using MtcnnCuda.Perf;
using MtcnnCuda.Tools;

var root = new RootCommand("mtcnn — MTCNN face detection, evaluation and benchmarking (MtcnnCuda). Training: mtcnn-train.");
root.Subcommands.Add(DetectCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(WeightsCommand.Create());
foreach (var command in PerfCommands.Create()) root.Subcommands.Add(command);
HelpEpilog.Install(root);
return root.Parse(args).Invoke();
