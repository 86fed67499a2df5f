using System.CommandLine;

namespace MtcnnCuda.Tools;

/// <summary>`mtcnn detect IMAGE...`.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var command = new Command("detect", "Detect faces in images.");
        return command;
    }
}
