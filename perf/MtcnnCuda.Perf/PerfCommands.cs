using System.CommandLine;

namespace MtcnnCuda.Perf;

/// <summary>The `mtcnn bench` and `mtcnn eval` commands.</summary>
public static class PerfCommands
{
    public static IEnumerable<Command> Create()
    {
        yield break;
    }
}
