using System.CommandLine;
using MtcnnCuda.Perf;
using MtcnnCuda.Tools;

var root = new RootCommand("mtcnn — MTCNN face detection, evaluation and benchmarking (MtcnnCuda). Training: mtcnn-train.");
root.Subcommands.Add(DetectCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(WeightsCommand.Create());
root.Subcommands.Add(MtcnnCuda.Tools.Align.AlignCommand.Create());
foreach (var command in PerfCommands.Create()) root.Subcommands.Add(command);
HelpEpilog.Install(root);
return root.Parse(args).Invoke();
