using System.CommandLine;

namespace MtcnnCuda.Trainer.Cli;

/// <summary>The `mtcnn train …` and `mtcnn export` commands.</summary>
public static class TrainCommands
{
    public static IEnumerable<Command> Create()
    {
        yield break;
    }
}
