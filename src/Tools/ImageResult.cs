namespace MtcnnCuda.Tools;

/// <summary>
/// The outcome for one input file: its upright size, the faces found (null when the search did not run), and the
/// reason it failed, if it did. A drawing that cannot be written fails the file but keeps its faces.
/// </summary>
internal sealed record ImageResult(string File, int? Width, int? Height, IReadOnlyList<Face>? Faces, string? Error, string? DrawnTo = null)
{
    public static ImageResult Failed(string file, string error, int? width = null, int? height = null) =>
        new(file, width, height, null, error);

    public bool Succeeded => Error is null;
}
