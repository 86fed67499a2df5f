namespace MtcnnCuda.Tools;

/// <summary>The outcome for one input file: its upright size and faces, or the reason it failed.</summary>
internal sealed record ImageResult(string File, int? Width, int? Height, IReadOnlyList<Face> Faces, string? Error, string? DrawnTo = null)
{
    public static ImageResult Failed(string file, string error, int? width = null, int? height = null) =>
        new(file, width, height, [], error);

    public bool Succeeded => Error is null;
}
