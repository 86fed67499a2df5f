namespace MtcnnCuda.Tools;

/// <summary>Process exit codes of <c>mtcnn detect</c> (documented in its --help and the README).</summary>
internal static class ExitCodes
{
    /// <summary>Every image was read and searched (finding no face is still success).</summary>
    public const int Ok = 0;

    /// <summary>At least one image could not be read, decoded, searched or drawn; the others were processed.</summary>
    public const int ImageFailed = 1;

    /// <summary>Invalid command line, or the weights are missing or invalid; no image was processed.</summary>
    public const int UsageOrWeights = 2;

    /// <summary>The detector could not start on the requested backend (e.g. --backend cuda without a usable GPU).</summary>
    public const int BackendUnavailable = 3;

    public const string HelpText =
        "Exit codes:\n" +
        "  0  every image was processed (with or without faces)\n" +
        "  1  some image could not be read, decoded, searched or drawn; the others were still processed\n" +
        "  2  usage error, or the weights are missing or invalid\n" +
        "  3  the requested backend is unavailable (e.g. --backend cuda without a usable GPU)";
}
