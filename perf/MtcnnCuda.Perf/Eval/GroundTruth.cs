namespace MtcnnCuda.Perf.Eval;

/// <summary>
/// One annotated face. The attribute fields follow WIDER FACE (blur 0 clear / 1 normal / 2 heavy, occlusion
/// 0 none / 1 partial / 2 heavy, invalid 1 = not a usable face); other sources leave them at 0.
/// </summary>
public sealed record GtFace(EvalBox Box, int Blur = 0, int Expression = 0, int Illumination = 0, bool Invalid = false,
    int Occlusion = 0, int Pose = 0);

/// <summary>The faces annotated in one image; <see cref="Path"/> is relative to the data set's image folder.</summary>
public sealed record ImageAnnotation(string Path, IReadOnlyList<GtFace> Faces);

/// <summary>A malformed annotation file; the message names the file and line.</summary>
public sealed class AnnotationFormatException(string message) : Exception(message);
