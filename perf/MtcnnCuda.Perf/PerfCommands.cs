using System.CommandLine;
using MtcnnCuda.Perf.Bench;
using MtcnnCuda.Perf.Eval;

namespace MtcnnCuda.Perf;

/// <summary>The `mtcnn bench` and `mtcnn eval` commands (bench also in `mtcnn-train`, where the TorchSharp peer is registered).</summary>
public static class PerfCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return EvalCommand.Create();
        yield return BenchCommand.Create();
        yield return KernelBench.Create();
    }

    public static Command Bench() => BenchCommand.Create();
}
